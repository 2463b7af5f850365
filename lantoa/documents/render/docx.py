"""A document's blocks as DOCX, the editable master (python-docx).

python-docx's built-in template is US Letter: the page is set to the layout's A4 and margins.
The font is set on all four slots (ascii, hAnsi, eastAsia, cs), or Word and LibreOffice pick
another font for some Vietnamese letters. LibreOffice sizes table columns from `w:tblGrid`,
so the columns get explicit widths with autofit off.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from lantoa.documents.render.blocks import Block, Line, Page
from lantoa.documents.render.qr import qr_png

ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def set_font(run_or_style: Any, font: str) -> None:
    run_or_style.font.name = font
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), font)


def write_docx(page: Page) -> bytes:
    spec = page.spec
    font = spec["font"]
    doc = new_docx()
    section = doc.sections[0]
    size, margins = spec["page"], spec["page"]["margins_mm"]
    section.page_width, section.page_height = Mm(size["width_mm"]), Mm(size["height_mm"])
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    normal = doc.styles["Normal"]
    set_font(normal, font)
    normal.font.size = Pt(spec["sizes"]["body"])
    normal.paragraph_format.space_after = Pt(0)
    usable = size["width_mm"] - margins["left"] - margins["right"]

    header = _table(doc, [usable * 0.42, usable * 0.58])
    _fill(header.cell(0, 0), page.header_left, font)
    _fill(header.cell(0, 1), page.header_right, font)
    _spacer(doc)
    for block in (page.title, page.body):
        for line in block.lines:
            _line(doc.add_paragraph(), line, font, first_line_indent=block.name == "body")
        _spacer(doc)
    footer = _table(doc, [usable * 0.45, usable * 0.55])
    _fill(footer.cell(0, 0), page.recipients, font)
    _fill(footer.cell(0, 1), page.signature, font)
    _spacer(doc)
    for line in page.verification.lines:
        _line(doc.add_paragraph(), line, font)
    doc.add_paragraph().add_run().add_picture(io.BytesIO(qr_png(page.verification_url)), Mm(22))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc: Any, widths_mm: list[float]) -> Table:
    table: Table = doc.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return table


def _fill(cell: _Cell, block: Block, font: str) -> None:
    first = True
    for line in block.lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _line(paragraph, line, font)


def _line(paragraph: Paragraph, line: Line, font: str, first_line_indent: bool = False) -> None:
    paragraph.alignment = ALIGN[line.align]
    if first_line_indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(6)
    if line.space_before:
        paragraph.paragraph_format.space_before = Pt(line.space_before)
    run = paragraph.add_run(line.text)
    set_font(run, font)
    run.font.size = Pt(line.size)
    run.bold, run.italic, run.underline = line.bold, line.italic, line.underline


def _spacer(doc: Any) -> None:
    doc.add_paragraph()
