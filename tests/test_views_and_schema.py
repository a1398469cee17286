"""Views made by a migration, the code labels, and the documented schema (`coordtrack schema`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from conftest import Cli

from coordtrack.register import schema, status
from coordtrack.register.file import open_register


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
