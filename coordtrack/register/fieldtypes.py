"""What each type of field is: how it reads what a user gave, how it is stored, shown and read
back in SQL. A field description (`recordtypes.Field`) names its type; the behaviour lives here,
once per type, instead of in `if field.type == …` ladders in every module that handles values.

Reference types (a body, a person…) need the register to find what a user named; they ask a
`Lookup` (records.py provides one), so this module does not depend on the records module.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from coordtrack import vietnamese as vi
from coordtrack.errors import InvalidValue

if TYPE_CHECKING:
    from coordtrack.register.recordtypes import Field


class Lookup(Protocol):
    """Finds the records a value names (records.py implements it over a register)."""

    def resolve(self, kind: str, ref: Any) -> int: ...

    def person(self, spec: Any) -> tuple[int, str | None]: ...


# -- shared value helpers ----------------------------------------------------------------------
# Invisible characters that change what a terminal shows (ESC starts colour and cursor
# codes), that XML and so .docx cannot hold, or that are not characters at all. Tab and
# line breaks are ordinary text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def refuse_control(label: str, text: str) -> None:
    """Refuse text holding a control character, naming the field and the character."""
    found = CONTROL.search(text)
    if found is None:
        return
    if found[0] == "\x00":
        raise InvalidValue(f"{label}: văn bản chứa ký tự NUL không hợp lệ.")
    raise InvalidValue(f"{label}: văn bản chứa ký tự điều khiển không hợp lệ "
                       f"(U+{ord(found[0]):04X}, vị trí {found.start() + 1}).")


def text_value(field: Field, raw: Any) -> str | None:
    """A single line of text from what the user gave: cleaned, None when empty."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise InvalidValue(f"{field.label}: cần một chuỗi văn bản.")
    if isinstance(raw, str):
        refuse_control(field.label, raw)
    value = vi.clean(str(raw))
    return value or None


def labelled(field: Field, exc: Exception) -> str:
    """Name the field unless the message already starts with its name ("Ngày không hợp lệ")."""
    message = str(exc)
    if message.lower().startswith(field.label.lower()):
        return message
    return f"{field.label}: {message}"


def reference_text(field: Field, raw: Any) -> Any:
    """What a reference was given as: a number (an id) or a name; anything else refused."""
    if isinstance(raw, dict | list | tuple | bool):
        raise InvalidValue(f"{field.label}: tham chiếu phải là tên hoặc số.")
    return raw if isinstance(raw, int) else text_value(field, raw)


def _items(raw: Any) -> list:
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        return list(raw)
    return [raw]


