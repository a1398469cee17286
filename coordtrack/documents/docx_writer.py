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


# XML 1.0 cannot hold these; a register written before input was checked may still contain
# them, and one such character must not make the whole .docx fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _add_runs(p, text: str, size=None, bold: bool = False) -> None:
    """Append the runs of one line of inline Markdown, built as XML directly.

    python-docx's run API searches each element's allowed children on every property set;
    a run here is three lxml calls, so a long report costs time in proportion to its text.
    """
    from docx.oxml.ns import qn
    from lxml import etree

    for piece, b, i in _runs(text):
        run = etree.SubElement(p, qn("w:r"))
        if b or bold or i or size is not None:
            props = etree.SubElement(run, qn("w:rPr"))
            if b or bold:
                etree.SubElement(props, qn("w:b"))
            if i:
                etree.SubElement(props, qn("w:i"))
            if size is not None:
                etree.SubElement(props, qn("w:sz"), {qn("w:val"): str(int(size.pt * 2))})
        node = etree.SubElement(run, qn("w:t"))
        node.text = _NOT_XML.sub("\ufffd", piece)
        if piece != piece.strip():
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _paragraph(style_id: str | None, justify: bool):
    """A w:p of the given style; body text is justified with a 1 cm first-line indent."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from lxml import etree

    p = OxmlElement("w:p")
    props = etree.SubElement(p, qn("w:pPr"))
    if style_id:
        etree.SubElement(props, qn("w:pStyle"), {qn("w:val"): style_id})
    if justify:
        etree.SubElement(props, qn("w:ind"), {qn("w:firstLine"): "567"})
        etree.SubElement(props, qn("w:jc"), {qn("w:val"): "both"})
    return p


def _line_break(p) -> None:
    from docx.oxml.ns import qn
    from lxml import etree

    etree.SubElement(etree.SubElement(p, qn("w:r")), qn("w:br"))


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
    # Row by row: table.cell(r, c) rebuilds the whole cell grid on every call (quadratic).
    for r, (table_row, row) in enumerate(zip(table.rows, data, strict=True)):
        for c, cell in enumerate(table_row.cells):
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.first_line_indent = None
            if c < len(aligns):
                paragraph.alignment = aligns[c]
            text = row[c] if c < len(row) else ""
            _add_runs(paragraph.paragraph_format.element, text, size=Pt(13),
                      bold=not layout and r == 0)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def markdown_to_docx(markdown: str) -> bytes:
    """Build an A4 document in Times New Roman with Nghị định 30 margins."""
    import io

    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    text_width = section.page_width - section.left_margin - section.right_margin
    _style_fonts(doc)
    # python-docx inserts every block before the body's final sectPr, which it finds by
    # scanning the body: quadratic in the number of paragraphs. Paragraphs are built as XML
    # directly; a table is built in an otherwise empty body and moved out. All go back in
    # order at the end.
    body = doc.element.body
    section_tag = qn("w:sectPr")
    styles = {name: doc.styles[name].style_id for name in
              ("Title", "Heading 1", "Heading 2", "Heading 3")}
    parked = []
    for kind, value in _blocks(markdown):
        if kind == "table":
            _add_table(doc, value, text_width)
            for child in list(body):
                if child.tag != section_tag:
                    body.remove(child)
                    parked.append(child)
            continue
        if kind == "h1":
            p = _paragraph(styles["Title"], justify=False)
            _add_runs(p, value)
        elif kind in ("h2", "h3", "h4", "h5", "h6"):
            p = _paragraph(styles[f"Heading {min(int(kind[1]) - 1, 3)}"], justify=False)
            _add_runs(p, value)
        elif kind == "item":
            p = _paragraph(None, justify=True)
            _add_runs(p, "- " + value)
        else:
            p = _paragraph(None, justify=True)
            for n, line in enumerate(value):
                hard = line.endswith("\\") or line.endswith("  ")
                text = line.rstrip("\\ ").strip() if hard else line.strip()
                _add_runs(p, text if hard or n == len(value) - 1 else text + " ")
                if hard and n < len(value) - 1:
                    _line_break(p)
        parked.append(p)
    section = body.sectPr  # found once: each look-up scans the body
    for child in parked:
        section.addprevious(child)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
