"""Export (JSON, YAML, CSV for Excel) and import of whole registers, and CSV import of findings.

The JSON/YAML export mirrors the tables, with integer references replaced by the uids of the
rows they point at (`body_id` → `body_uid`), so that it re-imports into any register: rows are
upserted by uid, and the links of a record (parties, organisers, owners…) are keyed by the uid
of their owner. Exports are written row by row, so memory stays flat however large the register.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO, Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, UsageError
from coordtrack.exchange.validation import MAX_PROBLEMS, entries, known_keys
from coordtrack.register import records
from coordtrack.register.file import Register, now_iso
from coordtrack.register.recordtypes import (
    FINDING_KIND_ALIASES,
    FINDING_KINDS,
    RECORD_TYPES,
    RecordType,
    link_tables,
    references_to,
)

FORMAT = "coordtrack-export/1"
EXPORT_FORMATS = ("json", "yaml", "csv")
ENTITY_TABLES = ("bodies", "people", "agreements", "meetings", "findings")
# Link table -> the column naming its owner; the owner's uid keys the link set on import.
LINK_OWNERS = {table: owner for table, (owner, _) in link_tables().items()}
# Dependency order: every table comes after the tables it points at (self-references aside).
EXPORT_TABLES = ("bodies", "people", "agreements", "agreement_parties", "meetings",
                 "meeting_organisers", "meeting_participants", "meeting_agreements",
                 "findings", "finding_speakers", "finding_owners")
TABLE_KIND = {"bodies": "body", "people": "person", "agreements": "agreement",
              "meetings": "meeting"}
# OWASP: a cell starting with one of these is a formula to Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


# -- table descriptions --------------------------------------------------------------------------
class TableSpec:
    def __init__(self, conn: sqlite3.Connection, table: str):
        self.table = table
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
        self.columns = [r[1] for r in info if r[1] != "id"]
        self.required = {r[1] for r in info if r[3] and r[4] is None and r[1] != "id"}
        self.refs = {r[3]: r[2] for r in conn.execute(f"PRAGMA foreign_key_list({table})")}
        self.keys = [self.key(c) for c in self.columns]
        self.is_entity = "uid" in self.columns
        # Asked for every cell of an import: a dict, not a scan of the columns each time.
        self._by_key: dict[str, str] = {}
        for col in self.columns:
            key = self.key(col)
            if (col in self.refs) == key.endswith("_uid"):
                self._by_key.setdefault(key, col)

    @staticmethod
    def key(column: str) -> str:
        return column[:-3] + "_uid" if column.endswith("_id") else column

    def column_for(self, key: str) -> str | None:
        return self._by_key.get(key)


def specs(reg: Register) -> dict[str, TableSpec]:
    return {t: TableSpec(reg.conn, t) for t in EXPORT_TABLES}


# -- selecting a part of the register ------------------------------------------------------------
def _kinds(kinds: list[str] | None) -> set[str]:
    if not kinds:
        return set(RECORD_TYPES)
    out: set[str] = set()
    for kind in kinds:
        text = vi.clean(kind).lower()
        if text in {"finding", "findings"}:
            out.update(FINDING_KINDS)
            continue
        name = FINDING_KIND_ALIASES.get(text, text)
        if name not in RECORD_TYPES:
            raise UsageError(f"--kind: '{kind}' không phải loại bản ghi; chọn một trong: "
                             f"{', '.join(RECORD_TYPES)}, finding.")
        out.add(name)
    return out


def _select(reg: Register, kinds: set[str], meeting: Any, agreement: Any) -> dict[str, str]:
    """Fill temp.sel_<table> with the chosen rows and everything they refer to.

    Returns a WHERE condition on `t` per table. A part of the register is exported together
    with the bodies, people, agreements and meetings it names, so it imports on its own.
    """
    conn = reg.conn
    for table in ENTITY_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.sel_{table}")
        conn.execute(f"CREATE TEMP TABLE sel_{table} (id INTEGER PRIMARY KEY)")

    def add(table: str, sql: str, params: Any = ()) -> None:
        conn.execute(f"INSERT OR IGNORE INTO temp.sel_{table} (id) SELECT x FROM ({sql}) "
                     "WHERE x IS NOT NULL", params)

    filtered = meeting is not None or agreement is not None
    if meeting is not None:
        m_id = records.resolve(reg, "meeting", meeting)
        meetings_sql, m_params = "SELECT ? AS x", (m_id,)
    elif agreement is not None:
        a_id = records.resolve(reg, "agreement", agreement)
        meetings_sql = "SELECT meeting_id AS x FROM meeting_agreements WHERE agreement_id = ?"
        m_params = (a_id,)
    else:
        meetings_sql, m_params = "SELECT id AS x FROM meetings", ()
    finding_kinds = [k for k in FINDING_KINDS if k in kinds]
    if finding_kinds:
        marks = ", ".join("?" for _ in finding_kinds)
        sql = f"SELECT id AS x FROM findings WHERE kind IN ({marks})"
        if filtered:
            sql += f" AND meeting_id IN ({meetings_sql.replace(' AS x', '')})"
        add("findings", sql, (*finding_kinds, *(m_params if filtered else ())))
        # Chains of carried-over shortcomings and remedied ones come along.
        while True:
            before = conn.total_changes
            add("findings", "SELECT f.carried_over_from_id AS x FROM findings f JOIN "
                "temp.sel_findings s ON s.id = f.id UNION SELECT f.remedies_id FROM findings f "
                "JOIN temp.sel_findings s ON s.id = f.id")
            if conn.total_changes == before:
                break
    if "meeting" in kinds:
        add("meetings", meetings_sql, m_params)
    add("meetings", "SELECT meeting_id AS x FROM findings WHERE id IN "
        "(SELECT id FROM temp.sel_findings)")
    if "agreement" in kinds:
        if agreement is not None:
            add("agreements", "SELECT ? AS x", (a_id,))
        elif meeting is not None:
            add("agreements", "SELECT agreement_id AS x FROM meeting_agreements "
                "WHERE meeting_id = ?", (m_id,))
        else:
            add("agreements", "SELECT id AS x FROM agreements")
    add("agreements", "SELECT agreement_id AS x FROM meeting_agreements WHERE meeting_id IN "
        "(SELECT id FROM temp.sel_meetings)")
    while True:
        before = conn.total_changes
        add("agreements", "SELECT a.superseded_by_id AS x FROM agreements a JOIN "
            "temp.sel_agreements s ON s.id = a.id")
        if conn.total_changes == before:
            break
    # People, then bodies (people name their body): every one a selected record names.
    for kind, table in (("person", "people"), ("body", "bodies")):
        if kind in kinds and not filtered:
            add(table, f"SELECT id AS x FROM {table}")
        for ref in references_to(kind):
            for column in ref.columns:
                add(table, f"SELECT {column} AS x FROM {ref.table} WHERE {ref.owner} IN "
                    f"(SELECT id FROM temp.sel_{ref.owner_table})")
    where = {t: f"t.id IN (SELECT id FROM temp.sel_{t})" for t in ENTITY_TABLES}
    for link, (owner, owner_table) in link_tables().items():
        where[link] = f"t.{owner} IN (SELECT id FROM temp.sel_{owner_table})"
    return where


# -- export --------------------------------------------------------------------------------------
def iter_table(reg: Register, spec: TableSpec, where: str | None) -> Iterator[dict[str, Any]]:
    """Rows of one table, oldest first, with references as uids."""
    parts, joins = [], []
    for i, col in enumerate(spec.columns):
        if col in spec.refs:
            joins.append(f"LEFT JOIN {spec.refs[col]} j{i} ON j{i}.id = t.{col}")
            parts.append(f"j{i}.uid")
        else:
            parts.append(f"t.{col}")
    sql = f"SELECT {', '.join(parts)} FROM {spec.table} t {' '.join(joins)}"
    if where:
        sql += f" WHERE {where}"
    sql += " ORDER BY t.id"
    keys = spec.keys
    for row in reg.conn.execute(sql):
        yield dict(zip(keys, row, strict=True))


def _write_json(out: IO[str], reg: Register, tables: dict[str, TableSpec],
                where: dict[str, str] | None) -> int:
    count = 0
    out.write("{\n" f'  "format": "{FORMAT}",\n'
              f'  "exported_at": {json.dumps(now_iso())},\n  "records": {{')
    # One encoder for every row: json.dumps would build a new one per call.
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for n, (table, spec) in enumerate(tables.items()):
        out.write(("," if n else "") + f'\n    "{table}": [')
        first = True
        for row in iter_table(reg, spec, where and where.get(table)):
            out.write(("\n      " if first else ",\n      ") + encode(row))
            first = False
            count += 1
        out.write("]" if first else "\n    ]")
    out.write("\n  }\n}\n")
    return count


def _write_yaml(out: IO[str], reg: Register, tables: dict[str, TableSpec],
                where: dict[str, str] | None) -> int:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    count = 0
    out.write(f"format: {FORMAT}\nexported_at: '{now_iso()}'\nrecords:\n")
    for table, spec in tables.items():
        out.write(f"  {table}:")
        first = True
        for row in iter_table(reg, spec, where and where.get(table)):
            if first:
                out.write("\n")
                first = False
            text = yaml.dump([row], Dumper=dumper, allow_unicode=True, sort_keys=False,
                             default_flow_style=False, width=1 << 20)
            out.write("".join("    " + line for line in text.splitlines(keepends=True)))
            count += 1
        if first:
            out.write(" []\n")
    return count


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP).

    Text that already starts with an apostrophe gets one too, so that `unneutralise` can
    tell the guard from an apostrophe the clerk typed ("'=A1 là ô Excel" comes back as is).
    """
    if isinstance(value, str) and value[:1] in GUARDED_FIRST:
        return "'" + value
    return value


