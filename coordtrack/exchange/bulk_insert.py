"""The bulk path: many rows of one table in one transaction, at close to raw SQLite speed.

Row-by-row inserts through `Register.insert` log every row for `undo`, which is right for a
clerk's edits and far too slow for a province's ten years. Here rows go through sqlite-utils'
`insert_all` (multi-row INSERT statements, as large as SQLite allows) inside the caller's
transaction, and the change log keeps one entry per table naming the id range, which is all
`undo` needs to take an insert back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

from coordtrack.register.file import ANALYSIS_LIMIT, Register
from coordtrack.register.migrations import FTS_COLUMNS, fill_fts

# sqlite-utils caps each statement at SQLite's limit of bound variables; a larger batch
# only asks for the largest statements allowed.
BATCH = 20_000
ANALYZE_AFTER = 10_000


def insert_rows(reg: Register, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (tuples in `columns` order) inside the caller's transaction.

    Rows may carry explicit ids, but they must all lie above the table's current maximum so
    that the change log can name them as one contiguous range.
    """
    import sqlite_utils

    reg.require_transaction()
    before = reg.scalar(f"SELECT coalesce(max(id), 0) FROM {table}")
    indexed = table in FTS_COLUMNS
    if indexed:
        reg.conn.execute("INSERT INTO search_paused (id) VALUES (1)")
    # sqlite-utils nests its own work in a savepoint of our transaction; no recursive
    # triggers, no plugins: the connection stays as the register set it up.
    db = sqlite_utils.Database(reg.conn, recursive_triggers=False, execute_plugins=False)
    try:
        db.table(table).insert_all(chain([list(columns)], rows), batch_size=BATCH)
    finally:
        if indexed:
            reg.conn.execute("DELETE FROM search_paused")
    last = reg.scalar(f"SELECT coalesce(max(id), 0) FROM {table}")
    if last == before:
        return 0
    first = reg.scalar(f"SELECT min(id) FROM {table} WHERE id > ?", (before,))
    total = reg.scalar(f"SELECT count(*) FROM {table} WHERE id > ?", (before,))
    if last - first + 1 != total:
        raise RuntimeError(f"bulk insert into {table}: ids are not one contiguous range")
    if indexed:
        fill_fts(reg.conn, table, (first, last))
    reg.log_change({"table": table, "op": "bulk_insert", "id": None,
                    "first_id": first, "last_id": last, "count": total})
    if total >= ANALYZE_AFTER:
        # A large load changes which index is best; fresh statistics let the planner see it.
        reg.conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        reg.conn.execute(f"ANALYZE {table}")
    return total
