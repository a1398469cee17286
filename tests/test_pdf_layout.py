"""Each kind of document, printed to PDF by LibreOffice, checked against Phụ lục I of Nghị định
30/2020/NĐ-CP (State) and Hướng dẫn 36-HD/VPTW (Party) from the PDF itself: word positions
and sizes from `pdftotext -bbox`, rules from the page's drawing operators (a solid rule is a
stroked horizontal line).

One LibreOffice start converts every document (it costs seconds); the test is skipped, with
the reason shown, where LibreOffice or poppler-utils is not installed (CI installs both).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_reports import CONFIG as STATE
from test_reports import PARTY_CONFIG as PARTY

from coordtrack.documents.pdf import convert, find_soffice

pytestmark = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="cần LibreOffice (soffice) và poppler-utils (pdftotext) để kiểm tra bản PDF: "
           "apt-get install libreoffice-writer-nogui fonts-liberation poppler-utils")

MM = 72 / 25.4
TODAY = "2025-01-05"
# pdftotext's word box is the font's full height: 1.3 times the size for Times New Roman and
# its metric twin Liberation Serif.
BOX_PER_POINT = 1.3


@dataclass
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def size(self) -> float:
        return (self.y1 - self.y0) / BOX_PER_POINT


def _words(pdf: Path) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                          r"(.*)</word>", line)
        if found:
            x0, y0, x1, y1 = (float(found[i]) for i in range(1, 5))
            words.append(Word(page, html.unescape(found[5]), x0, y0, x1, y1))
    return words


def _lines_drawn(pdf: Path) -> list[tuple[float, float, float]]:
    """Horizontal stroked lines (x0, x1, y from the top) of the first page's content."""
    data = pdf.read_bytes()
    height = 841.89
    lines = set()
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            content = zlib.decompress(data[match.end():end]).decode("latin-1")
        except zlib.error:
            continue
        for a in re.finditer(r"([\d.]+) ([\d.]+) m\s+([\d.]+) ([\d.]+) l S", content):
            x0, y0, x1, y1 = (float(v) for v in a.groups())
            if abs(y0 - y1) < 0.5 and abs(x1 - x0) > 5 * MM:
                lines.add((min(x0, x1), max(x0, x1), round(height - y0, 1)))
        break  # the first content stream is the first page's
    return sorted(lines, key=lambda t: t[2])


def _phrase(words: list[Word], phrase: str, page: int = 1) -> list[Word]:
    """The words of `phrase`, in order, on one page (the first place it occurs)."""
    parts = phrase.split()
    on_page = [w for w in words if w.page == page]
    for i in range(len(on_page) - len(parts) + 1):
        if [w.text for w in on_page[i:i + len(parts)]] == parts:
            return on_page[i:i + len(parts)]
    raise AssertionError(f"không thấy '{phrase}' ở trang {page}")


def _one_line(found: list[Word]) -> bool:
    return max(w.y0 for w in found) - min(w.y0 for w in found) < 1


def _rule_under(lines, found: list[Word]) -> tuple[float, float, float]:
    """The drawn rule just under a line of text, centred on it."""
    bottom = max(w.y1 for w in found)
    centre = (min(w.x0 for w in found) + max(w.x1 for w in found)) / 2
    for x0, x1, y in lines:
        if 0 <= y - bottom <= 6 and abs((x0 + x1) / 2 - centre) < 3:
            return x0, x1, y
    raise AssertionError(f"không có đường kẻ dưới '{' '.join(w.text for w in found)}'")


