"""Generic add/list/show/edit/remove for every record type, driven by `recordtypes`.

Values arrive as the user typed them (CLI strings) or as YAML/JSON gave them; `coerce`
turns them into stored values, resolving bodies, people and agreements by id, short name,
number or exact name. Nothing here prints: the CLI does that.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, InvalidValue, NotFound
from coordtrack.register import status
from coordtrack.register.fieldtypes import FieldType, refuse_control
from coordtrack.register.file import Register, now_iso
from coordtrack.register.recordtypes import (
    FINDING_KINDS,
    RECORD_TYPES,
    Field,
    RecordType,
    Referrers,
    body_filter_sql,
    finding_type,
    references_to,
)

PERSON_SEPARATOR = re.compile(r"(?:^|\s+)[-–—]\s+")


def new_uid() -> str:
    return str(uuid.uuid4())


# -- references --------------------------------------------------------------------------------
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger number cannot name a record


def _as_id(ref: Any) -> int | None:
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        return ref
    if isinstance(ref, str) and ref.strip().lstrip("#").isdigit():
        return int(ref.strip().lstrip("#"))
    return None


def _one_of(reg: Register, rows: list[dict], what: str, ref: Any) -> int:
    if len(rows) == 1:
        return rows[0]["id"]
    if not rows:
        raise NotFound(f"Không tìm thấy {what} '{ref}'.")
    ids = ", ".join(f"#{r['id']}" for r in rows[:10])
    raise CoordtrackError(f"Có nhiều {what} khớp với '{ref}' ({ids}); hãy dùng số hiệu (id).",
                          code="ambiguous")


def resolve(reg: Register, kind: str, ref: Any) -> int:
    """Find a body, person, agreement, meeting or finding by id, uid, short name or name."""
    what = {"body": "cơ quan", "person": "người", "agreement": "quy chế",
            "meeting": "hội nghị", "finding": "nội dung"}[kind]
    table = {"body": "bodies", "person": "people", "agreement": "agreements",
             "meeting": "meetings", "finding": "findings"}[kind]
    if ref is None or (isinstance(ref, str) and not ref.strip()):
        raise InvalidValue(f"Thiếu {what}.", code="missing_value")
    row_id = _as_id(ref)
    if row_id is not None:
        if not 0 <= row_id <= MAX_ID or reg.get(table, row_id) is None:
            raise NotFound(f"Không tìm thấy {what} số {row_id}.")
        return row_id
    text = vi.clean(str(ref))
    rows = reg.rows(f"SELECT id FROM {table} WHERE uid = ?", (text,))
    if rows:
        return rows[0]["id"]
    if kind not in NAME_COLUMNS:
        raise NotFound(f"Không tìm thấy {what} '{text}'.")
    # Bodies, people and agreements are found alike: exactly, then in another spelling
    # (Hoà/Hòa), then without diacritics; otherwise the nearest names are suggested.
    columns = NAME_COLUMNS[kind]
    rows = reg.rows(f"SELECT id FROM {table} WHERE " + " OR ".join(f"{c} = ?" for c in columns),
                    [text] * len(columns))
    for column in columns:
        rows = rows or same_name(reg, table, column, text)
    if not rows:
        rows = _folded_matches(reg, table, columns, text,
                               marks=kind == "person" and not _unmarked(text))
    if not rows:
        raise NotFound(f"Không tìm thấy {what} '{text}'.{_suggestion(reg, kind, text)}")
    return _one_of(reg, rows, what, text)


# The columns a body, person or agreement is called by, in the order they are tried.
NAME_COLUMNS = {"body": ("short_name", "name"), "person": ("name",),
                "agreement": ("number", "title")}


def _folded_matches(reg: Register, table: str, columns: tuple[str, ...],
                    text: str, *, marks: bool = False) -> list[dict]:
    """Rows called `text` whatever the case, and (unless `marks`) whatever the diacritics."""
    def key(value: str) -> str:
        value = vi.canonical(value)
        return value.casefold() if marks else vi.fold(value)

    wanted = key(text)
    return [{"id": r["id"]} for r in reg.rows(f"SELECT id, {', '.join(columns)} FROM {table}")
            if any(r[c] and key(r[c]) == wanted for c in columns)]


def _unmarked(text: str) -> bool:
    """Typed without any diacritics ("Tran Thi Hoa"). Only then may a person's name match
    without them: typed with marks, "Trần Thị Hóa" and "Trần Thị Hoa" are two people."""
    return vi.fold(text) == text.casefold()


def _suggestion(reg: Register, kind: str, text: str) -> str:
    """" Có phải Trần Thị Hoa (số 1)?" for a name one or two letters away from a known one."""
    import difflib

    columns = NAME_COLUMNS[kind]
    table = {"body": "bodies", "person": "people", "agreement": "agreements"}[kind]
    names: dict[str, tuple[str, int]] = {}
    for r in reg.rows(f"SELECT id, {', '.join(columns)} FROM {table}"):
        for c in columns:
            if r[c]:
                names.setdefault(vi.fold(r[c]), (r[c], r["id"]))
    close = difflib.get_close_matches(vi.fold(text), list(names), n=3, cutoff=0.8)
    if not close:
        # Part of a name ("văn phòng"): the names holding it as whole words.
        part = f" {' '.join(vi.fold(text).split())} "
        close = sorted({c for c in names if part in f" {c} "}, key=vi.sort_key)
    if not close:
        return ""
    shown = " hay ".join(f"{names[c][0]} (số {names[c][1]})" for c in close[:3])
    more = f" (và {len(close) - 3} tên khác cũng có '{text}')" if len(close) > 3 else ""
    return f" Có phải {shown}{more}?"


def split_person(spec: Any) -> tuple[str, str | None]:
    """'Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy' → name and titles at that time."""
    if isinstance(spec, dict):
        name = spec.get("person") or spec.get("name")
        titles = spec.get("titles")
        if name is None and isinstance(titles, str) and vi.clean(titles):
            # Known only by title ("đồng chí Bí thư Đảng ủy xã"): the nameless person.
            return "", vi.clean(titles)
        if not isinstance(name, str) or not vi.clean(name):
            raise InvalidValue("Thiếu họ tên người (khóa 'person').", code="missing_value")
        if titles is not None and not isinstance(titles, str):
            raise InvalidValue(f"Chức vụ của {name} phải là chuỗi.")
        refuse_control("Họ tên người", name)
        refuse_control("Chức vụ", titles or "")
        return vi.clean(name), (vi.clean(titles) or None) if titles else None
    if not isinstance(spec, str):
        raise InvalidValue(f"Người phải ghi dạng 'Họ tên - chức vụ', không phải {spec!r}.")
    refuse_control("Người", spec)
    parts = PERSON_SEPARATOR.split(vi.clean(spec), maxsplit=1)
    name = parts[0].strip()
    if not name:
        raise InvalidValue("Thiếu họ tên người.", code="missing_value")
    if len(parts) == 1 and ("," in name or ";" in name):
        # "Phạm Đức Long, Chủ tịch UBND xã" would become a person named with the title.
        head, _, rest = name.replace(";", ",").partition(",")
        raise InvalidValue(
            f"'{name}': ghi họ tên và chức vụ cách nhau bằng dấu gạch ngang có khoảng trắng "
            f"hai bên, ví dụ '{head.strip()} - {rest.strip()}'.")
    return name, (parts[1].strip() or None) if len(parts) > 1 else None


def person_for(reg: Register, name: str, *, create: bool) -> int:
    """A person named in a meeting: matched by id, name in any spelling or without
    diacritics ("Tran Thi Hoa" is Trần Thị Hoa), created when new."""
    row_id = _as_id(name)
    if row_id is not None:
        return resolve(reg, "person", row_id)
    if not name:
        row = reg.one("SELECT id FROM people WHERE name = ''")
        if row:
            return row["id"]
        stamp = now_iso()
        return reg.insert("people", {"uid": derived_uid("person", ""), "name": "",
                                     "created_at": stamp, "updated_at": stamp})
    rows = reg.rows("SELECT id FROM people WHERE name = ? OR uid = ?", (name, name)) or (
        same_name(reg, "people", "name", name)) or _folded_matches(
        reg, "people", ("name",), name, marks=not _unmarked(name))
    if len(rows) == 1:
        return rows[0]["id"]
    if len(rows) > 1:
        return _one_of(reg, rows, "người", name)
    if not create:
        raise NotFound(f"Không tìm thấy người '{name}'.")
    stamp = now_iso()
    return reg.insert("people", {"uid": derived_uid("person", name), "name": name,
                                 "created_at": stamp, "updated_at": stamp})


def same_name(reg: Register, table: str, column: str, name: str) -> list[dict]:
    """Rows whose `column` is `name` in another spelling ("Hoà"/"Hòa", "Ð"/"Đ").

    The accent-folded prefilter in Python keeps this one pass over a table of names (bodies
    and people are hundreds, not millions); `vietnamese.canonical` decides.
    """
    key = vi.canonical(name)
    if not key:
        return []
    folded = vi.fold(key)
    return [{"id": r["id"], column: r[column]}
            for r in reg.rows(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")
            if vi.fold(r[column]) == folded and vi.canonical(r[column]) == key]


def derived_uid(*parts: Any) -> str:
    """A stable uid for records a file names without one, so re-imports match them."""
    key = "\x1f".join(vi.fold(str(p)) for p in parts)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "coordtrack:" + key))


# -- values ------------------------------------------------------------------------------------
class RegisterLookup:
    """Finds what a value names in `reg`; people new to the register are added when allowed."""

    def __init__(self, reg: Register, *, create_people: bool = True):
        self.reg = reg
        self.create_people = create_people

    def resolve(self, kind: str, ref: Any) -> int:
        return resolve(self.reg, kind, ref)

    def person(self, spec: Any) -> tuple[int, str | None]:
        name, titles = split_person(spec)
        return person_for(self.reg, name, create=self.create_people), titles


def coerce(reg: Register, field: Field, raw: Any, *, create_people: bool = True) -> Any:
    """Turn what the user gave into the stored value (or link targets for link fields)."""
    return field.value_type.parse(field, raw, RegisterLookup(reg, create_people=create_people))


def _derived_columns(rt: RecordType, values: dict[str, Any]) -> dict[str, Any]:
    if rt.derive is not None:
        rt.derive(values)
    return values


def _check_dates(rt: RecordType, row: dict[str, Any]) -> None:
    for check in rt.checks:
        check(row)


def _split(reg: Register, rt: RecordType, raw: dict[str, Any], *, partial: bool,
           create_people: bool = True, coerced: dict[str, Any] | None = None
           ) -> tuple[dict, dict]:
    columns: dict[str, Any] = {}
    links: dict[str, list] = {}
    for field in rt.fields:
        present = field.name in raw
        if not present:
            if partial:
                continue
            if field.required:
                raise InvalidValue(f"{field.label}: không được để trống.", code="missing_value")
            if field.is_link:
                links[field.name] = []
                continue
            columns[field.col] = field.value_type.stored_default(field)
            continue
        if coerced is not None and field.name in coerced:
            value = coerced[field.name]
        else:
            value = coerce(reg, field, raw[field.name], create_people=create_people)
        if field.is_link:
            links[field.name] = value
        else:
            if value is None and field.default is not None:
                value = field.default
            columns[field.col] = value
    return _derived_columns(rt, columns), links


def _write_links(reg: Register, rt: RecordType, record_id: int, links: dict[str, list]) -> None:
    for name, targets in links.items():
        link = rt.field(name).link
        assert link is not None
        where = f"{link.owner} = ?"
        params: list[Any] = [record_id]
        if link.role:
            where += " AND role = ?"
            params.append(link.role)
        current = reg.rows(f"SELECT * FROM {link.table} WHERE {where} ORDER BY position, id",
                           params)
        wanted = [(target, titles if link.with_titles else None, pos)
                  for pos, (target, titles) in enumerate(targets)]
        have = [(r[link.target], r.get("titles"), r["position"]) for r in current]
        if have == wanted:
            continue
        for row in current:
            reg.delete(link.table, row["id"])
        for table, values in link_rows(rt, record_id, {name: targets}):
            reg.insert(table, values)


def link_rows(rt: RecordType, record_id: int,
              links: dict[str, list]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The link-table rows (table, values) that tie a new record to what it names."""
    for name, targets in links.items():
        link = rt.field(name).link
        assert link is not None
        for pos, (target, titles) in enumerate(targets):
            values = {link.owner: record_id, link.target: target, "position": pos}
            if link.role:
                values["role"] = link.role
            if link.with_titles:
                values["titles"] = titles
            yield link.table, values


