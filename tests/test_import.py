"""A whole meeting from one file: the three example articles, idempotency, all or nothing."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import FIXTURES

from coordtrack.cli import app
from coordtrack.exchange.register_export import EXPORT_TABLES
from coordtrack.register.recordtypes import FINDING_KINDS

KIND_HEADINGS = {
    "achievement": "Kết quả đạt được:",
    "shortcoming": "Tồn tại, hạn chế:",
    "directive": "Ý kiến chỉ đạo:",
    "recommendation": "Kiến nghị, đề xuất:",
    "task": "Phương hướng, nhiệm vụ:",
}


def _dump(cli) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(cli.db)
    try:
        return [line for line in conn.iterdump() if "history" not in line]
    finally:
        conn.close()


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_meeting_show_follows_the_article(cli, name):
    doc = yaml.safe_load(FIXTURES[name].read_text(encoding="utf-8"))
    meeting_id = cli.import_fixture(name)
    shown = cli.ok("meeting", "show", str(meeting_id))
    expected: list[str] = []
    for role, heading in (("chairs", "Chủ trì:"), ("attendees", "Tham dự:")):
        people = doc["meeting"].get(role) or []
        if people:
            expected.append(heading)
        for p in people:
            expected.append(f"{p['person']} - {p['titles']}" if p.get("titles") else p["person"])
    for kind in FINDING_KINDS:
        items = [f for f in doc.get("findings") or [] if f["kind"] == kind]
        if items:
            expected.append(KIND_HEADINGS[kind])
        for f in items:
            # Shown in sentence case; compare from the second character on.
            expected.append(f["text"][1:60])
    cursor = 0
    for fact in expected:
        found = shown.find(fact, cursor)
        assert found >= 0, f"thiếu hoặc sai thứ tự: {fact!r}"
        cursor = found + len(fact)


def test_import_twice_changes_nothing(cli):
    cli.import_fixture()
    before = _dump(cli)
    history = cli.count("history")
    result = cli("import", str(FIXTURES["2024-05-23-vphu-vp-hdnd-ubnd.yaml"]))
    assert result.exit_code == 0
    assert "không có thay đổi" in result.stderr
    assert _dump(cli) == before
    assert cli.count("history") == history


def test_edited_file_updates_in_place(cli, tmp_path):
    doc = yaml.safe_load(FIXTURES["2024-05-23-vphu-vp-hdnd-ubnd.yaml"].read_text("utf-8"))
    doc["meeting"]["uid"] = "11111111-2222-3333-4444-555555555555"
    doc["findings"][0]["uid"] = "aaaaaaaa-2222-3333-4444-555555555555"
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    cli.ok("import", str(path))
    findings = cli.count("findings")
    doc["meeting"]["place"] = "Hội trường Huyện ủy"
    doc["findings"][0]["text"] = "nội dung đã được sửa lại"
    del doc["findings"][-1]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    # Removing a finding is asked about; a script agrees beforehand.
    result = cli("import", "--yes", str(path))
    assert result.exit_code == 0, result.stderr
    assert cli.count("meetings") == 1
    assert cli.rows("SELECT place FROM meetings") == [("Hội trường Huyện ủy",)]
    assert cli.rows("SELECT text FROM findings WHERE uid = ?",
                    ("aaaaaaaa-2222-3333-4444-555555555555",)) == [("nội dung đã được sửa lại",)]
    assert cli.count("findings") == findings - 1


def test_json_and_stdin_are_accepted(cli, tmp_path):
    doc = yaml.safe_load(FIXTURES["2023-03-08-qna-tong-ket-2022.yaml"].read_text("utf-8"))
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    meeting_id = int(cli.ok("import", str(path)).strip())
    assert cli.rows("SELECT value, unit FROM findings WHERE value IS NOT NULL ORDER BY value") == [
        (8.0, "kỳ họp"), (43.0, "nghị quyết quy phạm pháp luật"), (68.0, "nghị quyết cá biệt")]
    text = FIXTURES["2024-05-23-vphu-vp-hdnd-ubnd.yaml"].read_text("utf-8")
    other = int(cli.ok("import", "-", input=text).strip())
    assert other != meeting_id and cli.count("meetings") == 2


def test_import_is_all_or_nothing(cli, tmp_path):
    doc = yaml.safe_load(FIXTURES["2024-05-23-vphu-vp-hdnd-ubnd.yaml"].read_text("utf-8"))
    doc["findings"][-1]["due_on"] = "31/2/2025"
    doc["findings"][2]["body"] = "Cơ quan không có"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "findings[3]" in result.stderr and "và 1 lỗi khác" in result.stderr
    assert not cli.db.exists() or cli.count("meetings") == 0 and cli.count("bodies") == 0


def test_failure_midway_leaves_no_half(cli, tmp_path, monkeypatch):
    """A crash after half the rows were written must roll everything back."""
    from coordtrack.register import records

    calls = {"n": 0}
    real_add = records.add

    def flaky_add(reg, rt, raw, **kw):
        calls["n"] += 1
        if calls["n"] == 20:
            raise RuntimeError("mất điện giữa chừng")
        return real_add(reg, rt, raw, **kw)

    monkeypatch.setattr(records, "add", flaky_add)
    # Straight through the runner: this crash is meant, so the Cli guard must not trip.
    result = cli.runner.invoke(app, ["--db", str(cli.db), "import",
                                     str(FIXTURES["2024-05-23-vphu-vp-hdnd-ubnd.yaml"])])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    # The register did not exist before: a failed import leaves no file at all.
    assert not cli.db.exists()


def test_yaml_syntax_error_names_the_line(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("meeting:\n  title: Hội nghị\n  date: [23/5/2024\nfindings: []\n", "utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "dòng" in result.stderr and "YAML sai cú pháp" in result.stderr


def test_all_three_fixtures_share_people_and_bodies_without_duplicates(demo_cli):
    names = [r[0] for r in demo_cli.rows("SELECT name FROM bodies")]
    assert len(names) == len(set(names))
    assert demo_cli.count("meetings") == 3
    for name in FIXTURES:
        demo_cli.ok("import", str(FIXTURES[name]))
    assert demo_cli.count("meetings") == 3


def test_stdin_is_read_as_utf8_whatever_the_locale(cli):
    text = FIXTURES["2024-05-23-vphu-vp-hdnd-ubnd.yaml"].read_text("utf-8")
    assert int(cli.ok("import", "-", input=text.encode("utf-8")).strip()) == 1
    result = cli("import", "-", input="meeting:\n  title: Hôm nay\n".encode("cp1252"))
    assert result.exit_code == 1 and "UTF-8" in result.stderr


def test_findings_dropped_from_the_file_go_even_when_they_name_each_other(cli, tmp_path):
    doc = yaml.safe_load(FIXTURES["2023-03-08-qna-tong-ket-2022.yaml"].read_text("utf-8"))
    shortcoming = "bbbbbbbb-2222-3333-4444-555555555555"
    doc["findings"].append({"kind": "shortcoming", "uid": shortcoming, "text": "văn bản gửi chậm"})
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    cli.ok("import", str(path))
    # A file names a finding by uid once the register holds it.
    doc["findings"].append({"kind": "task", "text": "gửi văn bản đúng hạn",
                            "remedies": shortcoming})
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    cli.ok("import", str(path))
    assert cli.rows("SELECT count(*) FROM findings WHERE remedies_id IS NOT NULL") == [(1,)]
    before = _records(cli)
    del doc["findings"][-2:]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = cli("import", str(path), "--yes")
    assert result.exit_code == 0, result.stderr
    assert cli.rows("SELECT count(*) FROM findings WHERE text LIKE '%gửi%'") == [(0,)]
    cli.ok("undo")
    assert _records(cli) == before


def _records(cli) -> dict[str, list[tuple]]:
    # The rows themselves: the search index's own pages may be laid out differently.
    return {t: cli.rows(f"SELECT * FROM {t} ORDER BY id") for t in EXPORT_TABLES}
