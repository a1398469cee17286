"""Cron and a clerk on one file, and a process killed at the worst moment."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import Cli

# Processes racing and being killed take tens of seconds: `pytest -m "not slow"` skips them.
pytestmark = pytest.mark.slow

WORKER = textwrap.dedent("""\
    import sys
    from typer.main import get_command
    from coordtrack.cli import app

    db, worker, count, first_shortcoming = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \\
        int(sys.argv[4])
    command = get_command(app)
    failures = 0
    for i in range(count):
        if i % 10 == 5:
            # read-then-write: look the shortcoming up, then change it
            sid = first_shortcoming + worker * (count // 10) + i // 10
            args = ["shortcoming", "resolve", str(sid), "--on", "1/6/2024"]
        else:
            args = ["achievement", "add", "--meeting", "1", f"kết quả {worker}-{i}"]
        code = command.main(["--db", db, "--quiet", *args], prog_name="coordtrack",
                            standalone_mode=False)
        failures += code != 0
    sys.exit(1 if failures else 0)
    """)
READER = textwrap.dedent("""\
    import sys, pathlib
    from typer.main import get_command
    from coordtrack.cli import app

    db, stop = sys.argv[1], pathlib.Path(sys.argv[2])
    command = get_command(app)
    renders = failures = 0
    while not stop.exists():
        code = command.main(["--db", db, *sys.argv[3:]], prog_name="coordtrack",
                            standalone_mode=False)
        renders += 1
        failures += code != 0
    print(renders)
    sys.exit(1 if failures or not renders else 0)
    """)


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "COORDTRACK_CONFIG": str(tmp_path / "none.toml"), "NO_COLOR": "1"}


def test_four_writers_and_a_report_lose_nothing(cli, tmp_path):
    writers, per_writer = 4, 500
    cli.import_fixture()
    shortcomings = writers * per_writer // 10
    first = None
    for i in range(shortcomings):
        sid = int(cli.ok("shortcoming", "add", "--meeting", "1", f"tồn tại thử {i}").strip())
        first = first or sid
    achievements = cli.count("findings WHERE kind = 'kết quả'")
    (tmp_path / "worker.py").write_text(WORKER, encoding="utf-8")
    (tmp_path / "reader.py").write_text(READER, encoding="utf-8")
    stop = tmp_path / "stop"
    env = _env(tmp_path)
    report = ["report", "news", "--meeting", "1"]
    reader = subprocess.Popen([sys.executable, str(tmp_path / "reader.py"), str(cli.db),
                               str(stop), *report], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    procs = [subprocess.Popen([sys.executable, str(tmp_path / "worker.py"), str(cli.db), str(w),
                               str(per_writer), str(first)], env=env, stderr=subprocess.PIPE,
                              text=True) for w in range(writers)]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    stop.touch()
    out, reader_err = reader.communicate(timeout=120)
    assert all(p.returncode == 0 for p in procs), errors
    assert not any("khóa" in e or "locked" in e for e in errors), errors
    assert reader.returncode == 0, reader_err
    assert int(out.strip().splitlines()[-1]) >= 1
    adds = writers * per_writer * 9 // 10
    assert cli.count("findings WHERE kind = 'kết quả'") == achievements + adds
    assert cli.count("findings WHERE kind = 'tồn tại' AND status = 'đã khắc phục'") == \
        shortcomings
    texts = cli.rows("SELECT count(DISTINCT text) FROM findings WHERE text LIKE 'kết quả %-%'")
    assert texts == [(adds,)]


def _big_meeting(path: Path, findings: int) -> None:
    kinds = ["achievement", "shortcoming", "task"]
    doc = {"bodies": [{"name": "Văn phòng Huyện ủy", "short_name": "VPHU"}],
           "meeting": {"title": "Hội nghị tổng kết lớn", "date": "1/1/2024",
                       "organisers": ["VPHU"]},
           "findings": [{"kind": kinds[i % 3], "text": f"nội dung số {i} về tiếp công dân"}
                        for i in range(findings)]}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _wait_for_writes(db: Path, proc: subprocess.Popen, limit: float = 60) -> None:
    """Until the import is visibly writing (the WAL grows), or it ends by itself."""
    wal = Path(str(db) + "-wal")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 4_000_000:
            return
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_killed_import_leaves_none_or_all(tmp_path):
    cli = Cli(tmp_path / "r.db")
    cli.ok("init")
    source = tmp_path / "big.json"
    _big_meeting(source, 100_000)
    proc = subprocess.Popen([sys.executable, "-m", "coordtrack", "--db", str(cli.db), "import",
                             str(source)], env=_env(tmp_path), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _wait_for_writes(cli.db, proc)
    # Otherwise the test would prove nothing about a kill.
    assert proc.poll() is None, "the import ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    check = cli("check")
    assert check.exit_code == 0, check.stderr
    assert cli.count("findings") == 0 and cli.count("meetings") == 0


def _register_at_first_version(path: Path) -> None:
    from coordtrack.register import migrations

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    conn.execute("CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                 "applied_at TEXT NOT NULL)")
    migrations.MIGRATIONS[0](conn)
    conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, 'x')",
                 (migrations.MIGRATIONS[0].__name__,))
    conn.execute("INSERT INTO bodies (uid, name, created_at, updated_at) "
                 "VALUES ('u1', 'Văn phòng Huyện ủy', 't', 't')")
    conn.execute("COMMIT")
    conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_killed_upgrade_keeps_a_backup_and_the_register_opens(tmp_path):
    from coordtrack.register import migrations

    if len(migrations.MIGRATIONS) < 2:
        pytest.skip("only one schema version so far")
    db = tmp_path / "old.db"
    _register_at_first_version(db)
    env = {**_env(tmp_path), "COORDTRACK_TEST_UPGRADE_PAUSE": "30"}
    proc = subprocess.Popen([sys.executable, "-m", "coordtrack", "--db", str(db), "body",
                             "list"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(tmp_path.glob("old.db.*.bak")):
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    backups = list(tmp_path.glob("old.db.m001_initial.*.bak"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT name FROM bodies").fetchall() == [("Văn phòng Huyện ủy",)]
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    cli = Cli(db)
    assert "Văn phòng Huyện ủy" in cli.ok("body", "list")
    names = [r[0] for r in cli.rows("SELECT name FROM migrations ORDER BY id")]
    assert names == [m.__name__ for m in migrations.MIGRATIONS]
    assert cli.ok("check")


def test_two_processes_upgrading_at_once_both_succeed(tmp_path):
    """cron and a clerk start together after an upgrade: one upgrades, the other waits."""
    import sqlite3 as sq

    from coordtrack.register import migrations

    db = tmp_path / "old.db"
    conn = sq.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                 "applied_at TEXT NOT NULL)")
    conn.execute("BEGIN")
    for fn in migrations.MIGRATIONS[:5]:
        fn(conn)
        conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, 'x')",
                     (fn.__name__,))
    conn.execute("COMMIT")
    conn.close()
    procs = [subprocess.Popen([sys.executable, "-m", "coordtrack", "--db", str(db), "body",
                               "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    names = [r[0] for r in sq.connect(db).execute("SELECT name FROM migrations ORDER BY id")]
    assert names == [m.__name__ for m in migrations.MIGRATIONS]
    assert len(list(tmp_path.glob("old.db.*.bak"))) >= 1
