"""The register file: opening, pragmas, schema versions, transactions and the change log.

Every write goes through `Register.transaction()`, which begins with BEGIN IMMEDIATE: under WAL
a deferred transaction that reads and then writes fails at once with "database is locked",
whatever the busy timeout. Inserts, updates and deletes made through the register are logged
row by row, so that `history` can show them and `undo` can reverse them.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from coordtrack.errors import CoordtrackError
from coordtrack.files import os_error_text
from coordtrack.register import OPEN_REGISTERS

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables whose ids are record numbers a clerk types; they are never reused (migration m005).
RECORD_TABLES = ("bodies", "people", "agreements", "meetings", "findings")
BUSY_TIMEOUT_SECONDS = 10.0
# Rows sampled per index by ANALYZE: enough for the planner, milliseconds on a million rows.
ANALYSIS_LIMIT = 400


_STAMP: tuple[int, str] = (0, "")


def now_iso() -> str:
    # A bulk import stamps 100,000 rows: the text is made once per second, not per row.
    global _STAMP
    second = int(time.time())
    if _STAMP[0] != second:
        _STAMP = (second, datetime.fromtimestamp(second).astimezone().isoformat())
    return _STAMP[1]


def _disk_nearly_full(path: Path | str) -> bool:
    import shutil

    folder = Path(path).parent if str(path) else Path.cwd()
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def translate_error(exc: sqlite3.Error, path: Path | str) -> CoordtrackError:
    """SQLite's English error as the Vietnamese message a clerk can act on."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return CoordtrackError(
            f"Sổ đăng ký {path} đang bị một tiến trình khác khóa; vui lòng thử lại sau ít phút.",
            code="register_locked")
    if "readonly" in text or "read-only" in text:
        return CoordtrackError(f"Không ghi được vào sổ đăng ký {path}: tệp hoặc thư mục chỉ đọc.",
                               code="register_read_only")
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return CoordtrackError(
            f"Tệp {path} không phải sổ đăng ký coordtrack hợp lệ (tệp SQLite bị hỏng hoặc "
            "không phải SQLite).", code="not_a_register")
    if "unable to open" in text:
        return CoordtrackError(
            f"Không mở được sổ đăng ký {path}: kiểm tra đường dẫn và quyền truy cập.",
            code="register_unopenable")
    if "disk is full" in text or getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or (
            "disk I/O error" in text and _disk_nearly_full(path)):
        # SQLite reports ENOSPC while writing its WAL as a plain I/O error.
        return CoordtrackError(f"Không ghi được sổ đăng ký {path}: ổ đĩa đã đầy.", code="disk_full")
    if "disk I/O error" in text:
        return CoordtrackError(f"Lỗi đọc/ghi ổ đĩa ở sổ đăng ký {path} (ổ đĩa hỏng, bị rút ra hoặc "
                               "thư mục mạng mất kết nối).", code="disk_io")
    if "Could not decode to UTF-8" in text:
        column = re.search(r"column '([^']+)'", text)
        where = f" (cột {column[1]})" if column else ""
        named = f" {path}" if str(path) else ""  # a row read after the query has no path
        return CoordtrackError(f"Sổ đăng ký{named} có văn bản không phải UTF-8 hợp lệ{where}; "
                               "chạy coordtrack check để xem bản ghi nào.", code="bad_text")
    return CoordtrackError(f"Lỗi cơ sở dữ liệu ở sổ đăng ký {path}: {text}", code="database")