# The first characters `neutralise` guards, each one character: a set look-up per cell.
GUARDED_FIRST = frozenset((*FORMULA_STARTS, "'"))


def unneutralise(value: str) -> str:
    """The exact inverse of `neutralise` for every string."""
    if value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'")):
        return value[1:]
    return value


def _csv_columns(rts: list[RecordType]) -> list[str]:
    columns = ["kind", "id", "uid"]
    for rt in rts:
        for field in rt.fields:
            if field.name not in columns:
                columns.append(field.name)
    return columns


def _csv_rows(reg: Register, rt: RecordType, where: str | None,
              columns: list[str]) -> Iterator[list[Any]]:
    """Rows of one record type as cells in `columns` order (a column it lacks stays empty).

    What each column needs is decided once per type, so a row costs one pass over the
    cells it has, not over the union of every type's columns.
    """
    # "; " separates every list in a CSV cell, since titles and names may hold commas.
    parts = ["t.id AS id", "t.uid AS uid"]
    parts += [records.column_sql(field, link_sep="; ") for field in rt.fields]
    sql = f"SELECT {', '.join(parts)} FROM {rt.table} t"
    conditions = [where] if where else []
    if rt.finding_kind:
        conditions.append(f"t.kind = '{rt.finding_kind}'")
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    cur = reg.conn.execute(sql + " ORDER BY t.id")
    index = {d[0]: i for i, d in enumerate(cur.description)}
    pick = [index.get(c) for c in columns]
    kind_at = columns.index("kind")
    types = {f.name: f.type for f in rt.fields}
    lists = [p for p, c in enumerate(columns) if types.get(c) == "list"]
    numbers = [p for p, c in enumerate(columns) if types.get(c) == "number"]
    texts = [p for p, c in enumerate(columns) if c in types and types[c] not in {"number",
                                                                                  "bool"}]
    for values in cur:
        cells = [None if i is None else values[i] for i in pick]
        cells[kind_at] = rt.name
        for p in lists:  # free-text lists; link lists are "; " text already
            if isinstance(cells[p], str):
                cells[p] = "; ".join(json.loads(cells[p]))
        for p in numbers:
            value = cells[p]
            if type(value) is float and value.is_integer():
                cells[p] = int(value)
        for p in texts:
            value = cells[p]
            if type(value) is str and value[:1] in GUARDED_FIRST:
                cells[p] = neutralise(value)
        yield cells


