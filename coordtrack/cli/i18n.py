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
    "Error": "Lỗi",
}

PHRASES = (
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


def install() -> None:
    import typer.core

    def gettext(message: str) -> str:
        return HEADINGS.get(message, message)

    typer.core._ = gettext
