"""Every stored code is Vietnamese (issue 14): the upgrade of a register written with the
English codes, old exports and CSVs, and the codes a clerk sees in SQL tools and exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli

from coordtrack.register import migrations
from coordtrack.register.file import open_register
from coordtrack.register.recordtypes import FINDING_TYPES, PARTICIPANT_ROLES

# What a clerk reads in findings.kind and meeting_participants.role, as the issue asks; the
# English codes are the ones registers held up to migration m012.
KINDS = {"achievement": "kết quả", "shortcoming": "tồn tại", "task": "nhiệm vụ",
         "directive": "chỉ đạo", "recommendation": "kiến nghị", "discussion": "thảo luận",
         "commendation": "khen thưởng", "signing": "ký kết"}
ROLES = {"chair": "chủ trì", "co_chair": "đồng chủ trì", "leader": "chỉ đạo",
         "attendee": "tham dự", "opener": "khai mạc", "presenter": "trình bày",
         "speaker": "phát biểu"}
STAMP = "2024-05-23T08:00:00+07:00"
BULK = 20_000


def test_the_record_types_store_the_codes_the_issue_names():
    assert sorted(FINDING_TYPES) == sorted(KINDS.values())
    assert {code: rt.name for code, rt in FINDING_TYPES.items()} == {
        v: k for k, v in KINDS.items()}
    assert sorted(PARTICIPANT_ROLES) == sorted(ROLES.values())
    assert sorted(migrations.M013_CODES[("findings", "kind")].items()) == sorted(KINDS.items())
    assert sorted(migrations.M013_CODES[("meeting_participants", "role")].items()) == sorted(
        ROLES.items())


def _old_register(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A register at m012 written the way the previous version wrote it: English codes, and
    history entries holding them. Returns the ids of interest."""
    before_m013 = migrations.MIGRATIONS.index(migrations.m013_vietnamese_codes)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:before_m013])
    stamps = {"created_at": STAMP, "updated_at": STAMP}
    reg = open_register(path)
    ids: dict[str, int] = {}
    with reg.transaction("meeting add", "Thêm hội nghị"):
        body = reg.insert("bodies", {"uid": "b1", "name": "Văn phòng Huyện ủy",
                                     "short_name": "VPHU", **stamps})
        meeting = reg.insert("meetings", {"uid": "m1", "kind": "tổng kết", "held_on":
                                          "2024-05-23", "title": "Hội nghị tổng kết năm 2023",
                                          **stamps})
        reg.insert("meeting_organisers", {"meeting_id": meeting, "body_id": body})
        for position, role in enumerate(ROLES):
            person = reg.insert("people", {"uid": f"p{position}", "name": f"Người {position}",
                                           **stamps})
            reg.insert("meeting_participants", {"meeting_id": meeting, "person_id": person,
                                                "role": role, "titles": "Chánh Văn phòng",
                                                "position": position})
    for position, kind in enumerate(KINDS):
        with reg.transaction(f"{kind} add", f"Thêm {kind}"):
            status = {"shortcoming": "chưa khắc phục", "task": "chưa thực hiện"}.get(kind)
            ids[kind] = reg.insert("findings", {
                "uid": f"f-{kind}", "kind": kind, "meeting_id": meeting, "position": position,
                "text": f"văn bản đến chậm ({kind})", "status": status,
                "due_on": "2024-06-30" if kind == "task" else None, "body_id": body, **stamps})
    with reg.transaction("task edit", "Sửa nhiệm vụ"):
        reg.update("findings", ids["task"], {"status": "đang thực hiện"})
    with reg.transaction("directive remove", "Xóa ý kiến chỉ đạo"):
        reg.delete("findings", ids["directive"])
    with reg.transaction("meeting edit", "Sửa người chủ trì"):
        chair = reg.scalar("SELECT id FROM meeting_participants WHERE role = 'chair'")
        reg.delete("meeting_participants", chair)
    # A large-ish table, as a bulk import leaves it (not in the history row by row).
    kinds = list(KINDS)
    with reg.transaction("import", log=False):
        reg.conn.executemany(
            "INSERT INTO findings (uid, kind, meeting_id, position, text, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((f"bulk-{i}", kinds[i % 8], meeting, 100 + i, f"nội dung số {i} về đơn thư",
              "chưa khắc phục" if kinds[i % 8] == "shortcoming" else None, STAMP, STAMP)
             for i in range(BULK)))
    reg.close()
    monkeypatch.undo()
    ids["meeting"] = meeting
    return ids


