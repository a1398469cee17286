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
    assert cli.rows("SELECT due_on FROM findings WHERE kind = 'nhiệm vụ' ORDER BY id") == [
        ("2024-06-15",), ("2024-06-30",)]


def test_an_edited_text_keeps_the_record_and_what_was_done_to_it(cli, meeting_file):
    cli.ok("shortcoming", "resolve", "1", "--on", "1/6/2024")
    _edit(meeting_file, "việc gửi văn bản còn chậm", "việc gửi văn bản điện tử còn chậm")
    result = cli("import", str(meeting_file))
    assert result.exit_code == 0, result.stderr
    assert "cập nhật 1 tồn tại, hạn chế" in result.stderr
    assert cli.rows("SELECT id, text, status, resolved_on FROM findings WHERE kind = "
                    "'tồn tại'") == [(1, "việc gửi văn bản điện tử còn chậm",
                                          "đã khắc phục", "2024-06-01")]


def test_a_removed_key_clears_the_field(cli, meeting_file):
    _edit(meeting_file, "    cause: thiếu cán bộ\n", "")
    cli.ok("import", str(meeting_file))
    assert cli.rows("SELECT cause FROM findings WHERE id = 1") == [(None,)]


def test_findings_added_outside_the_file_are_kept_unless_pruned(cli, meeting_file):
    cli.ok("task", "add", "--meeting", "1", "báo cáo kết quả", "--due-on", "1/7/2024")
    _edit(meeting_file, "rà soát hồ sơ\n    due_on: 30/6",
          "rà soát hồ sơ lưu trữ\n    due_on: 30/6")
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


# -- 2. meetings back into the editor, and out ---------------------------------------------
def _history(cli):
    return cli.rows("SELECT count(*) FROM history")[0][0]


@pytest.mark.parametrize("name", ["2021-06-10-dni-vptu-6-thang.yaml",
                                  "2023-03-08-qna-tong-ket-2022.yaml",
                                  "2024-05-23-vphu-vp-hdnd-ubnd.yaml"])
def test_export_then_import_changes_nothing(cli, tmp_path, name):
    from test_import import _dump

    meeting = cli.import_fixture(name)
    shortcoming = cli.rows("SELECT min(id) FROM findings WHERE kind = 'tồn tại'")[0][0]
    if shortcoming:  # a value set outside the file goes out and back in too
        cli.ok("shortcoming", "resolve", str(shortcoming), "--on", "1/6/2024")
    text = cli.ok("meeting", "export", str(meeting))
    assert text.startswith(f"# Hội nghị số {meeting}, lấy từ sổ đăng ký để sửa.")
    path = tmp_path / "ra.yaml"
    path.write_text(text, encoding="utf-8")
    before, history = _dump(cli), _history(cli)
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "không có thay đổi" in result.stderr
    assert _dump(cli) == before and _history(cli) == history
    assert path.read_text("utf-8") == text, "every record already has its uid"


def test_numbers_and_references_round_trip(cli, tmp_path):
    cli.ok("body", "add", "Ủy ban nhân dân xã", "--short-name", "UBND")
    cli.ok("meeting", "add", "Hội nghị", "--date", "1/2/2024", "--organiser", "UBND",
           "--chair", "Trần Thị Hoa - Chủ tịch UBND xã")
    cli.ok("achievement", "add", "--meeting", "1", "giải ngân", "--value", "2,5",
           "--unit", "tỷ đồng")
    cli.ok("achievement", "add", "--meeting", "1", "hồ sơ", "--value", "2.500")
    text = cli.ok("meeting", "export", "1")
    assert "value: 2,5\n" in text and "value: 2500\n" in text
    assert "organisers:\n  - UBND\n" in text
    assert "  - person: Trần Thị Hoa\n    titles: Chủ tịch UBND xã\n" in text
    path = tmp_path / "ra.yaml"
    path.write_text(text, encoding="utf-8")
    assert "không có thay đổi" in cli("import", str(path)).stderr


def _editor_script(tmp_path, monkeypatch, code: str) -> None:
    import sys

    script = tmp_path / "sua.py"
    script.write_text("import pathlib, sys\npath = pathlib.Path(sys.argv[1])\n"
                      "text = path.read_text('utf-8')\n" + textwrap.dedent(code)
                      + "path.write_text(text, 'utf-8')\n", encoding="utf-8")
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    monkeypatch.delenv("VISUAL", raising=False)


def test_meeting_edit_opens_the_meeting_file_and_imports_on_save(cli, meeting_file, tmp_path,
                                                                 monkeypatch):
    cli.ok("shortcoming", "resolve", "1", "--on", "1/6/2024")
    _editor_script(tmp_path, monkeypatch, f"""\
        pathlib.Path({str(tmp_path / "thay.yaml")!r}).write_text(text, "utf-8")
        text = text.replace("bổ sung máy tính", "bổ sung 2 máy tính")
        text = text.replace("title: Hội nghị giao ban tháng 5", "title: Giao ban tháng 5")
        """)
    result = cli("meeting", "edit", "1")
    assert result.exit_code == 0, result.stderr
    assert "Đã sửa hội nghị số 1: cập nhật 1 hội nghị; 1 kiến nghị, đề xuất." in result.stderr
    opened = (tmp_path / "thay.yaml").read_text("utf-8")
    assert "# Hội nghị số 1, lấy từ sổ đăng ký để sửa." in opened
    assert "status: đã khắc phục" in opened and "resolved_on: 1/6/2024" in opened
    assert cli.rows("SELECT title FROM meetings") == [("Giao ban tháng 5",)]
    assert cli.rows("SELECT id, text FROM findings WHERE id = 2") == [(2, "bổ sung 2 máy tính")]
    assert cli.rows("SELECT status FROM findings WHERE id = 1") == [("đã khắc phục",)]


def test_meeting_edit_asks_before_removing_and_keeps_the_draft(cli, meeting_file, tmp_path,
                                                               monkeypatch):
    _editor_script(tmp_path, monkeypatch, """\
        start = text.index("- uid", text.index("findings:"))
        end = text.index("- uid", start + 5)
        text = text[:start] + text[end:]
        """)
    result = cli("meeting", "edit", "1")
    assert result.exit_code == 1
    assert "xóa tồn tại, hạn chế số 1 «việc gửi văn bản còn chậm»" in result.stderr
    assert "Bản nháp được giữ tại" in result.stderr and cli.count("findings") == 4
    result = cli("meeting", "edit", "1", "--yes")
    assert result.exit_code == 0, result.stderr
    assert cli.count("findings") == 3


def test_meeting_edit_saved_unchanged_changes_nothing(cli, meeting_file, tmp_path, monkeypatch):
    _editor_script(tmp_path, monkeypatch, "")
    history = _history(cli)
    result = cli("meeting", "edit", "1")
    assert result.exit_code == 0 and "Không có thay đổi nào." in result.stderr
    assert _history(cli) == history