def _write_csv(out: IO[str], reg: Register, kinds: set[str],
               where: dict[str, str] | None) -> int:
    rts = [rt for name, rt in RECORD_TYPES.items() if name in kinds]
    columns = _csv_columns(rts)
    out.write("\ufeff")  # Excel reads UTF-8 (Vietnamese) only when the file starts with a BOM
    writer = csv.writer(out, lineterminator="\r\n")  # None is written as an empty cell
    writer.writerow(columns)
    count = 0
    for rt in rts:
        for cells in _csv_rows(reg, rt, where and where.get(rt.table), columns):
            writer.writerow(cells)
            count += 1
    return count


def export(reg: Register, out: IO[str], *, fmt: str = "json", kinds: list[str] | None = None,
           meeting: Any = None, agreement: Any = None) -> int:
    """Write the register (or the chosen part) to `out`; returns the number of rows written."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"Định dạng '{fmt}' không hỗ trợ; chọn một trong: "
                         f"{', '.join(EXPORT_FORMATS)}.")
    chosen = _kinds(kinds)
    partial = kinds is not None or meeting is not None or agreement is not None
    where = _select(reg, chosen, meeting, agreement) if partial else None
    if fmt == "csv":
        return _write_csv(out, reg, chosen, where)
    tables = specs(reg)
    if fmt == "yaml":
        return _write_yaml(out, reg, tables, where)
    return _write_json(out, reg, tables, where)


def export_to(reg: Register, path: str | None, **options: Any) -> int:
    """Export to a file (written aside, then moved into place) or to stdout."""
    import sys

    if path is None or path == "-":
        return export(reg, sys.stdout, **options)
    from coordtrack.files import atomic_writer

    # newline="" keeps csv's CRLF rows as they are on every platform.
    with atomic_writer(path, newline="") as fh:
        count = export(reg, fh, **options)
    return count


# -- import of an export -------------------------------------------------------------------------
def _errors(errors: list[str], source: str) -> CoordtrackError:
    from coordtrack.exchange.meeting_file import InvalidFile

    return InvalidFile(errors, source)


def _scalar_ok(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float)


def validate_export(reg: Register, doc: dict[str, Any], tables: dict[str, TableSpec]) -> list[str]:
    errors: list[str] = []
    if doc.get("format") != FORMAT:
        return [f"định dạng '{doc.get('format')}' không được hỗ trợ (cần {FORMAT})."]
    data = doc.get("records")
    if not isinstance(data, dict):
        return ["'records' phải là một bảng khóa: giá trị."]
    for table in data:
        if table not in tables:
            errors.append(f"bảng '{table}' không có trong sổ đăng ký.")
    uids: dict[str, set[str]] = {t: set() for t in ENTITY_TABLES}
    for table, spec in tables.items():
        for where, row in entries(data, table, f"records.{table}", errors):
            values = known_keys(row, where, lambda key, spec=spec: (
                key if spec.column_for(key) is not None else None), errors)
            for key, value in values.items():
                if not _scalar_ok(value):
                    errors.append(f"{where}: '{key}' phải là chữ hoặc số.")
            for col in spec.columns:  # in the table's order, so the report reads the same
                if col in spec.required and row.get(spec.key(col)) is None:
                    errors.append(f"{where}: thiếu '{spec.key(col)}'.")
            if spec.is_entity and isinstance(row.get("uid"), str):
                if row["uid"] in uids[table]:
                    errors.append(f"{where}: uid {row['uid']} bị lặp lại.")
                uids[table].add(row["uid"])
    if errors:
        return errors[:MAX_PROBLEMS]
    for table, spec in tables.items():
        for i, row in enumerate(data.get(table) or []):
            for col, target in spec.refs.items():
                ref = row.get(spec.key(col))
                if ref is None or ref in uids[target]:
                    continue
                if reg.scalar(f"SELECT 1 FROM {target} WHERE uid = ?", (str(ref),)) is None:
                    errors.append(f"records.{table}[{i + 1}]: {spec.key(col)} {ref} không có "
                                  "trong tệp cũng như trong sổ đăng ký.")
    return errors[:MAX_PROBLEMS]


class _Importer:
    def __init__(self, reg: Register, tables: dict[str, TableSpec]):
        self.reg = reg
        self.tables = tables
        self.ids: dict[str, dict[str, int]] = {t: {} for t in ENTITY_TABLES}
        self.kept: set[tuple[str, str]] = set()  # (table, uid) whose local copy is newer
        self.created: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        self.counted: set[tuple[str, int]] = set()
        # New rows wait here with ids assigned in advance, then go in through the bulk path:
        # a million-row export must not be written (and logged) one row at a time.
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.next_ids: dict[str, int] = {}
        self.created_rows: set[tuple[str, int]] = set()
        self.existing: dict[str, dict[str, dict[str, Any]]] = {}

    def id_of(self, table: str, uid: str | None) -> int | None:
        if uid is None:
            return None
        found = self.ids[table].get(uid)
        if found is None:
            found = self.reg.scalar(f"SELECT id FROM {table} WHERE uid = ?", (uid,))
            if found is None:
                raise CoordtrackError(f"Không tìm thấy {table} có uid {uid}.")
            self.ids[table][uid] = found
        return found

    def label(self, table: str, row_id: int) -> str:
        if table == "findings":
            return self.reg.scalar("SELECT kind FROM findings WHERE id = ?", (row_id,))
        return TABLE_KIND[table]

    def count(self, bucket: dict[str, int], table: str, row_id: int,
              kind: str | None = None) -> None:
        if (table, row_id) in self.counted:
            return
        self.counted.add((table, row_id))
        kind = kind or self.label(table, row_id)
        bucket[kind] = bucket.get(kind, 0) + 1

    def _new_id(self, table: str) -> int:
        if table not in self.next_ids:
            self.next_ids[table] = self.reg.next_id(table)
        row_id = self.next_ids[table]
        self.next_ids[table] += 1
        return row_id

    def add_new(self, table: str, values: dict[str, Any]) -> int:
        row_id = self._new_id(table)
        self.pending.setdefault(table, []).append({**values, "id": row_id})
        self.created_rows.add((table, row_id))
        return row_id

    def flush(self) -> None:
        from coordtrack.exchange.bulk_insert import insert_rows

        for table, rows in self.pending.items():
            columns = list(rows[0])
            if any(list(r) != columns for r in rows):
                # Rows naming different columns would lose their defaults in one statement.
                for r in rows:
                    self.reg.insert(table, r)
                continue
            insert_rows(self.reg, table, columns, ([r[c] for c in columns] for r in rows))
        self.pending.clear()

    def values(self, spec: TableSpec, row: dict[str, Any], skip_self: bool) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in row.items():
            col = spec.column_for(key)
            if col in spec.refs:
                if skip_self and spec.refs[col] == spec.table:
                    continue
                value = self.id_of(spec.refs[col], value)
            elif isinstance(value, bool):
                value = int(value)
            values[col] = value
        return values

    def prefetch(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Which of the file's uids the register has, a few hundred per query, not one each."""
        uids = [r["uid"] for r in rows if isinstance(r.get("uid"), str)]
        found = self.existing.setdefault(table, {})
        for start in range(0, len(uids), 500):
            part = uids[start:start + 500]
            for row in self.reg.rows(f"SELECT * FROM {table} WHERE uid IN "
                                     f"({', '.join('?' * len(part))})", part):
                found[row["uid"]] = row

    def upsert(self, spec: TableSpec, row: dict[str, Any]) -> None:
        reg, table, uid = self.reg, spec.table, row["uid"]
        values = self.values(spec, row, skip_self=True)
        known = self.existing.get(table)
        existing = known.get(uid) if known is not None else reg.one(
            f"SELECT * FROM {table} WHERE uid = ?", (uid,))
        if existing is None and table == "bodies":
            # Another office's export names the same body under its own uid: one body.
            existing = reg.one("SELECT * FROM bodies WHERE name = ?", (values.get("name"),))
            if existing is not None:
                self.ids[table][uid] = existing["id"]
                self.kept.add((table, uid))
                return
        if existing is None:
            clash = table == "bodies" and values.get("short_name") is not None and reg.one(
                "SELECT id, name FROM bodies WHERE short_name = ?", (values["short_name"],))
            if clash:
                raise CoordtrackError(
                    f"Cơ quan '{values.get('name')}' trùng tên viết tắt "
                    f"'{values['short_name']}' với cơ quan #{clash['id']} ({clash['name']}).")
            row_id = self.add_new(table, values)
            self.ids[table][uid] = row_id
            kind = values.get("kind") if table == "findings" else TABLE_KIND[table]
            self.count(self.created, table, row_id, kind)
            return
        self.ids[table][uid] = existing["id"]
        local, theirs = existing.get("updated_at") or "", values.get("updated_at") or ""
        if local > theirs:
            self.kept.add((table, uid))  # the local copy was changed later: it wins
            return
        if any(existing.get(k) != v for k, v in values.items()):
            reg.update(table, existing["id"], values)
            self.count(self.updated, table, existing["id"])

    def self_refs(self, spec: TableSpec, row: dict[str, Any]) -> None:
        if (spec.table, row["uid"]) in self.kept:
            return
        own = [c for c, t in spec.refs.items() if t == spec.table]
        values = {c: self.id_of(spec.table, row.get(spec.key(c))) for c in own
                  if spec.key(c) in row}
        row_id = self.ids[spec.table][row["uid"]]
        if (spec.table, row_id) in self.created_rows and not any(values.values()):
            return  # a new row went in without self-references: nothing to set
        if values:
            self.reg.update(spec.table, row_id, values)

    def links(self, spec: TableSpec, rows: list[dict[str, Any]], owners: list[str]) -> None:
        """Replace the links of each owner in the file by the file's, when they differ."""
        owner_col = LINK_OWNERS[spec.table]
        owner_table = spec.refs[owner_col]
        wanted: dict[str, list[dict[str, Any]]] = {uid: [] for uid in owners}
        for row in rows:
            wanted.setdefault(row[spec.key(owner_col)], []).append(row)
        compare = [c for c in spec.columns if c != owner_col]
        for uid, items in wanted.items():
            if (owner_table, uid) in self.kept:
                continue
            owner_id = self.id_of(owner_table, uid)
            new = [self.values(spec, r, skip_self=False) for r in items]
            if (owner_table, owner_id) in self.created_rows:
                for n in new:  # a new owner has no links yet: nothing to compare or delete
                    n.pop("id", None)
                    self.add_new(spec.table, n)
                continue
            current = self.reg.rows(f"SELECT * FROM {spec.table} WHERE {owner_col} = ? "
                                    "ORDER BY id", (owner_id,))
            if [[r.get(c) for c in compare] for r in current] == \
                    [[n.get(c) for c in compare] for n in new]:
                continue
            for r in current:
                self.reg.delete(spec.table, r["id"])
            for n in new:
                self.reg.insert(spec.table, n)
            self.count(self.updated, owner_table, owner_id)

    def summary(self) -> str:
        from coordtrack.register.records import change_summary

        return change_summary(self.created, self.updated)


