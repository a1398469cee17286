"""Issue 10.1–10.2: re-importing a meeting file changes only what the clerk changed, asks
before removing or overwriting, and a meeting goes back into the editor and out again."""

from __future__ import annotations

import re
import textwrap

import pytest

FILE = textwrap.dedent("""\
    # Biên bản do văn thư soạn — giữ nguyên chú thích này.
    bodies:
      - name: Ủy ban nhân dân xã
        short_name: UBND
    meeting:
      title: Hội nghị giao ban tháng 5
      date: 23/5/2024   # ngày họp
      organisers: [UBND]
    findings:
      - kind: shortcoming
        body: UBND
        text: việc gửi văn bản còn chậm
        cause: thiếu cán bộ
      - kind: recommendation
        from: UBND
        text: bổ sung máy tính
        response: sẽ xem xét
      - kind: task
        text: rà soát hồ sơ
        due_on: 15/6/2024
      - kind: task
        text: rà soát hồ sơ
        due_on: 30/6/2024
    """)


@pytest.fixture
def meeting_file(cli, tmp_path):
    path = tmp_path / "giao-ban.yaml"
    path.write_text(FILE, encoding="utf-8")
    cli.ok("import", str(path))
    return path


def _edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_import_writes_uids_back_and_keeps_the_clerks_layout(cli, meeting_file):
    text = meeting_file.read_text("utf-8")
    uids = re.findall(r"(?m)^( *)(?:- )?uid: ([0-9a-f-]{36})$", text)
    assert len(uids) == 5  # the meeting and its four findings
    assert text.startswith("# Biên bản do văn thư soạn — giữ nguyên chú thích này.\n")
    assert "  date: 23/5/2024   # ngày họp\n" in text
    assert "  - uid: " in text and "    kind: shortcoming\n" in text
    stored = {r[0] for r in cli.rows("SELECT uid FROM findings UNION SELECT uid FROM meetings")}
    assert {u for _, u in uids} == stored
    result = cli("import", str(meeting_file))
    assert result.exit_code == 0 and "không có thay đổi" in result.stderr
    assert meeting_file.read_text("utf-8") == text


def test_identical_texts_are_two_findings(cli, meeting_file):
    assert cli.rows("SELECT due_on FROM findings WHERE kind = 'task' ORDER BY id") == [
        ("2024-06-15",), ("2024-06-30",)]


def test_an_edited_text_keeps_the_record_and_what_was_done_to_it(cli, meeting_file):
    cli.ok("shortcoming", "resolve", "1", "--on", "1/6/2024")
    _edit(meeting_file, "việc gửi văn bản còn chậm", "việc gửi văn bản điện tử còn chậm")
    result = cli("import", str(meeting_file))
    assert result.exit_code == 0, result.stderr
    assert "cập nhật 1 tồn tại, hạn chế" in result.stderr
    assert cli.rows("SELECT id, text, status, resolved_on FROM findings WHERE kind = "
                    "'shortcoming'") == [(1, "việc gửi văn bản điện tử còn chậm",
                                          "đã khắc phục", "2024-06-01")]


def test_a_removed_key_clears_the_field(cli, meeting_file):
    _edit(meeting_file, "    cause: thiếu cán bộ\n", "")
    cli.ok("import", str(meeting_file))
    assert cli.rows("SELECT cause FROM findings WHERE id = 1") == [(None,)]


def test_findings_added_outside_the_file_are_kept_unless_pruned(cli, meeting_file):
    cli.ok("task", "add", "--meeting", "1", "báo cáo kết quả", "--due-on", "1/7/2024")
    _edit(meeting_file, "rà soát hồ sơ\n    due_on: 30/6", "rà soát hồ sơ lưu trữ\n    due_on: 30/6")
    result = cli("import", str(meeting_file))
    assert result.exit_code == 0, result.stderr
    assert "giữ 1 nội dung thêm ngoài tệp" in result.stderr
    assert cli.count("findings") == 5
    result = cli("import", "--prune", str(meeting_file))
    assert result.exit_code == 1 and "xóa nhiệm vụ số 5 «báo cáo kết quả»" in result.stderr
    cli.ok("import", "--prune", "--yes", str(meeting_file))
    assert cli.count("findings") == 4


