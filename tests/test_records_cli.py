"""The record commands as a clerk uses them: add, list, show, edit, remove for every type."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from datetime import date, timedelta

import pytest

from coordtrack import __version__
from coordtrack.register.recordtypes import RECORD_TYPES


def _id(output: str) -> int:
    return int(output.strip().splitlines()[-1])


@pytest.fixture
def office(cli):
    """Two bodies, an agreement and a meeting: the minimum every finding needs."""
    cli.ok("body", "add", "Văn phòng Huyện ủy", "--short-name", "VPHU", "--level", "huyện")
    cli.ok("body", "add", "Văn phòng HĐND và UBND huyện", "--short-name", "VPUB",
           "--level", "huyện")
    cli.ok("agreement", "add", "Quy chế phối hợp công tác giữa hai văn phòng",
           "--number", "01-QC/VP", "--party", "VPHU", "--party", "VPUB",
           "--signed-on", "15/3/2021", "--term", "2021-2026", "--area", "tham mưu",
           "--area", "lễ tân")
    cli.ok("meeting", "add", "Hội nghị đánh giá kết quả thực hiện Quy chế phối hợp",
           "--kind", "đánh giá", "--date", "23/5/2024", "--part-of-day", "chiều",
           "--organiser", "VPHU", "--organiser", "VPUB", "--agreement", "01-QC/VP",
           "--chair", "Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy",
           "--attendee", "Võ Văn Nhàn - Phó Bí thư Thường trực Huyện ủy",
           "--attendee-group", "các đồng chí lãnh đạo, chuyên viên của 2 cơ quan",
           "--period", "2023")
    return cli


def test_version_and_help_are_vietnamese(cli):
    assert cli.ok("--version").strip() == f"coordtrack {__version__}"
    top = cli.ok("--help")
    assert "Sổ theo dõi quy chế phối hợp" in top
    for rt in RECORD_TYPES.values():
        for command in ("add", "list", "show", "edit", "remove"):
            text = cli.ok(rt.name, command, "--help")
            assert "Ví dụ:" in text, (rt.name, command)
            assert "coordtrack" in text
    assert "Tùy chọn" in cli.ok("body", "add", "--help")


def test_body_add_list_show_edit_remove(cli):
    assert _id(cli.ok("body", "add", "Văn phòng Huyện ủy", "--short-name", "VPHU")) == 1
    cli.ok("body", "add", "Ủy ban MTTQ Việt Nam huyện", "--short-name", "MTTQ", "--level", "huyện")
    listing = cli.ok("body", "list")
    assert "Văn phòng Huyện ủy" in listing and "VPHU" in listing
    # Vietnamese order: Ủ after V is wrong for Python's sorted(); U < Ư < V in Vietnamese.
    assert listing.index("Ủy ban") < listing.index("Văn phòng")
    assert "Văn phòng Huyện ủy" in cli.ok("body", "show", "1")
    cli.ok("body", "edit", "VPHU", "--level", "huyện")
    assert cli.rows("SELECT level FROM bodies WHERE id = 1") == [("huyện",)]
    cli.ok("body", "remove", "MTTQ")
    assert cli.count("bodies") == 1


def test_people_are_found_by_exact_name(office):
    office.ok("person", "add", "Nguyễn Bi", "--titles", "HUV, Chánh Văn phòng HĐND và UBND huyện",
              "--body", "VPUB")
    shown = office.ok("person", "show", "Nguyễn Bi")
    assert "Chánh Văn phòng HĐND và UBND huyện" in shown and "VPUB" in shown
    listing = office.ok("person", "list", "--body", "VPUB")
    assert "Nguyễn Bi" in listing and "Lê Công Phu" not in listing


def test_agreement_keeps_parties_areas_and_term(office):
    data = json.loads(office.ok("agreement", "show", "01-QC/VP", "--format", "json"))
    assert [p["short_name"] for p in data["parties"]] == ["VPHU", "VPUB"]
    assert data["areas"] == ["tham mưu", "lễ tân"]
    assert data["term"] == "2021-2026"
    assert data["signed_on"] == "2021-03-15"
    assert (data["status"], data["status_label"]) == ("in_force", "hiệu lực")
    office.ok("agreement", "add", "Quy chế mới", "--party", "VPHU")
    office.ok("agreement", "edit", "01-QC/VP", "--status", "đã thay thế", "--superseded-by", "2")
    data = json.loads(office.ok("agreement", "show", "1", "--format", "json"))
    assert data["status"] == "superseded" and data["superseded_by"]["title"] == "Quy chế mới"
    listing = office.ok("agreement", "list", "--status", "hiệu lực")
    assert "Quy chế mới" in listing and "01-QC/VP" not in listing


def test_meeting_show_lists_people_with_titles_and_findings(office):
    office.ok("achievement", "add", "--meeting", "1", "tổ chức thành công 8 kỳ họp",
              "--value", "8", "--unit", "kỳ họp")
    office.ok("shortcoming", "add", "--meeting", "1", "--body", "VPUB",
              "việc gửi, nhận văn bản đôi lúc còn chưa thông suốt")
    office.ok("directive", "add", "--meeting", "1", "--speaker",
              "Võ Văn Nhàn - Phó Bí thư Thường trực Huyện ủy", "biểu dương những thành tích")
    office.ok("recommendation", "add", "--meeting", "1", "--from-body", "VPUB", "--to-body",
              "VPHU", "sớm có hướng dẫn", "--response", "đã hướng dẫn tại hội nghị")
    office.ok("task", "add", "--meeting", "1", "--owner", "VPHU", "--due-on", "31/12/2024",
              "xây dựng kế hoạch phối hợp")
    shown = office.ok("meeting", "show", "1")
    order = ["Chủ trì:", "Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy", "Tham dự:",
             "Võ Văn Nhàn - Phó Bí thư Thường trực Huyện ủy", "Kết quả đạt được:",
             "Tổ chức thành công 8 kỳ họp", "Tồn tại, hạn chế:", "Việc gửi, nhận văn bản",
             "Ý kiến chỉ đạo:", "Biểu dương", "Kiến nghị, đề xuất:", "Sớm có hướng dẫn",
             "Trả lời: đã hướng dẫn tại hội nghị", "Phương hướng, nhiệm vụ:",
             "Xây dựng kế hoạch phối hợp"]
    positions = [shown.index(fact) for fact in order]
    assert positions == sorted(positions)
    data = json.loads(office.ok("meeting", "show", "1", "--format", "json"))
    assert data["chairs"][0]["titles"] == "HUV, Chánh Văn phòng Huyện ủy"
    assert [f["text"] for f in data["findings"]["achievement"]] == ["tổ chức thành công 8 kỳ họp"]
    assert data["period"] == "2023" and data["part_of_day"] == "chiều"


def test_list_filters(office):
    office.ok("meeting", "add", "Hội nghị sơ kết 6 tháng", "--kind", "sơ kết",
              "--date", "2024-07-10", "--organiser", "VPUB")
    assert "sơ kết 6 tháng" not in office.ok("meeting", "list", "--kind", "đánh giá")
    assert "sơ kết 6 tháng" in office.ok("meeting", "list", "--from", "1/7/2024")
    assert "sơ kết 6 tháng" not in office.ok("meeting", "list", "--to", "30/6/2024")
    assert "sơ kết 6 tháng" not in office.ok("meeting", "list", "--agreement", "01-QC/VP")
    office.ok("shortcoming", "add", "--meeting", "1", "--body", "VPUB", "chậm gửi văn bản")
    office.ok("shortcoming", "add", "--meeting", "2", "--body", "VPHU", "thiếu thông tin")
    only = office.ok("shortcoming", "list", "--meeting", "2")
    assert "thiếu thông tin" in only and "chậm gửi" not in only
    by_body = office.ok("shortcoming", "list", "--body", "VPUB")
    assert "chậm gửi" in by_body and "thiếu thông tin" not in by_body
    assert "chậm gửi" in office.ok("shortcoming", "list", "--agreement", "1")
    assert "chậm gửi" in office.ok("shortcoming", "list", "--status", "chưa khắc phục")
    assert len(json.loads(office.ok("shortcoming", "list", "--limit", "1", "-f", "json"))) == 1


def test_shortcoming_resolve_and_task_categories(office):
    today = date.today()
    past = (today - timedelta(days=10)).strftime("%d/%m/%Y")
    future = (today + timedelta(days=30)).strftime("%d/%m/%Y")
    sid = _id(office.ok("shortcoming", "add", "--meeting", "1", "chậm gửi văn bản"))
    office.ok("shortcoming", "resolve", str(sid), "--on", "1/6/2024")
    assert office.rows("SELECT status, resolved_on FROM findings WHERE id = ?", (sid,)) == [
        ("đã khắc phục", "2024-06-01")]
    late = _id(office.ok("task", "add", "--meeting", "1", "việc quá hạn", "--due-on", past))
    _id(office.ok("task", "add", "--meeting", "1", "việc trong hạn", "--due-on", future))
    # Due after the meeting (23/5/2024) that set it, done after the deadline.
    done_late = _id(office.ok("task", "add", "--meeting", "1", "xong muộn", "--due-on", "1/6/2024"))
    office.ok("task", "done", str(done_late), "--on", "5/6/2024")
    done_ok = _id(office.ok("task", "add", "--meeting", "1", "xong đúng hạn", "--due-on", future))
    office.ok("task", "done", str(done_ok))
    rows = {r["text"]: r["category_label"]
            for r in json.loads(office.ok("task", "list", "-f", "json"))}
    assert rows == {
        "việc quá hạn": "chưa hoàn thành quá hạn",
        "việc trong hạn": "chưa hoàn thành trong hạn",
        "xong muộn": "đã hoàn thành quá hạn",
        "xong đúng hạn": "đã hoàn thành đúng hạn",
    }
    overdue = json.loads(office.ok("task", "list", "--overdue", "-f", "json"))
    assert [r["id"] for r in overdue] == [late]
    by_category = json.loads(office.ok("task", "list", "--status", "đã hoàn thành quá hạn",
                                       "-f", "json"))
    assert [r["text"] for r in by_category] == ["xong muộn"]


@pytest.mark.parametrize("rt", list(RECORD_TYPES))
def test_every_type_edit_and_remove(office, rt):
    main = RECORD_TYPES[rt].main
    extra = ["--meeting", "1"] if RECORD_TYPES[rt].finding_kind else []
    if rt == "meeting":
        extra = ["--date", "1/1/2024"]
    record_id = _id(office.ok(rt, "add", "Nội dung thử nghiệm", *extra))
    office.ok(rt, "edit", str(record_id), f"--{main.replace('_', '-')}", "Nội dung đã sửa")
    shown = office.ok(rt, "show", str(record_id))
    assert "Nội dung đã sửa" in shown
    table = RECORD_TYPES[rt].table
    before = office.count(table)
    office.ok(rt, "remove", str(record_id))
    assert office.count(table) == before - 1


def test_output_formats(office):
    office.ok("achievement", "add", "--meeting", "1", "ban hành nghị quyết", "--value", "1234",
              "--unit", "nghị quyết")
    plain = office.ok("achievement", "list")
    assert "\x1b[" not in plain and "1.234" in plain
    assert office.ok("achievement", "list", "-f", "plain") == plain
    assert "1.234" in office.ok("achievement", "list", "-f", "table")
    data = json.loads(office.ok("achievement", "list", "-f", "json"))
    assert data[0]["value"] == 1234 and data[0]["unit"] == "nghị quyết"
    rows = list(csv.DictReader(io.StringIO(office.ok("achievement", "list", "-f", "csv"))))
    assert rows[0]["text"] == "ban hành nghị quyết" and rows[0]["value"] == "1234"
    tsv = office.ok("achievement", "list", "-f", "tsv").splitlines()
    assert tsv[0].split("\t")[0] == "id" and "ban hành nghị quyết" in tsv[1].split("\t")
    shown = json.loads(office.ok("achievement", "show", "1", "-f", "json"))
    assert shown["uid"] and shown["meeting"]["id"] == 1


def test_nfd_input_is_stored_matched_and_shown_as_nfc(cli):
    name = unicodedata.normalize("NFD", "  Văn phòng Đoàn ĐBQH và HĐND tỉnh  ")
    cli.ok("body", "add", name, "--short-name", unicodedata.normalize("NFD", "VPĐĐBQH"))
    stored = cli.rows("SELECT name, short_name FROM bodies")[0]
    assert stored == ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "VPĐĐBQH")
    assert all(unicodedata.is_normalized("NFC", s) for s in stored)
    shown = cli.ok("body", "show", unicodedata.normalize("NFD", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"))
    assert "Văn phòng Đoàn ĐBQH và HĐND tỉnh" in shown
    cli.ok("person", "add", unicodedata.normalize("NFD", "Nguyễn Thị Hồng Trang"),
           "--body", unicodedata.normalize("NFD", "VPĐĐBQH"))
    assert cli.rows("SELECT name FROM people") == [("Nguyễn Thị Hồng Trang",)]


def test_confirmations_go_to_stderr_and_quiet_silences_them(cli):
    result = cli("body", "add", "Văn phòng Huyện ủy")
    assert result.stdout.strip() == "1"
    assert "Đã thêm cơ quan số 1" in result.stderr
    result = cli("--quiet", "body", "add", "Văn phòng Tỉnh ủy")
    assert result.stderr == "" and result.stdout.strip() == "2"


def test_dates_accept_day_first_forms(cli):
    cli.ok("body", "add", "VP", "--short-name", "VP")
    for i, text in enumerate(["23/5/2024", "23/05/2024", "2024-05-23"]):
        cli.ok("meeting", "add", f"Hội nghị {i}", "--date", text)
    assert {r[0] for r in cli.rows("SELECT held_on FROM meetings")} == {"2024-05-23"}


def test_help_speaks_to_a_clerk_not_a_programmer(cli):
    for args in (["task", "add", "--help"], ["task", "list", "--help"], ["search", "--help"],
                 ["meeting", "add", "--help"], ["--help"]):
        text = cli.ok(*args)
        for word in ("<str>", "<int", "list[str]", "[OPTIONS]", "Usage:", "Show this message"):
            assert word not in text, (args, word)
    assert "Có thể lặp lại. Có thể lặp lại" not in cli.ok("task", "add", "--help")


@pytest.mark.parametrize(("args", "message"), [
    (["body", "remove", "VPHU"],
     "Không thể xóa cơ quan số 1: còn 1 quy chế phối hợp đang tham chiếu."),
    (["agreement", "remove", "01-QC/VP"],
     "Không thể xóa quy chế phối hợp số 1: còn 1 hội nghị đang tham chiếu."),
    (["person", "remove", "Lê Công Phu"],
     "Không thể xóa người số 1: còn 1 hội nghị đang tham chiếu."),
    (["shortcoming", "remove", "1"],
     "Không thể xóa tồn tại, hạn chế số 1: còn 1 nội dung khác đang tham chiếu."),
])
def test_remove_refuses_while_referenced(office, args, message):
    # The references come from the record type descriptions, links included: an agreement a
    # meeting evaluated is kept (it used to fail on SQLite's foreign key instead).
    office.ok("shortcoming", "add", "--meeting", "1", "văn bản gửi chậm")
    office.ok("task", "add", "--meeting", "1", "--remedies", "1", "gửi văn bản đúng hạn")
    before = office.ok("history")
    result = office(*args)
    assert (result.exit_code, result.stderr.strip()) == (1, f"Lỗi: {message}")
    assert office.ok("history") == before


def test_remove_meeting_takes_its_findings_along(office):
    office.ok("shortcoming", "add", "--meeting", "1", "văn bản gửi chậm")
    office.ok("task", "add", "--meeting", "1", "gửi văn bản đúng hạn")
    office.ok("meeting", "remove", "1")
    assert office.ok("shortcoming", "list", "--format", "csv").splitlines()[1:] == []
    assert office.ok("task", "list", "--format", "csv").splitlines()[1:] == []
    office.ok("agreement", "remove", "01-QC/VP")


def test_remove_meeting_refuses_while_another_meeting_names_one_of_its_findings(office):
    office.ok("shortcoming", "add", "--meeting", "1", "văn bản gửi chậm")
    office.ok("task", "add", "--meeting", "1", "--remedies", "1", "gửi văn bản đúng hạn")
    office.ok("meeting", "add", "Hội nghị giao ban", "--date", "1/7/2024")
    office.ok("shortcoming", "add", "--meeting", "2", "--carried-over-from", "1",
              "văn bản vẫn gửi chậm")
    before = office.ok("history")
    result = office("meeting", "remove", "1")
    assert (result.exit_code, result.stderr.strip()) == (
        1, "Lỗi: Không thể xóa hội nghị số 1: tồn tại, hạn chế số 1 của hội nghị này còn được "
           "tồn tại, hạn chế số 3 (hội nghị số 2) tham chiếu.")
    assert office.ok("history") == before
    office.ok("shortcoming", "edit", "3", "--carried-over-from", "")
    office.ok("meeting", "remove", "1")
    assert office.rows("SELECT id, meeting_id FROM findings") == [(3, 2)]


def test_remove_refusal_counts_records_not_link_rows(office):
    # Lê Công Phu chairs meeting 1; attending it too does not make it two meetings.
    office.ok("meeting", "edit", "1", "--attendee", "Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy")
    result = office("person", "remove", "Lê Công Phu")
    assert result.stderr.strip() == "Lỗi: Không thể xóa người số 1: còn 1 hội nghị đang tham chiếu."


def test_completion_commands_come_from_the_record_type(office, monkeypatch):
    # The CLI builds `resolve` / `done` from the type's declared completion, not its name.
    from dataclasses import replace

    from coordtrack.register.recordtypes import Completion

    office.ok("task", "add", "--meeting", "1", "--due-on", "1/6/2024", "lập danh sách")
    monkeypatch.setitem(RECORD_TYPES, "task", replace(
        RECORD_TYPES["task"], completion=Completion("xong", "hoàn thành", "Xong.")))
    monkeypatch.setitem(RECORD_TYPES, "shortcoming", replace(
        RECORD_TYPES["shortcoming"], completion=None))
    assert office("shortcoming", "resolve", "--help").exit_code != 0
    assert office("task", "done", "--help").exit_code != 0
    result = office("task", "xong", "1", "--on", "2/6/2024")
    assert (result.exit_code, result.stderr) == (
        0, "Đã ghi nhận hoàn thành nhiệm vụ số 1 ngày 2/6/2024.\n")
    assert office.rows("SELECT status, done_on FROM findings") == [("đã hoàn thành",
                                                                    "2024-06-02")]


@pytest.mark.parametrize("fmt", ["plain", "table"])
def test_an_empty_listing_says_whether_the_filter_or_the_register_is_empty(cli, fmt):
    cli.ok("meeting", "add", "Hội nghị sơ kết", "--date", "1/1/2026")
    def said(*args):
        result = cli(*args)
        assert result.exit_code == 0
        return (result.stdout + result.stderr).strip()

    assert said("task", "list", "-f", fmt) == "Chưa có nhiệm vụ nào."
    cli.ok("task", "add", "--meeting", "1", "rà soát quy chế", "--due-on", "1/1/2099")
    assert said("task", "list", "--overdue", "-f", fmt) == \
        "Không có nhiệm vụ nào khớp điều kiện đã chọn."


def test_a_findings_csv_with_nothing_new_says_no_change(cli, tmp_path):
    cli.ok("meeting", "add", "Hội nghị sơ kết", "--date", "1/1/2026")
    cli.ok("achievement", "add", "--meeting", "1", "phối hợp chặt chẽ")
    uid = json.loads(cli.ok("achievement", "show", "1", "-f", "json"))["uid"]
    same = tmp_path / "ket-qua.csv"
    same.write_text(f"kind,uid,meeting,text\nkết quả,{uid},1,phối hợp chặt chẽ\n",
                    encoding="utf-8")
    assert cli("import", str(same)).stderr.strip().endswith(": không có thay đổi.")
    header_only = tmp_path / "rong.csv"
    header_only.write_text("kind,text\n", encoding="utf-8")
    assert cli("import", str(header_only)).stderr.strip().endswith(": không có nội dung nào.")


def test_part_of_a_body_name_suggests_the_bodies_holding_it(cli):
    for name in ["Văn phòng Huyện ủy", "Văn phòng HĐND và UBND huyện", "Văn phòng Tỉnh ủy",
                 "Văn phòng Đoàn ĐBQH", "Ủy ban MTTQ huyện"]:
        cli.ok("body", "add", name)
    result = cli("shortcoming", "list", "--body", "văn phòng")
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: Không tìm thấy cơ quan 'văn phòng'. Có phải Văn phòng Đoàn ĐBQH (số 4) hay "
        "Văn phòng HĐND và UBND huyện (số 2) hay Văn phòng Huyện ủy (số 1) (và 1 tên khác "
        "cũng có 'văn phòng')?\n")
    assert "Có phải Ủy ban MTTQ huyện (số 5)?" in cli("task", "list", "--body", "mttq").stderr
