"""Checking a file before anything is written: every problem, one Vietnamese line each.

Meeting files and register exports are checked by the same walker: a section is a list of
mappings; each key is one the description knows; required values are there; values read as
their field type reads them; every reference names a record declared in the same file or
already in the register. What differs is the description: a meeting file is described by
the record types (`recordtypes.py`), an export by the tables those record types are kept in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, NotFound
from coordtrack.register.fieldtypes import TABLES

# A file with hundreds of problems is a wrong file: the first ones say enough.
MAX_PROBLEMS = 50


class UnknownReference(NotFound):
    """A reference to a record neither the file nor the register holds."""


def entries(data: dict[str, Any], key: str, where: str, problems: list[str], *,
            list_label: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """The mappings of section `key` with where each is ("bodies[2]"); a section that is not
    a list, and an entry that is not a mapping, are reported instead."""
    value = data.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        problems.append(f"{list_label or where + ':'} phải là một danh sách.")
        return
    for i, item in enumerate(value):
        place = f"{where}[{i + 1}]"
        if isinstance(item, dict):
            yield place, item
        else:
            problems.append(f"{place}: phải là một bảng khóa: giá trị.")


def known_keys(item: dict[str, Any], where: str, name_of: Callable[[str], str | None],
               problems: list[str], ignore: Collection[str] = ()) -> dict[str, Any]:
    """The item's values under the names the description gives its keys; others reported."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key in ignore:
            continue
        name = name_of(str(key))
        if name is None:
            problems.append(f"{where}: khóa '{key}' không được hỗ trợ.")
        else:
            out[name] = value
    return out


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class FileLookup:
    """A `fieldtypes.Lookup` for checking a file: a reference may name a record the file
    declares (by name, short name, number or title) or one already in the register; nothing
    is created."""

    def __init__(self, resolve: Callable[[str, Any], int], declared: dict[str, set[str]],
                 split_person: Callable[[Any], tuple[str, str | None]]):
        self._resolve = resolve
        self.declared = declared
        self._split_person = split_person

    def resolve(self, kind: str, ref: Any) -> int:
        text = vi.clean(str(ref))
        if kind in self.declared and text in self.declared[kind]:
            return 0
        try:
            return self._resolve(kind, ref)
        except NotFound:
            if kind not in self.declared:
                raise
            raise UnknownReference(f"'{text}' chưa được khai báo trong tệp ({TABLES[kind]}) và "
                                   "không có trong sổ đăng ký.") from None

    def person(self, spec: Any) -> tuple[Any, str | None]:
        # People named in a meeting file are added on import: only the form is checked.
        return self._split_person(spec)


def check_value(field: Any, raw: Any, lookup: FileLookup, where: str,
                problems: list[str]) -> None:
    """Read one value as its field type would, reporting instead of raising."""
    try:
        field.value_type.parse(field, raw, lookup)
    except UnknownReference as exc:
        problems.append(f"{where}: {field.label}: {exc.message}")
    except CoordtrackError as exc:
        problems.append(f"{where}: {exc.message}")
