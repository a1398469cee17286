"""The bulk path: many rows of one table in one transaction, at close to raw SQLite speed.

Row-by-row inserts through `Register.insert` log every row for `undo`, which is right for a
clerk's edits and far too slow for a province's ten years. Here rows go in with sqlite-utils'
`insert_all` inside the caller's transaction, the search index is filled once per batch, and
the change log keeps one entry per table naming the id range, which is all `undo` needs to
take an insert back.

`insert_all` is given the rows in its list mode (a first row of column names, then tuples):
with dicts it reached only 0.49x the raw floor at 100,000 findings, in list mode 0.53x, and a
bare `executemany` 0.68x (CPU, median of 3). It converts every cell in Python
(`jsonify_if_needed`), so values must already be what SQLite stores: str, int, float, bytes
or None (the record layer encodes JSON columns).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

from coordtrack.register.file import ANALYSIS_LIMIT, Register
from coordtrack.register.migrations import FTS_COLUMNS, fill_fts

ANALYZE_AFTER = 10_000
# Rows a statement of insert_all writes at once (it keeps under SQLite's variable limit).
BATCH_SIZE = 20_000


def insert_rows(reg: Register, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (tuples in `columns` order) inside the caller's transaction.

    Rows may carry explicit ids, but they must all lie above the table's current maximum so
    that the change log can name them as one contiguous range.
    """
    reg.require_transaction()
    before = reg.scalar(f"SELECT coalesce(max(id), 0) FROM {table}")
    indexed = table in FTS_COLUMNS
    # The search index's insert trigger is set aside for the batch and the rows are indexed
    # in one INSERT … SELECT afterwards. A trigger that writes to an FTS5 table costs a
    # savepoint of that table at every statement, even when its WHEN clause skips the row:
    # 100,000 findings took 6.4 s with the trigger paused, 2.6 s with it absent. The DROP is
    # part of the caller's transaction, so a failed import rolls it back with the rows.
    trigger = reg.scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         (f"{table}_ai",)) if indexed else None
    if trigger:
        reg.conn.execute(f"DROP TRIGGER {table}_ai")
    import sqlite_utils

    db = sqlite_utils.Database(reg.conn, recursive_triggers=False, execute_plugins=False)
    try:
        db.table(table).insert_all(chain([list(columns)], rows), batch_size=BATCH_SIZE)
    finally:
        if trigger:
            reg.conn.execute(trigger)
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