def import_export(reg: Register, doc: dict[str, Any], source: str) -> str:
    """Merge an export into the register by uid, all or nothing; returns a Vietnamese summary."""
    tables = specs(reg)
    errors = validate_export(reg, doc, tables)
    if errors:
        raise _errors(errors, source)
    data = doc["records"]
    importer = _Importer(reg, tables)
    try:
        with reg.transaction("import", f"Nhập tệp {source}"):
            for table in ENTITY_TABLES:
                importer.prefetch(table, data.get(table) or [])
                for row in data.get(table) or []:
                    importer.upsert(tables[table], row)
            importer.flush()
            for table in ("agreements", "findings"):
                for row in data.get(table) or []:
                    importer.self_refs(tables[table], row)
            for link, owner_col in LINK_OWNERS.items():
                owner_table = tables[link].refs[owner_col]
                owners = [r["uid"] for r in data.get(owner_table) or []]
                importer.links(tables[link], data.get(link) or [], owners)
            importer.flush()
    except sqlite3.IntegrityError as exc:
        raise CoordtrackError(f"{source}: dữ liệu vi phạm ràng buộc của sổ đăng ký ({exc}); "
                              "chưa nhập gì.") from exc
    return importer.summary()


# -- CSV import of findings ----------------------------------------------------------------------
def _finding_columns() -> dict[str, str]:
    """Header text (folded) -> field name: names, aliases and Vietnamese labels all work."""
    names: dict[str, str] = {"kind": "kind", "loai": "kind", "uid": "uid", "id": "id", "so": "id"}
    for kind in FINDING_KINDS:
        for field in RECORD_TYPES[kind].fields:
            for key in (field.name, *field.aliases, field.label):
                names.setdefault(vi.fold(key), field.name)
    return names


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def read_csv(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV file as they are read: 100k findings never sit in memory at once."""
    from coordtrack.files import read_lines

    lines = read_lines(path, encoding_hint=" (trong Excel hãy lưu dạng 'CSV UTF-8')")
    first = next(lines, "")
    # Excel on a Vietnamese Windows separates with ";" (the comma is the decimal mark).
    delimiter = max((",", ";", "\t"), key=first.split("\n", 1)[0].count)

    def checked() -> Iterator[str]:
        for line in chain([first], lines):
            if "\x00" in line:
                raise CoordtrackError(f"Tệp {path} chứa ký tự NUL, không phải văn bản CSV.")
            yield line

    def rows() -> Iterator[list[str]]:
        try:
            yield from csv.reader(checked(), delimiter=delimiter)
        except csv.Error as exc:
            raise CoordtrackError(f"Tệp {path} không đọc được dạng CSV: {exc}.") from None
    return rows()


# New findings wait in batches of this many, then go in through the bulk path.
CSV_BATCH = 5_000
# Cells of these types are rarely the same twice: not worth remembering.
UNREPEATED_TYPES = {"text", "textlist"}


class _NewFindings:
    """Findings of a CSV waiting to be written in one bulk insert per table."""

    def __init__(self, reg: Register):
        self.reg = reg
        self.rows: list[dict[str, Any]] = []
        self.links: dict[str, list[dict[str, Any]]] = {}
        self.uids: set[str] = set()
        self.positions: dict[int, int] = {}
        self.memo: dict[tuple[str, Any], Any] = {}  # (field, cell) -> stored value

    def add(self, rt: RecordType, values: dict[str, Any], uid: str | None,
            coerced: dict[str, Any]) -> None:
        columns, links = records.prepare_new(self.reg, rt, values, uid=uid,
                                             positions=self.positions, coerced=coerced)
        row_id = (self.rows[-1]["id"] + 1) if self.rows else self.reg.next_id("findings")
        self.rows.append({"id": row_id, **columns})
        self.uids.add(columns["uid"])
        for table, link in records.link_rows(rt, row_id, links):
            self.links.setdefault(table, []).append(link)
        if len(self.rows) >= CSV_BATCH:
            self.flush()

    def flush(self) -> None:
        from coordtrack.exchange.bulk_insert import insert_rows

        if not self.rows:
            return
        for table, rows in [("findings", self.rows), *self.links.items()]:
            # The kinds have different fields: one column list for all, absent ones NULL.
            columns = list(dict.fromkeys(c for r in rows for c in r))
            insert_rows(self.reg, table, columns, ([r.get(c) for c in columns] for r in rows))
        self.rows, self.links, self.uids = [], {}, set()


# The CSV export is for spreadsheets: one sheet mixing every record type. Only findings come
# back from CSV; a whole register moves as JSON (or YAML), which keeps links and uids.
MOVE_HINT = ("để chuyển cả sổ đăng ký, xuất bằng: coordtrack export -o so-dang-ky.json rồi "
             "nhập tệp đó bằng: coordtrack import so-dang-ky.json")


def csv_note(kinds: list[str] | None) -> str | None:
    """What `export --format csv` tells the clerk when the CSV cannot be imported back."""
    chosen = _kinds(kinds)
    if chosen <= set(FINDING_KINDS):
        return None
    return ("Lưu ý: tệp CSV để xem bằng bảng tính; nhập lại từ CSV chỉ được các nội dung "
            f"(kết quả, tồn tại, nhiệm vụ…); {MOVE_HINT}.")


def import_csv(open_register: Callable[[], Register], path: str | Path) -> str:
    """Import findings from a CSV file; every bad cell is reported and nothing is written.

    The header is checked before the register is opened: a file that cannot be imported
    leaves no new register behind."""
    path = Path(path)
    table = read_csv(path)
    head = next(table, None)
    if not head or not any(c.strip() for c in head):
        raise CoordtrackError(f"Tệp {path} rỗng: cần dòng tiêu đề (kind, meeting, text…).")
    known = _finding_columns()
    errors: list[str] = []
    header: list[str | None] = []
    for n, title in enumerate(head, start=1):
        name = known.get(vi.fold(vi.clean(title)))
        if name is None and title.strip():
            errors.append(f"dòng 1, cột {n} '{title}': tên cột không được hỗ trợ.")
        header.append(name)
    others = {f.name for rt in RECORD_TYPES.values() for f in rt.fields}
    unknown = {vi.clean(t) for t, name in zip(head, header, strict=True)
               if name is None and t.strip()}
    if unknown and unknown <= others:
        # The whole-register export: one clear line rather than one per column.
        raise CoordtrackError(f"{path}: đây là tệp CSV xuất cả sổ đăng ký (có cột "
                              f"{', '.join(sorted(unknown)[:3])}…); CSV chỉ nhập được các "
                              f"nội dung; {MOVE_HINT}.")
    for required in ("kind", "text"):
        if required not in header:
            errors.append(f"dòng 1: thiếu cột '{required}'.")
    if errors:
        raise _csv_errors(path, errors)
    reg = open_register()
    created: dict[str, int] = {}
    updated: dict[str, int] = {}
    with reg.transaction("import", f"Nhập tệp {path.name}"):
        new = _NewFindings(reg)
        for line, cells in enumerate(table, start=2):
            if not any(c.strip() for c in cells):
                continue
            _csv_row(reg, line, header, cells, errors, created, updated, new)
        if errors:
            raise _csv_errors(path, errors)  # rolls the whole file back
        new.flush()

    from coordtrack.register.records import change_summary

    return change_summary(created, updated, unchanged="không có nội dung nào")


def _csv_errors(path: Path, errors: list[str]) -> CoordtrackError:
    lines = "\n".join(f"  - {e}" for e in errors)
    return CoordtrackError(f"Tệp {path} có {len(errors)} lỗi, chưa nhập gì:\n{lines}")


def _csv_row(reg: Register, line: int, header: list[str | None], cells: list[str],
             errors: list[str], created: dict[str, int], updated: dict[str, int],
             new: _NewFindings) -> None:
    if len(cells) > len(header):
        errors.append(f"dòng {line}: có {len(cells)} ô, nhiều hơn số cột ({len(header)}).")
        return
    raw = {name: unneutralise(vi.clean(cell)) for name, cell in zip(header, cells, strict=False)
           if name and name != "id" and cell.strip()}
    kind = FINDING_KIND_ALIASES.get((raw.pop("kind", "") or "").lower())
    if kind is None:
        errors.append(f"dòng {line}, cột 'kind': phải là một trong: {', '.join(FINDING_KINDS)}.")
        return
    rt = RECORD_TYPES[kind]
    uid = raw.pop("uid", None)
    values: dict[str, Any] = {}
    coerced: dict[str, Any] = {}
    bad = False
    for name, value in raw.items():
        try:
            field = rt.field(name)
        except KeyError:
            errors.append(f"dòng {line}, cột '{name}': không dùng cho {rt.label}.")
            bad = True
            continue
        if field.is_link:
            value = _split_list(value)
        # A province's CSV names the same meetings and bodies thousands of times.
        key = (name, value if isinstance(value, str) else tuple(value))
        try:
            if key in new.memo:
                stored = new.memo[key]
            else:
                stored = records.coerce(reg, field, value)
                if field.type not in UNREPEATED_TYPES:
                    new.memo[key] = stored
        except CoordtrackError as exc:
            errors.append(f"dòng {line}, cột '{name}': {exc.message}")
            bad = True
            continue
        values[name] = value
        coerced[name] = stored
    if "text" not in values and not any(e.startswith(f"dòng {line}, cột 'text'")
                                        for e in errors):
        errors.append(f"dòng {line}, cột 'text': không được để trống.")
        bad = True
    if bad or errors:
        return  # nothing is written once any row is bad; keep checking the rest
    if uid in new.uids:
        new.flush()  # the file names this uid twice: the second row edits the first
    existing = reg.scalar("SELECT id FROM findings WHERE uid = ?", (uid,)) if uid else None
    if existing is not None:
        if reg.scalar("SELECT kind FROM findings WHERE id = ?", (existing,)) != kind:
            errors.append(f"dòng {line}, cột 'uid': {uid} là nội dung loại khác.")
            return
        if records.edit(reg, rt, existing, values):
            updated[kind] = updated.get(kind, 0) + 1
        return
    new.add(rt, values, uid, coerced)
    created[kind] = created.get(kind, 0) + 1