class Register:
    """An open register file. Use `open_register()` rather than constructing it directly."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.conn = conn
        self.path = path
        self._changes: list[dict[str, Any]] | None = None
        self._command: str | None = None
        self.wrote = False

    # -- reading ---------------------------------------------------------------------------
    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        try:
            cur = self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise translate_error(exc, self.display_path) from exc
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def iter_rows(self, sql: str, params: Any = ()) -> Iterator[dict[str, Any]]:
        """Rows one at a time; the query runs (and fails) now, not at the first row."""
        try:
            cur = self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise translate_error(exc, self.display_path) from exc
        names = [d[0] for d in cur.description]
        return (dict(zip(names, row, strict=True)) for row in cur)

    def iter_rows_plain(self, sql: str, params: Any = ()) -> Iterator[tuple]:
        """Rows as SQLite's tuples, one at a time; the query runs (and fails) now."""
        try:
            return iter(self.conn.execute(sql, params))
        except sqlite3.Error as exc:
            raise translate_error(exc, self.display_path) from exc

    def one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def get(self, table: str, row_id: int) -> dict[str, Any] | None:
        return self.one(f"SELECT * FROM {table} WHERE id = ?", (row_id,))

    @property
    def display_path(self) -> str:
        return str(self.path) if self.path else "(tạm trong bộ nhớ)"

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self, command: str, summary: str = "", log: bool = True) -> Iterator[Register]:
        """One all-or-nothing write. Nested calls join the outer transaction."""
        if self._changes is not None:
            yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate_error(exc, self.display_path) from exc
        self._changes = []
        self._command = command
        self.summary = summary
        try:
            yield self
            if log and self._changes:
                self.write_history(command, self.summary)
            self.conn.execute("COMMIT")
            self.wrote = self.wrote or bool(self._changes)
        except BaseException as exc:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise translate_error(exc, self.display_path) from exc
            raise
        finally:
            self._changes = None
            self._command = None

    def _require_transaction(self) -> list[dict[str, Any]]:
        if self._changes is None:
            raise RuntimeError("writes must happen inside Register.transaction()")
        return self._changes

    def require_transaction(self) -> None:
        """Fail (a programming error) unless a transaction is open."""
        self._require_transaction()

    @property
    def change_count(self) -> int:
        """How many changes the open transaction has logged so far (0 outside one)."""
        return len(self._changes or [])

    def log_change(self, change: dict[str, Any]) -> None:
        """Log a change made outside insert/update/delete (the bulk path's id ranges), so
        that `history` shows it and `undo` can take it back."""
        self._require_transaction().append(change)

    def write_history(self, command: str, summary: str) -> int:
        """Write the open transaction's changes to the history now; returns the entry's id.

        `transaction()` does this itself at commit; a transaction opened with log=False
        (undo) calls it to know the new entry's id before the transaction ends.
        """
        changes = self._require_transaction()
        return self.conn.execute(
            "INSERT INTO history (at, command, summary, changes) VALUES (?, ?, ?, ?)",
            (now_iso(), command, summary, json.dumps(changes, ensure_ascii=False)),
        ).lastrowid

    def next_id(self, table: str) -> int:
        """The number a new record of `table` gets: above every number ever used (m005)."""
        highest = self.scalar(f"SELECT coalesce(max(id), 0) FROM {table}")
        try:
            retired = self.scalar("SELECT last_id FROM retired_ids WHERE tbl = ?", (table,))
        except sqlite3.OperationalError:  # a register still at an older schema (tests)
            retired = None
        return max(highest, retired or 0) + 1

    def insert(self, table: str, values: dict[str, Any]) -> int:
        changes = self._require_transaction()
        if "id" not in values and table in RECORD_TABLES:
            values = {"id": self.next_id(table), **values}
        cols = list(values)
        sql = (
            f"INSERT INTO {table} ({', '.join(cols)}) "
            f"VALUES ({', '.join('?' for _ in cols)})"
        )
        row_id = self.conn.execute(sql, [values[c] for c in cols]).lastrowid
        changes.append({"table": table, "op": "insert", "id": row_id, "before": None,
                        "after": self.get(table, row_id)})
        return row_id

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        changes = self._require_transaction()
        before = self.get(table, row_id)
        if before is None:
            raise CoordtrackError(f"Không tìm thấy bản ghi #{row_id} trong bảng {table}.")
        values = {k: v for k, v in values.items() if before.get(k) != v}
        if not values:
            return
        assignments = ", ".join(f"{c} = ?" for c in values)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )
        changes.append({"table": table, "op": "update", "id": row_id, "before": before,
                        "after": self.get(table, row_id)})

    def delete(self, table: str, row_id: int) -> None:
        changes = self._require_transaction()
        before = self.get(table, row_id)
        if before is None:
            return
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        changes.append({"table": table, "op": "delete", "id": row_id, "before": before,
                        "after": None})

    def close(self) -> None:
        if self.wrote:
            # Keeps the planner's statistics current as the register grows; SQLite's
            # recommended way, cheap when nothing changed much (and capped by the limit).
            try:
                self.conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                self.conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
        self.conn.close()
        if self in OPEN_REGISTERS:
            OPEN_REGISTERS.remove(self)

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise CoordtrackError(f"Không đọc được sổ đăng ký {path}: {os_error_text(exc)}.") from exc
    if head and head != SQLITE_HEADER:
        raise CoordtrackError(
            f"Tệp {path} không phải sổ đăng ký coordtrack (không phải cơ sở dữ liệu SQLite)."
        )