def prepare_new(reg: Register, rt: RecordType, raw: dict[str, Any], *, uid: str | None = None,
                positions: dict[int, int] | None = None,
                coerced: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict]:
    """The row `add` would insert and its links, checked, but not written: the bulk path
    writes many at once. `positions` carries each meeting's next position between calls,
    since rows not yet written are not in the table for `next_position` to see; `coerced`
    holds fields the caller already turned into stored values."""
    columns, links = _split(reg, rt, raw, partial=False, coerced=coerced)
    if "status" in raw:
        status.settle_completion(rt.name, {}, columns, date.today())
    _check_dates(rt, columns)
    _check_record_dates(reg, rt, columns)
    _check_unique(reg, rt, columns, None)
    if rt.finding_kind and columns.get("position") is None:
        meeting = columns.get("meeting_id")
        if positions is None or meeting is None:
            columns["position"] = next_position(reg, meeting)
        else:
            if meeting not in positions:
                positions[meeting] = next_position(reg, meeting)
            columns["position"] = positions[meeting]
            positions[meeting] += 1
    stamp = now_iso()
    columns.update({"uid": uid or new_uid(), "created_at": stamp, "updated_at": stamp})
    if rt.finding_kind:
        columns["kind"] = rt.finding_kind
    return columns, links


