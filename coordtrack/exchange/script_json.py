"""The JSON a script reads (`--format json` / `ndjson`): one shape per record type.

The shape is derived from the record type's description, so each of the nine types has
exactly one, the same in `list` and `show`:

- `type` (the record type's code: "task") and `type_label` ("nhiệm vụ"), `id`, `uid`;
- every field under its own name: dates as ISO `YYYY-MM-DD`, numbers as numbers, yes/no as
  true/false, free-text lists as arrays, absent values as null;
- a reference to another record as an object `{"id": …, …}` with that record's naming
  columns (a body: `name`, `short_name`; a person: `name`, and `titles` as held at the
  meeting; an agreement: `number`, `title`; a meeting: `title`, `date`; a finding: `kind`,
  `text`); several references as an array of such objects, in their recorded order;
- a status as an ASCII code with the Vietnamese label beside it (`"status": "open"`,
  `"status_label": "chưa khắc phục"`); a task's office category likewise (`category`,
  `category_label`).

This is not the export format (that one is for moving a register and is read back by
`import`); it is for scripts that read a listing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from coordtrack.register import status
from coordtrack.register.fieldtypes import TABLES
from coordtrack.register.file import Register
from coordtrack.register.recordtypes import Field, RecordType, kind_name_sql

# How a referenced record is named in JSON: key → column of its table.
REFERENCE_KEYS: dict[str, dict[str, str]] = {
    "body": {"name": "name", "short_name": "short_name"},
    "person": {"name": "name"},
    "agreement": {"number": "number", "title": "title"},
    "meeting": {"title": "title", "date": "held_on"},
    "finding": {"kind": "kind", "text": "text"},  # kind as the record type's name ("task")
}
# Values whose code is not the stored word itself.
CODED = {"status", "category"}
BATCH = 500


def _object_sql(kind: str, alias: str, titles: str | None = None) -> str:
    pairs = [f"'id', {alias}.id"]
    pairs += [f"'{key}', " + (kind_name_sql(f"{alias}.kind") if (kind, key) == ("finding", "kind")
                              else f"{alias}.{column}")
              for key, column in REFERENCE_KEYS[kind].items()]
    if titles:
        pairs.append(f"'titles', {titles}")
    return f"json_object({', '.join(pairs)})"


def _field_sql(field: Field) -> str:
    kind = field.value_type.refers_to
    if field.link is not None and kind:
        link = field.link
        role = f" AND l.role = '{link.role}'" if link.role else ""
        titles = "l.titles" if link.with_titles else None
        return (f"(SELECT json_group_array(json(o)) FROM (SELECT {_object_sql(kind, 'x', titles)}"
                f" AS o FROM {link.table} l JOIN {TABLES[kind]} x ON x.id = l.{link.target} "
                f"WHERE l.{link.owner} = t.id{role} ORDER BY l.position, l.id))")
    column = f"t.{field.col}"
    if kind:
        return (f"(SELECT {_object_sql(kind, 'x')} FROM {TABLES[kind]} x "
                f"WHERE x.id = {column})")
    return column


def select_sql(rt: RecordType) -> str:
    parts = ["t.id AS id", "t.uid AS uid"]
    parts += [f"{_field_sql(f)} AS {f.name}" for f in rt.fields]
    parts += [f"{c.sql} AS {c.name}" for c in rt.computed]
    return f"SELECT {', '.join(parts)} FROM {rt.table} t"


def shape(rt: RecordType, row: dict[str, Any]) -> dict[str, Any]:
    """One record as scripts get it (see the module's docstring)."""
    out: dict[str, Any] = {"type": rt.name, "type_label": rt.label, "id": row["id"],
                           "uid": row["uid"]}
    for field in rt.fields:
        value = row.get(field.name)
        kind = field.value_type.refers_to
        if field.link is not None and kind or field.type == "list":
            value = json.loads(value) if value else []
        elif kind and value is not None:
            value = json.loads(value)
        else:
            value = field.value_type.show(value)
        out[field.name] = value
        if field.name in CODED:
            out[field.name] = status.code(value)
            out[f"{field.name}_label"] = value
    for computed in rt.computed:
        value = row.get(computed.name)
        out[computed.name] = status.code(value) if computed.name in CODED else value
        if computed.name in CODED:
            out[f"{computed.name}_label"] = value
    return out


def records(reg: Register, rt: RecordType, ids: Iterable[int],
            today: date | None = None) -> Iterator[dict[str, Any]]:
    """The records with these ids, in the order given, read 500 at a time."""
    sql = select_sql(rt)
    params = {"today": (today or date.today()).isoformat()}
    ids = iter(ids)
    while batch := list(islice(ids, BATCH)):
        marks = ", ".join(str(int(i)) for i in batch)
        found = {r["id"]: r for r in reg.rows(f"{sql} WHERE t.id IN ({marks})", params)}
        for record_id in batch:
            if record_id in found:
                yield shape(rt, found[record_id])


def record(reg: Register, rt: RecordType, record_id: int) -> dict[str, Any]:
    return next(records(reg, rt, [record_id]))


def meeting_findings(reg: Register, meeting_id: int) -> dict[str, list[dict[str, Any]]]:
    """A meeting's findings by kind, in their recorded order, each in its type's shape."""
    from coordtrack.register.recordtypes import FINDING_KINDS, RECORD_TYPES

    grouped = {}
    for kind in FINDING_KINDS:
        ids = [r["id"] for r in reg.rows(
            "SELECT id FROM findings WHERE meeting_id = ? AND kind = ? ORDER BY position, id",
            (meeting_id, RECORD_TYPES[kind].finding_kind))]
        grouped[kind] = list(records(reg, RECORD_TYPES[kind], ids))
    return grouped


def coded(data: Any) -> Any:
    """A report's data for scripts: each status and category as its code with the
    Vietnamese label beside it, as in the record shapes."""
    if isinstance(data, list):
        return [coded(item) for item in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in CODED and isinstance(value, str) and value in status.CODES:
            out[key] = status.code(value)
            out[f"{key}_label"] = value
        else:
            out[key] = coded(value)
    return out
