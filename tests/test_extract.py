"""`coordtrack extract`: a draft meeting file from an article an office already holds.

The three example articles live beside the project (`shared/seeds/`, as CI clones it); the
fact lists are the ones the news tests use, so "the draft carries the facts" means the same
thing here as there.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from article_facts import ARTICLE_FACTS

from coordtrack import vietnamese as vi
from coordtrack.exchange import article_reader, extract

# shared/ stands beside the checkout (CI clones the project next to it).
SEEDS_DIR = next((parent / "shared" / "seeds" for parent in Path(__file__).resolve().parents
                  if (parent / "shared" / "seeds").is_dir()), Path("shared") / "seeds")
SEEDS = {
    "000": "2024-05-23-vphu-vp-hdnd-ubnd.yaml",
    "001": "2023-03-08-qna-tong-ket-2022.yaml",
    "003": "2021-06-10-dni-vptu-6-thang.yaml",
}


def seed(prefix: str) -> Path:
    found = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt")) if SEEDS_DIR.is_dir() else []
    if not found:
        pytest.skip(f"bài mẫu {prefix} không có ở {SEEDS_DIR} (thư mục shared/ nằm cạnh repo)")
    return found[0]


def facts_in_order(text: str, facts: list[str]) -> int:
    position = found = 0
    for fact in facts:
        at = text.find(fact, position)
        if at >= 0:
            found += 1
            position = at + len(fact)
    return found


def words(text: str) -> list[str]:
    return re.findall(r"\w+", vi.canonical(text).lower())


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


# Values the draft chooses from a fixed list rather than copies from the text.
CODES = {"kind"}


def drafted_values(doc) -> list[str]:
    values = []
    for key in ("meeting",):
        values += [s for k, v in doc[key].items() if k not in CODES | {"date"}
                   for s in strings(v)]
    for finding in doc.get("findings", []):
        values += [s for k, v in finding.items() if k not in CODES for s in strings(v)]
    values += strings(doc.get("bodies", []))
    return values


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_draft_imported_unchanged_carries_the_articles_facts(prefix, cli, tmp_path):
    draft = tmp_path / "draft.yaml"
    cli.ok("extract", str(seed(prefix)), "-o", str(draft))
    result = cli("import", str(draft))
    if prefix == "001":
        # The article gives "Chiều nay 8/3" and no year anywhere: the draft must not guess.
        assert "date: 8/3  # bài không ghi năm" in draft.read_text(encoding="utf-8")
    assert result.exit_code == 0, result.stderr
    news = cli.ok("report", "news", "--meeting", "1")
    facts = ARTICLE_FACTS[SEEDS[prefix]]
    found = facts_in_order(news, facts)
    assert found >= 0.8 * len(facts), (found, len(facts), news)


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_draft_never_invents_a_value(prefix):
    source = seed(prefix)
    paragraphs = article_reader.read_paragraphs(str(source))
    text = " ".join(vi.canonical(p) for p in paragraphs)
    doc = yaml.safe_load(extract.to_yaml(extract.draft_from_paragraphs(paragraphs)))
    flat = " ".join(text.split()).lower()
    for value in drafted_values(doc):
        assert " ".join(value.split()).lower() in flat, value
    if doc["meeting"].get("date"):
        day, month, *year = (int(x) for x in str(doc["meeting"]["date"]).split("/"))
        assert re.search(rf"\b0?{day}\s*[/.\-]\s*0?{month}\b", text)
        assert all(str(y) in text for y in year)


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_nothing_of_the_source_is_lost(prefix):
    """Every sentence is either in the draft's values or kept in a comment."""
    paragraphs = article_reader.read_paragraphs(str(seed(prefix)))
    yaml_text = extract.to_yaml(extract.draft_from_paragraphs(paragraphs))
    comments = " ".join(line.split("#", 1)[1] for line in yaml_text.splitlines() if "#" in line)
    kept = words(" ".join(strings(yaml.safe_load(yaml_text))) + " " + comments)
    kept_text = " " + " ".join(kept) + " "
    for paragraph in paragraphs:
        for sentence in extract.sentences(vi.canonical(paragraph)):
            w = words(sentence)
            if len(w) < 4:
                continue
            windows = [" ".join(w[i:i + 3]) for i in range(len(w) - 2)]
            hits = sum(f" {window} " in kept_text for window in windows)
            assert hits >= len(windows) / 2, sentence