def add(reg: Register, rt: RecordType, raw: dict[str, Any], *, uid: str | None = None) -> int:
    columns, links = prepare_new(reg, rt, raw, uid=uid)
    record_id = reg.insert(rt.table, columns)
    _write_links(reg, rt, record_id, links)
    return record_id


def edit(reg: Register, rt: RecordType, record_id: int, raw: dict[str, Any], *,
         partial: bool = True) -> bool:
    """Change the given fields; returns whether anything changed."""
    columns, links = _split(reg, rt, raw, partial=partial)
    return _write(reg, rt, record_id, columns, links)


def _write(reg: Register, rt: RecordType, record_id: int, columns: dict[str, Any],
           links: dict[str, list]) -> bool:
    before = reg.get(rt.table, record_id)
    status.settle_completion(rt.name, before, columns, date.today())
    merged = {**before, **columns}
    _check_dates(rt, merged)
    # Only what this change sets: an old record's dates do not block editing its text.
    _check_record_dates(reg, rt, {k: v for k, v in merged.items() if k in columns or (
        k == "due_on" and "meeting_id" in columns) or k == "meeting_id"})
    columns.update({k: merged[k] for k in ("status",) if k in merged and k in before})
    _check_unique(reg, rt, columns, record_id)
    changed = {k: v for k, v in columns.items() if before.get(k) != v}
    history_before = reg.change_count
    if changed:
        changed["updated_at"] = now_iso()
        reg.update(rt.table, record_id, changed)
    _write_links(reg, rt, record_id, links)
    touched = reg.change_count > history_before
    if touched and not changed:
        reg.update(rt.table, record_id, {"updated_at": now_iso()})
    return touched


