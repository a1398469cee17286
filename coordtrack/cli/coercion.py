"""Typer's parameter coercion, without pydantic for the values a command line usually carries.

typer (0.29) coerces every parameter through a pydantic TypeAdapter, built the first time the
parameter is processed, even when it was not given. Importing pydantic and building those
adapters costs more than most read commands do themselves (about 80 ms of a 250 ms `status`).
What a clerk types is text, a list of texts or a small whole number, and coercing those is
trivial: that is done here. Anything else (a number out of range or not a number, a type not
handled below) goes to typer's own coercion, so every value and every message stays typer's.
"""

from __future__ import annotations

from typing import Any

_UNHANDLED = object()
_MAX_DIGITS = 18  # below 2**63: beyond that, typer decides (SQLite's limit is reported later)


class Deferred:
    """What a parameter's `get_runtime_param` returns: simple values are coerced here, the
    rest by typer's runtime parameter, built (and cached by typer) only when needed."""

    __slots__ = ("_param", "_build")

    def __init__(self, param, build) -> None:
        self._param, self._build = param, build

    def coerce(self, value: Any, param, ctx) -> Any:
        result = simple_value(param, value)
        if result is _UNHANDLED:
            return self._build(self._param).coerce(value, param=param, ctx=ctx)
        return result


def simple_value(param, value: Any) -> Any:
    """What typer's coercion gives for `value`, or _UNHANDLED where typer must decide."""
    multiple = param.multiple or param.nargs == -1
    if value is None:  # typer's own rule for an absent value
        return () if multiple else None
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if info.parser is not None or descriptor.file_annotation is not None:
        return _UNHANDLED
    annotation = descriptor.annotation
    if multiple:
        if (annotation == list[str] and isinstance(value, (list, tuple))
                and all(type(item) is str for item in value)):
            return list(value)
        return _UNHANDLED
    if annotation is str and type(value) is str:
        return value
    if annotation is not int or info.clamp:
        return _UNHANDLED
    if type(value) is int:  # a default
        number = value
    elif (type(value) is str and value.isascii() and value.isdigit()
            and len(value) <= _MAX_DIGITS):
        number = int(value)
    else:  # a sign, spaces, "5_0", other digits: typer's rules, and its messages
        return _UNHANDLED
    if (info.min is None or number >= info.min) and (info.max is None or number <= info.max):
        return number
    return _UNHANDLED


def install() -> None:
    """Route typer's parameters through `Deferred` (once, at start-up, like `i18n.install`)."""
    try:  # typer's coercion layer is its own business: if its shape changes, keep typer's.
        from typer.core import TyperArgument, TyperOption
    except ImportError:
        return
    for cls in (TyperOption, TyperArgument):
        original = getattr(cls, "get_runtime_param", None)
        if original is None or getattr(original, "deferred", False):  # absent, or installed
            continue

        def get_runtime_param(self, _build=original):
            return Deferred(self, _build)

        get_runtime_param.deferred = True
        cls.get_runtime_param = get_runtime_param
