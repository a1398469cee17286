"""`coordtrack report summary --body X --year Y`: what the register holds about one body in a
year, across all its agreements and meetings (issue 14, item 3), as a user reads it, with the
rules at their boundaries and each prose rule tested on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import coordtrack
from coordtrack import vietnamese as vi
from coordtrack.documents import data

TODAY = "2025-01-15"
PARTY_CONFIG = """\
office_name = "Văn phòng Huyện ủy"
parent_office = "Huyện ủy Đại Lộc"
place = "Đại Lộc"
signer_capacity = "KT. CHÁNH VĂN PHÒNG"
signer_title = "Phó Chánh Văn phòng"
signer_name = "Nguyễn Văn An"
report_prefix = "VPHU"
"""


def build(path: Path) -> None:
    """Two offices under one agreement, a third body elsewhere; 2023 and 2024."""
    with coordtrack.open_register(path) as reg:
        def add(record: str, **values):
            return coordtrack.add(reg, record, values)

        add("body", name="Văn phòng Huyện ủy", short_name="VPHU")
        add("body", name="Văn phòng HĐND và UBND huyện", short_name="VPUB")
        add("body", name="Văn phòng Tỉnh ủy", short_name="VPTU")
        add("body", name="Ban Dân vận Huyện ủy", short_name="BDV")
        add("agreement", title="Quy chế phối hợp công tác giữa Văn phòng Huyện ủy và Văn phòng "
            "HĐND và UBND huyện", number="01-QC", parties=["VPHU", "VPUB"])
        m0 = add("meeting", title="Hội nghị tổng kết năm 2023", kind="tổng kết",
                 date="2023-12-10", organisers=["VPUB"], agreements=["01-QC"])
        add("shortcoming", meeting=m0, body="VPHU", text="lưu trữ hồ sơ còn chậm")
        # Resolved on the last day of 2024: counts in 2024, and is no longer carried over.
        add("shortcoming", meeting=m0, body="VPHU", text="báo cáo định kỳ còn trễ",
            resolved_on="2024-12-31")
        m1 = add("meeting", title="Hội nghị sơ kết 6 tháng đầu năm 2024", kind="sơ kết",
                 date="2024-06-05", organisers=["VPHU"], agreements=["01-QC"])
        add("achievement", meeting=m1, body="VPHU", text="tham mưu tổ chức thành công hội nghị")
        add("achievement", meeting=m1, text="trao đổi thông tin kịp thời giữa hai cơ quan")
        add("achievement", meeting=m1, body="VPUB", text="tiếp công dân đúng quy định")
        add("shortcoming", meeting=m1, body="VPHU", text="thẩm định văn bản có lúc chưa kỹ",
            cause="biên chế còn thiếu")
        add("shortcoming", meeting=m1, body="VPUB", text="gửi giấy mời còn muộn")
        # Done on its due date: on time.
        add("task", meeting=m1, owners=["VPHU"], text="hoàn thành kế hoạch số hóa",
            due_on="2024-09-30", done_on="2024-09-30")
        add("task", meeting=m1, owners=["VPHU"], text="rà soát quy chế làm việc",
            due_on="2024-10-31", done_on="2024-11-05")
        # Due on the year's last day and open at its end: not yet overdue.
        add("task", meeting=m1, owners=["VPHU"], text="tổng hợp báo cáo năm",
            due_on="2024-12-31")
        add("task", meeting=m1, owners=["VPHU"], text="chuẩn bị hội nghị tổng kết",
            due_on="2024-12-30")
        add("task", meeting=m1, owners=["VPUB"], text="cập nhật cổng thông tin",
            due_on="2024-12-30")
        add("directive", meeting=m1, text="nâng cao chất lượng tham mưu")
        add("directive", meeting=m1, addressees="Văn phòng HĐND và UBND huyện",
            text="đẩy nhanh tiến độ giải quyết đơn thư")
        add("directive", meeting=m1, addressees="các văn phòng",
            text="tăng cường ứng dụng công nghệ thông tin")
        add("recommendation", meeting=m1, from_body="VPHU", to_body="VPTU",
            text="sớm ban hành hướng dẫn nghiệp vụ")
        add("recommendation", meeting=m1, from_body="VPUB", to_body="VPHU",
            text="chia sẻ lịch công tác hằng tuần", response="đã thống nhất thực hiện")
        add("meeting", title="Hội nghị giao ban quý IV năm 2024", kind="giao ban",
            date="2024-11-20", organisers=["VPUB"], agreements=["01-QC"])
        add("meeting", title="Hội nghị Văn phòng cấp ủy toàn tỉnh", kind="khác",
            date="2024-03-01", organisers=["VPTU"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("body-summary") / "register.db"
    build(path)
    return path


@pytest.fixture
def db_path(tmp_path: Path, built: Path) -> Path:
    # Each test gets its own copy: a report never writes, but a test may.
    path = tmp_path / "register.db"
    shutil.copy(built, path)
    return path


def write_config(text: str) -> None:
    import os

    path = Path(os.environ["COORDTRACK_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def body_report(cli, *extra: str) -> str:
    write_config(PARTY_CONFIG)
    return cli.ok("report", "summary", "--body", "VPHU", "--year", "2024", "--today", TODAY,
                  *extra)


def section(text: str, start: str, stop: str) -> str:
    return text.split(start, 1)[1].split(stop, 1)[0].strip()


def test_body_summary_as_the_office_reads_it(cli):
    text = body_report(cli)
    assert "Kết quả công tác phối hợp của Văn phòng Huyện ủy năm 2024" in text
    assert section(text, "I. Hội nghị và kết quả đạt được", "II. ") == """\