# -- stored form: what a re-import compares field by field ----------------------------------
def stored_values(reg: Register, rt: RecordType, raw: dict[str, Any]) -> dict[str, Any]:
    """Every field of `raw` (a whole record; absent fields take their defaults) as stored:
    columns as their column values, links as [target id, titles] lists, keyed by field name."""
    columns, links = _split(reg, rt, raw, partial=False)
    out: dict[str, Any] = {}
    for field in rt.fields:
        if field.is_link:
            out[field.name] = [[t, titles if field.link.with_titles else None]
                               for t, titles in links.get(field.name, [])]
        else:
            out[field.name] = columns.get(field.col)
    return out


def current_values(reg: Register, rt: RecordType, record_id: int) -> dict[str, Any]:
    """A record as it is now, in the form `stored_values` gives."""
    row = reg.get(rt.table, record_id) or {}
    out: dict[str, Any] = {}
    for field in rt.fields:
        link = field.link
        if link is None:
            out[field.name] = row.get(field.col)
            continue
        where, params = f"{link.owner} = ?", [record_id]
        if link.role:
            where += " AND role = ?"
            params.append(link.role)
        titles = "titles" if link.with_titles else "NULL"
        out[field.name] = [[r["t"], r["titles"]] for r in reg.rows(
            f"SELECT {link.target} AS t, {titles} AS titles FROM {link.table} WHERE {where} "
            "ORDER BY position, id", params)]
    return out


def edit_stored(reg: Register, rt: RecordType, record_id: int, values: dict[str, Any]) -> bool:
    """Write fields given in stored form (as `stored_values` gives them)."""
    columns: dict[str, Any] = {}
    links: dict[str, list] = {}
    for name, value in values.items():
        field = rt.field(name)
        if field.is_link:
            links[name] = [(t, titles) for t, titles in value]
        else:
            columns[field.col] = value
    return _write(reg, rt, record_id, _derived_columns(rt, columns), links)


def describe(reg: Register, rt: RecordType, name: str, value: Any) -> str:
    """A stored value as the clerk would recognise it, for previews ("VPHU, VPUB")."""
    field = rt.field(name)
    if value is None or value == []:
        return "(trống)"
    if field.type in {"body", "bodies"}:
        ids = [v[0] for v in value] if field.is_link else [value]
        return ", ".join(reg.scalar("SELECT coalesce(short_name, name) FROM bodies WHERE id = ?",
                                    (i,)) or f"#{i}" for i in ids)
    if field.type in {"agreement", "agreements"}:
        ids = [v[0] for v in value] if field.is_link else [value]
        return ", ".join(reg.scalar("SELECT coalesce(number, title) FROM agreements "
                                    "WHERE id = ?", (i,)) or f"#{i}" for i in ids)
    if field.type == "people":
        return "; ".join((reg.scalar("SELECT name FROM people WHERE id = ?", (p,)) or f"#{p}")
                         + (f" - {t}" if t else "") for p, t in value)
    if field.type == "date":
        return vi.news_date(value)
    if field.type == "list":
        return "; ".join(field.value_type.show(value))
    if field.type == "bool":
        return "có" if value else "không"
    if field.type == "number":
        return vi.number(value)
    if field.type == "finding":
        return f"số {value}"
    return f"«{value}»"


def _check_unique(reg: Register, rt: RecordType, columns: dict, record_id: int | None) -> None:
    # Unique within a scope: "Văn phòng Tỉnh ủy" of two provinces are two bodies (issue 9).
    scope = rt.unique_scope
    place = columns.get(scope) if scope else None
    if scope and scope not in columns and record_id is not None:
        place = reg.scalar(f"SELECT {scope} FROM {rt.table} WHERE id = ?", (record_id,))
    for col, label in rt.unique:
        value = columns.get(col)
        if value is None:
            continue
        rows = reg.rows(f"SELECT id, {col} FROM {rt.table} WHERE {col} = ?", (value,)) or (
            same_name(reg, rt.table, col, value))
        for row in rows:
            if scope:
                other = reg.scalar(f"SELECT {scope} FROM {rt.table} WHERE id = ?", (row["id"],))
                if vi.canonical(other or "").lower() != vi.canonical(place or "").lower():
                    continue
            if row["id"] != record_id:
                raise CoordtrackError(
                    f"Đã có {rt.label} số {row['id']} với {label} '{row[col]}'.",
                    code="duplicate")