def test_a_date_without_a_year_is_kept_without_one():
    d = extract.draft_from_paragraphs([
        "Hội nghị sơ kết",
        "Sáng 24.8, Ủy ban MTTQ xã tổ chức hội nghị sơ kết 6 tháng thực hiện chương trình.",
    ])
    assert (d.date, d.part_of_day, d.date_note) == ("24/8", "sáng", "bài không ghi năm")


@pytest.mark.parametrize(("lead", "date", "part"), [
    ("Chiều ngày 13/3/2024, Đảng ủy xã tổ chức hội nghị giao ban.", "13/3/2024", "chiều"),
    ("Ngày 08/6/2023, Văn phòng Huyện ủy tổ chức hội nghị.", "8/6/2023", None),
    ("Tối 17-10-2022, Công an huyện tổ chức hội nghị.", "17/10/2022", "tối"),
    ("Sáng ngày 5 tháng 1 năm 2025, Hội đồng nhân dân xã tổ chức hội nghị.", "5/1/2025",
     "sáng"),
])
def test_dates_in_the_forms_articles_use(lead, date, part):
    d = extract.draft_from_paragraphs(["Tiêu đề", lead])
    assert (d.date, d.part_of_day) == (date, part)


def test_a_meeting_held_recently_has_no_date(cli, tmp_path):
    article = tmp_path / "bai.txt"
    article.write_text("Tổng kết năm 2024\nVừa qua, Hội Nông dân xã tổ chức hội nghị tổng kết "
                       "năm 2024.\n", encoding="utf-8")
    d = extract.draft_from_paragraphs(article_reader.read_paragraphs(str(article)))
    assert d.date is None and "vừa qua" in d.date_note.lower()
    draft = tmp_path / "nhap.yaml"
    cli.ok("extract", str(article), "-o", str(draft))
    cli.ok("import", str(draft))  # an undated meeting imports


@pytest.mark.parametrize(("text", "people"), [
    ("đồng chí Võ Văn Nhàn – Phó Bí thư Thường trực Huyện ủy; các đồng chí lãnh đạo",
     [("Võ Văn Nhàn", "Phó Bí thư Thường trực Huyện ủy")]),
    ("Chánh Văn phòng Tỉnh ủy Nguyễn Thị Hồng Trang và các Phó chánh Văn phòng Tỉnh ủy "
     "Nguyễn Xuân Cường, Từ Thiên Tú",
     [("Nguyễn Thị Hồng Trang", "Chánh Văn phòng Tỉnh ủy"),
      ("Nguyễn Xuân Cường", "Phó chánh Văn phòng Tỉnh ủy"),
      ("Từ Thiên Tú", "Phó chánh Văn phòng Tỉnh ủy")]),
    # "Đảng" folds like the family name "Đặng" but is not one.
    ("Ban Chấp hành Đảng bộ tỉnh", []),
])
def test_people_as_articles_name_them(text, people):
    found, _groups = extract.parse_people(text)
    assert [(p.name, p.titles) for p in found] == people


def test_organisers_are_split_only_where_a_new_body_begins():
    d = extract.draft_from_paragraphs([
        "Tiêu đề",
        "Chiều ngày 23/5/2024, Văn phòng Huyện ủy phối hợp với Văn phòng HĐND và UBND huyện "
        "tổ chức Hội nghị đánh giá kết quả thực hiện Quy chế phối hợp.",
    ])
    assert d.organisers == ["Văn phòng Huyện ủy", "Văn phòng HĐND và UBND huyện"]
    assert d.title == "Hội nghị đánh giá kết quả thực hiện Quy chế phối hợp"


def test_bodies_and_people_already_in_the_register_are_named_its_way(cli, tmp_path):
    cli.import_fixture()
    draft = cli.ok("extract", str(seed("000")))
    assert "# mới" not in draft.split("findings:")[0], draft
    assert "bodies:" not in draft


def same_article_as_docx_and_html(paragraphs: list[str], tmp_path: Path) -> tuple[Path, Path]:
    from docx import Document

    document = Document()
    for p in paragraphs:
        document.add_paragraph(p)
    docx_path = tmp_path / "bai.docx"
    document.save(docx_path)
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    html = (
        "<html><head><title>Báo</title><script>var x = 1;</script></head><body>"
        "<nav><ul><li>Trang chủ</li><li>Thời sự</li></ul></nav>"
        f"<article><h1>{paragraphs[0]}</h1>{body}"
        "<div class='share-buttons'><p>Chia sẻ Facebook</p></div></article>"
        "<aside><p>Tin đọc nhiều</p></aside><footer><p>Bản quyền thuộc về báo</p></footer>"
        "</body></html>")
    html_path = tmp_path / "bai.html"
    html_path.write_text(html, encoding="utf-8")
    return docx_path, html_path


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_docx_and_html_of_one_article_give_one_draft(prefix, tmp_path):
    paragraphs = article_reader.read_paragraphs(str(seed(prefix)))
    docx_path, html_path = same_article_as_docx_and_html(paragraphs, tmp_path)
    from_text = extract.extract(str(seed(prefix)))
    from_docx = extract.extract(str(docx_path))
    from_html = extract.extract(str(html_path))
    body = lambda text: text.split("\n", 1)[1]  # noqa: E731 - the first line names the file
    assert body(from_docx) == body(from_html) == body(from_text)


