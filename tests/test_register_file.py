"""The register file itself: where it lives, how it is created, what it refuses to touch."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys

import pytest
from conftest import Cli


def test_created_on_first_write_with_its_folders(tmp_path):
    path = tmp_path / "a" / "b" / "register.db"
    cli = Cli(path)
    assert cli("body", "list").exit_code == 1
    assert not path.exists(), "a read must not create the register"
    cli.ok("body", "add", "Văn phòng Huyện ủy")
    assert path.exists()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"bodies", "people", "agreements", "meetings", "findings", "migrations",
            "history"} <= names


def test_register_path_resolution(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from coordtrack.cli import app

    runner = CliRunner()
    data_home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert runner.invoke(app, ["body", "add", "A"]).exit_code == 0
    default = list(tmp_path.rglob("coordtrack.db"))
    assert len(default) == 1
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'db = "{(tmp_path / "from-config.db").as_posix()}"\n', encoding="utf-8")
    assert runner.invoke(app, ["body", "add", "B"]).exit_code == 0
    assert (tmp_path / "from-config.db").exists()
    monkeypatch.setenv("COORDTRACK_DB", str(tmp_path / "from-env.db"))
    assert runner.invoke(app, ["body", "add", "C"]).exit_code == 0
    assert (tmp_path / "from-env.db").exists()
    assert runner.invoke(app, ["--db", str(tmp_path / "from-flag.db"), "body", "add", "D"]
                         ).exit_code == 0
    assert (tmp_path / "from-flag.db").exists()
    assert sqlite3.connect(tmp_path / "from-env.db").execute(
        "SELECT name FROM bodies").fetchall() == [("C",)]


def _refuses(cli, message):
    before = cli.db.read_bytes()
    result = cli("body", "add", "Văn phòng")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert cli.db.read_bytes() == before


def test_not_sqlite_is_refused(cli):
    cli.db.write_text("đây là một tệp văn bản, không phải cơ sở dữ liệu\n" * 20, "utf-8")
    _refuses(cli, "không phải cơ sở dữ liệu SQLite")


def test_truncated_register_is_refused(cli):
    cli.ok("body", "add", "Văn phòng Huyện ủy")
    conn = sqlite3.connect(cli.db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = cli.db.read_bytes()
    cli.db.write_bytes(data[: len(data) // 3])
    result = cli("body", "list")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "không phải sổ đăng ký coordtrack hợp lệ" in result.stderr


def test_other_sqlite_database_is_refused(cli):
    conn = sqlite3.connect(cli.db)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    _refuses(cli, "không phải sổ đăng ký")


def test_newer_register_is_refused_and_untouched(cli):
    cli.ok("body", "add", "Văn phòng Huyện ủy")
    conn = sqlite3.connect(cli.db)
    conn.execute("INSERT INTO migrations (name, applied_at) VALUES ('m999_future', 'x')")
    conn.commit()
    conn.close()
    _refuses(cli, "phiên bản coordtrack mới hơn")


def test_directory_as_register(cli, tmp_path):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    result = Cli(folder)("body", "list")
    assert result.exit_code == 1 and "là một thư mục" in result.stderr


def test_locked_register_says_so(cli, monkeypatch):
    cli.ok("body", "add", "Văn phòng Huyện ủy")
    monkeypatch.setenv("COORDTRACK_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(cli.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("body", "add", "Văn phòng Tỉnh ủy")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "đang bị một tiến trình khác khóa" in result.stderr
    assert cli.count("bodies") == 1


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root ignores file permissions")
def test_read_only_register(cli):
    cli.ok("body", "add", "Văn phòng Huyện ủy")
    cli.db.chmod(0o400)
    result = cli("body", "add", "Văn phòng Tỉnh ủy")
    assert result.exit_code == 1 and "chỉ đọc" in result.stderr


def test_foreign_keys_are_enforced(cli):
    cli.ok("body", "add", "Văn phòng Huyện ủy")
    from coordtrack.errors import CoordtrackError
    from coordtrack.register.file import open_register

    reg = open_register(cli.db)
    with pytest.raises(CoordtrackError, match="FOREIGN KEY"), reg.transaction("test"):
        reg.insert("people", {"uid": "x", "name": "A", "body_id": 999,
                              "created_at": "t", "updated_at": "t"})
    reg.close()
    assert cli.count("people") == 0


def test_init_and_status(cli):
    result = cli("status")
    assert result.exit_code == 1 and "Chưa có sổ đăng ký" in result.stderr
    assert cli.ok("init").strip() == str(cli.db)
    cli.import_fixture()
    status = cli.ok("status")
    from coordtrack.register.migrations import MIGRATIONS

    assert MIGRATIONS[-1].__name__ in status
    assert "Tồn tại chưa khắc phục  7" in status
    assert "23/5/2024" in status


def test_verbose_names_the_register_on_stderr(cli):
    cli.ok("init")
    result = cli("--verbose", "body", "list")
    assert result.exit_code == 0
    assert f"Sổ đăng ký: {cli.db} (theo --db)" in result.stderr
    assert str(cli.db) not in result.stdout


def test_read_only_register_says_so_even_as_root(cli, monkeypatch):
    """Root ignores file modes, so the OS refusal is simulated with SQLite's read-only mode."""
    import coordtrack.register.file as db

    cli.ok("body", "add", "Văn phòng Huyện ủy")
    real_connect = db.connect

    def read_only(target):
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn if target != ":memory:" else real_connect(target)

    monkeypatch.setattr(db, "connect", read_only)
    result = cli("body", "add", "Văn phòng Tỉnh ủy")
    assert result.exit_code == 1
    assert "chỉ đọc" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Văn phòng Huyện ủy" in cli.ok("body", "list")
    monkeypatch.setattr(db, "connect", real_connect)
    assert cli.count("bodies") == 1