def find(reg: Register, rt: RecordType, ref: Any) -> int:
    record_id = resolve(reg, rt.ref_kind, ref)
    if rt.finding_kind:
        actual = reg.scalar("SELECT kind FROM findings WHERE id = ?", (record_id,))
        if actual != rt.finding_kind:
            other = finding_type(actual).label
            raise NotFound(f"Nội dung số {record_id} là {other}, không phải {rt.label}.")
    return record_id


def record_type_of(reg: Register, table: str, record_id: int) -> RecordType:
    """The record type of one row (the findings table holds several, told by `kind`)."""
    types = [rt for rt in RECORD_TYPES.values() if rt.table == table]
    if len(types) == 1:
        return types[0]
    return finding_type(reg.scalar(f"SELECT kind FROM {table} WHERE id = ?", (record_id,)))


def _referring(ref: Referrers, sql: str) -> str:
    # One indexed look-up per column, each row once.
    return " UNION ".join(f"SELECT {sql} FROM {ref.table} WHERE {c} = :id" for c in ref.columns)


def remove(reg: Register, rt: RecordType, record_id: int) -> None:
    """Delete a record and what belongs only to it; refuse while others still point at it."""
    remove_together(reg, [(rt, record_id)])


# How many naming records a refusal lists before it only counts the rest.
NAMED_REFERRERS = 5


def remove_together(reg: Register, targets: list[tuple[RecordType, int]]) -> None:
    """Delete records, and what belongs to them, as one removal.

    References among the removed records hold none of them back (a task remedying a
    shortcoming of the same meeting goes with it); a reference from any record that stays
    refuses the whole removal. Such references are first set to NULL, then the rows deleted:
    undo replays that backwards, so every row comes back with its references.
    """
    doomed: dict[tuple[str, int], tuple[RecordType, tuple[RecordType, int]]] = {}

    def gather(rt: RecordType, record_id: int, target: tuple[RecordType, int]) -> None:
        if (rt.table, record_id) in doomed:
            return
        doomed[(rt.table, record_id)] = (rt, target)
        for ref in references_to(rt.ref_kind):
            if ref.belongs:
                for row in reg.rows(_referring(ref, ref.owner), {"id": record_id}):
                    owner = row[ref.owner]
                    gather(record_type_of(reg, ref.owner_table, owner), owner, target)

    for rt, record_id in targets:
        gather(rt, record_id, (rt, record_id))
    inside: list[tuple[Referrers, int]] = []  # references to clear: (where, naming row id)
    for (_, record_id), (rt, target) in doomed.items():
        for ref in references_to(rt.ref_kind):
            if ref.belongs:
                continue
            owners = list(dict.fromkeys(row[ref.owner] for row in reg.rows(
                _referring(ref, ref.owner), {"id": record_id})))
            outside = [o for o in owners if (ref.owner_table, o) not in doomed]
            if outside:
                raise CoordtrackError(_refusal(reg, rt, record_id, target, ref, outside),
                                      code="referenced")
            if ref.owner == "id":
                inside += [(ref, o) for o in owners]
    for ref, owner in inside:
        reg.update(ref.table, owner, dict.fromkeys(ref.columns))
    for (_, record_id), (rt, _) in reversed(doomed.items()):  # what belongs before its owner
        for field in rt.links:
            link = field.link
            assert link is not None
            for row in reg.rows(f"SELECT id FROM {link.table} WHERE {link.owner} = ?",
                                (record_id,)):
                reg.delete(link.table, row["id"])
        reg.delete(rt.table, record_id)


def _refusal(reg: Register, rt: RecordType, record_id: int, target: tuple[RecordType, int],
             ref: Referrers, owners: list[int]) -> str:
    target_rt, target_id = target
    head = f"Không thể xóa {target_rt.label} số {target_id}: "
    if (target_rt, target_id) == (rt, record_id):
        return head + f"còn {len(owners)} {ref.noun} đang tham chiếu."
    # A record that belongs to the one being removed: say which, and who still names it.
    names = [_name_with_owner(reg, ref.owner_table, o) for o in owners[:NAMED_REFERRERS]]
    if len(owners) > NAMED_REFERRERS:
        names.append(f"{len(owners) - NAMED_REFERRERS} {ref.noun}")
    return head + (f"{rt.label} số {record_id} của {target_rt.label} này còn được "
                   f"{vi.join_and(names)} tham chiếu.")