Trong năm 2024, Văn phòng Huyện ủy chủ trì hoặc phối hợp tổ chức 1 hội nghị:

- Hội nghị sơ kết 6 tháng đầu năm 2024 (ngày 5/6/2024).

Đồng thời, Văn phòng Huyện ủy tham dự 1 hội nghị về quy chế phối hợp mà cơ quan là thành viên:

- Hội nghị giao ban quý IV năm 2024 (ngày 20/11/2024).

Kết quả đạt được

- Tham mưu tổ chức thành công hội nghị.
- Trao đổi thông tin kịp thời giữa hai cơ quan."""
    assert section(text, "II. Tồn tại, hạn chế và nguyên nhân", "III. ") == """\
1. Tồn tại, hạn chế nêu trong kỳ

Các hội nghị trong năm 2024 đã nêu 1 tồn tại, hạn chế, đến ngày 31/12/2024 còn 1 \
chưa khắc phục xong:

- Thẩm định văn bản có lúc chưa kỹ.

2. Tồn tại, hạn chế đã khắc phục trong kỳ

- Báo cáo định kỳ còn trễ (khắc phục ngày 31/12/2024).

3. Tồn tại từ kỳ trước chưa khắc phục xong (chuyển tiếp)

- Lưu trữ hồ sơ còn chậm (nêu tại hội nghị ngày 10/12/2023; chưa khắc phục).

4. Nguyên nhân

- Biên chế còn thiếu."""
    assert section(text, "III. Thực hiện nhiệm vụ", "IV. ") == """\
Trong năm 2024, Văn phòng Huyện ủy thực hiện 4 nhiệm vụ; tính đến ngày 31/12/2024: \
1 đã hoàn thành đúng hạn, 1 đã hoàn thành quá hạn, 1 chưa hoàn thành (trong hạn), \
1 chưa hoàn thành (quá hạn).

1. Đã hoàn thành đúng hạn (1 nhiệm vụ)

- Hoàn thành kế hoạch số hóa (thời hạn: 30/9/2024; hoàn thành ngày 30/9/2024).

2. Đã hoàn thành quá hạn (1 nhiệm vụ)

- Rà soát quy chế làm việc (thời hạn: 31/10/2024; hoàn thành ngày 5/11/2024).

3. Chưa hoàn thành, trong hạn (1 nhiệm vụ)

- Tổng hợp báo cáo năm (thời hạn: 31/12/2024).

4. Chưa hoàn thành, quá hạn (1 nhiệm vụ)

- Chuẩn bị hội nghị tổng kết (thời hạn: 30/12/2024; quá hạn 1 ngày)."""
    assert section(text, "IV. Ý kiến chỉ đạo", "V. ") == """\