def test_an_edit_made_outside_survives_and_overwriting_it_is_asked(cli, meeting_file):
    cli.ok("recommendation", "edit", "2", "--response", "đã cấp 2 máy tính")
    cli.ok("import", str(meeting_file))  # the file did not touch the reply
    assert cli.rows("SELECT response FROM findings WHERE id = 2") == [("đã cấp 2 máy tính",)]
    _edit(meeting_file, "response: sẽ xem xét", "response: chưa có kinh phí")
    before = cli.rows("SELECT * FROM findings")
    result = cli("import", str(meeting_file))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert ("ghi đè kiến nghị, đề xuất số 2 «bổ sung máy tính» (hội nghị số 1): Trả lời "
            "«đã cấp 2 máy tính» → «chưa có kinh phí»") in result.stderr
    assert "--yes" in result.stderr
    assert cli.rows("SELECT * FROM findings") == before


def test_removing_a_finding_is_shown_and_asked_on_a_terminal(cli, meeting_file, monkeypatch):
    from coordtrack.cli import capture

    monkeypatch.setattr(capture, "stdin_is_terminal", lambda: True)
    text = meeting_file.read_text("utf-8")
    start = text.index("  - uid", text.index("kind: recommendation") - 60)
    meeting_file.write_text(text[:start] + text[text.index("  - uid", start + 5):], "utf-8")
    result = cli("import", str(meeting_file), input="\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "Nhập lại sẽ thay đổi 1 mục đã có:",
        "  - xóa kiến nghị, đề xuất số 2 «bổ sung máy tính» (hội nghị số 1)"]
    assert "Đã hủy" in result.stderr and cli.count("findings") == 4
    result = cli("import", str(meeting_file), input="c\n")
    assert result.exit_code == 0, result.stderr
    assert "bỏ 1 nội dung" in result.stderr and cli.count("findings") == 3


def test_a_smaller_file_with_the_same_title_and_date_removes_nothing_unasked(cli, meeting_file):
    small = "meeting:\n  title: Hội nghị giao ban tháng 5\n  date: 23/5/2024\nfindings: []\n"
    result = cli("import", "-", input=small)
    assert result.exit_code == 1 and "xóa hoặc ghi đè 4 mục" in result.stderr
    assert cli.count("findings") == 4


def test_a_meeting_found_by_uid_is_updated_whatever_its_title_and_date(cli, meeting_file):
    _edit(meeting_file, "Hội nghị giao ban tháng 5", "Hội nghị giao ban tháng 5 năm 2024")
    _edit(meeting_file, "23/5/2024", "24/5/2024")
    cli.ok("import", "--yes", str(meeting_file))
    assert cli.rows("SELECT id, title, held_on FROM meetings") == [
        (1, "Hội nghị giao ban tháng 5 năm 2024", "2024-05-24")]
    assert cli.count("findings") == 4


def test_a_uid_of_another_meetings_finding_or_another_kind_is_refused(cli, meeting_file,
                                                                    tmp_path):
    uid = cli.rows("SELECT uid FROM findings WHERE id = 1")[0][0]
    other = tmp_path / "khac.yaml"
    other.write_text(textwrap.dedent(f"""\
        meeting:
          title: Hội nghị khác
          date: 1/6/2024
        findings:
          - uid: {uid}
            kind: shortcoming
            text: chép nhầm
        """), "utf-8")
    result = cli("import", str(other))
    assert result.exit_code == 1
    assert (f"findings[1]: uid {uid} là của tồn tại, hạn chế số 1 «việc gửi văn bản còn chậm» "
            "(hội nghị số 1), thuộc hội nghị khác") in result.stderr
    _edit(meeting_file, "kind: shortcoming", "kind: achievement")
    _edit(meeting_file, "    cause: thiếu cán bộ\n", "")
    result = cli("import", str(meeting_file))
    assert result.exit_code == 1
    assert "là của tồn tại, hạn chế số 1" in result.stderr
    assert "không phải kết quả như tệp ghi (findings[1])" in result.stderr
    body_uid = cli.rows("SELECT uid FROM bodies")[0][0]
    other.write_text(f"meeting:\n  uid: {body_uid}\n  title: Hội nghị\n  date: 1/6/2024\n",
                     "utf-8")
    result = cli("import", str(other))
    assert result.exit_code == 1
    assert "là của cơ quan số 1 «Ủy ban nhân dân xã», không phải hội nghị" in result.stderr
    assert cli.count("meetings") == 1 and cli.count("findings") == 4