@pytest.fixture
def upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Cli, dict[str, int]]:
    path = tmp_path / "old.db"
    ids = _old_register(path, monkeypatch)
    assert sqlite3.connect(path).execute(
        "SELECT count(*) FROM findings WHERE kind = 'shortcoming'").fetchone()[0] > 0
    cli = Cli(path)
    cli.ok("status")  # opening it upgrades it, with a backup
    assert list(tmp_path.glob("old.db.m012_*.bak"))
    return cli, ids


def test_upgrade_rewrites_the_codes_and_keeps_every_row(upgraded):
    cli, ids = upgraded
    per_kind = BULK // 8
    assert dict(cli.rows("SELECT kind, count(*) FROM findings GROUP BY kind")) == {
        code: per_kind + (0 if code == "chỉ đạo" else 1) for code in KINDS.values()}
    assert sorted(r[0] for r in cli.rows("SELECT role FROM meeting_participants")) == sorted(
        code for code in ROLES.values() if code != "chủ trì")
    assert cli.rows("SELECT id FROM findings WHERE uid = 'f-task'") == [(ids["task"],)]
    labels = dict(cli.rows("SELECT code, label FROM code_labels WHERE table_name = 'findings' "
                           "AND column_name = 'kind'"))
    assert labels["tồn tại"] == "tồn tại, hạn chế" and set(labels) == set(KINDS.values())
    roles = cli.rows("SELECT code FROM code_labels WHERE column_name = 'role'")
    assert {r[0] for r in roles} == set(ROLES.values())
    assert cli.rows("PRAGMA integrity_check") == [("ok",)]
    assert cli.rows("PRAGMA foreign_key_check") == []
    assert cli.rows("INSERT INTO findings_fts (findings_fts) VALUES ('integrity-check')") == []