- Hội nghị ngày 5/6/2024 kết luận: nâng cao chất lượng tham mưu.
- Hội nghị ngày 5/6/2024 kết luận: tăng cường ứng dụng công nghệ thông tin."""
    proposals = section(text, "V. Đề xuất, kiến nghị", "Trên đây")
    assert proposals.startswith("1. Kiến nghị, đề xuất của Văn phòng Huyện ủy\n\n- Sớm ban hành "
                                "hướng dẫn nghiệp vụ (Văn phòng Huyện ủy kiến nghị với Văn "
                                "phòng Tỉnh ủy).")
    assert "2. Kiến nghị, đề xuất gửi Văn phòng Huyện ủy" in proposals
    assert "đã được trả lời: đã thống nhất thực hiện." in proposals
    # The body issues its own report: named once in the closing, never a recipient.
    assert "Trên đây là báo cáo kết quả công tác phối hợp năm 2024 của Văn phòng Huyện ủy./." \
        in text
    recipients = text.split("Nơi nhận:")[1]
    assert "- Huyện ủy Đại Lộc," in recipients and "- Văn phòng Huyện ủy" not in recipients


def test_another_body_in_the_same_register_sees_only_its_own(cli):
    write_config(PARTY_CONFIG)
    text = cli.ok("report", "summary", "--body", "VPUB", "--year", "2024", "--today", TODAY)
    assert "Kết quả công tác phối hợp của Văn phòng HĐND và UBND huyện năm 2024" in text
    assert "Tiếp công dân đúng quy định." in text
    assert "Tham mưu tổ chức thành công hội nghị." not in text  # VPHU's own
    assert "Gửi giấy mời còn muộn." in text
    assert "Thẩm định văn bản" not in text
    # Addressed by name at a meeting it took part in.
    assert "đẩy nhanh tiến độ giải quyết đơn thư." in text
    assert "tăng cường ứng dụng công nghệ thông tin." in text
    # Issued by another body: the closing and the recipients name both.
    assert ("Trên đây là báo cáo kết quả công tác phối hợp của Văn phòng HĐND và UBND huyện "
            "năm 2024 của Văn phòng Huyện ủy./." in text)
    assert "- Văn phòng HĐND và UBND huyện," in text.split("Nơi nhận:")[1]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_body_summary_in_markdown_and_html(cli, fmt):
    text = body_report(cli, "--format", fmt)
    assert "Kết quả công tác phối hợp của Văn phòng Huyện ủy năm 2024" in text
    assert "Chuẩn bị hội nghị tổng kết (thời hạn: 30/12/2024; quá hạn 1 ngày)." in text


def test_body_summary_as_docx(cli, tmp_path):
    import docx

    write_config(PARTY_CONFIG)
    out = tmp_path / "bao-cao.docx"
    cli.ok("report", "summary", "--body", "VPHU", "--year", "2024", "--today", TODAY,
           "-o", str(out))
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Kết quả công tác phối hợp của Văn phòng Huyện ủy năm 2024" in paragraphs
    assert "- Báo cáo định kỳ còn trễ (khắc phục ngày 31/12/2024)." in paragraphs


def test_body_summary_through_the_library(built):
    with coordtrack.open_register(built, write=False) as reg:
        text = coordtrack.render(reg, "summary", body="VPHU", year=2024,
                                 today=vi.parse_date(TODAY))
    assert "Kết quả công tác phối hợp của Văn phòng Huyện ủy năm 2024" in text


def test_a_task_due_the_next_year_but_set_this_year_counts(cli):
    cli.ok("task", "add", "--meeting", "2", "--owner", "VPHU", "--due-on", "31/3/2025",
           "triển khai phần mềm mới")
    text = body_report(cli)
    assert "thực hiện 5 nhiệm vụ" in text and "2 chưa hoàn thành (trong hạn)" in text


def test_tasks_carried_over_into_the_next_year(cli):
    """Set before the period and open when it began: carried over, whatever they fall due.
    Done on the last day before it: not carried. Done inside it: carried, and counted done
    in the category the status rules give (late here: due 30/12, done 1/1)."""
    cli.ok("task", "add", "--meeting", "2", "--owner", "VPHU", "--due-on", "31/12/2024",
           "--done-on", "31/12/2024", "nộp báo cáo tháng 12")
    cli.ok("task", "add", "--meeting", "2", "--owner", "VPHU", "--due-on", "30/12/2024",
           "--done-on", "1/1/2025", "gửi danh mục hồ sơ")
    write_config(PARTY_CONFIG)
    text = cli.ok("report", "summary", "--body", "VPHU", "--year", "2025", "--today", TODAY)
    assert section(text, "III. Thực hiện nhiệm vụ", "IV. ") == """\
Trong năm 2025, Văn phòng Huyện ủy thực hiện 3 nhiệm vụ từ kỳ trước chuyển sang; tính đến ngày \
15/1/2025: 1 đã hoàn thành quá hạn, 2 chưa hoàn thành (quá hạn).

1. Đã hoàn thành quá hạn (1 nhiệm vụ)

- Gửi danh mục hồ sơ (chuyển tiếp từ hội nghị ngày 5/6/2024; thời hạn: 30/12/2024; hoàn \
thành ngày 1/1/2025).

