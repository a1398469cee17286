"""Vietnamese for the few messages the command-line framework prints itself.

Typer carries its own copy of click, whose usage errors are plain English f-strings and whose
help headings go through `gettext`. Usage errors are translated by phrase here; the headings
by pointing Typer's `_` at a small catalogue.
"""

from __future__ import annotations

HEADINGS = {
    "Arguments": "Đối số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "[required]": "[bắt buộc]",
    "required": "bắt buộc",
    "default": "mặc định",
    "default: {default}": "mặc định: {default}",
    "Error": "Lỗi",
}

PHRASES = (
    ("Got unexpected extra argument(s)", "Thừa đối số"),
    ("Input should be a valid integer, unable to parse string as an integer",
     "cần một số nguyên"),
    ("Input should be a valid number, unable to parse string as a number", "cần một số"),
    ("Input should be a valid integer", "cần một số nguyên"),
    ("Input should be greater than or equal to", "phải lớn hơn hoặc bằng"),
    ("Input should be less than or equal to", "phải nhỏ hơn hoặc bằng"),
    ("Input should be greater than", "phải lớn hơn"),
    ("Input should be less than", "phải nhỏ hơn"),
    ("Missing parameter:", "Thiếu tham số:"),
    ("Missing argument", "Thiếu đối số"),
    ("Missing option", "Thiếu tùy chọn"),
    ("Missing parameter", "Thiếu tham số"),
    ("No such option:", "Không có tùy chọn:"),
    ("No such command", "Không có lệnh"),
    ("Possible options:", "có thể là:"),
    ("Did you mean", "Có phải ý bạn là"),
    ("requires an argument", "cần một giá trị"),
    ("does not take a value", "không nhận giá trị"),
    ("Invalid value for", "Giá trị không hợp lệ cho"),
    ("Invalid value", "Giá trị không hợp lệ"),
    ("is not a valid integer", "không phải số nguyên"),
    ("is not a valid float", "không phải là số"),
    ("is not in the range", "nằm ngoài khoảng"),
    ("is not one of", "không thuộc"),
    ("Got unexpected extra arguments", "Thừa đối số"),
    ("Got unexpected extra argument", "Thừa đối số"),
    ("does not exist", "không tồn tại"),
    ("Option ", "Tùy chọn "),
    ("Argument ", "Đối số "),
)


def translate(message: str) -> str:
    for english, vietnamese in PHRASES:
        message = message.replace(english, vietnamese)
    return message


HELP_OPTION = "In hướng dẫn này rồi thoát."
TYPE_LABELS = {"<str>": "VĂN_BẢN", "<int>": "SỐ", "<int range>": "SỐ", "<float>": "SỐ",
               "<float range>": "SỐ", "<path>": "TỆP", "<list[str]>": "VĂN_BẢN"}
USAGE_PIECES = {"[OPTIONS]": "[TÙY_CHỌN]", "COMMAND": "LỆNH", "[ARGS]...": "[ĐỐI_SỐ]..."}
USAGE_PREFIX = "Cách dùng: "


def install() -> None:
    import typer.core

    def gettext(message: str) -> str:
        return HEADINGS.get(message, message)

    typer.core._ = gettext
    try:  # Typer's bundled click is private: if its shape changes, English help is the fallback.
        from typer._click.core import Command
        from typer._click.formatting import HelpFormatter
    except ImportError:
        return
    original_help_option = Command.get_help_option

    def get_help_option(self, ctx):
        option = original_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    original_write_usage = HelpFormatter.write_usage

    def write_usage(self, prog, args="", prefix=None):
        return original_write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    Command.get_help_option = get_help_option
    HelpFormatter.write_usage = write_usage

    original_usage_pieces = Command.collect_usage_pieces

    def collect_usage_pieces(self, ctx):
        return [USAGE_PIECES.get(piece, piece) for piece in original_usage_pieces(self, ctx)]

    Command.collect_usage_pieces = collect_usage_pieces
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:
        return
    for parameter in (TyperArgument, TyperOption):
        _translate_display_type(parameter)
    original_argument_type = TyperArgument.display_type_rich

    def argument_type(self, ctx):
        # A named argument (TÊN, SỐ…) says enough; "<str>" is Python's word, not the clerk's.
        return None if self.metavar else original_argument_type(self, ctx)

    TyperArgument.display_type_rich = argument_type


def _translate_display_type(parameter: type) -> None:
    """Type labels (<str>, <int>) in the clerk's words, for one of Typer's parameter classes."""
    original = getattr(parameter, "display_type", None)
    if original is None:
        return

    def display_type(self, ctx):
        label = original(self, ctx)
        return TYPE_LABELS.get(label, label)

    parameter.display_type = display_type
