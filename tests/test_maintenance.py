"""backup (online, while another process writes), check, and the backup before an upgrade."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time

from conftest import Cli

from coordtrack.register import migrations
from coordtrack.register.file import open_register

WRITER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    end = time.time() + float(sys.argv[2])
    n = 0
    while time.time() < end:
        conn.execute("BEGIN IMMEDIATE")
        for _ in range(50):
            n += 1
            conn.execute(
                "INSERT INTO findings (uid, kind, meeting_id, text, created_at, updated_at) "
                "VALUES (?, 'kết quả', 1, ?, 'x', 'x')", (f"w-{n}", f"kết quả số {n}"))
        conn.execute("COMMIT")
    print(n)
""")


def integrity(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_backup_while_another_process_writes(cli, tmp_path):
    cli.import_fixture()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(cli.db), "3"],
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.3)
        counts = []
        for i in range(3):
            target = tmp_path / f"copy{i}.db"
            cli.ok("backup", str(target))
            assert integrity(target) == "ok"
            counts.append(sqlite3.connect(target).execute(
                "SELECT count(*) FROM findings").fetchone()[0])
            assert Cli(target).ok("check").strip() == "Sổ đăng ký không có lỗi."
            time.sleep(0.3)
    finally:
        written = int(writer.communicate(timeout=30)[0])
    assert written > 0 and counts == sorted(counts)
    assert not list(tmp_path.glob(".copy*.tmp"))
    assert cli.ok("check").strip() == "Sổ đăng ký không có lỗi."


def test_backup_refuses_to_overwrite_unless_forced(cli, tmp_path):
    cli.import_fixture()
    target = tmp_path / "b.db"
    target.write_text("cũ", encoding="utf-8")
    result = cli("backup", str(target))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "cũ"
    cli.ok("backup", str(target), "--force")
    assert integrity(target) == "ok"
    assert cli("backup", str(tmp_path / "none" / "x.db")).exit_code == 1
    assert cli("backup", str(tmp_path)).exit_code == 1
    missing = Cli(tmp_path / "missing.db")("backup", str(tmp_path / "c.db"))
    assert missing.exit_code == 1 and "Chưa có sổ đăng ký" in missing.stderr


def test_check_names_what_is_wrong(cli, tmp_path):
    cli.import_fixture()
    assert cli.ok("check").strip() == "Sổ đăng ký không có lỗi."
    conn = sqlite3.connect(cli.db)  # foreign keys are off by default in a plain connection
    conn.execute("UPDATE findings SET meeting_id = 999 WHERE id = 3")
    conn.commit()
    conn.close()
    result = cli("check")
    assert result.exit_code == 1
    assert "Bản ghi #3 trong bảng findings" in result.stderr and "hội nghị" in result.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    result = Cli(junk)("check")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    text = tmp_path / "notes.txt"
    text.write_text("không phải sổ", encoding="utf-8")
    assert Cli(text)("check").exit_code == 1


def test_schema_upgrade_backs_up_first(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    reg = open_register(path)
    with reg.transaction("body add"):
        reg.insert("bodies", {"uid": "u1", "name": "Văn phòng Huyện ủy", "created_at": "x",
                              "updated_at": "x"})
        reg.insert("agreements", {"uid": "a1", "title": "Quy chế phối hợp tiếp công dân",
                                  "created_at": "x", "updated_at": "x"})
    reg.close()
    monkeypatch.undo()
    assert not list(tmp_path.glob("*.bak"))
    reg = open_register(path)
    reg.close()
    backups = list(tmp_path.glob("old.db.m001_initial.*.bak"))
    assert len(backups) == 1
    if sys.platform != "win32":
        assert backups[0].stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("SELECT name FROM migrations").fetchall() == [("m001_initial",)]
        assert conn.execute("SELECT name FROM bodies").fetchall() == [("Văn phòng Huyện ủy",)]
    finally:
        conn.close()
    # The upgraded register indexed the existing rows for search.
    assert "Quy chế phối hợp tiếp công dân" in Cli(path).ok("search", "tiep cong dan")
    assert integrity(path) == "ok"


def test_check_reports_text_that_is_not_utf8_or_holds_control_characters(cli):
    cli.ok("body", "add", "Văn phòng Huyện ủy", "--short-name", "VPHU")
    cli.ok("body", "add", "Văn phòng UBND", "--short-name", "VPUB")
    conn = sqlite3.connect(cli.db)  # as another SQLite tool could
    with conn:
        conn.execute("UPDATE bodies SET name = CAST(X'56C3FF' AS TEXT) WHERE id = 1")
        conn.execute("UPDATE bodies SET short_name = 'VP\x1b[31m' WHERE id = 2")
    conn.close()
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Lỗi: Sổ đăng ký {cli.db} có 2 lỗi:\n"
        "  - Bản ghi #1 trong bảng bodies (cơ quan), cột name: văn bản không phải UTF-8 hợp lệ.\n"
        "  - Bản ghi #2 trong bảng bodies (cơ quan), cột short_name: văn bản chứa ký tự điều "
        "khiển.\n")
    listing = cli("body", "list")
    assert listing.stderr == ("Lỗi: Sổ đăng ký có văn bản không phải UTF-8 hợp lệ (cột name); "
                              "chạy coordtrack check để xem bản ghi nào.\n")