2. Chưa hoàn thành, quá hạn (2 nhiệm vụ)

- Chuẩn bị hội nghị tổng kết (chuyển tiếp từ hội nghị ngày 5/6/2024; thời hạn: 30/12/2024; \
quá hạn 16 ngày).
- Tổng hợp báo cáo năm (chuyển tiếp từ hội nghị ngày 5/6/2024; thời hạn: 31/12/2024; quá \
hạn 15 ngày)."""
    # A task of a meeting of the period is not carried; the sentence counts both.
    cli.ok("meeting", "add", "Hội nghị giao ban quý I năm 2025", "--kind", "giao ban",
           "--date", "10/1/2025", "--organiser", "VPHU")
    cli.ok("task", "add", "--meeting", "5", "--owner", "VPHU", "--due-on", "31/3/2025",
           "lập kế hoạch năm 2025")
    text = cli.ok("report", "summary", "--body", "VPHU", "--year", "2025", "--today", TODAY)
    assert ("Văn phòng Huyện ủy thực hiện 4 nhiệm vụ (trong đó 3 nhiệm vụ từ kỳ trước chuyển "
            "sang); tính đến ngày 15/1/2025: 1 đã hoàn thành quá hạn, 1 chưa hoàn thành "
            "(trong hạn), 2 chưa hoàn thành (quá hạn).") in text
    assert "- Lập kế hoạch năm 2025 (thời hạn: 31/3/2025)." in text


def test_a_shortcoming_resolved_on_new_years_day_is_next_years(cli):
    cli.ok("shortcoming", "edit", "2", "--resolved-on", "1/1/2025")
    text = body_report(cli)
    assert "2. Tồn tại, hạn chế đã khắc phục trong kỳ" not in text
    # Still open at the end of 2024, so it is carried over with the other one.
    carried = section(text, "(chuyển tiếp)", "Nguyên nhân")
    assert "Báo cáo định kỳ còn trễ (nêu tại hội nghị ngày 10/12/2023; đã khắc phục)." in carried


def test_meetings_listed_as_one_sentence(cli):
    cli.ok("meeting", "add", "Hội nghị giao ban quý III năm 2024", "--kind", "giao ban",
           "--date", "2/10/2024", "--organiser", "VPHU", "--organiser", "BDV")
    text = body_report(cli)
    assert ("chủ trì hoặc phối hợp tổ chức 2 hội nghị:\n\n"
            "- Hội nghị sơ kết 6 tháng đầu năm 2024 (ngày 5/6/2024);\n"
            "- Hội nghị giao ban quý III năm 2024 (ngày 2/10/2024).\n") in text


@pytest.mark.parametrize(("resolved_on", "sentence", "item"), [
    (None, "đã nêu 1 tồn tại, hạn chế, đến ngày 31/12/2024 còn 1 chưa khắc phục xong:",
     "- Thẩm định văn bản có lúc chưa kỹ.\n"),
    ("31/12/2024", "đã nêu 1 tồn tại, hạn chế, đến ngày 31/12/2024 đã khắc phục xong:",
     "- Thẩm định văn bản có lúc chưa kỹ (đã khắc phục).\n"),
    # Resolved after the year: open at its end, whatever the register says today.
    ("2/1/2025", "đã nêu 1 tồn tại, hạn chế, đến ngày 31/12/2024 còn 1 chưa khắc phục xong:",
     "- Thẩm định văn bản có lúc chưa kỹ (đã khắc phục).\n"),
])
def test_shortcomings_raised_in_the_year_and_how_many_are_left(cli, resolved_on, sentence,
                                                               item):
    if resolved_on:
        cli.ok("shortcoming", "resolve", "6", "--on", resolved_on)  # thẩm định …
    raised = section(body_report(cli), "1. Tồn tại, hạn chế nêu trong kỳ", "2. ")
    assert raised.startswith(f"Các hội nghị trong năm 2024 {sentence}")
    assert item in raised + "\n"


@pytest.mark.parametrize("scope", [["--body", "VPHU"], ["--agreement", "01-QC"]])
def test_figures_are_summed_across_meetings_in_one_table(cli, scope):
    # Both summaries draw the table with the same block (templates/_summary_lines.j2).
    for meeting, value in (("2", "1200"), ("3", "300")):
        cli.ok("achievement", "add", "--meeting", meeting, "--body", "VPHU", "--area",
               "lưu trữ", "--value", value, "--unit", "hồ sơ", "số hóa hồ sơ lưu trữ")
    write_config(PARTY_CONFIG)
    text = cli.ok("report", "summary", *scope, "--year", "2024", "--today", TODAY)
    assert section(text, "2. Số liệu tổng hợp", "II. ") == """\