def _name_with_owner(reg: Register, table: str, record_id: int) -> str:
    """'tồn tại, hạn chế số 3 (hội nghị số 2)': a record, and the one it belongs to."""
    rt = record_type_of(reg, table, record_id)
    row = reg.get(table, record_id) or {}
    owners = [f"{RECORD_TYPES[f.value_type.refers_to].label} số {row[f.col]}"
              for f in rt.fields if f.belongs and row.get(f.col) is not None]
    return f"{rt.label} số {record_id}" + (f" ({', '.join(owners)})" if owners else "")


# -- reading -----------------------------------------------------------------------------------
def column_sql(field: Field, link_sep: str | None = None) -> str:
    """A field as a readable result column: links and references as names, not ids."""
    return f"{field.value_type.sql(field, 't', link_sep)} AS {field.name}"


def select_sql(rt: RecordType, *, full: bool) -> str:
    parts = ["t.id AS id"]
    parts += [column_sql(field) for field in rt.fields if full or field.in_list]
    parts += [f"{c.sql} AS {c.name}" for c in rt.computed]
    if full:
        parts.append("t.uid AS uid")
    return f"SELECT {', '.join(parts)} FROM {rt.table} t"


def list_records(reg: Register, rt: RecordType, filters: dict[str, Any], *,
                 today: date | None = None, limit: int | None = None) -> list[dict]:
    return list(iter_records(reg, rt, filters, today=today, limit=limit))


def iter_records(reg: Register, rt: RecordType, filters: dict[str, Any], *,
                 today: date | None = None, limit: int | None = None) -> Iterator[dict]:
    """The rows of a listing as SQLite hands them over: a million need no list in memory.

    The filters are checked and the query started before the first row is asked for, so a
    bad filter fails before anything is printed.
    """
    tail, params = _listing(reg, rt, filters, today, limit)
    sql = select_sql(rt, full=False) + tail
    if rt.sort_key is None:
        return (_tidy(rt, r) for r in reg.iter_rows(sql, params))
    # Names sort by Vietnamese rules, which SQLite does not know; a province has hundreds.
    rows = reg.rows(sql, params)
    rows.sort(key=rt.sort_key)
    if limit:
        rows = rows[:limit]
    return iter([_tidy(rt, r) for r in rows])


def iter_cells(reg: Register, rt: RecordType, filters: dict[str, Any], keys: list[str],
               cell_sql: Callable[[str, str], str | None], cell: Callable[[str, Any], str], *,
               today: date | None = None, limit: int | None = None) -> Iterator[tuple]:
    """A listing's columns `keys` as text (see `Cells`)."""
    if rt.sort_key is not None:
        rows = iter_records(reg, rt, filters, today=today, limit=limit)
        return (tuple(cell(k, r.get(k)) for k in keys) for r in rows)
    with Cells(reg, rt, filters, keys, cell_sql, cell, today=today) as cells:
        return cells.rows(limit)


class Cells:
    """A listing's columns `keys` as text, for a listing of any length: SQLite says each
    value as `cell_sql(key, expression)` does, and where that gives NULL (a value it cannot
    say the same way) the value goes through `cell(key, value)`. A column whose stored value
    is not what it shows (numbers, yes/no, lists) always goes through `cell`. Only for types
    SQLite orders (`rt.sort_key` is None)."""

    def __init__(self, reg: Register, rt: RecordType, filters: dict[str, Any], keys: list[str],
                 cell_sql: Callable[[str, str], str | None], cell: Callable[[str, Any], str],
                 *, today: date | None = None):
        assert rt.sort_key is None and "id" in keys  # every listing shows the id
        self.reg, self.rt, self.filters, self.keys, self.today = reg, rt, filters, keys, today
        self.cell = cell
        exprs = _listing_columns(rt)
        parts, self.in_python = [], []
        for n, key in enumerate(keys):
            expr, field = exprs[key]
            nested = expr.startswith("(SELECT")
            said = cell_sql(key, "v" if nested else expr)
            if said is None or (field is not None and
                                type(field.value_type).show is not FieldType.show):
                self.in_python.append(n)  # a value shown otherwise than stored
                parts.append(expr)
            elif nested:  # a sub-select: named once, however often `said` reads it
                parts.append(f"(SELECT {said} FROM (SELECT {expr} AS v))")
            else:
                parts.append(said)
        self.parts = parts
        self.raw = [exprs[k][0] for k in keys]
        self.fields = [exprs[k][1] for k in keys]
        self.at_id = keys.index("id")
        # Checked now, so a bad filter fails before anything is printed.
        self.tail, self.params = _listing(reg, rt, filters, today, None)
        # The first rows and the rest are two queries: both read one state of the file.
        self._began = not reg.conn.in_transaction
        if self._began:
            reg.conn.execute("BEGIN")

    def __enter__(self) -> Cells:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._began and self.reg.conn.in_transaction:
            self.reg.conn.execute("COMMIT")  # a read: ends the snapshot, writes nothing

    def _show(self, n: int, value: Any) -> str:
        field = self.fields[n]
        return self.cell(self.keys[n], field.value_type.show(value) if field else value)

    def _exact(self, row: tuple) -> tuple:
        cells = list(row)
        for n in self.in_python:
            cells[n] = self._show(n, cells[n])
        if None in cells:
            values = self.reg.conn.execute(
                f"SELECT {', '.join(self.raw)} FROM {self.rt.table} t WHERE t.id = :row_id",
                {**self.params, "row_id": int(row[self.at_id])}).fetchone()
            cells = [self._show(n, values[n]) if c is None else c for n, c in enumerate(cells)]
        return tuple(cells)

    def rows(self, limit: int | None = None, offset: int = 0) -> Iterator[tuple]:
        tail, params = _listing(self.reg, self.rt, self.filters, self.today, limit, offset)
        rows = self.reg.iter_rows_plain(
            f"SELECT {', '.join(self.parts)} FROM {self.rt.table} t{tail}", params)
        if self.in_python:
            return map(self._exact, rows)
        return (self._exact(row) if None in row else row for row in rows)

    def of(self, row_id: int) -> tuple:
        """One row's cells."""
        row = self.reg.conn.execute(
            f"SELECT {', '.join(self.parts)} FROM {self.rt.table} t WHERE t.id = :row_id",
            {**self.params, "row_id": row_id}).fetchone()
        return self._exact(row)

    def lines(self, form: str, offset: int, limit: int | None) -> Iterator[tuple] | None:
        """Each row's id and its whole line, `printf(form, cells…)` in SQLite, from the
        `offset`-th row on (a cell SQLite could not say is U+0001 there, which no check of
        a line lets through). None when a column is said in Python."""
        if self.in_python:
            return None
        tail, params = _listing(self.reg, self.rt, self.filters, self.today, limit, offset)
        cells = ", ".join(f"coalesce({p}, char(1))" for p in self.parts)
        return self.reg.iter_rows_plain(
            f"SELECT t.id, printf('{form}', {cells}) FROM {self.rt.table} t{tail}", params)