def _width(found: list[Word]) -> float:
    return max(w.x1 for w in found) - min(w.x0 for w in found)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The five kinds of document (summary in both layouts), converted in one go."""
    from typer.testing import CliRunner

    from coordtrack.cli import app

    folder = tmp_path_factory.mktemp("pdf")
    env = {"COORDTRACK_DB": str(folder / "so.db"), "COORDTRACK_CONFIG": str(folder / "c.toml"),
           "COORDTRACK_CACHE": str(folder / "cache")}
    runner = CliRunner()

    def run(*args: str, config: str | None = None) -> None:
        if config is not None:
            (folder / "c.toml").write_text(config, encoding="utf-8")
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == 0, result.output

    for fixture in FIXTURES.values():
        run("-q", "import", str(fixture))
    agreement = "Quy chế phối hợp công tác giữa Văn phòng Huyện ủy và Văn phòng HĐND và UBND huyện"
    summary = ("report", "summary", "-a", agreement, "--year", "2024", "--today", TODAY,
               "--number", "12")
    run(*summary, "-o", str(folder / "summary-state.docx"), config=STATE)
    run("report", "monthly", "--month", "2024-05", "--today", TODAY,
        "-o", str(folder / "monthly.docx"))
    run("report", "followup", "--today", TODAY, "-o", str(folder / "followup.docx"))
    run("report", "news", "-m", "3", "-o", str(folder / "news.docx"))
    run(*summary, "-o", str(folder / "summary-party.docx"), config=PARTY)
    docx = sorted(folder.glob("*.docx"))
    convert(docx, folder, folder / "profile")
    return {p.stem: p.with_suffix(".pdf") for p in docx}


@pytest.mark.parametrize("kind", ["summary-state", "summary-party", "monthly", "followup",
                                  "news"])
def test_pages_fonts_and_keep_together(pdfs, kind):
    pdf = pdfs[kind]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    names = re.findall(r"^\w+\+(\S+)", fonts, flags=re.MULTILINE)
    # Times New Roman, or Liberation Serif (same metrics) where Times New Roman is absent.
    assert names and all(re.match(r"(TimesNewRoman|LiberationSerif)", n) for n in names), fonts
    words = _words(pdf)
    pages = max(w.page for w in words)
    top_margin, centre = 20 * MM, (30 * MM + (210 - 15) * MM) / 2
    numbers = {w.page: w for w in words if w.y1 <= top_margin + 1 and w.text.isdigit()}
    assert 1 not in numbers  # the decree: no number on the first page
    for page in range(2, pages + 1):
        number = numbers.get(page)
        assert number is not None and number.text == str(page), f"trang {page}"
        assert abs((number.x0 + number.x1) / 2 - centre) < 3
        assert 13 <= number.size <= 14.3
    body = [w for w in words if w.page == 1 and w.text == "-"]
    assert all(12.7 <= w.size <= 14.3 for w in body[:3])
    if kind == "news":
        return
    label = next(w for w in words if w.text == "nhận:")
    signer = "Lê Công Phu" if kind == "summary-party" else "Nguyễn Văn An"
    name = _phrase(words, signer, label.page)
    archive = [w for w in words if w.page == label.page and w.text.startswith("Lưu")]
    assert archive and name, "Nơi nhận, danh sách và chữ ký phải cùng một trang"
    if kind == "summary-party":
        assert round(label.size) == 14 and round(archive[0].size) == 12
    else:
        assert round(label.size) == 12 and round(archive[0].size) == 11
    # Never a page holding only the signature: some text of the body comes before it.
    before = [w for w in words if w.page == label.page and w.y1 < label.y0 and
              w.y0 > top_margin + 1]
    assert before


def test_state_letterhead(pdfs):
    words = _words(pdfs["summary-state"])
    lines = _lines_drawn(pdfs["summary-state"])
    heading = _phrase(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    body = _phrase(words, "VĂN PHÒNG HĐND VÀ UBND HUYỆN")
    motto = _phrase(words, "Độc lập - Tự do - Hạnh phúc")
    assert _one_line(heading) and _one_line(body)
    assert all(round(w.size) == 13 for w in heading)
    assert all(round(w.size) == 12 for w in body)
    assert all(round(w.size) == 14 for w in motto)
    assert all(round(w.size) == 14 for w in _phrase(words, "Đại Lộc, ngày 05 tháng 01 năm 2025"))
    assert all(round(w.size) == 13 for w in _phrase(words, "Số: 12/BC-VP"))
    # Rules: under the motto as long as it; under the body name a third to a half of it.
    x0, x1, _ = _rule_under(lines, motto)
    assert abs((x1 - x0) - _width(motto)) < 2 * MM
    x0, x1, _ = _rule_under(lines, body)
    assert _width(body) / 3 - 1 <= x1 - x0 <= _width(body) / 2 + 1
    # The trích yếu, bold 14 pt, with a rule of a third to a half of its longest line.
    title = _phrase(words, "BÁO CÁO")
    rule_y = min(y for _, _, y in lines if y > title[0].y1)
    summary = [w for w in words if w.page == 1 and title[0].y0 + 5 < w.y0 and w.y1 < rule_y]
    rows: dict[float, list[Word]] = {}
    for w in summary:
        rows.setdefault(round(w.y0), []).append(w)
    widest = max(_width(r) for r in rows.values())
    x0, x1, _ = _rule_under(lines, rows[max(rows)])
    assert widest / 3 - 1 <= x1 - x0 <= widest / 2 + 1
    assert all(round(w.size) == 14 for w in title)


def test_party_letterhead(pdfs):
    words = _words(pdfs["summary-party"])
    lines = _lines_drawn(pdfs["summary-party"])
    heading = _phrase(words, "ĐẢNG CỘNG SẢN VIỆT NAM")
    body = _phrase(words, "VĂN PHÒNG HUYỆN ỦY")
    assert _one_line(heading) and _one_line(body)
    assert all(round(w.size) == 15 for w in heading)
    assert all(round(w.size) == 14 for w in body)
    x0, x1, _ = _rule_under(lines, heading)
    assert abs((x1 - x0) - _width(heading)) < 2 * MM
    # Under the body name an asterisk, not a rule; the number without a colon.
    star = next(w for w in words if w.text == "*")
    assert star.y0 > body[0].y0 + 1 and abs((star.x0 + star.x1) / 2 -
                                            (body[0].x0 + body[-1].x1) / 2) < 3
    assert _phrase(words, "Số 12-BC/VPHU")
    assert all(round(w.size) == 16 for w in _phrase(words, "BÁO CÁO"))
    assert _phrase(words, "T/M VĂN PHÒNG HUYỆN ỦY", next(
        w.page for w in words if w.text == "T/M"))
