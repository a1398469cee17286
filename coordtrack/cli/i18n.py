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
    "env var: {var}": "biến môi trường: {var}",
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
# Free text is NỘI_DUNG: "VĂN_BẢN" reads as "an official document" to a clerk.
TYPE_LABELS = {"<str>": "NỘI_DUNG", "<int>": "SỐ", "<int range>": "SỐ", "<float>": "SỐ",
               "<float range>": "SỐ", "<path>": "TỆP", "<list[str]>": "NỘI_DUNG"}
USAGE_PIECES = {"[OPTIONS]": "[TÙY_CHỌN]", "COMMAND": "LỆNH", "[ARGS]...": "[ĐỐI_SỐ]..."}
# click cuts a command's summary at 45 characters with "..."; the help wraps it instead.
SUMMARY_LIMIT = 1000


def number_range(low, high) -> str | None:
    """A number option's bounds in words, instead of click's "x>=1"."""
    if low is None and high is None:
        return None
    if high is None:
        return f"từ {low} trở lên"
    if low is None:
        return f"tối đa {high}"
    return f"từ {low} đến {high}"
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
        # The pieces arrive joined ("[OPTIONS] COMMAND [ARGS]..."), the longest names first.
        for english, vietnamese in USAGE_PIECES.items():
            args = args.replace(english, vietnamese)
        return original_write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    Command.get_help_option = get_help_option
    HelpFormatter.write_usage = write_usage

    original_short_help = Command.get_short_help_str

    def get_short_help_str(self, limit: int = 45) -> str:
        return original_short_help(self, SUMMARY_LIMIT)

    Command.get_short_help_str = get_short_help_str
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
    for cls in (TyperArgument, TyperOption):
        if hasattr(cls, "_get_number_range_help_str"):
            cls._get_number_range_help_str = lambda self: number_range(self.min, self.max)


def _translate_display_type(parameter: type) -> None:
    """Type labels (<str>, <int>) in the clerk's words, for one of Typer's parameter classes."""
    original = getattr(parameter, "display_type", None)
    if original is None:
        return

    def display_type(self, ctx):
        label = original(self, ctx)
        return TYPE_LABELS.get(label, label)

    parameter.display_type = display_type