Lĩnh vực  Nội dung (đơn vị tính)  Tổng số  Số hội nghị
--------  ----------------------  -------  -----------
lưu trữ   hồ sơ                     1.500            2"""


def test_long_lists_name_the_first_and_count_the_rest(cli, monkeypatch):
    monkeypatch.setattr(data, "SUMMARY_NAMED", 1)
    text = body_report(cli)
    assert "- Tham mưu tổ chức thành công hội nghị.\n- … và 1 kết quả khác." in text
    assert "- Hội nghị ngày 5/6/2024 kết luận: nâng cao chất lượng tham mưu.\n" \
           "- … và 1 ý kiến chỉ đạo khác." in text


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--body", "Văn phòng Sở Nội vụ", "--year", "2024"], 1,
     "Lỗi: Không tìm thấy cơ quan 'Văn phòng Sở Nội vụ'."),
    (["--body", "VPHU", "--year", "2020"], 1,
     "Lỗi: Sổ đăng ký chưa ghi nhận gì về Văn phòng Huyện ủy trong năm 2020: không có hội "
     "nghị, kết quả, tồn tại, nhiệm vụ, ý kiến chỉ đạo hay kiến nghị nào (xem: coordtrack "
     "meeting list)."),
    (["--body", "VPHU", "--year", "2024", "--period", "2024-H1"], 2,
     "Lỗi: Chỉ chọn một cách ghi kỳ báo cáo: --year, --period hoặc --from/--to."),
])
def test_body_summary_errors_are_one_vietnamese_line(cli, args, code, message):
    result = cli("report", "summary", *args, "--today", TODAY)
    assert result.exit_code == code
    assert result.stderr.strip().splitlines()[0].startswith(message)
    assert result.stdout == ""


def test_neither_body_nor_agreement_when_there_are_two_agreements(cli):
    cli.ok("agreement", "add", "Quy chế phối hợp với Ban Dân vận", "--party", "VPHU",
           "--party", "BDV")
    result = cli("report", "summary", "--year", "2024", "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr.strip() == ("Lỗi: Hãy chọn quy chế phối hợp: --agreement SỐ (xem: "
                                     "coordtrack agreement list), hoặc báo cáo theo cơ quan: "
                                     "--body CƠ_QUAN.")


def test_body_and_agreement_together_is_the_agreement_report_of_its_meetings(cli):
    write_config(PARTY_CONFIG)
    text = cli.ok("report", "summary", "--agreement", "01-QC", "--body", "VPUB", "--year",
                  "2024", "--today", TODAY)
    assert "Kết quả thực hiện Quy chế phối hợp công tác" in text
    assert "Hội nghị giao ban quý IV năm 2024" in text
    assert "Hội nghị sơ kết 6 tháng đầu năm 2024" not in text  # organised by VPHU


# -- the rules, one by one ---------------------------------------------------------------------
@pytest.mark.parametrize(("rest", "noun", "tail", "expected"), [
    (0, "kết quả", "", ""),
    (-1, "kết quả", "", ""),
    (1, "kết quả", "", "… và 1 kết quả khác."),
    (1200, "tồn tại, hạn chế", "chưa khắc phục xong",
     "… và 1.200 tồn tại, hạn chế khác chưa khắc phục xong."),
    (3, " nhiệm vụ ", "  ", "… và 3 nhiệm vụ khác."),
])
def test_and_more_closes_a_list_cut_short(rest, noun, tail, expected):
    assert vi.and_more(rest, noun, tail) == expected


OWN = ["Văn phòng Huyện ủy", "VPHU"]
OTHERS = ["Văn phòng HĐND và UBND huyện", "VPUB", "Văn phòng Tỉnh ủy"]


@pytest.mark.parametrize(("addressees", "expected"), [
    (None, True),  # said to all present
    ("", True),
    ("Văn phòng Huyện ủy", True),
    ("van phong huyen uy và Văn phòng Tỉnh ủy", True),  # named among others, any spelling
    ("các văn phòng", True),  # a group the body belongs to
    ("Văn phòng HĐND và UBND huyện", False),  # another body only
    ("VPUB", False),
])
def test_a_directive_concerns_the_body_unless_it_names_only_others(addressees, expected):
    assert data.addressed_to(addressees, OWN, OTHERS) is expected