def test_extract_reads_stdin_and_writes_a_file(cli, tmp_path):
    text = seed("000").read_text(encoding="utf-8")
    out = cli.ok("extract", "-", input=text)
    assert out.startswith("# Bản nháp tệp hội nghị, lấy từ đầu vào chuẩn")
    target = tmp_path / "nhap.yaml"
    cli.ok("extract", "-", "-o", str(target), input=text)
    assert target.read_text(encoding="utf-8") == out


def test_extract_never_creates_a_register(cli):
    cli.ok("extract", str(seed("000")))
    assert not cli.db.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("khong-co.txt", None, "Không tìm thấy tệp"),
    ("hong.docx", b"PK\x03\x04 not a document", "Tệp .docx bị hỏng"),
])
def test_unreadable_sources_are_refused_in_vietnamese(cli, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = cli("extract", str(path))
    assert result.exit_code == 1 and message in result.stderr


def test_meeting_new_from_an_article_imports_the_draft_on_save(cli, tmp_path, monkeypatch):
    # An editor that saves the draft as it is: the clerk accepted it.
    script = tmp_path / "editor.py"
    script.write_text("import sys\n", encoding="utf-8")
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    out = cli.ok("meeting", "new", "--from", str(seed("000")))
    assert out.strip() == "1"
    news = cli.ok("report", "news", "--meeting", "1")
    assert "Lê Công Phu" in news and "đôi lúc còn chưa được thông suốt" in news


def realistic_meetings():
    from test_meetings import MEETING_FACTS, MEETINGS

    return [(MEETINGS / name, facts) for name, facts in sorted(MEETING_FACTS.items())]


@pytest.mark.parametrize(("path", "facts"), realistic_meetings(),
                         ids=lambda v: v.stem if isinstance(v, Path) else "")
def test_a_news_item_drafted_back_carries_the_meetings_facts(path, facts, cli, tmp_path):
    """The realistic meetings of the tests, written up as news items (the articles an office
    would hold), then drafted back: imported unchanged, the draft carries their facts."""
    source = tmp_path / path.name
    source.write_bytes(path.read_bytes())  # an import writes uids back into its file
    cli.ok("import", str(source), "--yes")
    article = tmp_path / "bai.txt"
    article.write_text(cli.ok("report", "news", "--meeting", "1"), encoding="utf-8")
    draft = tmp_path / "nhap.yaml"
    cli.db = tmp_path / "second.db"  # another office's register, which knows none of them
    cli.ok("extract", str(article), "-o", str(draft))
    cli.ok("import", str(draft), "--yes")
    news = cli.ok("report", "news", "--meeting", "1")
    found = facts_in_order(news, facts)
    assert found >= 0.8 * len(facts), (found, len(facts), news)


def test_period_deadline_and_cause_are_taken_as_written():
    d = extract.draft_from_paragraphs([
        "Sơ kết",
        "Chiều ngày 3/10/2024, Đảng ủy xã tổ chức Hội nghị sơ kết công tác quý III năm 2024.",
        "Hội nghị chỉ ra một số hạn chế như: công tác thu ngân sách còn chậm, nguyên nhân là "
        "do giá nông sản giảm.",
        "Về nhiệm vụ thời gian tới, hội nghị thống nhất: hoàn thành thu ngân sách trước ngày "
        "31/12/2024; rà soát hộ nghèo.",
    ])
    assert d.period == "quý III năm 2024"
    shortcoming = next(f for f in d.findings if f["kind"] == "shortcoming")
    assert shortcoming == {"kind": "shortcoming", "text": "công tác thu ngân sách còn chậm",
                           "cause": "nguyên nhân là do giá nông sản giảm"}
    tasks = [f for f in d.findings if f["kind"] == "task"]
    assert tasks[0]["due_on"] == "31/12/2024" and "due_on" not in tasks[1]