def test_check_says_when_a_sqlite_file_is_not_a_register(cli):
    conn = sqlite3.connect(cli.db)
    with conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    result = cli("check")
    assert result.exit_code == 1
    assert "không phải sổ đăng ký coordtrack" in result.stderr


def test_a_full_disk_is_called_a_full_disk(tmp_path, monkeypatch):
    import shutil

    from coordtrack.register.file import translate_error

    full = sqlite3.OperationalError("database or disk is full")
    assert translate_error(full, tmp_path / "r.db").message.endswith("ổ đĩa đã đầy.")
    # SQLite says "disk I/O error" when the WAL write hits ENOSPC: the free space decides.
    io_error = sqlite3.OperationalError("disk I/O error")
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage._replace(free=4096))
    assert translate_error(io_error, tmp_path / "r.db").message == (
        f"Không ghi được sổ đăng ký {tmp_path / 'r.db'}: ổ đĩa đã đầy.")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage._replace(free=10**10))
    assert "disk I/O" not in translate_error(io_error, tmp_path / "r.db").message


def _stale_wal(db, tmp_path, title: str):
    """The -wal a process killed mid-work leaves: committed frames not yet in the file."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    with conn:
        conn.execute("INSERT INTO meetings (uid, title, kind, held_on, created_at, updated_at) "
                     "VALUES (?, ?, 'khác', '2024-03-01', 'x', 'x')", (title, title))
    saved = tmp_path / "saved-wal"
    saved.write_bytes(db.with_name(db.name + "-wal").read_bytes())
    conn.close()
    return saved


def test_restore_checks_the_backup_keeps_the_old_register_and_its_wal(cli, tmp_path):
    cli.ok("meeting", "add", "Hội nghị A", "--date", "1/1/2024")
    backup = tmp_path / "b.db"
    cli.ok("backup", str(backup))
    cli.ok("meeting", "add", "Hội nghị B", "--date", "2/1/2024")
    wal = _stale_wal(cli.db, tmp_path, "Hội nghị C")
    (tmp_path / "register.db-wal").write_bytes(wal.read_bytes())
    result = cli("restore", str(backup))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    aside = next(tmp_path.glob("register.db.truoc-khoi-phuc-*[0-9]"))
    assert lines == [
        f"Đã kiểm tra bản sao lưu {backup}: 1 hội nghị, 0 nội dung.",
        f"Sổ đăng ký cũ được giữ tại {aside}.",
        f"Tệp register.db-wal cũ được giữ cùng sổ cũ tại {aside}-wal.",
        f"Đã khôi phục sổ đăng ký {cli.db} từ {backup}.",
    ]
    assert not (tmp_path / "register.db-wal").exists()
    assert integrity(cli.db) == "ok"
    assert cli.rows("SELECT title FROM meetings") == [("Hội nghị A",)]
    assert cli.ok("check") == "Sổ đăng ký không có lỗi.\n"
    # What was replaced is whole: the old file with its -wal still holds B and C.
    assert {r[0] for r in Cli(aside).rows("SELECT title FROM meetings")} == {
        "Hội nghị A", "Hội nghị B", "Hội nghị C"}
    if sys.platform != "win32":
        assert cli.db.stat().st_mode & 0o777 == 0o600


def test_restore_refuses_a_damaged_or_foreign_backup_and_changes_nothing(cli, tmp_path):
    cli.ok("meeting", "add", "Hội nghị A", "--date", "1/1/2024")
    before = cli.db.read_bytes()
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    conn.close()
    text = tmp_path / "notes.db"
    text.write_text("không phải SQLite", encoding="utf-8")
    for source, fragment in ((other, "không phải sổ đăng ký coordtrack"),
                             (text, "không phải sổ đăng ký coordtrack"),
                             (tmp_path / "none.db", "Không tìm thấy bản sao lưu"),
                             (cli.db, "chính là sổ đăng ký đang dùng")):
        result = cli("restore", str(source))
        assert result.exit_code == 1 and fragment in result.stderr, result.stderr
        assert cli.db.read_bytes() == before
    assert not list(tmp_path.glob("*.truoc-khoi-phuc-*"))
    assert not list(tmp_path.glob(".register.db.*.tmp"))


def test_a_foreign_wal_that_changed_the_file_is_not_called_unchanged(cli, tmp_path):
    # A backup of another SQLite database copied by hand over a file whose -wal stayed.
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    with conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    conn.close()
    wal = _foreign_wal(foreign, tmp_path)
    cli.db.write_bytes(foreign.read_bytes())
    (tmp_path / "register.db-wal").write_bytes(wal)
    result = cli("body", "list")
    assert result.exit_code == 1
    assert "không phải sổ đăng ký" in result.stderr
    assert "không bị thay đổi" not in result.stderr
    assert "SQLite đã gộp tệp nhật ký register.db-wal" in result.stderr
    assert "coordtrack restore" in result.stderr


def _foreign_wal(db, tmp_path) -> bytes:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    with conn:
        conn.execute("CREATE TABLE orders (id INTEGER)")
        conn.execute("INSERT INTO customers VALUES ('x')")
    data = db.with_name(db.name + "-wal").read_bytes()
    conn.close()
    return data
