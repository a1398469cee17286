"""Export (JSON, YAML, CSV for Excel) and import of whole registers, and CSV import of findings.

The JSON/YAML export mirrors the tables, with integer references replaced by the uids of the
rows they point at (`body_id` → `body_uid`), so that it re-imports into any register: rows are
upserted by uid, and the links of a record (parties, organisers, owners…) are keyed by the uid
of their owner. Exports are written row by row, so memory stays flat however large the register.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, UsageError
from coordtrack.exchange.validation import MAX_PROBLEMS, known_keys
from coordtrack.register import records
from coordtrack.register.file import Register, now_iso
from coordtrack.register.recordtypes import (
    FINDING_KIND_ALIASES,
    FINDING_KINDS,
    FINDING_TYPES,
    PARTICIPANT_ROLES,
    RECORD_TYPES,
    RecordType,
    current_code,
    finding_type,
    kind_code,
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
    finding_kinds = [kind_code(k) for k in FINDING_KINDS if k in kinds]
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
def table_query(spec: TableSpec, where: str | None) -> tuple[list[str], str]:
    """The value of each column of one table (references as uids), and the FROM/WHERE."""
    parts, joins = [], []
    for i, col in enumerate(spec.columns):
        if col in spec.refs:
            joins.append(f"LEFT JOIN {spec.refs[col]} j{i} ON j{i}.id = t.{col}")
            parts.append(f"j{i}.uid")
        else:
            parts.append(f"t.{col}")
    return parts, f" FROM {spec.table} t {' '.join(joins)} WHERE {where or 1}"


def iter_table(reg: Register, spec: TableSpec, where: str | None) -> Iterator[dict[str, Any]]:
    """Rows of one table, oldest first, with references as uids."""
    parts, tail = table_query(spec, where)
    keys = spec.keys
    for row in reg.conn.execute(f"SELECT {', '.join(parts)}{tail} ORDER BY t.id"):
        yield dict(zip(keys, row, strict=True))


def json_value_sql(expr: str) -> str:
    """A stored value as JSON text exactly as json.dumps writes it (tested equal): text
    through SQLite's json_quote, which escapes as Python's encoder does. U+0001 for a value
    SQLite would write otherwise (a fraction, a float as large as 1e15, a blob): json_quote
    escapes every control character, so a bare one marks a row for Python to encode (not
    NUL: printf's %s ends at a NUL)."""
    return (f"CASE typeof({expr}) WHEN 'text' THEN json_quote({expr}) "
            f"WHEN 'integer' THEN {expr} WHEN 'null' THEN 'null' "
            f"WHEN 'real' THEN CASE WHEN {expr} <> 0 AND abs({expr}) < 1e15 AND "
            f"{expr} = CAST({expr} AS INTEGER) THEN CAST({expr} AS INTEGER) || '.0' "
            f"ELSE char(1) END ELSE char(1) END")


def _json_rows_sql(spec: TableSpec, where: str | None) -> tuple[str, str]:
    """Each row's id and its JSON object made by SQLite (one printf: a chain of || copies
    the growing text once per piece); and the SELECT of one row's values, for a row that
    Python encodes."""
    parts, tail = table_query(spec, where)
    form = "{" + ", ".join(f"{encode_basestring(key)}: %s" for key in spec.keys) + "}"
    values = ", ".join(json_value_sql(expr) for expr in parts)
    return (f"SELECT t.id, printf('{form.replace(chr(39), chr(39) * 2)}', {values})"
            f"{tail} ORDER BY t.id", f"SELECT {', '.join(parts)}{tail} AND t.id = ?")


def _write_json(out: IO[str], reg: Register, tables: dict[str, TableSpec],
                where: dict[str, str] | None) -> int:
    count = 0
    out.write("{\n" f'  "format": "{FORMAT}",\n'
              f'  "exported_at": {json.dumps(now_iso())},\n  "records": {{')
    # SQLite writes each row's object: turning twenty values a row into Python objects and
    # back into text cost three times what SQLite needs to print them.
    encode = json.JSONEncoder(ensure_ascii=False).encode
    conn = reg.conn
    for n, (table, spec) in enumerate(tables.items()):
        out.write(("," if n else "") + f'\n    "{table}": [')
        rows_sql, one_sql = _json_rows_sql(spec, where and where.get(table))
        keys = spec.keys
        lead = "\n      "
        for row_id, text in conn.execute(rows_sql):
            if "\x01" in text:
                values = conn.execute(one_sql, (row_id,)).fetchone()
                text = encode(dict(zip(keys, values, strict=True)))
            out.write(lead + text)
            lead = ",\n      "
            count += 1
        out.write("]" if lead == "\n      " else "\n    ]")
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
    # A finding's stored code, as the JSON export writes it; other records by their noun, so
    # that the column reads in one language ("cơ quan", "hội nghị", "tồn tại").
    code = rt.finding_kind or rt.label
    types = {f.name: f.type for f in rt.fields}
    lists = [p for p, c in enumerate(columns) if types.get(c) == "list"]
    numbers = [p for p, c in enumerate(columns) if types.get(c) == "number"]
    texts = [p for p, c in enumerate(columns) if c in types and types[c] not in {"number",
                                                                                  "bool"}]
    for values in cur:
        cells = [None if i is None else values[i] for i in pick]
        cells[kind_at] = code
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
# Our own exports start like this; only such a file is read as a stream (any other export,
# hand-made or YAML, is read whole, as before).
EXPORT_START = re.compile(r'\A\ufeff?\s*\{\s*"format"\s*:\s*"coordtrack-export/')
# Every type a value of a flat row may have in JSON or YAML (bool is an int to SQLite).
SCALAR_TYPES = frozenset({str, int, float, bool, type(None), vi.NumberLiteral})
# New rows wait in batches of this many, then go in through the bulk path.
EXPORT_BATCH = 10_000


class ReadWhole(Exception):  # noqa: N818 - a signal, not an error
    """The file is not an export that can be read as a stream (its tables out of order,
    one named twice, no records): read it whole and let `import_source` decide."""


def _errors(errors: list[str], source: str) -> CoordtrackError:
    from coordtrack.exchange.meeting_file import InvalidFile

    return InvalidFile(errors, source)


def _scalar_ok(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float)


# The codes a column may hold, checked before anything is written (findings.kind has a CHECK
# constraint too; meeting_participants.role is checked in Python on every other path).
STORED_CODES = {"findings": {"kind": tuple(FINDING_TYPES)},
                "meeting_participants": {"role": PARTICIPANT_ROLES}}


class _Plan:
    """What checking and writing one table's rows needs, worked out once per table."""

    def __init__(self, spec: TableSpec):
        self.spec = spec
        self.keyset = frozenset(spec.keys)
        self.values_of = itemgetter(*spec.keys)
        self.columns = tuple(spec.columns)
        positions = {col: n for n, col in enumerate(spec.columns)}
        required = [positions[c] for c in spec.columns if c in spec.required]
        self.required = itemgetter(*required) if len(required) > 1 else (
            lambda v, p=required[0]: (v[p],)) if required else (lambda v: ())
        self.uid_at = positions.get("uid")
        self.kind_at = positions.get("kind") if spec.table == "findings" else None
        self.refs = self.refs_of(self.columns)
        self.coded = self.coded_of(self.columns)

    def coded_of(self, columns: tuple[str, ...]) -> list[tuple[int, str, tuple[str, ...]]]:
        """(position, column, the codes it may hold) of each stored code among `columns`."""
        codes = STORED_CODES.get(self.spec.table, {})
        return [(n, c, codes[c]) for n, c in enumerate(columns) if c in codes]

    def refs_of(self, columns: tuple[str, ...]) -> list[tuple[int, str]]:
        """(position, table it points at) of each reference among `columns`."""
        return [(n, self.spec.refs[c]) for n, c in enumerate(columns) if c in self.spec.refs]


class _Importer:
    """Merges an export into the register, table by table in dependency order, row by row
    as they are read: checked, then written in batches on the bulk path.

    Every problem of the file is still found and reported (the shape of each row first, as
    a file with a wrong shape says nothing about its references), and nothing is written
    once one is found: the transaction the caller opened is rolled back.
    """

    def __init__(self, reg: Register, tables: dict[str, TableSpec]):
        self.reg = reg
        self.tables = tables
        self.plans = {t: _Plan(s) for t, s in tables.items()}
        self.unknown: list[str] = []
        self.problems: list[str] = []  # the shape of rows, in the file's order
        self.ref_problems: list[tuple[tuple[int, int, int], str]] = []
        self.seen: dict[str, set[Any]] = {t: set() for t in ENTITY_TABLES}
        self.ids: dict[str, dict[Any, int]] = {t: {} for t in ENTITY_TABLES}
        self.first_new: dict[str, int] = {}  # ids from here on are rows this import added
        self.next_ids: dict[str, int] = {}
        self.kept: set[tuple[str, Any]] = set()  # (table, uid) whose local copy is newer
        self.touched: dict[str, list[int]] = {t: [] for t in ENTITY_TABLES}
        self.created: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        self.counted: set[tuple[str, int]] = set()
        self.pending: list[tuple] = []
        self.pending_to: tuple[str, tuple[str, ...]] | None = None
        self.done: list[str] = []
        self.failed = False  # a problem was found: nothing more is written

    def problem(self, text: str) -> None:
        self.problems.append(text)
        self.failed = True

    def ref_problem(self, spec: TableSpec, i: int, col: str, ref: Any) -> None:
        order = (EXPORT_TABLES.index(spec.table), i, spec.columns.index(col))
        self.ref_problems.append((order, f"records.{spec.table}[{i}]: {spec.key(col)} {ref} "
                                         "không có trong tệp cũng như trong sổ đăng ký."))
        self.failed = True

    # -- reading -------------------------------------------------------------------------
    def section(self, table: str, rows: Any) -> None:
        """One table of the file: `rows` is a list or an iterator of its rows as they are
        read (or whatever else the file holds there)."""
        if table not in self.tables:
            self.unknown.append(f"bảng '{table}' không có trong sổ đăng ký.")
            self.failed = True
            for _ in rows if isinstance(rows, Iterator) else ():
                pass
            return
        if table in self.done or (self.done and EXPORT_TABLES.index(table) <
                                  EXPORT_TABLES.index(self.done[-1])):
            raise ReadWhole(table)
        self.done.append(table)
        if rows is None:
            rows = []
        if not isinstance(rows, list | Iterator):
            self.problem(f"records.{table}: phải là một danh sách.")
        elif table in LINK_OWNERS:
            self.link_rows(self.plans[table], rows)
        else:
            self.entity_rows(self.plans[table], rows)

    def finish(self, source: str) -> None:
        """After the last table: links a file leaves out are links it says are none."""
        for link in LINK_OWNERS:
            if link not in self.done:
                self.done.append(link)
                self.link_rows(self.plans[link], [])
        self.flush()
        if self.unknown or self.problems:
            raise _errors((self.unknown + self.problems)[:MAX_PROBLEMS], source)
        if self.ref_problems:
            raise _errors([p for _, p in sorted(self.ref_problems)][:MAX_PROBLEMS], source)

    def checked(self, plan: _Plan, row: Any, i: int) -> tuple[tuple[str, ...], list] | None:
        """The row's columns and values, or None when it has a problem (reported)."""
        if type(row) is dict and row.keys() == plan.keyset:
            values = plan.values_of(row)
            if SCALAR_TYPES.issuperset(map(type, values)) and \
                    None not in plan.required(values):
                return self.recoded(plan, plan.columns, list(values), i)
        # A row our export would not write: what is wrong with it, in the clerk's words.
        spec = plan.spec
        where = f"records.{spec.table}[{i}]"
        if not isinstance(row, dict):
            self.problem(f"{where}: phải là một bảng khóa: giá trị.")
            return None
        before = len(self.problems)
        values = known_keys(row, where, lambda key: (
            key if spec.column_for(key) is not None else None), self.problems)
        for key, value in values.items():
            if not _scalar_ok(value):
                self.problems.append(f"{where}: '{key}' phải là chữ hoặc số.")
        for col in spec.columns:  # in the table's order, so the report reads the same
            if col in spec.required and row.get(spec.key(col)) is None:
                self.problems.append(f"{where}: thiếu '{spec.key(col)}'.")
        if len(self.problems) > before:
            self.failed = True
            return None
        return self.recoded(plan, tuple(spec.column_for(k) for k in values),
                            list(values.values()), i)

    def recoded(self, plan: _Plan, columns: tuple[str, ...], values: list,
                i: int) -> tuple[tuple[str, ...], list] | None:
        """The row with its codes as stored today: an export written before migration m013
        says "shortcoming" or "chair". None for a code no version wrote (reported)."""
        table = plan.spec.table
        for n, column, allowed in plan.coded if columns is plan.columns else \
                plan.coded_of(columns):
            value = values[n] = current_code(table, column, values[n])
            if value is not None and value not in allowed:
                self.problem(f"records.{table}[{i}]: {column} '{value}' phải là một trong: "
                             f"{', '.join(allowed)}.")
                return None
        return columns, values

    def resolve(self, plan: _Plan, columns: tuple[str, ...], values: list, i: int,
                later: list | None = None) -> bool:
        """Turn the uids a row names into ids; False when one names nothing (reported).
        A uid of the same table not read yet goes to `later` (None meanwhile)."""
        ok = True
        ids = self.ids
        for n, target in plan.refs if columns is plan.columns else plan.refs_of(columns):
            ref = values[n]
            if ref is None:
                continue
            found = ids[target].get(ref)
            if found is None:
                found = self.lookup(target, ref)
                if found is None:
                    if target == plan.spec.table and later is not None:
                        later.append((n, ref))
                    elif ref not in self.seen[target]:  # not a row left unwritten
                        self.ref_problem(plan.spec, i, columns[n], ref)
                        ok = False
            values[n] = found
        return ok

    def lookup(self, table: str, uid: Any) -> int | None:
        found = self.reg.scalar(f"SELECT id FROM {table} WHERE uid = ?", (str(uid),))
        if found is not None:
            self.ids[table][uid] = found
        return found

    # -- entities (rows with a uid) ------------------------------------------------------
    def entity_rows(self, plan: _Plan, rows: Iterable[Any]) -> None:
        table = plan.spec.table
        seen = self.seen[table]
        had_rows = self.reg.scalar(f"SELECT 1 FROM {table} LIMIT 1") is not None
        batch: list[tuple[int, tuple[str, ...], list]] = []
        uid_at = plan.uid_at
        for i, row in enumerate(rows, start=1):
            found = self.checked(plan, row, i)
            if found is not None and found[0] is plan.columns:
                uid = found[1][uid_at]
            else:
                uid = row.get("uid") if isinstance(row, dict) else None
            if isinstance(uid, str):
                if uid in seen:
                    self.problem(f"records.{table}[{i}]: uid {uid} bị lặp lại.")
                    continue
                seen.add(uid)
            if found is None or self.problems or self.unknown:
                continue  # once the shape is wrong, only the shape is checked further
            batch.append((i, *found))
            if len(batch) >= EXPORT_BATCH:
                self.entity_batch(plan, batch, had_rows)
                batch = []
        if batch:
            self.entity_batch(plan, batch, had_rows)
        self.flush()

    def entity_batch(self, plan: _Plan, batch: list, had_rows: bool) -> None:
        table = plan.spec.table
        existing: dict[Any, dict[str, Any]] = {}
        if had_rows:  # which of these uids the register has, hundreds per query
            uids = [str(values[columns.index("uid")]) for _, columns, values in batch]
            for start in range(0, len(uids), 500):
                part = uids[start:start + 500]
                for row in self.reg.rows(f"SELECT * FROM {table} WHERE uid IN "
                                         f"({', '.join('?' * len(part))})", part):
                    existing[row["uid"]] = row
        forward: list[tuple[int, str, Any, int]] = []
        for i, columns, values in batch:
            later: list[tuple[int, Any]] = []
            uid = values[plan.uid_at] if columns is plan.columns else \
                values[columns.index("uid")]
            if not self.resolve(plan, columns, values, i, later) or self.failed:
                self.ids[table].setdefault(uid, 0)  # not written; named by others all the same
                continue
            known = existing.get(str(uid))
            if known is None and table == "bodies":
                known = self.same_body(dict(zip(columns, values, strict=True)), uid)
                if known is False:
                    continue
            if known is None:
                row_id = self.add(table, columns, values)
                self.ids[table][uid] = row_id
                kind = finding_type(values[plan.kind_at] if columns is plan.columns else
                                    values[columns.index("kind")]).name \
                    if table == "findings" else TABLE_KIND[table]
                self.created[kind] = self.created.get(kind, 0) + 1
            else:
                row_id = known["id"]
                self.ids[table][uid] = row_id
                if not self.merge(table, uid, known, dict(zip(columns, values, strict=True)),
                                  {columns[n] for n, _ in later}):
                    continue
            forward += [(row_id, columns[n], ref, i) for n, ref in later]
        if forward:
            self.flush()
            for row_id, col, ref, i in forward:
                self.forward_ref(plan, row_id, col, ref, i)

    def same_body(self, values: dict[str, Any], uid: Any) -> dict[str, Any] | None | bool:
        """Another office's export names the same body under its own uid: one body."""
        existing = self.reg.one("SELECT * FROM bodies WHERE name = ?", (values.get("name"),))
        if existing is not None:
            self.ids["bodies"][uid] = existing["id"]
            self.kept.add(("bodies", uid))
            return False
        clash = values.get("short_name") is not None and self.reg.one(
            "SELECT id, name FROM bodies WHERE short_name = ?", (values["short_name"],))
        if clash:
            raise CoordtrackError(
                f"Cơ quan '{values.get('name')}' trùng tên viết tắt "
                f"'{values['short_name']}' với cơ quan #{clash['id']} ({clash['name']}).")
        return None

    def merge(self, table: str, uid: Any, existing: dict[str, Any], values: dict[str, Any],
              later: set[str]) -> bool:
        """A row the register has: the later change wins. False when the local copy stays."""
        local, theirs = existing.get("updated_at") or "", values.get("updated_at") or ""
        if local > theirs:
            self.kept.add((table, uid))  # the local copy was changed later: it wins
            return False
        self.touched[table].append(existing["id"])
        values = {k: v for k, v in values.items() if k not in later}
        if any(existing.get(k) != v for k, v in values.items()):
            self.reg.update(table, existing["id"], values)
            self.count_update(table, existing["id"])
        return True

    def forward_ref(self, plan: _Plan, row_id: int, col: str, ref: Any, i: int) -> None:
        """A row naming a row of its own table further down the file (a newer agreement
        superseding it), set once the whole table is in."""
        spec = plan.spec
        found = self.ids[spec.table].get(ref)
        if found is None:
            found = self.lookup(spec.table, ref)
        if found is None:
            self.ref_problem(spec, i, col, ref)
        elif not self.failed:
            self.reg.update(spec.table, row_id, {col: found})

    def label(self, table: str, row_id: int) -> str:
        if table == "findings":
            return finding_type(self.reg.scalar("SELECT kind FROM findings WHERE id = ?",
                                                (row_id,))).name
        return TABLE_KIND[table]

    def count_update(self, table: str, row_id: int) -> None:
        if (table, row_id) in self.counted:
            return
        self.counted.add((table, row_id))
        kind = self.label(table, row_id)
        self.updated[kind] = self.updated.get(kind, 0) + 1

    # -- links (rows keyed by their owner's uid) ----------------------------------------
    def link_rows(self, plan: _Plan, rows: Iterable[Any]) -> None:
        """New owners get the file's links; an owner the register had gets them in place of
        its own when they differ (no links in the file: none)."""
        spec = plan.spec
        owner_col = LINK_OWNERS[spec.table]
        owner_table = spec.refs[owner_col]
        first_new = self.first_new.get(owner_table)
        wanted: dict[int, list[dict[str, Any]]] = {}
        for i, row in enumerate(rows, start=1):
            found = self.checked(plan, row, i)
            if found is None or self.problems or self.unknown:
                continue
            columns, values = found
            owner_uid = row.get(spec.key(owner_col))
            if not self.resolve(plan, columns, values, i) or self.failed:
                continue
            owner_id = values[columns.index(owner_col)]
            if first_new is not None and owner_id >= first_new:
                self.add(spec.table, columns, values)  # a new owner: nothing to compare
            elif (owner_table, owner_uid) not in self.kept:
                wanted.setdefault(owner_id, []).append(dict(zip(columns, values, strict=True)))
        self.flush()
        if self.failed:
            return
        owners = list(dict.fromkeys([*self.touched[owner_table], *wanted]))
        compare = [c for c in spec.columns if c != owner_col]
        for start in range(0, len(owners), 500):
            part = owners[start:start + 500]
            current: dict[int, list[dict[str, Any]]] = {}
            for r in self.reg.rows(f"SELECT * FROM {spec.table} WHERE {owner_col} IN "
                                   f"({', '.join('?' * len(part))}) ORDER BY id", part):
                current.setdefault(r[owner_col], []).append(r)
            for owner_id in part:
                have, new = current.get(owner_id, []), wanted.get(owner_id, [])
                if [[r.get(c) for c in compare] for r in have] == \
                        [[n.get(c) for c in compare] for n in new]:
                    continue
                for r in have:
                    self.reg.delete(spec.table, r["id"])
                for n in new:
                    self.reg.insert(spec.table, n)
                self.count_update(owner_table, owner_id)

    # -- writing -------------------------------------------------------------------------
    def add(self, table: str, columns: tuple[str, ...], values: list) -> int | None:
        """Queue a new row for the bulk path; entities get their id now (links name it)."""
        row_id = None
        if table in ENTITY_TABLES:
            if table not in self.next_ids:
                self.next_ids[table] = self.first_new[table] = self.reg.next_id(table)
            row_id = self.next_ids[table]
            self.next_ids[table] += 1
            columns = ("id", *columns)
            values = [row_id, *values]
        if self.pending_to != (table, columns):
            self.flush()  # rows naming other columns would lose their defaults
            self.pending_to = (table, columns)
        self.pending.append(values)
        if len(self.pending) >= EXPORT_BATCH:
            self.flush()
        return row_id

    def flush(self) -> None:
        from coordtrack.exchange.bulk_insert import insert_rows

        if self.pending and self.pending_to is not None:
            table, columns = self.pending_to
            insert_rows(self.reg, table, columns, self.pending)
        self.pending = []

    def summary(self) -> str:
        from coordtrack.register.records import change_summary

        return change_summary(self.created, self.updated)


def _import(reg: Register, source: str, read: Callable[[_Importer], None]) -> str:
    importer = _Importer(reg, specs(reg))
    try:
        with reg.transaction("import", f"Nhập tệp {source}"):
            read(importer)
            importer.finish(source)
    except sqlite3.IntegrityError as exc:
        raise CoordtrackError(f"{source}: dữ liệu vi phạm ràng buộc của sổ đăng ký ({exc}); "
                              "chưa nhập gì.") from exc
    return importer.summary()


def _check_format(value: Any, source: str) -> None:
    if value != FORMAT:
        raise _errors([f"định dạng '{value}' không được hỗ trợ (cần {FORMAT})."], source)


RECORDS_NOT_A_MAPPING = "'records' phải là một bảng khóa: giá trị."


def import_export(reg: Register, doc: dict[str, Any], source: str) -> str:
    """Merge an export read whole into the register by uid, all or nothing; returns a
    Vietnamese summary."""
    _check_format(doc.get("format"), source)
    data = doc.get("records")
    if not isinstance(data, dict):
        raise _errors([RECORDS_NOT_A_MAPPING], source)

    def read(importer: _Importer) -> None:
        for table in data:
            if table not in importer.tables:
                importer.section(table, None)
        for table in EXPORT_TABLES:
            if table in data:
                importer.section(table, data[table])

    return _import(reg, source, read)


def is_export_file(path: str | Path) -> bool:
    """Whether the file starts as coordtrack's own JSON export does."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            return EXPORT_START.match(fh.read(512)) is not None
    except OSError:
        return False


def import_export_file(open_register: Callable[[], Register], path: str) -> str:
    """Merge a JSON export into the register as it is read: however large the file, one
    row of it is held at a time and new rows go in batches on the bulk path. All or
    nothing, as `import_export`. Raises ReadWhole for a file to be read whole instead."""
    from functools import partial

    from coordtrack.exchange.json_reader import JsonSyntaxError, Reader
    from coordtrack.exchange.meeting_file import TOO_DEEP, json_syntax_problem
    from coordtrack.files import read_error

    def read(importer: _Importer) -> None:
        saw_records = False
        for key, _ in top:
            if key != "records":
                reader.value()
                continue
            if saw_records or not reader.is_object():
                raise ReadWhole(key)  # json.loads keeps the last; a non-object: as before
            saw_records = True
            for table, is_array in reader.items():
                importer.section(table, reader.elements() if is_array else reader.value())
        reader.end()
        if not saw_records:
            raise ReadWhole("records")

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = Reader(fh, parse_float=partial(vi.NumberLiteral, machine=True))
            try:
                top = reader.items()
                next(top)
                _check_format(reader.value(), path)
                return _import(open_register(), path, read)
            except JsonSyntaxError as exc:
                raise _errors([json_syntax_problem(exc.line, exc.column)], path) from None
            except RecursionError:
                raise _errors([TOO_DEEP], path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise read_error(Path(path), exc) from None


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

    def __init__(self, reg: Register, header: list[str | None]):
        self.reg = reg
        self.kind_at = header.index("kind")
        self.uid_at = header.index("uid") if "uid" in header else None
        self.kinds: dict[str, str] = {}  # the kind cell as written -> kind ("" if none)
        self.rows: list[dict[str, Any]] = []
        self.links: dict[str, list[dict[str, Any]]] = {}
        self.uids: set[str] = set()
        self.named: set[str] = set()  # every uid the file named so far
        self.positions: dict[int, int] = {}
        # (field, cell as written) -> (value, stored value): a province's CSV names the same
        # meetings, bodies and dates thousands of times. Kinds share a field (meeting) or
        # have their own (each kind's status has its own choices).
        self.memo: dict[tuple[int, str], tuple[Any, Any]] = {}
        self.plans: dict[str, list[tuple[int, str, Any]]] = {}

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
        new = _NewFindings(reg, header)
        uid_at = new.uid_at
        rows = ((line, cells) for line, cells in enumerate(table, start=2)
                if any(c.strip() for c in cells))
        read = 0
        while batch := list(islice(rows, 500)):
            read += len(batch)
            # Which uids of these rows the register has: one query, not one per row.
            uids = {_cell(cells[uid_at]) for _, cells in batch
                    if uid_at is not None and uid_at < len(cells)} - {""}
            have = {r[0]: (r[1], r[2]) for r in reg.conn.execute(
                f"SELECT uid, id, kind FROM findings WHERE uid IN "
                f"({', '.join('?' * len(uids))})", list(uids))} if uids else {}
            for line, cells in batch:
                _csv_row(reg, line, header, cells, errors, created, updated, new, have)
        if errors:
            raise _csv_errors(path, errors)  # rolls the whole file back
        new.flush()

    from coordtrack.register.records import change_summary

    # Rows all as the register has them are "no change", like a re-imported export.
    return change_summary(created, updated,
                          unchanged="không có thay đổi" if read else "không có nội dung nào")


def _csv_errors(path: Path, errors: list[str]) -> CoordtrackError:
    lines = "\n".join(f"  - {e}" for e in errors)
    return CoordtrackError(f"Tệp {path} có {len(errors)} lỗi, chưa nhập gì:\n{lines}")


def _cell(cell: str) -> str:
    """A cell as the clerk meant it: tidied, the spreadsheet's formula guard taken off."""
    return unneutralise(vi.clean(cell))


def _csv_plan(rt: RecordType, header: list[str | None]) -> list[tuple[int, str, Any]]:
    """(position, column, field or None when the kind has no such field) of each column
    a row of this kind may fill; worked out once per kind, not for every row."""
    plan = []
    for n, name in enumerate(header):
        if name in (None, "id", "kind", "uid"):
            continue
        try:
            field = rt.field(name)
        except KeyError:
            field = None
        plan.append((n, name, field))
    return plan


def _csv_row(reg: Register, line: int, header: list[str | None], cells: list[str],
             errors: list[str], created: dict[str, int], updated: dict[str, int],
             new: _NewFindings, have: dict[str, tuple[int, str]]) -> None:
    if len(cells) > len(header):
        errors.append(f"dòng {line}: có {len(cells)} ô, nhiều hơn số cột ({len(header)}).")
        return
    width = len(cells)
    written = cells[new.kind_at] if new.kind_at < width else ""
    kind = new.kinds.get(written)
    if kind is None:
        kind = new.kinds[written] = FINDING_KIND_ALIASES.get(_cell(written).lower(), "")
    if not kind:
        errors.append(f"dòng {line}, cột 'kind': phải là một trong: {', '.join(FINDING_TYPES)}.")
        return
    rt = RECORD_TYPES[kind]
    uid = None
    if new.uid_at is not None and new.uid_at < width:
        uid = _cell(cells[new.uid_at]) or None
    plan = new.plans.get(kind)
    if plan is None:
        plan = new.plans[kind] = _csv_plan(rt, header)
    values: dict[str, Any] = {}
    coerced: dict[str, Any] = {}
    memo = new.memo
    bad = False
    for n, name, field in plan:
        if n >= width:
            break
        cell = cells[n]
        if not cell or cell.isspace():
            continue
        if field is None:
            errors.append(f"dòng {line}, cột '{name}': không dùng cho {rt.label}.")
            bad = True
            continue
        key = (id(field), cell)
        known = memo.get(key)
        if known is None:
            value = _cell(cell)
            if field.is_link:
                value = _split_list(value)
            try:
                known = (value, records.coerce(reg, field, value))
            except CoordtrackError as exc:
                errors.append(f"dòng {line}, cột '{name}': {exc.message}")
                bad = True
                continue
            if field.type not in UNREPEATED_TYPES:
                memo[key] = known
        values[name], coerced[name] = known
    if "text" not in values and not any(e.startswith(f"dòng {line}, cột 'text'")
                                        for e in errors):
        errors.append(f"dòng {line}, cột 'text': không được để trống.")
        bad = True
    if bad or errors:
        return  # nothing is written once any row is bad; keep checking the rest
    if uid in new.uids:
        new.flush()  # the file names this uid twice: the second row edits the first
    existing = None
    if uid in new.named:  # the register's answer may have changed since the batch asked
        found = reg.conn.execute("SELECT id, kind FROM findings WHERE uid = ?",
                                 (uid,)).fetchone()
        existing = tuple(found) if found else None
    elif uid:
        existing = have.get(uid)
    if uid:
        new.named.add(uid)
    if existing is not None:
        if existing[1] != rt.finding_kind:
            errors.append(f"dòng {line}, cột 'uid': {uid} là nội dung loại khác.")
            return
        if records.edit(reg, rt, existing[0], values):
            updated[kind] = updated.get(kind, 0) + 1
        return
    new.add(rt, values, uid, coerced)
    created[kind] = created.get(kind, 0) + 1