def _listing_columns(rt: RecordType) -> dict[str, tuple[str, Field | None]]:
    """Each column a listing can show: its SQL over `t`, and its field (None if computed)."""
    out: dict[str, tuple[str, Field | None]] = {"id": ("t.id", None)}
    out.update({f.name: (f.value_type.sql(f, "t"), f) for f in rt.fields if f.in_list})
    out.update({c.name: (f"({c.sql})", None) for c in rt.computed})
    return out


def _listing(reg: Register, rt: RecordType, filters: dict[str, Any], today: date | None,
             limit: int | None, offset: int = 0) -> tuple[str, dict[str, Any]]:
    """What follows `FROM table t` in a listing's SELECT, and its parameters."""
    today = today or date.today()
    where: list[str] = []
    params: dict[str, Any] = {"today": today.isoformat()}
    if rt.finding_kind:
        # A literal, not a parameter: only then can SQLite use the partial indexes on open
        # items (the kind comes from our own descriptions, never from the user).
        where.append(f"t.kind = '{rt.finding_kind}'")
    if filters.get("meeting") is not None:
        params["meeting"] = resolve(reg, "meeting", filters["meeting"])
        where.append("t.meeting_id = :meeting")
    if filters.get("agreement") is not None:
        params["agreement"] = resolve(reg, "agreement", filters["agreement"])
        if rt.agreement_filter:
            where.append(rt.agreement_filter)
    if filters.get("body") is not None:
        params["body"] = resolve(reg, "body", filters["body"])
        of_body = body_filter_sql(rt)
        if of_body:
            where.append(of_body)
    if filters.get("kind") is not None and "kind" in rt.filters:
        kind = rt.field("kind")
        params["mkind"] = coerce(reg, kind, filters["kind"])
        where.append(f"t.{kind.col} = :mkind")
    for bound, op in (("from", ">="), ("to", "<=")):
        if filters.get(bound) is None:
            continue
        try:
            params[bound] = vi.parse_date(str(filters[bound])).isoformat()
        except ValueError as exc:
            raise InvalidValue(f"--{bound}: {exc}") from exc
        if rt.date_filter:
            where.append(rt.date_filter.format(op=op, bound=bound))
    if filters.get("status") is not None:
        wanted = vi.clean(str(filters["status"]))
        matches = [s for s in rt.statuses if vi.fold(s) == vi.fold(wanted)]
        if not matches:
            raise InvalidValue(
                f"Tình trạng '{wanted}' không hợp lệ; chọn một trong: {', '.join(rt.statuses)}."
            )
        params["status"] = matches[0]
        if matches[0] in status.TASK_CATEGORIES:
            where.append(status.category_filter_sql(matches[0]))
        else:
            where.append("t.status = :status")
    if filters.get("overdue"):
        where.append(status.overdue_sql())
    sql = ""
    if filters.get("overdue"):
        # Only open tasks are in this partial index (m003): the most overdue come first and
        # LIMIT stops early, however many tasks the register holds.
        sql += f" INDEXED BY {status.OPEN_TASKS_INDEX}"
    if where:
        sql += " WHERE " + " AND ".join(f"({w})" for w in where)
    if filters.get("overdue"):
        sql += " ORDER BY t.due_on, t.id"
    elif rt.order_by:
        sql += f" ORDER BY {rt.order_by}"
    if rt.sort_key is None and (limit or offset):
        # A larger LIMIT is a type error; -1 is none.
        sql += f" LIMIT {min(int(limit), MAX_ID) if limit else -1}"
        sql += f" OFFSET {offset}" if offset else ""
    return sql, params


