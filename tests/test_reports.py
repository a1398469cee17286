"""`coordtrack report …` as a user runs it: the facts of each example article, clean text,
snapshots of every format, sums across meetings, carried-over shortcomings, the .docx layout,
and cron-friendly monthly output.

Snapshots are plain files in tests/snapshots/; run `UPDATE_SNAPSHOTS=1 pytest` to rewrite
them after an intended change, and read the diff before committing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from article_facts import (
    ARTICLE_FACTS,
    check_facts_in_order,
    check_sentence_lengths,
)
from conftest import FIXTURES, NEWS_FIXTURE

SNAPSHOTS = Path(__file__).parent / "snapshots"
TODAY = "2024-03-05"
CONFIG = """\
office_name = "Văn phòng HĐND và UBND huyện"
parent_office = "UBND huyện Đại Lộc"
place = "Đại Lộc"
signer_capacity = "KT. CHÁNH VĂN PHÒNG"
signer_title = "Phó Chánh Văn phòng"
signer_name = "Nguyễn Văn An"
report_prefix = "VP"
"""
PARTY_CONFIG = """\
office_name = "Văn phòng Huyện ủy"
parent_office = "Huyện ủy Đại Lộc"
place = "Đại Lộc"
signer_capacity = "TM."
signer_title = "Chánh Văn phòng"
signer_name = "Lê Công Phu"
report_prefix = "VPHU"
"""
# Doubled or misplaced punctuation and spacing that must never reach a reader.
BAD_SEQUENCES = (",,", "..", " ,", " .", ";;", ". .", " ;", " :", ";.", ",.", ":.", "  ",
                 "None", "none", "\t")


def fixture_texts(path: Path) -> list[str]:
    """Every recorded text of a meeting file: the items a sentence may not cut."""
    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [f["text"] for f in doc.get("findings") or []] + [
        f["response"] for f in doc.get("findings") or [] if f.get("response")]


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"thiếu snapshot {name}: chạy lại với UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} khác snapshot"


def write_config(text: str) -> None:
    path = Path(os.environ["COORDTRACK_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def assert_clean(text: str, aligned: bool = False) -> None:
    # The ellipsis "…" is one character and allowed; "./." closes a text. Plain-text tables
    # (aligned=True) pad their columns with spaces, so only prose lines are checked for them.
    if aligned:
        text = "\n".join(line for line in text.splitlines() if "  " not in line.strip())
    assert unicodedata.is_normalized("NFC", text)
    body = text.replace("./.", "")
    for bad in BAD_SEQUENCES:
        assert bad not in body, f"{bad!r} in output"
    assert "\x1b" not in text
    for line in text.splitlines():
        assert line == line.rstrip(), f"trailing space: {line!r}"
        # A lead-in phrase left without its content would end the paragraph with ":".
        assert not line.endswith(":") or line.strip() == "Nơi nhận:" or "Nơi nhận:" in line


def variant(name: str, tmp_path: Path, date: str, title_suffix: str,
            keep_kinds: tuple[str, ...] | None = None, period: str | None = None) -> Path:
    """A copy of a fixture as another meeting of the same agreement (new date and title)."""
    import yaml

    doc = yaml.safe_load(FIXTURES[name].read_text(encoding="utf-8"))
    doc["meeting"]["date"] = date
    doc["meeting"]["period"] = period
    doc["meeting"]["title"] = doc["meeting"]["title"] + " " + title_suffix
    if keep_kinds is not None:
        doc["findings"] = [f for f in doc["findings"] if f["kind"] in keep_kinds]
    path = tmp_path / f"variant-{date.replace('/', '-')}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# -- news --------------------------------------------------------------------------------------
@pytest.mark.parametrize("fixture", sorted(ARTICLE_FACTS))
def test_news_carries_every_fact_in_order(cli, fixture):
    meeting = cli.import_fixture(fixture)
    text = cli.ok("report", "news", "--meeting", meeting)
    check_facts_in_order(text, ARTICLE_FACTS[fixture])
    check_sentence_lengths(text, fixture_texts(FIXTURES[fixture]))
    assert_clean(text)
    # The headline is the meeting's title as recorded, on a line of its own.
    [(title,)] = cli.rows("SELECT title FROM meetings WHERE id = ?", (meeting,))
    assert text.splitlines()[:2] == [title, ""]
    assert "./." in text


@pytest.mark.parametrize("fixture", sorted(ARTICLE_FACTS))
@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_news_snapshots(cli, fixture, fmt):
    meeting = cli.import_fixture(fixture)
    text = cli.ok("report", "news", "--meeting", meeting, "--format", fmt)
    check_snapshot(f"news-{Path(fixture).stem}.{fmt}", text)


def test_news_leaves_out_empty_sections(cli):
    meeting = cli.import_fixture("2023-03-08-qna-tong-ket-2022.yaml")
    text = cli.ok("report", "news", "--meeting", meeting)
    # This meeting recorded no shortcoming, directive or recommendation.
    assert "tồn tại" not in text
    assert "Phát biểu chỉ đạo" not in text
    assert "kiến nghị" not in text
    assert "Tham dự hội nghị có đồng chí Nguyễn Công Thanh - Phó Chủ tịch HĐND tỉnh." in text


def test_news_online_meeting_names_connection_points(cli):
    meeting = cli.import_fixture("2021-06-10-dni-vptu-6-thang.yaml")
    text = cli.ok("report", "news", "--meeting", meeting)
    assert "trực tuyến" in text
    assert "điểm cầu chính Hội trường Tỉnh ủy" in text


def test_news_groups_shortcomings_by_body(cli):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    cli.ok("body", "add", "UBND huyện Đại Lộc", "--short-name", "UBND-ĐL")
    cli.ok("shortcoming", "add", "--meeting", meeting, "--body", "UBND-ĐL",
           "--cause", "Thiếu cán bộ chuyên trách", "việc cập nhật lịch công tác còn chậm")
    text = cli.ok("report", "news", "--meeting", meeting)
    assert "Hội nghị đã nghiêm túc nhìn nhận các tồn tại như: Công tác phối hợp" in text
    # Added last, it is told last, with its cause in the same sentence.
    assert ("Đối với UBND huyện Đại Lộc, việc cập nhật lịch công tác còn chậm, "
            "nguyên nhân là thiếu cán bộ chuyên trách./.") in text
    assert_clean(text)


def test_news_unknown_meeting_is_one_line(cli):
    cli.import_fixture(NEWS_FIXTURE)
    result = cli("report", "news", "--meeting", "99")
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "99" in result.stderr and "Traceback" not in result.stderr


# -- summary -----------------------------------------------------------------------------------
def test_summary_sums_figures_of_two_meetings(cli, tmp_path):
    write_config(CONFIG)
    cli.import_fixture("2023-03-08-qna-tong-ket-2022.yaml")  # reviews 2022, held 8/3/2023
    cli.ok("import", variant("2023-03-08-qna-tong-ket-2022.yaml", tmp_path, "15/7/2022",
                             "(sơ kết 6 tháng)", keep_kinds=("achievement",), period="2022-H1"))
    text = cli.ok("report", "summary", "--agreement", "1", "--year", "2022", "--today", TODAY)
    assert "đã tổ chức 2 hội nghị" in text
    # The review of 2022 belongs to 2022, not to the year it was held in.
    later = cli.ok("report", "summary", "--agreement", "1", "--year", "2023", "--today", TODAY)
    assert "chưa tổ chức hội nghị sơ kết, tổng kết" in later
    rows = {re.sub(r"\s{2,}", "|", line.strip()) for line in text.splitlines()}
    assert "kỳ họp|16|2" in rows
    assert "nghị quyết quy phạm pháp luật|86|2" in rows
    assert "nghị quyết cá biệt|136|2" in rows
    # A year with no meeting of the agreement still gives the four sections.
    other = cli.ok("report", "summary", "--agreement", "1", "--year", "2021", "--today", TODAY)
    assert "chưa tổ chức hội nghị sơ kết, tổng kết" in other
    for heading in ("I. Kết quả", "II. Tồn tại, hạn chế và nguyên nhân",
                    "III. Phương hướng, nhiệm vụ", "IV. Đề xuất, kiến nghị"):
        assert heading in other


def test_summary_carries_over_open_shortcomings(cli, tmp_path):
    write_config(CONFIG)
    cli.import_fixture(NEWS_FIXTURE)
    cli.ok("import", variant(NEWS_FIXTURE, tmp_path, "15/1/2025", "năm 2025",
                             keep_kinds=("achievement",)))
    first = cli.rows("SELECT min(id) FROM findings WHERE kind = 'tồn tại'")[0][0]
    cli.ok("shortcoming", "resolve", first, "--on", "10/1/2025")
    text = cli.ok("report", "summary", "--agreement", "1", "--year", "2025",
                  "--today", "2025-12-20")
    section = text.split("II. Tồn tại, hạn chế và nguyên nhân")[1].split("III.")[0]
    assert "chuyển tiếp" in section
    carried = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(carried) == 6  # seven recorded in 2024, one resolved since
    assert "nêu tại hội nghị ngày 23/5/2024" in carried[0]
    assert "Công tác phối hợp trong tham mưu" not in section


def test_summary_names_the_oldest_carried_over_and_counts_the_rest(cli, tmp_path,
                                                                   monkeypatch):
    # They pile up over a register's years: the list is capped, the count stays exact.
    from coordtrack.documents import data

    monkeypatch.setattr(data, "LIST_CAP", 4)
    write_config(CONFIG)
    cli.import_fixture(NEWS_FIXTURE)
    cli.ok("import", variant(NEWS_FIXTURE, tmp_path, "15/1/2025", "năm 2025",
                             keep_kinds=("achievement",)))
    text = cli.ok("report", "summary", "--agreement", "1", "--year", "2025",
                  "--today", "2025-12-20")
    section = text.split("II. Tồn tại, hạn chế và nguyên nhân")[1].split("III.")[0]
    carried = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(carried) == 5 and "nêu tại hội nghị ngày 23/5/2024" in carried[0]
    assert carried[-1] == "- … và 3 tồn tại khác chưa khắc phục xong."


def test_summary_state_layout_and_snapshots(cli):
    write_config(CONFIG)
    cli.import_fixture(NEWS_FIXTURE)
    for fmt in ("txt", "md", "html"):
        text = cli.ok("report", "summary", "--agreement", "1", "--year", "2024", "--number", "15",
                      "--today", TODAY, "--format", fmt)
        check_snapshot(f"summary-2024.{fmt}", text)
    text = cli.ok("report", "summary", "--agreement", "1", "--year", "2024", "--number", "15",
                  "--today", TODAY)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 15/BC-VP" in text
    assert "Đại Lộc, ngày 05 tháng 3 năm 2024" in text
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện Quy chế phối hợp công tác giữa Văn phòng Huyện ủy" in text
    assert "năm 2024" in text
    assert "KT. CHÁNH VĂN PHÒNG" in text and "PHÓ CHÁNH VĂN PHÒNG" in text
    assert "Nguyễn Văn An" in text
    assert "Nơi nhận:" in text
    tail = text.split("Nơi nhận:")[1]
    assert [line.strip() for line in tail.splitlines() if line.strip().startswith("-")][-1] \
        .startswith("- Lưu: VT.")
    # Glossary: spelt out at first use only, in the body.
    assert "Hội đồng nhân dân (HĐND)" in text
    assert text.count("Hội đồng nhân dân (HĐND)") == 1
    assert "None" not in text


def test_summary_party_layout(cli):
    write_config(PARTY_CONFIG)
    cli.import_fixture(NEWS_FIXTURE)
    text = cli.ok("report", "summary", "--agreement", "1", "--year", "2024", "--number", "12",
                  "--today", TODAY)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Số 12-BC/VPHU" in text and "Số:" not in text
    # Hướng dẫn 36 writes the authority "T/M" where Nghị định 30 writes "TM.".
    assert "T/M VĂN PHÒNG HUYỆN ỦY" in text and "TM." not in text


def test_summary_missing_config_uses_placeholders(cli):
    cli.import_fixture(NEWS_FIXTURE)
    text = cli.ok("report", "summary", "--year", "2024", "--today", TODAY)
    assert "None" not in text
    assert "Số: …/BC-…" in text
    assert "…, ngày 05 tháng 3 năm 2024" in text


def test_summary_period_options(cli):
    cli.import_fixture(NEWS_FIXTURE)
    text = cli.ok("report", "summary", "-a", "1", "--from", "1/1/2024", "--to", "30/6/2024",
                  "--today", TODAY)
    assert "6 tháng đầu năm 2024" in text
    text = cli.ok("report", "summary", "-a", "1", "--period", "2024-Q2", "--today", TODAY)
    assert "quý II năm 2024" in text
    bad = cli("report", "summary", "-a", "1", "--year", "2024", "--period", "2024-H1")
    assert bad.exit_code == 2 and "Chỉ chọn một" in bad.stderr


def _docx(cli, tmp_path, config=CONFIG) -> Path:
    write_config(config)
    cli.import_fixture(NEWS_FIXTURE)
    out = tmp_path / "bao-cao.docx"
    cli.ok("report", "summary", "--agreement", "1", "--year", "2024", "--today", TODAY,
           "-o", str(out))
    return out


def test_summary_docx_layout(cli, tmp_path):
    from docx import Document
    from docx.shared import Mm

    out = _docx(cli, tmp_path)
    doc = Document(str(out))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert Mm(20) <= section.top_margin <= Mm(25) + Mm(0.1)
    assert Mm(20) <= section.bottom_margin <= Mm(25) + Mm(0.1)
    assert Mm(30) <= section.left_margin <= Mm(35) + Mm(0.1)
    assert Mm(15) - Mm(0.1) <= section.right_margin <= Mm(20)
    # Page numbers: a PAGE field in the header, none on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert 13 <= normal.size.pt <= 14
    header = doc.tables[0]
    cells = [p.text for row in header.rows for c in row.cells for p in c.paragraphs]
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "UBND HUYỆN ĐẠI LỘC", "VĂN PHÒNG HĐND VÀ UBND HUYỆN", "Số: …/BC-VP",
                 "Đại Lộc, ngày 05 tháng 3 năm 2024"):
        assert line in cells
    # A fixed grid: Word and LibreOffice take column widths from it, not from the cells.
    xml = header._tbl.xml
    assert '<w:tblLayout w:type="fixed"/>' in xml and 'w:val="nil"' in xml
    from docx.oxml.ns import qn

    grid = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[1] * 25.4 / 1440 > 97  # the national heading needs about 96 mm at 13 pt
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV"]
    assert headings[1] == "II. Tồn tại, hạn chế và nguyên nhân"
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["BÁO CÁO"]
    assert doc.styles["Nơi nhận"].font.size.pt == 12
    assert doc.styles["Nơi nhận"].font.bold and doc.styles["Nơi nhận"].font.italic
    assert doc.styles["Nơi nhận, danh sách"].font.size.pt == 11
    # The document says it is Vietnamese, by whom and when.
    props = doc.core_properties
    assert props.language == "vi-VN" and 'w:val="vi-VN"' in doc.styles.element.xml
    assert props.title.startswith("Kết quả thực hiện Quy chế phối hợp")
    assert props.author == "Văn phòng HĐND và UBND huyện"
    assert props.created.year >= 2025
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "None" not in text and "{{" not in text and "{%" not in text
    check_snapshot("summary-2024.docx.txt", _docx_text(doc))


def _docx_text(doc) -> str:
    lines = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            p = Paragraph(block, doc)
            if p.text:
                lines.append(f"[{p.style.name}] {p.text}")
        elif tag == "tbl":
            from docx.table import Table

            for row in Table(block, doc).rows:
                lines.append("| " + " | ".join(c.text for c in row.cells) + " |")
    return "\n".join(lines) + "\n"


def test_docx_needs_a_file(cli):
    cli.import_fixture(NEWS_FIXTURE)
    result = cli("report", "news", "--meeting", "1", "--format", "docx")
    assert result.exit_code == 2
    assert "-o" in result.stderr and result.stdout == ""


def test_output_file_format_from_extension(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    for ext, marker in ((".md", "# Hội nghị"), (".html", "<!DOCTYPE html>"),
                        (".txt", "Chiều ngày 23/5/2024")):
        out = tmp_path / f"tin{ext}"
        result = cli("report", "news", "--meeting", meeting, "-o", str(out))
        assert result.exit_code == 0 and result.stdout == ""
        assert str(out) in result.stderr
        assert out.read_text(encoding="utf-8").startswith(marker) or marker in out.read_text(
            encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    news_docx = tmp_path / "tin.docx"
    cli.ok("report", "news", "--meeting", meeting, "-o", str(news_docx))
    from docx import Document

    doc = Document(str(news_docx))
    assert doc.paragraphs[0].style.name == "Title"
    assert "Chiều ngày 23/5/2024" in doc.paragraphs[1].text
    bad = cli("report", "news", "--meeting", meeting, "-o", str(tmp_path / "tin.odt"))
    assert bad.exit_code == 2 and "phần mở rộng" in bad.stderr
    missing = cli("report", "news", "--meeting", meeting, "-o", str(tmp_path / "no" / "x.txt"))
    assert missing.exit_code == 1 and "không tồn tại" in missing.stderr


def test_output_replaces_existing_file_whole(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    out = tmp_path / "tin.txt"
    out.write_text("cũ" * 100000, encoding="utf-8")
    cli.ok("report", "news", "--meeting", meeting, "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("Hội nghị đánh giá")


# -- monthly -----------------------------------------------------------------------------------
def test_monthly_empty_month_without_terminal(tmp_path):
    env = {**os.environ, "COORDTRACK_DB": str(tmp_path / "empty.db"), "NO_COLOR": "",
           "TERM": "xterm-256color", "COORDTRACK_TODAY": "2024-06-15"}
    env.pop("NO_COLOR")
    subprocess.run([sys.executable, "-m", "coordtrack", "-q", "init"], env=env, check=True,
                   capture_output=True, timeout=60)
    result = subprocess.run([sys.executable, "-m", "coordtrack", "report", "monthly",
                             "--month", "last"], stdin=subprocess.DEVNULL,
                            capture_output=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    assert "\x1b" not in out and "\x1b" not in result.stderr.decode("utf-8")
    assert "Tháng 5 năm 2024 không có hoạt động nào được ghi nhận." in out


def test_monthly_counts_and_snapshot(cli):
    cli.import_fixture(NEWS_FIXTURE)
    # Held early in May, so that deadlines in May come after it (a deadline before the
    # meeting that set it is refused).
    cli.ok("meeting", "edit", "1", "--date", "2/5/2024")
    tasks = [r[0] for r in cli.rows("SELECT id FROM findings WHERE kind = 'nhiệm vụ' ORDER BY id")]
    cli.ok("task", "edit", tasks[0], "--due-on", "15/5/2024")
    cli.ok("task", "done", tasks[0], "--on", "20/5/2024")
    cli.ok("task", "edit", tasks[1], "--due-on", "10/5/2024")
    cli.ok("task", "edit", tasks[2], "--due-on", "30/6/2024")
    first = cli.rows("SELECT min(id) FROM findings WHERE kind = 'tồn tại'")[0][0]
    cli.ok("shortcoming", "resolve", first, "--on", "28/5/2024")
    text = cli.ok("report", "monthly", "--month", "5/2024", "--today", "2024-06-03")
    assert "Hội nghị đã tổ chức: 1" in text
    assert "Nội dung ghi nhận tại các hội nghị: 20" in text
    assert "Tồn tại đã khắc phục trong tháng: 1" in text
    assert "Nhiệm vụ hoàn thành trong tháng: 1" in text and "quá hạn)" in text
    assert "Nhiệm vụ đến hạn trong tháng chưa hoàn thành: 1" in text
    assert "Nhiệm vụ quá hạn chưa hoàn thành (đến ngày 31/5/2024): 1" in text
    assert "quá 21 ngày" in text
    assert_clean(text, aligned=True)
    check_snapshot("monthly-2024-05.txt", text)
    bad = cli("report", "monthly", "--month", "13/2024")
    assert bad.exit_code == 2 and "Tháng không hợp lệ" in bad.stderr


# -- followup ----------------------------------------------------------------------------------
def test_followup_by_body_with_age_and_categories(cli):
    cli.import_fixture(NEWS_FIXTURE)
    tasks = [r[0] for r in cli.rows("SELECT id FROM findings WHERE kind = 'nhiệm vụ' ORDER BY id")]
    cli.ok("task", "edit", tasks[0], "--due-on", "1/6/2024")
    cli.ok("task", "done", tasks[0], "--on", "5/6/2024")
    cli.ok("task", "edit", tasks[1], "--due-on", "1/7/2024")
    cli.ok("task", "done", tasks[1], "--on", "20/6/2024")
    cli.ok("task", "edit", tasks[2], "--due-on", "1/6/2024")
    cli.ok("task", "edit", tasks[3], "--due-on", "31/12/2024")
    text = cli.ok("report", "followup", "--today", "2024-07-01")
    rows = {re.sub(r"\s{2,}", "|", line.strip()) for line in text.splitlines()}
    assert {"Đã hoàn thành đúng hạn|1", "Đã hoàn thành quá hạn|1",
            "Chưa hoàn thành, trong hạn|2", "Chưa hoàn thành, quá hạn|1"} <= rows
    assert "1. Văn phòng HĐND và UBND huyện" in text
    assert "2. Văn phòng Huyện ủy" in text  # Vietnamese order: "HĐ…" before "Hu…" (đ < u)
    assert "3. Chưa xác định cơ quan" in text  # the fixture names no body for shortcomings
    assert "đã 39 ngày" in text  # 23/5 to 1/7
    assert "quá 30 ngày; chưa hoàn thành quá hạn" in text
    assert_clean(text, aligned=True)
    check_snapshot("followup-2024-07-01.txt", text)
    overdue = cli.ok("report", "followup", "--overdue", "--today", "2024-07-01")
    assert "Nhiệm vụ chưa hoàn thành" in overdue and "Tồn tại, hạn chế chưa khắc phục" not in \
        overdue
    assert overdue.count("chưa hoàn thành quá hạn)") == 2  # listed under both owners


def test_followup_on_empty_register(cli):
    cli.ok("init")
    text = cli.ok("report", "followup", "--today", "2024-07-01")
    assert "Không có tồn tại, hạn chế hay nhiệm vụ nào đang chờ xử lý." in text


# -- start-up ----------------------------------------------------------------------------------
def test_version_does_not_import_jinja_or_docx():
    code = ("import sys\nsys.argv = ['coordtrack', '--version']\nfrom coordtrack.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', 'jinja2' in sys.modules, 'docx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert b"LOADED False False" in result.stdout, result.stderr


def test_report_help_mentions_testing_date(cli):
    out = cli.ok("report", "monthly", "--help")
    assert "--today" in out and "kiểm thử" in out


def test_followup_is_also_a_top_level_command(demo_cli):
    args = ["--today", "2025-01-15"]
    assert demo_cli.ok("followup", *args) == demo_cli.ok("report", "followup", *args)
    assert "Chưa hoàn thành" in demo_cli.ok("followup", *args)


# -- issue 12: the frame of a formal document -------------------------------------------------
def test_summary_never_lists_its_issuing_body_among_recipients(cli):
    write_config(CONFIG)
    cli.import_fixture(NEWS_FIXTURE)
    text = cli.ok("report", "summary", "-a", "1", "--year", "2024", "--today", TODAY)
    recipients = text.split("Nơi nhận:")[1]
    assert "- Văn phòng Huyện ủy;" in recipients
    assert "Văn phòng HĐND và UBND huyện;" not in recipients  # the issuer keeps "Lưu: VT"


def test_summary_recommendation_without_sender_has_no_stray_space(cli):
    cli.import_fixture(NEWS_FIXTURE)
    cli.ok("recommendation", "add", "--meeting", "1", "--to-body", "VPHU",
           "sớm có hướng dẫn nghiệp vụ")
    text = cli.ok("report", "summary", "-a", "1", "--year", "2024", "--today", TODAY)
    assert "Sớm có hướng dẫn nghiệp vụ (kiến nghị với Văn phòng Huyện ủy)." in text
    assert "( " not in text


def test_summary_names_each_empty_config_value_on_stderr(cli):
    cli.import_fixture(NEWS_FIXTURE)
    result = cli("report", "summary", "-a", "1", "--year", "2024", "--today", TODAY)
    assert result.exit_code == 0
    assert ("Cảnh báo: tệp cấu hình chưa có office_name, place, signer_title, signer_name, "
            "report_prefix;") in result.stderr
    assert "coordtrack config init" in result.stderr
    write_config(CONFIG)
    quiet = cli("report", "summary", "-a", "1", "--year", "2024", "--today", TODAY)
    assert "Cảnh báo" not in quiet.stderr
    # The monthly text has no letterhead, so nothing is missing from it.
    assert "Cảnh báo" not in cli("report", "monthly", "--today", TODAY).stderr


def test_summary_of_a_body_over_a_period_with_directives(cli):
    cli.import_fixture(NEWS_FIXTURE)
    cli.ok("body", "add", "Đảng ủy xã Đại Hiệp", "--short-name", "DUDH")
    cli.ok("meeting", "add", "Hội nghị sơ kết công tác quý I", "--kind", "sơ kết", "--date",
           "5/4/2024", "--organiser", "DUDH", "--period", "2024-Q1")
    meeting = str(cli.count("meetings"))
    cli.ok("achievement", "add", "--meeting", meeting, "kết nạp 12 đảng viên mới")
    cli.ok("directive", "add", "--meeting", meeting, "tập trung lãnh đạo thu hoạch vụ đông xuân")
    text = cli.ok("report", "summary", "--body", "DUDH", "--period", "2024-Q1", "--today", TODAY)
    # The body's sector (guessed from "Đảng ủy") picks the Party layout.
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "ĐẢNG ỦY XÃ ĐẠI HIỆP" in text
    assert "Kết quả công tác phối hợp của Đảng ủy xã Đại Hiệp quý I năm 2024" in text
    # What its own meeting recorded without naming a body is the body's own.
    assert "- Kết nạp 12 đảng viên mới." in text
    assert "IV. Ý kiến chỉ đạo" in text
    assert "Hội nghị ngày 5/4/2024 kết luận: tập trung lãnh đạo thu hoạch vụ đông xuân." in text
    assert "Hội nghị đánh giá kết quả" not in text  # another body's meeting


@pytest.mark.parametrize(("sector", "layout", "marker"), [
    ("nhà nước", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("đảng", None, "ĐẢNG CỘNG SẢN VIỆT NAM"),
    ("đảng", "nhà nước", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("nhà nước", "đảng", "ĐẢNG CỘNG SẢN VIỆT NAM"),
])
def test_layout_follows_the_issuing_body_unless_the_config_says(cli, sector, layout, marker):
    cli.import_fixture(NEWS_FIXTURE)
    cli.ok("body", "edit", "VPHU", "--sector", sector)
    config = 'office_name = "VPHU"\nsigner_capacity = "T/M"\n'
    write_config(config + (f'layout = "{layout}"\n' if layout else ""))
    text = cli.ok("report", "summary", "-a", "1", "--year", "2024", "--today", TODAY)
    assert marker in text
    party = marker.startswith("ĐẢNG")
    assert ("T/M VPHU" if party else "TM. VPHU") in text


def test_bad_layout_in_config_is_one_line(cli):
    cli.import_fixture(NEWS_FIXTURE)
    write_config('layout = "hành chính"\n')
    result = cli("report", "summary", "-a", "1", "--year", "2024", "--today", TODAY)
    assert result.exit_code == 2 and "layout" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_pdf_without_libreoffice_names_the_package(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    cli.import_fixture(NEWS_FIXTURE)
    result = cli("report", "news", "--meeting", "1", "-o", str(tmp_path / "tin.pdf"))
    assert result.exit_code == 1
    assert "libreoffice-writer-nogui" in result.stderr and "LibreOffice" in result.stderr
    assert not (tmp_path / "tin.pdf").exists()
    binary = cli("report", "news", "--meeting", "1", "--format", "pdf")
    assert binary.exit_code == 2 and "-o" in binary.stderr