# -- one value in one column -------------------------------------------------------------------
class FieldType:
    """A value kept in one column of the record's own table."""

    name = ""
    metavar = "NỘI_DUNG"  # how the CLI's help names the value ("VĂN_BẢN" reads as a document)
    many = False  # given several times (repeated option, YAML list)
    flag = False  # a yes/no switch on the command line
    refers_to: str | None = None  # the kind of record a reference points at

    def column(self, field: Field) -> str:
        return field.column or field.name

    def parse(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        """What the user gave → the stored value; a Vietnamese error naming the field."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field.required:
                raise InvalidValue(f"{field.label}: không được để trống.", code="missing_value")
            return None
        return self.parse_given(field, raw, lookup)

    def parse_given(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        return text_value(field, raw)

    def stored_default(self, field: Field) -> Any:
        return field.default

    def show(self, value: Any) -> Any:
        """The stored value as listings and `show` return it."""
        return value

    def sql(self, field: Field, alias: str = "t", sep: str | None = None) -> str:
        """The value as a readable result column."""
        return f"{alias}.{self.column(field)}"


class Text(FieldType):
    name = "text"


class Choice(FieldType):
    name = "choice"
    metavar = "GIÁ_TRỊ"

    def parse_given(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        text = text_value(field, raw) or ""
        for choice in field.choices:
            if vi.fold(choice) == vi.fold(text):
                return choice
        raise InvalidValue(
            f"{field.label}: '{text}' không hợp lệ; chọn một trong: {', '.join(field.choices)}."
        )


class WrittenForm(FieldType):
    """A value written as text and read by one of the rules in vietnamese.py."""

    def read(self, text: str) -> Any:
        raise NotImplementedError

    def parse_given(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        try:
            return self.read(text_value(field, raw) or "")
        except ValueError as exc:
            raise InvalidValue(labelled(field, exc)) from exc


class Date(WrittenForm):
    name = "date"
    metavar = "NGÀY"

    def parse_given(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        if isinstance(raw, date):  # YAML reads 2024-05-23 as a date already
            return raw.isoformat()
        return super().parse_given(field, raw, lookup)

    def read(self, text: str) -> Any:
        return vi.parse_date(text).isoformat()


class PartialDate(FieldType):
    """A meeting's date as far as the article gives it: full, no year, a month, or none."""

    name = "partial_date"
    metavar = "NGÀY"

    def parse(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        try:
            return vi.parse_partial_date(raw)
        except ValueError as exc:
            raise InvalidValue(labelled(field, exc)) from exc


class Number(FieldType):
    name = "number"
    metavar = "SỐ"

    def parse_given(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        try:
            return vi.parse_number(raw)
        except ValueError as exc:
            raise InvalidValue(f"{field.label}: {exc}.") from None

    def show(self, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class Bool(FieldType):
    name = "bool"
    metavar = ""
    flag = True
    YES = frozenset({"1", "true", "yes", "co", "x", "truc tuyen"})
    NO = frozenset({"0", "false", "no", "khong", "truc tiep"})

    def parse_given(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        if isinstance(raw, bool):
            return int(raw)
        text = vi.fold(str(raw))
        if text in self.YES:
            return 1
        if text in self.NO:
            return 0
        raise InvalidValue(f"{field.label}: '{raw}' phải là có/không.")

    def stored_default(self, field: Field) -> Any:
        return int(bool(field.default))

    def show(self, value: Any) -> Any:
        return None if value is None else bool(value)


class Period(WrittenForm):
    name = "period"
    metavar = "KỲ"

    def read(self, text: str) -> Any:
        return vi.parse_period(text).code


class PartOfDay(WrittenForm):
    name = "part_of_day"
    metavar = "BUỔI"

    def read(self, text: str) -> Any:
        return vi.parse_part_of_day(text)


class TextList(FieldType):
    """Several lines of free text kept as one JSON list (connection points, areas…)."""

    name = "list"
    many = True

    def parse(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        values = [v for v in (text_value(field, i) for i in _items(raw)) if v]
        return json.dumps(values, ensure_ascii=False) if values else None

    def show(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class Reference(FieldType):
    """The id of one other record, found by id, uid, short name, number or name."""

    def __init__(self, name: str, metavar: str, label_sql: str | None = None):
        self.name = name
        self.refers_to = name
        self.metavar = metavar
        self.label_sql = label_sql  # the referenced record by name, over its own columns

    def column(self, field: Field) -> str:
        return field.column or f"{field.name}_id"

    def parse_given(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        return lookup.resolve(self.name, reference_text(field, raw))

    def sql(self, field: Field, alias: str = "t", sep: str | None = None) -> str:
        col = f"{alias}.{self.column(field)}"
        if self.label_sql is None:
            return col
        table = TABLES[self.name]
        return f"(SELECT {self.label_sql} FROM {table} WHERE id = {col})"


# -- several values in a link table --------------------------------------------------------------
class Links(FieldType):
    """Other records named in a link table, in order (parties, organisers, owners…)."""

    many = True

    def __init__(self, name: str, refers_to: str, metavar: str, label_sql: str,
                 sep: str = ", "):
        self.name = name
        self.refers_to = refers_to
        self.metavar = metavar
        self.label_sql = label_sql  # over the target (alias x) and the link row (alias l)
        self.sep = sep

    def parse(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        ids: list[tuple[int, None]] = []
        for item in _items(raw):
            target = lookup.resolve(self.refers_to, reference_text(field, item))
            if (target, None) not in ids:
                ids.append((target, None))
        return ids

    def sql(self, field: Field, alias: str = "t", sep: str | None = None) -> str:
        link = field.link
        assert link is not None
        role = f" AND l.role = '{link.role}'" if link.role else ""
        join = f"JOIN {TABLES[self.refers_to]} x ON x.id = l.{link.target}"
        sep = self.sep if sep is None else sep
        return (
            f"(SELECT group_concat(v, '{sep}') FROM (SELECT {self.label_sql} AS v "
            f"FROM {link.table} l {join} WHERE l.{link.owner} = {alias}.id{role} "
            "ORDER BY l.position, l.id))"
        )


class People(Links):
    """People with the titles they held at the time: 'Họ tên - chức vụ'."""

    def parse(self, field: Field, raw: Any, lookup: Lookup) -> Any:
        out, seen = [], set()
        for item in _items(raw):
            person_id, titles = lookup.person(item)
            # People known only by title share the nameless person: the title tells them apart.
            if (person_id, titles) not in seen and (titles or person_id not in {
                    p for p, _ in seen}):
                seen.add((person_id, titles))
                out.append((person_id, titles))
        return out


# The table each kind of record lives in; referenced records are named by these columns.
TABLES = {"body": "bodies", "person": "people", "agreement": "agreements",
          "meeting": "meetings", "finding": "findings"}
BODY_LABEL = "coalesce(short_name, name)"
AGREEMENT_LABEL = "coalesce(number, title)"

FIELD_TYPES: dict[str, FieldType] = {t.name: t for t in (
    Text(), Choice(), Date(), PartialDate(), Number(), Bool(), Period(), PartOfDay(), TextList(),
    Reference("body", "CƠ_QUAN", BODY_LABEL),
    Reference("person", "NGƯỜI"),
    Reference("agreement", "QUY_CHẾ", AGREEMENT_LABEL),
    Reference("meeting", "HỘI_NGHỊ"),
    Reference("finding", "SỐ"),
    Links("bodies", "body", "CƠ_QUAN", "coalesce(x.short_name, x.name)"),
    Links("agreements", "agreement", "QUY_CHẾ", "coalesce(x.number, x.title)"),
    # Titles hold commas ("HUV, Chánh Văn phòng"): people are separated by semicolons.
    People("people", "person", "'HỌ_TÊN - CHỨC_VỤ'",
           "x.name || coalesce(' - ' || l.titles, '')", sep="; "),
)}
