"""Issue 10, "data that changes without asking": numbers, record numbers, dates of record,
people found like bodies, and what a re-import may change."""

from __future__ import annotations

import json

import pytest

from coordtrack import vietnamese as vi

MEETING = ("meeting:\n  title: Hội nghị giao ban\n  date: 23/5/2024\n"
           "findings:\n  - kind: achievement\n    text: tiếp nhận hồ sơ\n    value: {}\n")


# -- 4. one reading of numbers ------------------------------------------------------------
@pytest.mark.parametrize(("typed", "stored"), [
    ("2.500", 2500), ("2,5", 2.5), ("1.234,5", 1234.5), ("2500", 2500), ("-3", -3),
    ("1.000.000", 1000000), ("0,75", 0.75),
])
def test_cli_and_file_read_numbers_the_same_vietnamese_way(cli, typed, stored):
    cli.ok("meeting", "add", "Hội nghị", "--date", "1/1/2024")
    cli.ok("achievement", "add", "--meeting", "1", "từ dòng lệnh", "--value", typed)
    cli.ok("import", "-", input=MEETING.format(typed))
    cli.ok("import", "-", input=MEETING.format(f'"{typed}"').replace("giao ban", "khác"))
    values = [r[0] for r in cli.rows("SELECT value FROM findings ORDER BY id")]
    assert values == [stored] * 3


@pytest.mark.parametrize("typed", ["2.5", "1234.56", "1,234.5"])
def test_a_dot_that_does_not_group_thousands_is_refused(cli, typed):
    result = cli("import", "-", input=MEETING.format(typed))
    assert result.exit_code == 1
    assert "đọc được hai cách" in result.stderr and "hãy ghi" in result.stderr
    assert not cli.db.exists() or cli.count("findings") == 0


def test_json_numbers_are_json_but_a_thousands_lookalike_is_refused(cli):
    doc = {"meeting": {"title": "Hội nghị", "date": "23/5/2024"},
           "findings": [{"kind": "achievement", "text": "a", "value": 2.5}]}
    cli.ok("import", "-", input=json.dumps(doc))
    assert cli.rows("SELECT value FROM findings") == [(2.5,)]
    text = json.dumps(doc).replace("2.5", "2.500")
    result = cli("import", "-", input=text)
    assert result.exit_code == 1
    assert "'2.500' đọc được hai cách (JSON: 2.5; tiếng Việt: 2500)" in result.stderr


def test_parse_number_is_the_one_rule():
    assert vi.parse_number("2.500") == 2500
    assert vi.parse_number(vi.NumberLiteral("2.500")) == 2500
    assert vi.parse_number(vi.NumberLiteral("2.5", machine=True)) == 2.5
    with pytest.raises(ValueError, match="không phải là số"):
        vi.parse_number("nhiều")


# -- 6. record numbers are never reused ---------------------------------------------------
def test_a_removed_number_is_not_given_again_and_undo_still_works(cli):
    cli.ok("meeting", "add", "Hội nghị", "--date", "1/1/2024")
    assert cli.ok("shortcoming", "add", "--meeting", "1", "chậm gửi văn bản").strip() == "1"
    cli.ok("shortcoming", "remove", "1")
    removal = cli.rows("SELECT max(id) FROM history")[0][0]
    assert cli.ok("task", "add", "--meeting", "1", "gửi văn bản đúng hạn").strip() == "2"
    cli.ok("meeting", "remove", "1")
    assert cli.ok("meeting", "add", "Hội nghị khác", "--date", "2/1/2024").strip() == "2"
    cli.ok("undo")  # the meeting added last
    cli.ok("undo")  # the removal of meeting 1 and its task
    result = cli("undo", str(removal))
    assert result.exit_code == 0, result.stderr
    assert cli.rows("SELECT id, kind FROM findings ORDER BY id") == [
        (1, "tồn tại"), (2, "nhiệm vụ")]
    assert cli.ok("body", "add", "Văn phòng").strip() == "1"


# -- 7. dates of record -------------------------------------------------------------------
@pytest.fixture
def followup(cli):
    cli.ok("meeting", "add", "Hội nghị", "--date", "23/5/2024")
    cli.ok("shortcoming", "add", "--meeting", "1", "chậm gửi văn bản")
    cli.ok("task", "add", "--meeting", "1", "gửi văn bản đúng hạn", "--due-on", "30/6/2024")
    return cli


def test_resolving_again_does_not_move_the_date(followup):
    followup.ok("shortcoming", "resolve", "1", "--on", "1/6/2024")
    result = followup("shortcoming", "resolve", "1", "--on", "5/6/2024")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: Tồn tại, hạn chế số 1 đã được khắc phục ngày 1/6/2024; để "
                             "sửa ngày, dùng: coordtrack shortcoming edit 1 --resolved-on NGÀY\n")
    followup.ok("task", "done", "2", "--on", "20/6/2024")
    result = followup("task", "done", "2")
    assert result.exit_code == 1 and "đã được hoàn thành ngày 20/6/2024" in result.stderr
    assert followup.rows("SELECT resolved_on, done_on FROM findings ORDER BY id") == [
        ("2024-06-01", None), (None, "2024-06-20")]
    followup.ok("shortcoming", "edit", "1", "--resolved-on", "2/6/2024")
    assert followup.rows("SELECT resolved_on FROM findings WHERE id = 1") == [("2024-06-02",)]