def test_upgraded_register_refuses_old_codes_and_keeps_indexes_triggers_and_views(upgraded):
    cli, ids = upgraded
    conn = sqlite3.connect(cli.db)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO findings (uid, kind, text, created_at, updated_at) "
                     "VALUES ('x', 'shortcoming', 'x', 'x', 'x')")
    conn.close()
    # The partial indexes hold the new codes: the overview's counts, which name them, work
    # (SQLite refuses INDEXED BY an index whose condition does not cover the query).
    for index, sql in (("findings_open_shortcomings", "kind = 'tồn tại' AND status IS NOT "
                        "'đã khắc phục'"),
                       ("findings_open_tasks", "kind = 'nhiệm vụ' AND status IS NOT "
                        "'đã hoàn thành'")):
        assert cli.rows(f"SELECT count(*) FROM findings INDEXED BY {index} WHERE {sql}") == [
            (BULK // 8 + 1,)]
    assert cli.rows("SELECT count(*) FROM open_shortcomings")[0][0] == BULK // 8 + 1
    assert cli.rows("SELECT count(*) FROM task_status")[0][0] == BULK // 8 + 1
    assert cli.rows("SELECT count(*) FROM overdue_tasks") == [(1,)]
    assert cli.rows("SELECT kind, kind_label FROM findings_described WHERE id = ?",
                    (ids["shortcoming"],)) == [("tồn tại", "tồn tại, hạn chế")]
    assert cli.rows("SELECT chairs FROM meetings_described") == [(None,)]
    triggers = {r[0] for r in cli.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND tbl_name = 'findings'")}
    assert triggers == {"findings_ai", "findings_ad", "findings_au", "findings_retire_id"}
    # Search still finds old rows, and the listings filter by the new codes.
    assert "văn bản đến chậm (shortcoming)" in cli.ok("search", "van ban den cham")
    listed = cli.ok("shortcoming", "list", "--meeting", "1", "-f", "json")
    assert len(json.loads(listed)) == BULK // 8 + 1


def test_undo_of_changes_made_before_the_upgrade(upgraded):
    cli, ids = upgraded
    history = {r[1]: r[0] for r in cli.rows("SELECT id, command FROM history")}
    # The entries hold the English codes the rows had then.
    assert '"kind": "directive"' in cli.rows("SELECT changes FROM history WHERE id = ?",
                                             (history["directive remove"],))[0][0]
    cli.ok("undo", str(history["meeting edit"]))  # re-inserts a participant, role 'chair'
    assert cli.rows("SELECT role FROM meeting_participants WHERE titles IS NOT NULL AND "
                    "position = 0") == [("chủ trì",)]
    cli.ok("undo", str(history["directive remove"]))  # re-inserts a finding
    assert cli.rows("SELECT kind FROM findings WHERE id = ?", (ids["directive"],)) == [
        ("chỉ đạo",)]
    cli.ok("undo", str(history["task edit"]))  # compares the row as it was after the edit
    assert cli.rows("SELECT status FROM findings WHERE id = ?", (ids["task"],)) == [
        ("chưa thực hiện",)]
    cli.ok("undo", str(history["signing add"]))  # deletes the finding it added
    assert cli.rows("SELECT count(*) FROM findings WHERE id = ?", (ids["signing"],)) == [(0,)]
    # And an undo of the undo writes the row back with today's code.
    cli.ok("undo", str(cli.rows("SELECT max(id) FROM history")[0][0]))
    assert cli.rows("SELECT kind FROM findings WHERE id = ?", (ids["signing"],)) == [
        ("ký kết",)]


def test_exports_write_the_vietnamese_codes(demo_cli):
    doc = json.loads(demo_cli.ok("export", "-f", "json"))
    kinds = {r["kind"] for r in doc["records"]["findings"]}
    assert kinds <= set(KINDS.values()) and "tồn tại" in kinds
    assert {r["role"] for r in doc["records"]["meeting_participants"]} <= set(ROLES.values())
    text = demo_cli.ok("export", "-f", "csv", "--kind", "tồn tại")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and {r["kind"] for r in rows} == {"tồn tại"}


def _english(doc: dict) -> dict:
    """The same export as the previous version wrote it."""
    for row in doc["records"]["findings"]:
        row["kind"] = {v: k for k, v in KINDS.items()}[row["kind"]]
    for row in doc["records"]["meeting_participants"]:
        row["role"] = {v: k for k, v in ROLES.items()}[row["role"]]
    return doc


def test_an_export_with_english_codes_still_imports(demo_cli, tmp_path):
    doc = _english(json.loads(demo_cli.ok("export", "-f", "json")))
    old = tmp_path / "old-export.json"
    old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    other = Cli(tmp_path / "other.db")
    other.ok("import", str(old))
    assert other.rows("SELECT kind, count(*) FROM findings GROUP BY kind") == demo_cli.rows(
        "SELECT kind, count(*) FROM findings GROUP BY kind")
    assert other.rows("SELECT role, count(*) FROM meeting_participants GROUP BY role") == \
        demo_cli.rows("SELECT role, count(*) FROM meeting_participants GROUP BY role")


def test_an_export_with_an_unknown_code_is_refused_before_anything_is_written(demo_cli,
                                                                            tmp_path):
    doc = json.loads(demo_cli.ok("export", "-f", "json"))
    doc["records"]["findings"][0]["kind"] = "khen"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    other = Cli(tmp_path / "other.db")
    result = other("import", str(bad))
    assert result.exit_code != 0
    assert ("records.findings[1]: kind 'khen' phải là một trong: kết quả, tồn tại, chỉ đạo, "
            "kiến nghị, nhiệm vụ, thảo luận, khen thưởng, ký kết.") in result.stderr


@pytest.mark.parametrize("code", ["shortcoming", "tồn tại", "Tồn tại, hạn chế"])
def test_a_csv_names_the_kind_by_old_or_new_code(cli, tmp_path, code):
    cli.import_fixture()
    path = tmp_path / "findings.csv"
    path.write_text(f'kind,meeting,text\n"{code}",1,chậm gửi báo cáo\n', encoding="utf-8")
    cli.ok("import", str(path))
    assert cli.rows("SELECT kind FROM findings WHERE text = 'chậm gửi báo cáo'") == [
        ("tồn tại",)]


@pytest.mark.parametrize("kind", ["shortcoming", "tồn tại"])
def test_cli_kind_options_take_old_and_new_codes(demo_cli, kind):
    found = json.loads(demo_cli.ok("search", "van ban", "--kind", kind, "-f", "json"))
    assert found and {r["type"] for r in found} == {"shortcoming"}
    exported = json.loads(demo_cli.ok("export", "-f", "json", "--kind", kind))
    assert {r["kind"] for r in exported["records"]["findings"]} == {"tồn tại"}


def test_a_meeting_file_names_kinds_by_their_code_and_still_reads_english(cli, tmp_path):
    meeting = cli.import_fixture()  # the fixture says kind: shortcoming …
    text = cli.ok("meeting", "export", str(meeting))
    assert "  kind: tồn tại\n" in text and "kind: shortcoming" not in text
    path = tmp_path / "ra.yaml"
    path.write_text(text, encoding="utf-8")
    assert "không có thay đổi" in cli("import", str(path)).stderr
