"""The weekly pack as a Word "báo cáo" a staff member can edit and sign (python-docx): A4, Times New
Roman 13, the organisation's header beside "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do -
Hạnh phúc", the number and the place and date line, the title, numbered headings, the figures'
tables with their totals, and the signature block.

The organisation's name and the place come from SANGKIEN_REPORT_ORG / SANGKIEN_REPORT_PLACE
(default: the Confederation, Hà Nội).
"""

from __future__ import annotations

import io
import os
from datetime import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from sangkien.campaign.reports.content import Grid, Pack
from sangkien.core import safe
from sangkien.core.i18n import t_text

FONT = "Times New Roman"
SIZE = Pt(13)
ORG_ENV, PLACE_ENV = "SANGKIEN_REPORT_ORG", "SANGKIEN_REPORT_PLACE"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _font(run, size=SIZE, bold=None, italic=None) -> None:
    run.font.name = FONT
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _para(container, text: str = "", align=None, bold=None, italic=None, size=SIZE, after: float = 6):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if text:
        _font(p.add_run(safe.plain(text)), size, bold, italic)
    return p


def _no_borders(table) -> None:
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _header(doc, pack: Pack, as_of: datetime) -> None:
    org = safe.plain(os.environ.get(ORG_ENV) or t_text("rp_docx_org", pack.lang))
    place = safe.plain(os.environ.get(PLACE_ENV) or t_text("rp_docx_place", pack.lang))
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.0), Cm(9.5)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(left.paragraphs[0].add_run(org.upper()), Pt(13), bold=True)
    _para(left, "———", WD_ALIGN_PARAGRAPH.CENTER, after=2)
    _para(left, t_text("rp_docx_number", pack.lang), WD_ALIGN_PARAGRAPH.CENTER, size=Pt(13))
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), Pt(12.5), bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=Pt(13), after=2)
    _para(right, "———————————", WD_ALIGN_PARAGRAPH.CENTER, after=2)
    date_line = t_text("rp_docx_date", pack.lang, place=place, day=as_of.day, month=as_of.month, year=as_of.year)
    _para(right, date_line, WD_ALIGN_PARAGRAPH.CENTER, italic=True, size=Pt(13))


def _grid(doc, grid: Grid) -> None:
    rows = grid.rows + ([grid.total] if grid.total else [])
    table = doc.add_table(rows=1 + len(rows), cols=len(grid.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, name in enumerate(grid.columns):
        cell = table.rows[0].cells[i]
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(safe.plain(name)), Pt(12), bold=True)
    for r, row in enumerate(rows, start=1):
        is_total = grid.total is not None and r == len(rows)
        for i, value in enumerate(row):
            p = table.rows[r].cells[i].paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if i in grid.numeric else WD_ALIGN_PARAGRAPH.LEFT
            _font(p.add_run(safe.plain(value)), Pt(12), bold=is_total)
    _para(doc, after=4)


def docx_bytes(pack: Pack, as_of: datetime) -> bytes:
    """The báo cáo of `pack` (figures as of `as_of`, Vietnam time) as a .docx file."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = safe.plain(pack.subject)
    doc.core_properties.language = pack.lang
    _header(doc, pack, as_of)
    _para(doc, after=6)
    _para(doc, t_text("rp_docx_kind", pack.lang), WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=Pt(14), after=2)
    _para(doc, pack.title, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=Pt(14), after=2)
    _para(doc, pack.stamp, WD_ALIGN_PARAGRAPH.CENTER, italic=True, after=12)
    if pack.is_demo:
        _para(doc, t_text("demo_badge", pack.lang), WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    for line in pack.headline:
        p = _para(doc, line, WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.first_line_indent = Cm(1.0)
    for number, part in enumerate(pack.sections):
        _para(doc, f"{ROMAN[number]}. {part.title.upper()}", bold=True, size=Pt(13), after=6)
        for line in part.lines:
            p = _para(doc, line, WD_ALIGN_PARAGRAPH.JUSTIFY)
            p.paragraph_format.first_line_indent = Cm(1.0)
        if part.grid is not None:
            _grid(doc, part.grid)
    signature = doc.add_table(rows=1, cols=2)
    _no_borders(signature)
    left, right = signature.rows[0].cells
    _font(left.paragraphs[0].add_run(t_text("rp_docx_recipients", pack.lang)), Pt(12), bold=True, italic=True)
    _para(left, t_text("rp_docx_recipients_list", pack.lang), size=Pt(11))
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run(t_text("rp_docx_signer", pack.lang)), Pt(13), bold=True)
    _para(right, t_text("rp_docx_sign_hint", pack.lang), WD_ALIGN_PARAGRAPH.CENTER, italic=True, size=Pt(12))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