@pytest.mark.parametrize(("args", "message"), [
    (["shortcoming", "resolve", "1", "--on", "1/1/2099"], "Ngày khắc phục 1/1/2099 ở tương lai"),
    (["task", "done", "2", "--on", "1/1/2099"], "Ngày hoàn thành 1/1/2099 ở tương lai"),
    (["shortcoming", "edit", "1", "--resolved-on", "1/1/2099"], "ở tương lai"),
    (["task", "add", "--meeting", "1", "việc", "--due-on", "1/5/2024"],
     "Hạn 1/5/2024 trước ngày hội nghị giao nhiệm vụ (23/5/2024)"),
    (["task", "edit", "2", "--due-on", "22/5/2024"], "Hạn 22/5/2024 trước ngày hội nghị"),
])
def test_future_completion_and_deadline_before_the_meeting_are_refused(followup, args,
                                                                        message):
    before = followup.rows("SELECT * FROM findings")
    result = followup(*args)
    assert result.exit_code == 1 and message in result.stderr
    assert followup.rows("SELECT * FROM findings") == before


def test_status_set_by_edit_records_the_date_and_reopening_clears_it(followup):
    from datetime import date

    followup.ok("shortcoming", "edit", "1", "--status", "đã khắc phục")
    followup.ok("task", "edit", "2", "--status", "đã hoàn thành")
    today = date.today().isoformat()
    assert followup.rows("SELECT status, resolved_on, done_on FROM findings ORDER BY id") == [
        ("đã khắc phục", today, None), ("đã hoàn thành", None, today)]
    followup.ok("shortcoming", "edit", "1", "--status", "đang khắc phục")
    assert followup.rows("SELECT status, resolved_on FROM findings WHERE id = 1") == [
        ("đang khắc phục", None)]


# -- 3. people and agreements found like bodies ---------------------------------------------
@pytest.fixture
def people(cli):
    cli.ok("body", "add", "Ủy ban nhân dân xã", "--short-name", "UBND")
    cli.ok("person", "add", "Trần Thị Hoa", "--titles", "Chủ tịch UBND xã")
    cli.ok("agreement", "add", "Quy chế phối hợp tiếp công dân", "--number", "01-QC/UBND")
    cli.ok("meeting", "add", "Hội nghị", "--date", "1/2/2024")
    return cli


def test_a_person_typed_without_diacritics_is_the_same_person(people):
    people.ok("directive", "add", "--meeting", "1", "chỉ đạo",
              "--speaker", "Tran Thi Hoa - Chủ tịch UBND xã")
    people.ok("meeting", "edit", "1", "--chair", "trần thị hoa - Chủ tịch")
    assert people.rows("SELECT id, name FROM people") == [(1, "Trần Thị Hoa")]
    assert people.ok("person", "show", "tran thi hoa", "-f", "json").count('"id": 1') == 1
    # Typed with marks, another tone is another name.
    people.ok("directive", "add", "--meeting", "1", "kết luận", "--speaker", "Trần Thị Hóa")
    assert people.count("people") == 2


@pytest.mark.parametrize(("args", "message"), [
    (["person", "show", "Tran Thi Hao"], "Không tìm thấy người 'Tran Thi Hao'. Có phải Trần "
     "Thị Hoa (số 1)?"),
    (["agreement", "show", "quy che phoi hop tiep cong dan"], None),
    (["agreement", "show", "01-QC/UBN"], "Có phải 01-QC/UBND (số 1)?"),
    (["meeting", "edit", "1", "--agreement", "Quy chế phối hợp tiếp công dâng"],
     "Có phải Quy chế phối hợp tiếp công dân (số 1)?"),
    (["directive", "add", "--meeting", "1", "chỉ đạo", "--speaker",
      "Phạm Đức Long, Chủ tịch UBND xã"],
     "'Phạm Đức Long, Chủ tịch UBND xã': ghi họ tên và chức vụ cách nhau bằng dấu gạch ngang "
     "có khoảng trắng hai bên, ví dụ 'Phạm Đức Long - Chủ tịch UBND xã'."),
])
def test_people_and_agreements_resolve_like_bodies(people, args, message):
    result = people(*args)
    if message is None:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert people.count("people") == 1


# -- 8. moving a register: CSV is for spreadsheets, JSON moves it ------------------------
def test_whole_register_csv_export_says_how_to_move_and_its_import_is_refused_cleanly(
        demo_cli, tmp_path):
    from conftest import Cli

    sheet = tmp_path / "so.csv"
    result = demo_cli("export", "--format", "csv", "-o", str(sheet))
    assert result.exit_code == 0
    assert ("Lưu ý: tệp CSV để xem bằng bảng tính; nhập lại từ CSV chỉ được các nội dung "
            "(kết quả, tồn tại, nhiệm vụ…); để chuyển cả sổ đăng ký, xuất bằng: coordtrack "
            "export -o so-dang-ky.json") in result.stderr
    assert "Lưu ý" not in demo_cli("export", "--format", "csv", "--kind", "task").stderr
    other = Cli(tmp_path / "moi.db")
    result = other("import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "đây là tệp CSV xuất cả sổ đăng ký" in result.stderr
    assert "coordtrack import so-dang-ky.json" in result.stderr
    assert not other.db.exists(), "a failed import leaves no register file"
    moved = tmp_path / "so.json"
    demo_cli.ok("export", "-o", str(moved))
    other.ok("import", str(moved))
    assert other.count("findings") == demo_cli.count("findings")


def test_a_failed_import_of_a_meeting_file_leaves_no_register_file(cli):
    result = cli("import", "-", input="meeting:\n  title: Hội nghị\n  date: 31/2/2024\n")
    assert result.exit_code == 1 and not cli.db.exists()
