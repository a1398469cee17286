"""Typer's parameter coercion, without pydantic for the values a command line usually carries.

typer (0.29) coerces every parameter through a pydantic TypeAdapter, built the first time the
parameter is processed, even when it was not given. Importing pydantic and building those
adapters costs more than most read commands do themselves (about 80 ms of a 250 ms `status`).
What a clerk types is text, a list of texts or a small whole number, and coercing those is
trivial: that is done here. Anything else (a number out of range or not a number, a type not
handled below) goes to typer's own coercion, so every value and every message stays typer's.

This replaces a typer internal, so it fails safe: `install` checks that typer still has the
shape read here and leaves typer alone otherwise; a value this module cannot read (an
attribute missing or of another type in a later typer) goes to typer's own coercion; and any
other use of the runtime parameter is passed to typer's. pyproject.toml pins typer below
0.30 for the same reason.
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
        try:
            result = simple_value(param, value)
        except (AttributeError, TypeError):  # a typer whose parameters differ: typer decides
            result = _UNHANDLED
        if result is _UNHANDLED:
            return self._build(self._param).coerce(value, param=param, ctx=ctx)
        return result

    def __getattr__(self, name: str) -> Any:
        # Whatever else typer asks of its runtime parameter is typer's own.
        return getattr(self._build(self._param), name)


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


# What `simple_value` and `Deferred` read of typer (0.29): checked once at install.
_DESCRIPTOR_FIELDS = {"annotation", "parameter_info", "file_annotation"}
_INFO_FIELDS = ("parser", "clamp", "min", "max")


def typer_has_known_shape() -> bool:
    """Whether typer's parameters still look as this module reads them."""
    try:
        from typer._coercion import RuntimeParam, TypeDescriptor
        from typer.core import TyperArgument, TyperOption
        from typer.models import ArgumentInfo, OptionInfo
    except ImportError:
        return False
    fields = getattr(TypeDescriptor, "__dataclass_fields__", {})
    if not set(fields) >= _DESCRIPTOR_FIELDS or not callable(getattr(RuntimeParam, "coerce", None)):
        return False
    for info in (OptionInfo(), ArgumentInfo()):
        if not all(hasattr(info, name) for name in _INFO_FIELDS):
            return False
    return all(callable(getattr(cls, "get_runtime_param", None))
               and callable(getattr(cls, "process_value", None))
               for cls in (TyperOption, TyperArgument))


def install() -> None:
    """Route typer's parameters through `Deferred` (once, at start-up, like `i18n.install`).
    A typer of another shape keeps its own coercion: slower to start, never wrong."""
    if not typer_has_known_shape():
        return
    from typer.core import TyperArgument, TyperOption

    for cls in (TyperOption, TyperArgument):
        original = getattr(cls, "get_runtime_param", None)
        if original is None or getattr(original, "deferred", False):  # absent, or installed
            continue

        def get_runtime_param(self, _build=original):
            return Deferred(self, _build)

        get_runtime_param.deferred = True
        get_runtime_param.original = original  # typer's own, for the tests that compare
        cls.get_runtime_param = get_runtime_param
