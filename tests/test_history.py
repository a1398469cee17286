"""history and undo: every kind of change is undone exactly; dependent changes are protected."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import FIXTURES, NEWS_FIXTURE, Cli

from coordtrack.exchange.register_export import EXPORT_TABLES


def snapshot(cli: Cli) -> dict[str, list[tuple]]:
    """Every table with its integer ids: undo must give rows back under their old ids."""
    conn = sqlite3.connect(cli.db)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in EXPORT_TABLES}
    finally:
        conn.close()


def search_ids(cli: Cli, text: str) -> list:
    return [(r["type"], r["id"]) for r in json.loads(cli.ok("search", text, "-f", "json",
                                                            "-n", "500"))]


def undo_restores(cli: Cli, *command: str) -> None:
    before, found = snapshot(cli), search_ids(cli, "van ban")
    cli.ok(*command)
    assert snapshot(cli) != before
    cli.ok("undo")
    assert snapshot(cli) == before
    assert search_ids(cli, "van ban") == found


@pytest.fixture
def news(cli: Cli) -> Cli:
    cli.import_fixture()
    return cli


def test_undo_add(news):
    undo_restores(news, "shortcoming", "add", "--meeting", "1", "--body", "VPHU",
                  "văn bản gửi chậm")


def test_undo_edit(news):
    undo_restores(news, "task", "edit", "20", "--text", "văn bản mới", "--owner", "VPHU",
                  "--due-on", "1/1/2025")


def test_undo_remove_body(news):
    news.ok("body", "add", "Cơ quan tạm", "--short-name", "TAM")
    undo_restores(news, "body", "remove", "TAM")


def test_undo_remove_meeting_with_findings_and_links(news):
    assert news.rows("SELECT count(*) FROM findings WHERE meeting_id = 1")[0][0] > 10
    undo_restores(news, "meeting", "remove", "1")


def test_undo_import_of_a_meeting_file(cli):
    cli.import_fixture(sorted(FIXTURES)[0])
    before = snapshot(cli)
    cli.import_fixture(NEWS_FIXTURE)
    cli.ok("undo")
    assert snapshot(cli) == before
    assert search_ids(cli, "thong suot") == []


def test_undo_resolve_and_done(news):
    shortcoming = news.rows("SELECT id FROM findings WHERE kind = 'tồn tại' LIMIT 1")[0][0]
    task = news.rows("SELECT id FROM findings WHERE kind = 'nhiệm vụ' LIMIT 1")[0][0]
    undo_restores(news, "shortcoming", "resolve", str(shortcoming), "--on", "1/6/2024")
    undo_restores(news, "task", "done", str(task), "--on", "1/6/2024")


def test_undo_refused_when_a_later_change_touched_the_same_rows(news):
    news.ok("task", "edit", "20", "--text", "lần một")
    first = news.rows("SELECT max(id) FROM history")[0][0]
    news.ok("task", "edit", "20", "--text", "lần hai")
    second = news.rows("SELECT max(id) FROM history")[0][0]
    result = news("undo", str(first))
    assert result.exit_code == 1
    assert f"thay đổi số {second}" in result.stderr and "Traceback" not in result.stderr
    assert news.rows("SELECT text FROM findings WHERE id = 20") == [("lần hai",)]
    news.ok("undo")  # the later one first, then the earlier one is free
    news.ok("undo", str(first))
    assert news.rows("SELECT text FROM findings WHERE id = 20") != [("lần một",)]


def test_unrelated_later_changes_do_not_block(news):
    news.ok("task", "edit", "20", "--text", "lần một")
    first = news.rows("SELECT max(id) FROM history")[0][0]
    news.ok("body", "add", "Cơ quan khác", "--short-name", "KHAC")
    news.ok("undo", str(first))
    assert news.count("bodies") == 9


def test_undo_of_undo_and_history_listing(news):
    before = snapshot(news)
    news.ok("meeting", "remove", "1")
    removed = snapshot(news)
    news.ok("undo")
    undo_id = news.rows("SELECT max(id) FROM history")[0][0]
    news.ok("undo", str(undo_id))  # redo
    assert snapshot(news) == removed
    listing = json.loads(news.ok("history", "-f", "json"))
    assert [r["command"] for r in listing[:3]] == ["undo", "undo", "meeting remove"]
    assert listing[2]["undone_by"] is None and listing[1]["undone_by"] == listing[0]["id"]
    news.ok("undo")  # the remove is in force again, so plain undo reverts it
    assert snapshot(news) == before
    assert "Hoàn tác" in news.ok("history", "-n", "1")


def test_undo_errors(news, tmp_path):
    assert "Không có thay đổi số 999" in news("undo", "999").stderr
    news.ok("undo")
    last = news.rows("SELECT max(id) FROM history")[0][0]
    assert "đã được hoàn tác" in news("undo", "1").stderr
    assert news("undo", "abc").exit_code == 2
    del last
    empty = Cli(tmp_path / "empty.db")
    missing = empty("undo")
    assert missing.exit_code == 1 and "Chưa có sổ đăng ký" in missing.stderr
    empty.ok("init")
    result = empty("undo")
    assert result.exit_code == 1 and "Không có thay đổi nào" in result.stderr


def test_undo_refuses_rows_changed_outside_coordtrack(news):
    news.ok("task", "edit", "20", "--text", "qua coordtrack")
    conn = sqlite3.connect(news.db)
    conn.execute("UPDATE findings SET text = 'ngoài' WHERE id = 20")
    conn.commit()
    conn.close()
    result = news("undo")
    assert result.exit_code == 1 and "ngoài coordtrack" in result.stderr
    assert news.rows("SELECT text FROM findings WHERE id = 20") == [("ngoài",)]


def test_meeting_whose_findings_refer_to_each_other_is_removed_and_restored(news):
    # A chain inside one meeting: a shortcoming carried over from another of the same meeting,
    # and a task remedying it. They go together with their meeting, and undo brings all back.
    first = int(news.ok("shortcoming", "add", "--meeting", "1", "văn bản gửi chậm").split()[-1])
    second = int(news.ok("shortcoming", "add", "--meeting", "1", "--carried-over-from",
                         str(first), "văn bản vẫn gửi chậm").split()[-1])
    news.ok("task", "add", "--meeting", "1", "--remedies", str(second), "gửi văn bản đúng hạn")
    undo_restores(news, "meeting", "remove", "1")
    news.ok("meeting", "remove", "1")
    assert news.rows("SELECT count(*) FROM findings WHERE meeting_id = 1") == [(0,)]


def test_undo_refused_by_a_later_reference_says_why_in_vietnamese(cli):
    cli.ok("body", "add", "Văn phòng Huyện ủy", "--short-name", "VPHU")
    cli.ok("meeting", "add", "Hội nghị sơ kết", "--date", "1/1/2026", "--organiser", "VPHU")
    result = cli("undo", "1")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: Không thể hoàn tác thay đổi số 1: dữ liệu hiện tại còn phụ "
                             "thuộc vào nó (bản ghi khác đang tham chiếu đến bản ghi cần xóa "
                             "hoặc khôi phục).\n")
