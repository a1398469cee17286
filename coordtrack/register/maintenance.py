"""Backups and integrity checks of the register file."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

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
    if target.exists() and not force:
        raise CoordtrackError(f"Tệp {target} đã có; dùng --force để ghi đè.")
    if target.resolve() == source.resolve():
        raise CoordtrackError("Tệp sao lưu không được trùng với sổ đăng ký.")
    folder = target.parent
    if not folder.is_dir():
        raise CoordtrackError(f"Không có thư mục {folder}.")
    tmp = _temp_beside(target)
    try:
        src = connect(source)
        try:
            _copy_into(src, tmp, lambda _dest: None)
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


def _temp_beside(target: Path) -> str:
    """A private temporary file in the target's folder (so os.replace is one rename)."""
    remove_stale_temps(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise CoordtrackError(f"Không ghi được vào {target.parent}: {os_error_text(exc)}.") from exc
    return tmp


def _copy_into(src: sqlite3.Connection, tmp: str, inspect: Callable[[sqlite3.Connection], Any]):
    """SQLite's online backup of `src` into `tmp`, then `inspect(copy)` before it closes."""
    dest = sqlite3.connect(tmp)
    try:
        src.backup(dest)
        # A single file is easier to carry around than one with a -wal beside it.
        dest.execute("PRAGMA journal_mode = DELETE")
        return inspect(dest)
    finally:
        dest.close()


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
    """Run SQLite's integrity and foreign-key checks and check the search indexes; raise
    with every problem, if any."""
    from coordtrack.register.file import translate_error

    _existing_register(path)
    hint = ""
    try:
        conn = connect(path)
        try:
            found = problems(conn)
            from coordtrack.register.migrations import pending_migrations

            # An older register gets this version's indexes when it is upgraded (next open).
            if not found and not pending_migrations(conn):
                found = search_index_problems(conn)
                hint = f"\n{REINDEX_HINT}" if found else ""
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise translate_error(exc, path) from exc
    if found:
        raise CoordtrackError(f"Sổ đăng ký {path} có {len(found)} lỗi:\n{_listing(found)}{hint}")
    return "Sổ đăng ký không có lỗi."


# -- the search indexes --------------------------------------------------------------------------
# Each index holds every word twice, spelt with d and with đ (migrations.fts_values_sql), so
# FTS5's own 'rebuild' (`sqlite-utils rebuild-fts`) would index the bare text and leave the
# delete triggers removing tokens that are not there. `rebuild_search` builds them the way
# the triggers do; `search_index_problems` compares each with what it should hold.
REINDEX_HINT = ("Dựng lại chỉ mục tìm kiếm bằng: coordtrack reindex (không dùng sqlite-utils "
                "rebuild-fts).")
SEARCH_TRIGGERS = ("ai", "ad", "au")


def _fts_integrity(conn: sqlite3.Connection, fts: str) -> bool:
    # rank 0: the index's own structure. rank 1 would compare it with the bare text of the
    # content table, which never matches an index that holds the second spelling.
    try:
        conn.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 0)")
    except sqlite3.DatabaseError:
        return False
    return True