def _create_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The register holds names and internal assessments: readable by its owner only.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise CoordtrackError(
            f"Không tạo được sổ đăng ký {path}: {os_error_text(exc)}."
        ) from exc


def busy_timeout() -> float:
    # Cron and a clerk share one file: wait for the other writer rather than fail at once.
    try:
        return float(os.environ.get("COORDTRACK_BUSY_TIMEOUT", BUSY_TIMEOUT_SECONDS))
    except ValueError:
        return BUSY_TIMEOUT_SECONDS


def connect(target: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target, timeout=busy_timeout(), isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_read_only(path: Path) -> Register:
    """An existing, already upgraded register that nothing can write through (`serve`).

    SQLite's mode=ro: reads see what coordtrack commands commit meanwhile, unlike an
    immutable open, which would read a file changing under it.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           timeout=busy_timeout(), isolation_level=None,
                           check_same_thread=False)
    return Register(conn, path)


def _fingerprint(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _untouched(path: Path, before: tuple[int, int] | None) -> str:
    """Whether refusing the file left it as it was: SQLite folds a -wal file lying beside
    it into it on open (a backup copied over a register whose old -wal stayed behind)."""
    if _fingerprint(path) == before:
        return " Tệp không bị thay đổi."
    return (f" Lưu ý: SQLite đã gộp tệp nhật ký {path.name}-wal có sẵn bên cạnh vào tệp, nên "
            "tệp đã thay đổi; để thay sổ đăng ký bằng một bản sao lưu, hãy dùng: "
            "coordtrack restore TỆP_SAO_LƯU.")


def open_register(path: Path | None, *, write: bool = True) -> Register:
    """Open (and on a write, create and migrate) the register at `path`.

    A read of a register that does not exist yet is served from an empty in-memory one, so
    that `list` on a new machine answers "nothing yet" without leaving a file behind.
    """
    from coordtrack.register import migrations

    if path is None or (not write and not path.exists()):
        conn = connect(":memory:")
        register = Register(conn, None)
        migrations.migrate(register, backup=False)
        OPEN_REGISTERS.append(register)
        return register
    if path.exists():
        if path.is_dir():
            raise CoordtrackError(f"{path} là một thư mục, không phải tệp sổ đăng ký.")
        check_header(path)
    elif write:
        _create_file(path)
    before = _fingerprint(path)
    try:
        conn = connect(path)
        register = Register(conn, path)
        OPEN_REGISTERS.append(register)
        try:
            migrations.check_compatible(register)
        except CoordtrackError as exc:
            register.close()
            raise CoordtrackError(exc.message + _untouched(path, before),
                                  code=exc.code) from None
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError:
            mode = None  # a read-only file or folder cannot switch; reads still work
        del mode
        migrations.migrate(register, backup=True, write=write)
    except sqlite3.Error as exc:
        raise translate_error(exc, path) from exc
    return register
