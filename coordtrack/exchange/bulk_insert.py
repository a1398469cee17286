"""The bulk path: many rows of one table in one transaction, at close to raw SQLite speed.

Row-by-row inserts through `Register.insert` log every row for `undo`, which is right for a
clerk's edits and far too slow for a province's ten years. Here rows go through
`executemany` in chunks, and the change log keeps one entry per table naming the id range,
which is all `undo` needs to take an insert back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from coordtrack.register.file import ANALYSIS_LIMIT, Register
from coordtrack.register.migrations import SEARCH_SOURCES, fill_search_index

CHUNK = 20_000
ANALYZE_AFTER = 10_000


def insert_rows(reg: Register, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (tuples in `columns` order) inside the caller's transaction.

    Rows may carry explicit ids, but they must all lie above the table's current maximum so
    that the change log can name them as one contiguous range.
    """
    reg.require_transaction()
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    before = reg.scalar(f"SELECT coalesce(max(id), 0) FROM {table}")
    indexed = table in SEARCH_SOURCES
    if indexed:
        reg.conn.execute("INSERT INTO search_paused (id) VALUES (1)")
    iterator = iter(rows)
    total = 0
    try:
        while chunk := list(islice(iterator, CHUNK)):
            reg.conn.executemany(sql, chunk)
            total += len(chunk)
    finally:
        if indexed:
            reg.conn.execute("DELETE FROM search_paused")
    if not total:
        return 0
    first = reg.scalar(f"SELECT min(id) FROM {table} WHERE id > ?", (before,))
    last = reg.scalar(f"SELECT max(id) FROM {table}")
    if last - first + 1 != total:
        raise RuntimeError(f"bulk insert into {table}: ids are not one contiguous range")
    if indexed:
        fill_search_index(reg.conn, table, (first, last))
    reg.log_change({"table": table, "op": "bulk_insert", "id": None,
                    "first_id": first, "last_id": last, "count": total})
    if total >= ANALYZE_AFTER:
        # A large load changes which index is best; fresh statistics let the planner see it.
        reg.conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        reg.conn.execute(f"ANALYZE {table}")
    return total