def search_index_problems(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with the search indexes of an open register (empty when nothing is)."""
    from coordtrack.register.migrations import FTS_COLUMNS, fts_table, fts_values_sql

    found: list[str] = []
    triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master "
                                               "WHERE type = 'table'")}
    for table in FTS_COLUMNS:
        fts, label = fts_table(table), f"bảng {table} ({TABLE_LABELS[table]})"
        if fts not in tables:
            found.append(f"Chỉ mục tìm kiếm của {label} không còn (bảng {fts}).")
            continue
        wanted = {"ai": "new", "ad": "old", "au": "old"}
        wrong = [f"{table}_{s}" for s, p in wanted.items()
                 if fts_values_sql(table, p) not in (triggers.get(f"{table}_{s}") or "")]
        if wrong:
            found.append(f"Lệnh tự động (trigger) giữ chỉ mục tìm kiếm của {label} bị thiếu "
                         f"hoặc đã bị thay: {', '.join(wrong)}.")
        if not _fts_integrity(conn, fts):
            found.append(f"Chỉ mục tìm kiếm của {label} bị hỏng (SQLite kiểm tra thấy lỗi).")
            continue
        differ = _index_differences(conn, table)
        if differ:
            found.append(f"Chỉ mục tìm kiếm của {label} không khớp với dữ liệu của bảng: "
                         f"{differ} từ được lập chỉ mục khác (thiếu dạng viết đ/d, hoặc có "
                         "bản ghi được sửa mà chỉ mục không theo).")
    return found


def _index_differences(conn: sqlite3.Connection, table: str) -> int:
    """How many words (term, rows, occurrences) differ between the index of `table` and an
    index built afresh, in memory, from the table as the triggers would build it."""
    from coordtrack.register.migrations import FTS_COLUMNS, fts_table, fts_values_sql

    cols = ", ".join(FTS_COLUMNS[table])
    temp = ("search_expected", "search_expected_vocab", "search_live_vocab")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE temp.search_expected USING fts5({cols}, "
                     "content='', tokenize='unicode61 remove_diacritics 2')")
        conn.execute(f"INSERT INTO temp.search_expected (rowid, {cols}) "
                     f"SELECT {fts_values_sql(table, 't')} FROM main.{table} t")
        conn.execute("CREATE VIRTUAL TABLE temp.search_expected_vocab "
                     "USING fts5vocab(temp, search_expected, row)")
        conn.execute("CREATE VIRTUAL TABLE temp.search_live_vocab "
                     f"USING fts5vocab(main, {fts_table(table)}, row)")
        live = "SELECT term, doc, cnt FROM temp.search_live_vocab"
        expected = "SELECT term, doc, cnt FROM temp.search_expected_vocab"
        return conn.execute(f"SELECT (SELECT count(*) FROM ({live} EXCEPT {expected})) + "
                            f"(SELECT count(*) FROM ({expected} EXCEPT {live}))").fetchone()[0]
    finally:
        for name in reversed(temp):
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


def rebuild_search(reg) -> list[str]:
    """Build the three search indexes and their triggers afresh, then check each one.

    The index tables are dropped and created as this version makes them, so an index that
    `sqlite-utils rebuild-fts`, `disable-fts` or `enable-fts` changed comes back right.
    Returns one Vietnamese line per index.
    """
    from coordtrack.register.migrations import FTS_COLUMNS, create_fts, fill_fts, fts_table
    from coordtrack.vietnamese import number

    done: list[str] = []
    conn = reg.conn
    with reg.transaction("reindex", "Dựng lại chỉ mục tìm kiếm", log=False):
        for table in FTS_COLUMNS:
            fts, label = fts_table(table), f"bảng {table} ({TABLE_LABELS[table]})"
            for suffix in SEARCH_TRIGGERS:
                conn.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
            conn.execute(f"DROP TABLE IF EXISTS {fts}")
            create_fts(conn, table)
            fill_fts(conn, table)
            if not _fts_integrity(conn, fts):
                raise CoordtrackError(f"Dựng lại chỉ mục tìm kiếm của {label} không thành "
                                      "(SQLite kiểm tra thấy lỗi); sổ đăng ký không bị "
                                      "thay đổi.")
            rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            done.append(f"Đã dựng lại chỉ mục tìm kiếm của {label}: {number(rows)} bản ghi, "
                        "mỗi chữ cả dạng viết đ và d; đã kiểm tra, không có lỗi.")
    return done


def _listing(found: list[str], limit: int = 100) -> str:
    listing = "\n".join(f"  - {p}" for p in found[:limit])
    more = f"\n  (và {len(found) - limit} lỗi khác)" if len(found) > limit else ""
    return listing + more


# -- restore -------------------------------------------------------------------------------------
SIDE_FILES = ("-wal", "-shm", "-journal")


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def restore(backup_path: str | Path, register: Path) -> list[str]:
    """Replace the register with a checked copy of a backup; what was there is kept aside.

    Copying a backup over a register by hand leaves the old `-wal` beside it, and SQLite
    folds that into the copy on the next open: a damaged register. Here the backup is read
    without touching its side files (SQLite's immutable mode), copied and checked in a
    temporary file, and only then are the old register and its side files moved aside, as a
    set, before the copy takes its place. Returns what was done, one Vietnamese line each.

    Run it while no one else uses the register: a process that has the old file open keeps
    writing into the file that was moved aside.
    """
    from coordtrack.register import migrations
    from coordtrack.register.file import Register, translate_error

    source = Path(backup_path).expanduser()
    if not source.exists():
        raise CoordtrackError(f"Không tìm thấy bản sao lưu {source}.")
    _existing_register(source)
    refuse_unusual_target(source)
    if register.exists() and source.resolve() == register.resolve():
        raise CoordtrackError("Bản sao lưu chính là sổ đăng ký đang dùng; hãy chọn tệp khác.")
    wal = _side(source, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise CoordtrackError(
            f"Bên cạnh {source} có tệp nhật ký {wal.name}: đó là một sổ đăng ký đang dùng dở, "
            f"không phải bản sao lưu. Hãy tạo bản sao lưu từ nó: coordtrack --db {source} "
            "backup TỆP, rồi khôi phục từ tệp đó.")
    folder = register.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)  # a new machine: the data folder is not there
    except OSError as exc:
        raise CoordtrackError(f"Không tạo được thư mục {folder}: {os_error_text(exc)}.") from exc
    tmp = _temp_beside(register)

    def inspect(copy: sqlite3.Connection) -> tuple[list[str], list[int]]:
        found = problems(copy)
        if found:
            return found, []
        migrations.check_compatible(Register(copy, source))
        return [], [copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("meetings", "findings")]

    try:
        try:
            # immutable: the backup's own side files are neither read nor written.
            src = sqlite3.connect(f"{source.resolve().as_uri()}?immutable=1", uri=True)
            try:
                found, counts = _copy_into(src, tmp, inspect)
            finally:
                src.close()
        except sqlite3.DatabaseError as exc:
            raise translate_error(exc, source) from None
        if found:
            raise CoordtrackError(f"Bản sao lưu {source} có lỗi nên không khôi phục; sổ đăng ký "
                                  f"không bị thay đổi:\n{_listing(found, 20)}")
        os.chmod(tmp, 0o600)
        done = [f"Đã kiểm tra bản sao lưu {source}: {counts[0]} hội nghị, {counts[1]} nội dung."]
        if register.exists():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = register.with_name(f"{register.name}.truoc-khoi-phuc-{stamp}")
            n = 1
            while any(_side(aside, s).exists() for s in ("", *SIDE_FILES)):
                n += 1  # two restores in one second keep both old registers
                aside = register.with_name(f"{register.name}.truoc-khoi-phuc-{stamp}-{n}")
            os.replace(register, aside)
            done.append(f"Sổ đăng ký cũ được giữ tại {aside}.")
            for suffix in SIDE_FILES:
                side = _side(register, suffix)
                if not side.exists():
                    continue
                if suffix == "-shm":  # an index of the -wal, rebuilt from it when needed
                    side.unlink()
                    done.append(f"Đã xóa tệp {side.name} cũ.")
                else:
                    os.replace(side, _side(aside, suffix))
                    done.append(f"Tệp {side.name} cũ được giữ cùng sổ cũ tại "
                                f"{_side(aside, suffix)}.")
        os.replace(tmp, register)
        done.append(f"Đã khôi phục sổ đăng ký {register} từ {source}.")
        return done
    except OSError as exc:
        _remove(tmp)
        raise CoordtrackError(f"Không khôi phục được vào {register}: "
                              f"{os_error_text(exc)}.") from exc
    except BaseException:
        _remove(tmp)
        raise
