"""Views (made from this version's SQL after the migrations), the code labels, and the
documented schema (`coordtrack schema`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Cli

from coordtrack.register import migrations, schema, status
from coordtrack.register.file import open_register

REGISTERS = Path(__file__).parent / "registers"


def add_task(cli: Cli, text: str, *extra: str) -> int:
    out = cli.ok("task", "add", "--meeting", "1", "--owner", "1", text, *extra)
    return int(out.strip().split()[-1].strip("#."))


@pytest.fixture
def tasks(demo_cli):
    today = date.today()
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    ids = {
        "overdue": add_task(demo_cli, "Việc quá hạn", "--due-on", day(-1)),
        "due_today": add_task(demo_cli, "Việc hạn hôm nay", "--due-on", day(0)),
        "late": add_task(demo_cli, "Việc xong muộn", "--due-on", day(-10), "--done-on", day(-2)),
        "on_time": add_task(demo_cli, "Việc xong đúng hạn", "--due-on", day(-3), "--done-on",
                            day(-3)),
    }
    return demo_cli, ids


def view(cli: Cli, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(cli.db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_task_status_view_follows_the_status_rules(tasks):
    cli, ids = tasks
    rows = {r["id"]: r for r in view(cli, "SELECT * FROM task_status")}
    assert rows[ids["overdue"]]["status_category"] == status.OPEN_OVERDUE
    assert rows[ids["due_today"]]["status_category"] == status.OPEN_IN_TIME
    assert rows[ids["late"]]["status_category"] == status.DONE_LATE
    assert rows[ids["on_time"]]["status_category"] == status.DONE_ON_TIME
    assert rows[ids["overdue"]]["days_late"] == 1
    # Every task agrees with the Python rule, not just the four above.
    today = date.today()
    for row in view(cli, "SELECT * FROM findings WHERE kind = 'nhiệm vụ'"):
        assert rows[row["id"]]["status_category"] == status.category(row, today)
    overdue = [r["id"] for r in view(cli, "SELECT id FROM overdue_tasks")]
    assert overdue == [ids["overdue"]]
    assert rows[ids["overdue"]]["owners"] == view(
        cli, "SELECT name FROM bodies WHERE id = 1")[0]["name"]


def test_open_shortcomings_view(demo_cli):
    open_ids = {r["id"] for r in view(demo_cli, "SELECT id FROM open_shortcomings")}
    all_ids = {r["id"] for r in view(demo_cli, "SELECT id FROM findings WHERE kind = "
                                               "'tồn tại'")}
    assert open_ids == all_ids and open_ids
    first = min(open_ids)
    demo_cli.ok("shortcoming", "resolve", str(first))
    assert first not in {r["id"] for r in view(demo_cli, "SELECT id FROM open_shortcomings")}


def test_findings_and_meetings_as_text(demo_cli):
    rows = view(demo_cli, "SELECT * FROM findings_described WHERE kind = 'chỉ đạo' "
                          "AND speakers IS NOT NULL")
    assert rows and all(r["kind_label"] == "ý kiến chỉ đạo" and r["meeting"] for r in rows)
    assert " - " in rows[0]["speakers"]  # name - titles at that time
    meetings = view(demo_cli, "SELECT * FROM meetings_described ORDER BY id")
    assert meetings[0]["organisers"] == "Văn phòng Tỉnh ủy"
    assert all(m["findings"] > 0 for m in meetings)


def test_code_labels_cover_every_stored_code(demo_cli):
    labels = {(r["table_name"], r["column_name"], r["code"]): r["label"]
              for r in view(demo_cli, "SELECT * FROM code_labels")}
    for table, column in [("findings", "kind"), ("findings", "status"),
                          ("meeting_participants", "role"), ("meetings", "kind"),
                          ("agreements", "status"), ("bodies", "level")]:
        for (code,) in demo_cli.rows(f"SELECT DISTINCT {column} FROM {table} "
                                     f"WHERE {column} IS NOT NULL"):
            assert (table, column, code) in labels, (table, column, code)
    assert labels["findings", "kind", "tồn tại"] == "tồn tại, hạn chế"
    assert labels["meeting_participants", "role", "chủ trì"] == "chủ trì"


def test_every_column_is_documented():
    reg = open_register(None)
    missing = [(t["name"], c["name"]) for t in schema.describe(reg.conn)
               for c in t["columns"] if not c["label"] or not c["description"]]
    assert missing == []
    undocumented = [t["name"] for t in schema.describe(reg.conn) if not t["label"]]
    assert undocumented == []


def test_schema_command(cli):
    out = cli.ok("schema")
    assert "findings (bảng) — Nội dung hội nghị\n" in out
    assert "task_status (khung nhìn) — Nhiệm vụ theo tiến độ\n" in out
    assert "  areas             text     Lĩnh vực phối hợp: Danh sách JSON" in out
    assert not (cli.db).exists()  # printing the schema creates no register
    tables = json.loads(cli.ok("schema", "--format", "json"))
    findings = next(t for t in tables if t["name"] == "findings")
    body = next(c for c in findings["columns"] if c["name"] == "body_id")
    assert body["references"] == "bodies.id" and body["label"] == "Cơ quan"
    bad = cli("schema", "--format", "xml")
    assert bad.exit_code == 2 and "--format" in bad.stderr


def test_serve_without_the_web_extra_says_how_to_install(demo_cli, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_datasette(name, *args, **kwargs):
        if name == "datasette":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_datasette)
    result = demo_cli("serve")
    assert result.exit_code == 1
    assert result.stderr == ('Lỗi: Lệnh serve cần phần web của coordtrack; hãy cài: '
                             'pip install "coordtrack[web]"\n')


def test_serve_refuses_a_missing_register(cli):
    result = cli("serve")
    assert result.exit_code == 1
    assert "Chưa có sổ đăng ký" in result.stderr and "coordtrack init" in result.stderr


# -- Views are derived: made after the migrations, from this version's SQL --------------------
def shipped_register(path: Path, version: str) -> Path:
    """The register an earlier coordtrack shipped (tests/registers/<version>.sql: `.dump` of a
    new register made by that version: m006 before views existed, m011 with m007's views),
    holding a body, a meeting and a task with the codes of then."""
    conn = sqlite3.connect(path)
    conn.executescript((REGISTERS / f"{version}.sql").read_text(encoding="utf-8"))
    conn.close()
    conn = sqlite3.connect(path)  # the dump writes the FTS tables into the schema: reopened
    stamp = "2024-05-23T08:00:00+07:00"
    with conn:
        conn.execute("INSERT INTO bodies (id, uid, name, short_name, created_at, updated_at) "
                     "VALUES (1, 'b1', 'Văn phòng Huyện ủy', 'VPHU', ?, ?)", (stamp, stamp))
        conn.execute("INSERT INTO meetings (id, uid, kind, held_on, title, created_at, "
                     "updated_at) VALUES (1, 'm1', 'sơ kết', '2024-05-23', 'Hội nghị sơ kết', "
                     "?, ?)", (stamp, stamp))
        conn.execute("INSERT INTO findings (id, uid, kind, meeting_id, position, text, status, "
                     "due_on, created_at, updated_at) VALUES (1, 'f1', 'task', 1, 0, "
                     "'Rà soát hồ sơ', 'chưa thực hiện', '2024-06-30', ?, ?)", (stamp, stamp))
        conn.execute("INSERT INTO finding_owners (finding_id, body_id, position) VALUES (1, 1, 0)")
    conn.close()
    return path


def stored_views(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'"))
    finally:
        conn.close()


def current_views() -> dict[str, str]:
    return {name: f"CREATE VIEW {name} AS {sql.strip()}"
            for name, sql in migrations.views_sql().items()}


@pytest.mark.parametrize("version", ["m006", "m011"])
def test_an_upgraded_register_ends_with_this_versions_views(tmp_path, version):
    path = shipped_register(tmp_path / "old.db", version)
    assert stored_views(path).keys() == ({"findings_described", "open_shortcomings", "task_status",
                                          "overdue_tasks", "meetings_described"}
                                         if version == "m011" else set())
    open_register(path).close()
    assert stored_views(path) == current_views()
    cli = Cli(path)
    # The views read the upgraded rows: the task's code is Vietnamese since m013.
    assert view(cli, "SELECT id, owners, status_category FROM task_status") == [
        {"id": 1, "owners": "Văn phòng Huyện ủy", "status_category": "chưa hoàn thành quá hạn"}]
    assert view(cli, "SELECT kind, kind_label, body, meeting FROM findings_described") == [
        {"kind": "nhiệm vụ", "kind_label": "nhiệm vụ", "body": None,
         "meeting": "Hội nghị sơ kết"}]
    assert [r["id"] for r in view(cli, "SELECT id FROM overdue_tasks")] == [1]


@pytest.mark.parametrize("version", ["m006", "m011"])
def test_views_naming_a_later_column_do_not_stop_an_upgrade(tmp_path, monkeypatch, version):
    # m007 and m013 made the views from today's SQL: a view naming a column that a later
    # migration adds was then made before its column, and SQLite refuses such a view at its
    # first read, and at any ALTER TABLE RENAME or DROP COLUMN of a later migration. Each
    # step of the upgrade is checked here: every view present reads its tables.
    views_sql = migrations.views_sql

    def naming_a_later_column():
        views = views_sql()
        views["findings_described"] = views["findings_described"].replace(
            "f.position", "f.position, f.action")  # findings.action: added by m011
        return views

    def checked(step):
        def run(conn):
            step(conn)
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'"
                                        ).fetchall():
                conn.execute(f"SELECT * FROM {name} LIMIT 0")
        run.__name__ = step.__name__
        return run

    monkeypatch.setattr(migrations, "views_sql", naming_a_later_column)
    monkeypatch.setattr(migrations, "MIGRATIONS", [checked(m) for m in migrations.MIGRATIONS])
    path = shipped_register(tmp_path / "old.db", version)
    open_register(path).close()
    assert "f.action" in stored_views(path)["findings_described"]
    assert stored_views(path) == current_views()


@pytest.mark.parametrize("version", ["m006", "m011"])
def test_no_migration_reads_this_versions_view_sql(tmp_path, monkeypatch, version):
    def unavailable():
        raise AssertionError("a migration read views_sql")

    monkeypatch.setattr(migrations, "views_sql", unavailable)
    monkeypatch.setattr(migrations, "refresh_views", lambda conn: None)
    path = shipped_register(tmp_path / "old.db", version)
    open_register(path).close()  # every migration, without this version's views
    monkeypatch.undo()
    open_register(path).close()  # the views only
    assert stored_views(path) == current_views()


def test_a_current_register_is_not_rewritten(tmp_path):
    path = tmp_path / "so.db"
    open_register(path).close()
    assert stored_views(path) == current_views()

    def schema_cookie() -> int:
        conn = sqlite3.connect(path)
        try:
            return conn.execute("PRAGMA schema_version").fetchone()[0]
        finally:
            conn.close()

    before = schema_cookie()
    open_register(path).close()
    open_register(path, write=False).close()
    assert schema_cookie() == before  # SQLite counts every change of the schema


def test_a_missing_or_different_view_is_made_again_at_the_next_open(tmp_path):
    path = tmp_path / "so.db"
    open_register(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP VIEW overdue_tasks")
        conn.execute("DROP VIEW task_status")
        conn.execute("CREATE VIEW task_status AS SELECT 1 AS id")
    conn.close()
    open_register(path).close()
    assert stored_views(path) == current_views()
