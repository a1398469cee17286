"""Backups and integrity checks of the register file."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from coordtrack.errors import CoordtrackError
from coordtrack.files import os_error_text, refuse_unusual_target, remove_stale_temps
from coordtrack.register.file import check_header, connect

TABLE_LABELS = {
    "bodies": "cơ quan", "people": "người", "agreements": "quy chế", "meetings": "hội nghị",
    "findings": "nội dung", "history": "lịch sử thay đổi",
    "agreement_parties": "các bên của quy chế", "meeting_organisers": "cơ quan tổ chức hội nghị",
    "meeting_participants": "người dự hội nghị", "meeting_agreements": "quy chế của hội nghị",
    "finding_speakers": "người phát biểu", "finding_owners": "cơ quan thực hiện nhiệm vụ",
}


def _existing_register(path: Path) -> None:
    if not path.exists():
        raise CoordtrackError(f"Chưa có sổ đăng ký {path}.")
    if path.is_dir():
        raise CoordtrackError(f"{path} là một thư mục, không phải tệp sổ đăng ký.")
    check_header(path)


def backup(source: Path, target: str | Path, *, force: bool = False) -> Path:
    """Copy the register with SQLite's online backup, into a temp file moved into place.

    The copy is one step (pages=-1): a consistent snapshot read under WAL while writers carry
    on; a page-by-page copy would restart each time another process commits.
    """
    from coordtrack.register.file import translate_error

    _existing_register(source)
    target = Path(target)
    if target.is_dir():
        raise CoordtrackError(f"{target} là một thư mục; hãy cho tên tệp sao lưu.")
    refuse_unusual_target(target)  # never os.replace a device or FIFO with a file
    remove_stale_temps(target)
    if target.exists() and not force:
        raise CoordtrackError(f"Tệp {target} đã có; dùng --force để ghi đè.")
    if target.resolve() == source.resolve():
        raise CoordtrackError("Tệp sao lưu không được trùng với sổ đăng ký.")
    folder = target.parent
    if not folder.is_dir():
        raise CoordtrackError(f"Không có thư mục {folder}.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise CoordtrackError(f"Không ghi được vào {folder}: {os_error_text(exc)}.") from exc
    try:
        src = connect(source)
        try:
            dest = sqlite3.connect(tmp)
            try:
                src.backup(dest)
                # A single file is easier to carry around than one with a -wal beside it.
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            src.close()
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        _remove(tmp)
        raise translate_error(exc, source) from exc
    except OSError as exc:
        _remove(tmp)
        raise CoordtrackError(f"Không ghi được tệp sao lưu {target}: "
                              f"{os_error_text(exc)}.") from exc
    except BaseException:
        _remove(tmp)
        raise
    return target


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def problems(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with an open register, in plain Vietnamese (empty when nothing is)."""
    found: list[str] = []
    for (message,) in conn.execute("PRAGMA integrity_check"):
        if message != "ok":
            found.append(f"Tệp bị hỏng: {message}.")
    if found:
        return found
    tables = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "migrations" not in tables or "bodies" not in tables:
        return ["Tệp là cơ sở dữ liệu SQLite nhưng không phải sổ đăng ký coordtrack (không có "
                "bảng migrations và bodies)."]
    found.extend(_bad_text(conn, sorted(tables)))
    for table, rowid, parent, _fkid in conn.execute("PRAGMA foreign_key_check"):
        found.append(
            f"Bản ghi #{rowid} trong bảng {table} ({TABLE_LABELS.get(table, table)}) tham chiếu "
            f"tới {TABLE_LABELS.get(parent, parent)} không còn tồn tại (bảng {parent})."
        )
    return found


# Text SQLite stores as given: another tool (or a register written before input was checked)
# may have left bytes that are not UTF-8, which every later read fails on, or control
# characters that break .docx files and terminals.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_TEXT_PROBLEMS = 100


def _bad_text(conn: sqlite3.Connection, tables: list[str]) -> list[str]:
    found: list[str] = []
    for table in tables:
        if table.startswith(("sqlite_", "search_")) or "_fts" in table:
            continue
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')
                   if (row[2] or "").upper() in ("TEXT", "")]
        if not columns:
            continue
        label = TABLE_LABELS.get(table, table)
        # Bytes, not str: decoding in Python names the cell instead of failing the read.
        select = ", ".join(f'CAST("{c}" AS BLOB)' for c in columns)
        cursor = conn.execute(f'SELECT rowid, {select} FROM "{table}"')
        for row in cursor:
            for column, raw in zip(columns, row[1:], strict=True):
                if raw is None:
                    continue
                try:
                    text = bytes(raw).decode("utf-8")
                except UnicodeDecodeError:
                    found.append(f"Bản ghi #{row[0]} trong bảng {table} ({label}), cột {column}: "
                                 "văn bản không phải UTF-8 hợp lệ.")
                else:
                    if _CONTROL.search(text):
                        found.append(f"Bản ghi #{row[0]} trong bảng {table} ({label}), cột "
                                     f"{column}: văn bản chứa ký tự điều khiển.")
                if len(found) >= MAX_TEXT_PROBLEMS:
                    return found
    return found


def check(path: Path) -> str:
    """Run SQLite's integrity and foreign-key checks; raise with every problem, if any."""
    from coordtrack.register.file import translate_error

    _existing_register(path)
    try:
        conn = connect(path)
        try:
            found = problems(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise translate_error(exc, path) from exc
    if found:
        listing = "\n".join(f"  - {p}" for p in found[:100])
        more = f"\n  (và {len(found) - 100} lỗi khác)" if len(found) > 100 else ""
        raise CoordtrackError(f"Sổ đăng ký {path} có {len(found)} lỗi:\n{listing}{more}")
    return "Sổ đăng ký không có lỗi."