def _tidy(rt: RecordType, row: dict[str, Any]) -> dict[str, Any]:
    for field in rt.fields:
        if field.name not in row:
            continue
        row[field.name] = field.value_type.show(row[field.name])
    return row


def get(reg: Register, rt: RecordType, record_id: int) -> dict[str, Any]:
    row = reg.one(select_sql(rt, full=True) + " WHERE t.id = :id",
                  {"id": record_id, "today": date.today().isoformat()})
    if row is None:
        raise NotFound(f"Không tìm thấy {rt.label} số {record_id}.")
    return _tidy(rt, row)


def meeting_findings(reg: Register, meeting_id: int) -> dict[str, list[dict[str, Any]]]:
    """Findings of one meeting, by kind, in the order they were recorded (the article's)."""
    grouped: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FINDING_KINDS}
    for kind in FINDING_KINDS:
        rt = RECORD_TYPES[kind]
        sql = select_sql(rt, full=True) + (
            " WHERE t.meeting_id = :m AND t.kind = :k ORDER BY t.position, t.id")
        grouped[kind] = [_tidy(rt, r) for r in reg.rows(
            sql, {"m": meeting_id, "k": rt.finding_kind, "today": date.today().isoformat()})]
    return grouped


def participants(reg: Register, meeting_id: int, role: str) -> list[dict[str, Any]]:
    return reg.rows(
        "SELECT p.id, p.name, l.titles FROM meeting_participants l JOIN people p "
        "ON p.id = l.person_id WHERE l.meeting_id = ? AND l.role = ? ORDER BY l.position, l.id",
        (meeting_id, role),
    )


def next_position(reg: Register, meeting_id: int | None) -> int:
    if meeting_id is None:
        return 0
    return (reg.scalar("SELECT max(position) FROM findings WHERE meeting_id = ?",
                       (meeting_id,)) or 0) + 1


def change_summary(created: dict[str, int], updated: dict[str, int], removed: int = 0,
                   unchanged: str = "không có thay đổi") -> str:
    """'thêm 7 cơ quan; 10 kết quả — cập nhật 1 hội nghị', counted by record type."""

    def part(bucket: dict[str, int]) -> str:
        # Labels such as "tồn tại, hạn chế" hold commas themselves: separate with semicolons.
        return "; ".join(f"{n} {RECORD_TYPES[k].label}" for k, n in bucket.items())

    bits = []
    if created:
        bits.append("thêm " + part(created))
    if updated:
        bits.append("cập nhật " + part(updated))
    if removed:
        bits.append(f"bỏ {removed} nội dung không còn trong tệp")
    return " — ".join(bits) if bits else unchanged


def _check_record_dates(reg: Register, rt: RecordType, row: dict[str, Any]) -> None:
    held_on = None
    if rt.name == "task" and row.get("due_on") and row.get("meeting_id"):
        held_on = reg.scalar("SELECT held_on FROM meetings WHERE id = ?", (row["meeting_id"],))
    problem = status.date_problem(rt.name, row, held_on, date.today())
    if problem:
        raise InvalidValue(problem)


def complete(reg: Register, rt: RecordType, record_id: int, on: date) -> None:
    """Record that a shortcoming was resolved / a task done on `on` (its `completion`)."""
    assert rt.completion is not None and rt.finding_kind is not None
    kind, verb = rt.name, rt.completion.verb
    column, implied = status.IMPLIED_STATUS[kind]
    row = reg.get(rt.table, record_id)
    if row and row.get("status") == implied:
        # Saying it again would silently move the date of record: refused, with the way.
        when = f" ngày {vi.news_date(row[column])}" if row.get(column) else ""
        raise CoordtrackError(
            f"{rt.label.capitalize()} số {record_id} đã được {verb}{when}; để sửa ngày, dùng: "
            f"coordtrack {kind} edit {record_id} --{column.replace('_', '-')} NGÀY")
    edit(reg, rt, record_id, {"status": implied, column: on})


def resolve_shortcoming(reg: Register, record_id: int, on: date) -> None:
    complete(reg, RECORD_TYPES["shortcoming"], record_id, on)


def complete_task(reg: Register, record_id: int, on: date) -> None:
    complete(reg, RECORD_TYPES["task"], record_id, on)
