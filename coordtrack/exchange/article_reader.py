"""Reading an existing article, report or minutes as a list of paragraphs of plain text.

`coordtrack extract` works on paragraphs, whatever the source was: a plain-text file, a Word
document, or a web page saved from a browser. Each reader returns the text a person reads,
one paragraph per item, so the same article gives the same paragraphs from any of the three.

Web pages bring navigation, photo captions, share buttons and view counters around the
article; BeautifulSoup (a maintained HTML parser that copes with the broken markup of saved
pages) gives us the tree, and the rules below keep the article's own blocks.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from coordtrack.errors import CoordtrackError
from coordtrack.files import read_stdin, read_text

SUFFIXES = (".txt", ".text", ".docx", ".html", ".htm")

# Page furniture that is never part of an article, whatever the site.
_SKIP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "figure", "figcaption", "button", "iframe", "svg", "template", "select")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td")
_FURNITURE = re.compile(r"(menu|nav|share|social|breadcrumb|related|comment|footer|header|"
                        r"sidebar|banner|advert|caption|view-?count|tags?\b)", re.I)


class UnreadableSource(CoordtrackError):
    code = "unreadable_source"


def read_paragraphs(source: str) -> list[str]:
    """The paragraphs of `source`: a file path, or "-" for standard input (plain text)."""
    if source == "-":
        return text_paragraphs(read_stdin())
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_paragraphs(_read_bytes(path))
    if suffix in (".html", ".htm"):
        return html_paragraphs(read_text(path))
    return text_paragraphs(read_text(path))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableSource(f"Không tìm thấy tệp {path}.") from None
    except OSError as exc:
        raise UnreadableSource(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from None


def text_paragraphs(text: str) -> list[str]:
    """One paragraph per non-empty line: articles copied from the web keep one per line."""
    lines = (re.sub(r"[ \t\u00a0\u200b]+", " ", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def docx_paragraphs(data: bytes) -> list[str]:
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise UnreadableSource("Tệp .docx bị hỏng hoặc không phải tài liệu Word.") from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    return text_paragraphs("\n".join(paragraphs))


def html_paragraphs(html: str) -> list[str]:
    try:
        from bs4 import BeautifulSoup
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise UnreadableSource("Thiếu gói beautifulsoup4 để đọc trang web: "
                               "pip install beautifulsoup4.") from None
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_SKIP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "article", "main"):
            continue
        marks = " ".join([*tag.get("class", []), tag.get("id", "") or ""])
        if marks and _FURNITURE.search(marks):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    title = soup.find("h1")
    paragraphs: list[str] = []
    if title is not None and root.find("h1") is None:
        paragraphs.append(title.get_text(" ", strip=True))
    for block in root.find_all(_BLOCK_TAGS):
        if block.find(_BLOCK_TAGS):
            continue  # its inner blocks are read on their own
        paragraphs.append(block.get_text(" ", strip=True))
    return text_paragraphs("\n".join(paragraphs))
