"""The Markdown our templates write, turned into a .docx with python-docx.

It understands exactly what the built-in templates use: ``#`` (title, centred), ``##``/``###``
(Word headings), paragraphs, ``- `` items, ``**bold**``/``*italic*``, backslash escapes and
pipe tables. A pipe table whose header row is empty is a layout table (the Quốc hiệu block,
the signature block): borderless, no header.
"""

from __future__ import annotations

import re
from typing import Any

# -- Markdown (the subset our templates write) to .docx ----------------------------------------
_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|#+\-.!(){}])")
_INLINE = re.compile(r"\*\*\*(.+?)\*\*\*|\*\*(.+?)\*\*|\*(.+?)\*")
_PLACEHOLDER_BASE = 0xF0000  # private-use code points stand in for escaped characters


def _protect(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(_PLACEHOLDER_BASE + ord(m[1])), text)


def _restore(text: str) -> str:
    return re.sub(r"[\U000F0000-\U000F00FF]", lambda m: chr(ord(m[0]) - _PLACEHOLDER_BASE),
                  text)


def _runs(text: str) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) pieces of one line of inline Markdown."""
    text = _protect(text)
    pieces: list[tuple[str, bool, bool]] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            pieces.append((text[pos:m.start()], False, False))
        if m[1] is not None:
            pieces.append((m[1], True, True))
        elif m[2] is not None:
            pieces.append((m[2], True, False))
        else:
            pieces.append((m[3], False, True))
        pos = m.end()
    if pos < len(text):
        pieces.append((text[pos:], False, False))
    return [(_restore(t), b, i) for t, b, i in pieces if t]


def _split_row(line: str) -> list[str]:
    body = _protect(line.strip())
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [_restore_cell(c.strip()) for c in body.split("|")]


def _restore_cell(cell: str) -> str:
    # Re-escape so the inline pass sees the same escapes as in a paragraph.
    return re.sub(r"[\U000F0000-\U000F00FF]",
                  lambda m: "\\" + chr(ord(m[0]) - _PLACEHOLDER_BASE), cell)


def _blocks(markdown: str) -> list[tuple[str, Any]]:
    blocks: list[tuple[str, Any]] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(("p", para.copy()))
            para.clear()

    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            flush()
        elif m := re.match(r"^(#{1,6})\s+(.*)$", stripped):
            flush()
            blocks.append((f"h{len(m[1])}", m[2].strip()))
        elif stripped.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i])
                i += 1
            blocks.append(("table", rows))
            continue
        elif stripped.startswith("- "):
            flush()
            blocks.append(("item", stripped[2:].strip()))
        elif blocks and blocks[-1][0] == "item" and not para and line.startswith("  "):
            blocks[-1] = ("item", blocks[-1][1] + " " + stripped)
        else:
            para.append(line)
        i += 1
    flush()
    return blocks


def _style_fonts(doc) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    def font(style, size: int, bold: bool | None = None, italic: bool | None = None) -> None:
        style.font.name = "Times New Roman"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), "Times New Roman")
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)

    styles = doc.styles
    font(styles["Normal"], 14)
    font(styles["Title"], 14, bold=True)
    font(styles["Heading 1"], 14, bold=True, italic=False)
    font(styles["Heading 2"], 14, bold=True, italic=False)
    font(styles["Heading 3"], 14, bold=False, italic=True)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Word's Title style draws a coloured rule under the text; an official document has none.
    ppr = styles["Title"].element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        fmt = styles[name].paragraph_format
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True
    normal = styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.15


def _add_runs(paragraph, text: str, size=None, bold: bool = False) -> None:
    for piece, b, i in _runs(text):
        run = paragraph.add_run(piece)
        if b or bold:
            run.bold = True
        if i:
            run.italic = True
        if size is not None:
            run.font.size = size


def _no_borders(doc) -> None:
    """Take every border off the table just added to the document's body."""
    from docx.oxml.ns import qn

    # python-docx offers no public handle on a table's XML; the document's body is public and
    # `add_table` appends, so the last table of the body is the one just added.
    tbl_pr = doc.element.body.findall(qn("w:tbl"))[-1].tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"})
        borders.append(el)
    tbl_pr.append(borders)


def _add_table(doc, rows: list[str], text_width) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cells = [_split_row(r) for r in rows]
    header, aligns = cells[0], []
    body = cells[1:]
    if body and all(re.fullmatch(r":?-{3,}:?", c) for c in body[0]):
        for spec in body[0]:
            if spec.startswith(":") and spec.endswith(":"):
                aligns.append(WD_ALIGN_PARAGRAPH.CENTER)
            elif spec.endswith(":"):
                aligns.append(WD_ALIGN_PARAGRAPH.RIGHT)
            else:
                aligns.append(WD_ALIGN_PARAGRAPH.LEFT)
        body = body[1:]
    layout = not any(header)
    data = body if layout else [header, *body]
    ncols = max(len(r) for r in cells)
    table = doc.add_table(rows=len(data), cols=ncols)
    if layout:
        _no_borders(doc)
        # The Quốc hiệu block: the issuing body narrower on the left, the motto on the right.
        widths = [text_width * 2 // 5, text_width - text_width * 2 // 5] if ncols == 2 else \
            [text_width // ncols] * ncols
    else:
        table.style = doc.styles["Table Grid"]
        widths = [text_width // ncols] * ncols
    table.autofit = False
    for r, row in enumerate(data):
        for c in range(ncols):
            cell = table.cell(r, c)
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.first_line_indent = None
            if c < len(aligns):
                paragraph.alignment = aligns[c]
            text = row[c] if c < len(row) else ""
            _add_runs(paragraph, text, size=Pt(13),
                      bold=not layout and r == 0)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def markdown_to_docx(markdown: str) -> bytes:
    """Build an A4 document in Times New Roman with Nghị định 30 margins."""
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    text_width = section.page_width - section.left_margin - section.right_margin
    _style_fonts(doc)
    for kind, value in _blocks(markdown):
        if kind == "h1":
            paragraph = doc.add_paragraph(style="Title")
            _add_runs(paragraph, value)
        elif kind in ("h2", "h3", "h4", "h5", "h6"):
            level = min(int(kind[1]) - 1, 3)
            paragraph = doc.add_paragraph(style=f"Heading {level}")
            _add_runs(paragraph, value)
        elif kind == "table":
            _add_table(doc, value, text_width)
        elif kind == "item":
            paragraph = doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1)
            _add_runs(paragraph, "- " + value)
        else:
            paragraph = doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1)
            for n, line in enumerate(value):
                hard = line.endswith("\\") or line.endswith("  ")
                text = line.rstrip("\\ ").strip() if hard else line.strip()
                _add_runs(paragraph, text)
                if n < len(value) - 1:
                    if hard:
                        paragraph.add_run().add_break()
                    else:
                        paragraph.add_run(" ")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
