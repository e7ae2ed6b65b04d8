"""PowerPoint decks: a title slide, then slides of text with native (editable) bar charts coloured
by status, or tables continued over as many slides as they need."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

import pandas as pd

from sangkien.campaign import status
from sangkien.campaign.export.tables import FMT_PCT, Chart, Deck, Slide, Table, missing, neutralise, py_value
from sangkien.core import fmt, safe
from sangkien.core.i18n import t


def _fit(lines: Sequence[str], size: int, room_chars: int) -> int:
    """A font size at which the lines fit a box that holds about room_chars characters at 18 pt."""
    chars = sum(len(line) + 40 for line in lines)  # a started line costs about 40 characters of room
    while size > 12 and chars * (size / 18) ** 2 > room_chars:
        size -= 1
    return size


COLOURS = ["0072B2", "E69F00", "009E73", "56B4E9", "D55E00", "CC79A7"]  # Okabe-Ito, as charts.py
HIGHLIGHT = "6B6B6B"


def _language(lang: str):
    from pptx.enum.lang import MSO_LANGUAGE_ID

    return MSO_LANGUAGE_ID.VIETNAMESE if lang == "vi" else MSO_LANGUAGE_ID.ENGLISH_US


def _text(
    frame, lines: Sequence[str], size: int, lang: str, bold_first: bool = False, colour: str | None = None, markdown: bool = False
) -> None:
    """Lines as runs. Only `markdown` lines (the report's sentences, names escaped by safe.md) have
    **bold** spans and escapes; anything else (names, cells, titles) is written as plain text."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    tf = frame.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.space_after = Pt(size * 0.5)
        # **bold** spans as the page writes them
        parts = [safe.unmd(p) for p in re.split(r"\*\*", line)] if markdown else [safe.plain(line)]
        for k, part in enumerate(parts):
            if not part:
                continue
            run = para.add_run()
            run.text = safe.plain(part)
            run.font.size = Pt(size)
            run.font.bold = bool(k % 2) or (bold_first and i == 0)
            run.font.language_id = _language(lang)
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)


def _stamp_footer(slide, deck: Deck, width, height) -> None:
    from pptx.util import Emu, Inches

    box = slide.shapes.add_textbox(Inches(0.5), Emu(height - Inches(0.55)), Emu(width - Inches(1.0)), Inches(0.4))
    _text(box, [deck.footer or deck.stamp], 12, deck.lang, colour="555555")


def _chart(slide, chart: Chart, lang: str, left, top, width, height) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    data = CategoryChartData(number_format=chart.number_format)
    # bars are drawn bottom-up: reverse so the first unit is on top, as on the page
    data.categories = [neutralise(c) for c in reversed(chart.categories)]
    for name, values in chart.series:
        data.add_series(neutralise(name), [None if missing(v) else float(v) for v in reversed(values)])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data)
    ch = frame.chart
    crowded = len(chart.categories) > 10 or len(chart.categories) * len(chart.series) > 20
    ch.font.size = Pt(12 if crowded else 14)
    ch.has_title = True
    ch.chart_title.text_frame.text = chart.title
    ch.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    ch.has_legend = len(chart.series) > 1
    if ch.has_legend:
        ch.legend.position = XL_LEGEND_POSITION.TOP
        ch.legend.include_in_layout = False
    ch.value_axis.has_major_gridlines = True
    # whole percents on the axis (0%, 5%, …), one decimal on the bars
    ch.value_axis.tick_labels.number_format = "0%" if chart.number_format == FMT_PCT else chart.number_format
    ch.value_axis.tick_labels.number_format_is_linked = False
    ch.value_axis.minimum_scale = 0
    plot = ch.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = chart.number_format
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(9 if crowded else 12)
    # every unit's name, however many: PowerPoint would otherwise skip every other label
    axis = ch.category_axis._element
    for old in axis.findall(qn("c:tickLblSkip")):
        axis.remove(old)
    skip = axis.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    later = [axis.find(qn(f"c:{tag}")) for tag in ("tickMarkSkip", "noMultiLvlLbl", "extLst")]
    later = [el for el in later if el is not None]
    if later:  # the schema's order: tickLblSkip comes before these
        later[0].addprevious(skip)
    else:
        axis.append(skip)
    count = len(chart.categories)
    for k, series in enumerate(plot.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(COLOURS[k % len(COLOURS)])
        for index in range(count):
            colour = HIGHLIGHT if index == chart.highlight else (chart.colour_of(index) or "").lstrip("#") or None
            if colour is not None:
                point = series.points[count - 1 - index]  # drawn bottom-up
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = RGBColor.from_string(colour)
        if chart.number_format == FMT_PCT:
            # a share's label is fmt.percent's text: a number format would round 99,97% up to 100,0%
            values = chart.series[k][1]
            for index, value in enumerate(values):
                if missing(value):
                    continue
                frame = series.points[count - 1 - index].data_label.text_frame
                frame.text = fmt.percent(value, lang)
                frame.paragraphs[0].runs[0].font.size = Pt(9 if crowded else 12)
            for index in range(count):
                series.points[count - 1 - index].data_label.position = XL_LABEL_POSITION.OUTSIDE_END
    # the chart's editing language, so PowerPoint proofs and formats its text as Vietnamese
    space = ch._chartSpace
    lang_el = space.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}lang")
    if lang_el is not None:
        lang_el.set("val", "vi-VN" if lang == "vi" else "en-US")


def _status_legend(slide, chart: Chart, lang: str, left, top, width) -> None:
    """A line under a chart coloured by status: a coloured square and the name of each status drawn."""
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    codes = chart.legend()
    if not codes:
        return
    box = slide.shapes.add_textbox(left, top, width, Inches(0.35))
    para = box.text_frame.paragraphs[0]
    box.text_frame.word_wrap = True
    for code in codes:
        mark = para.add_run()
        mark.text = "■ "
        mark.font.size = Pt(14)
        mark.font.color.rgb = RGBColor.from_string(status.COLORS[code].lstrip("#"))
        label = para.add_run()
        label.text = status.name(code, lang) + "    "
        label.font.size = Pt(12)
        label.font.language_id = _language(lang)


TABLE_WIDTH_IN = 12.333  # a full-width table between 0.5 in margins
TABLE_ROW_IN = 0.34  # a 14 pt table row with its margins
LINE_IN = 0.32  # a 16 pt line of text with paragraph spacing
LINE_CHARS = 115  # characters on a full-width 16 pt line
HEADER_CHARS_PER_IN = 9  # 14 pt bold characters per inch of column


def _column_shares(table: Table, lang: str = "vi") -> list[float]:
    """Each column's share of the width, by what it holds: its longest cell (names, a status such
    as "Nguy cơ không đạt") on one line, its header's longest word, and at least a number's room;
    so a cell's text does not wrap and make its row taller than the slide allows for."""
    needs = []
    for col, label in table.columns:
        cells = [v if isinstance(v, str) else fmt.by_suffix(col, v, lang) for v in (py_value(x) for x in table.frame[col].tolist())]
        longest_cell = max((len(c) for c in cells), default=0)
        longest_word = max((len(w) for w in str(label).split()), default=0)
        needs.append(max(8, longest_cell + 2, longest_word + 2, math.ceil(len(str(label)) / 3)))
    total = sum(needs) or 1
    return [n / total for n in needs]


def _header_in(table: Table) -> float:
    """Height of the header row: its longest label wraps onto this many lines in its column."""
    shares = _column_shares(table)
    lines = max(
        math.ceil(len(label) / (share * TABLE_WIDTH_IN * HEADER_CHARS_PER_IN))
        for (_, label), share in zip(table.columns, shares, strict=True)
    )
    return 0.15 + 0.25 * max(1, lines)


def _table(slide, table: Table, frame: pd.DataFrame, lang: str, left, top, width, total: dict | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Inches

    columns = list(table.columns)
    rows = len(frame) + 1 + (total is not None)
    header = _header_in(table)
    shape = slide.shapes.add_table(rows, len(columns), left, top, width, Inches(header + TABLE_ROW_IN * (rows - 1)))
    grid = shape.table
    grid.rows[0].height = Inches(header)
    for i in range(1, rows):
        grid.rows[i].height = Inches(TABLE_ROW_IN)
    for j, share in enumerate(_column_shares(table, lang)):
        grid.columns[j].width = Emu(int(width * share))
    for j, (_, label) in enumerate(columns):
        grid.cell(0, j).text = ""
        _text(grid.cell(0, j), [label], 14, lang, bold_first=True)
    for i, (index, row) in enumerate(frame.iterrows(), start=1):
        for j, (col, _) in enumerate(columns):
            value = py_value(row[col])
            is_text = isinstance(value, str)
            cell = grid.cell(i, j)
            cell.text = ""
            filled = table.fill_of(col, index)
            text_colour = status.TEXT_ON[filled].lstrip("#") if filled else None
            _text(cell, [neutralise(value) if is_text else fmt.by_suffix(col, value, lang)], 14, lang, colour=text_colour)
            if filled:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(status.COLORS[filled].lstrip("#"))
            if j > 0 and not is_text:
                cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    if total is not None:
        for j, (col, _) in enumerate(columns):
            cell = grid.cell(rows - 1, j)
            cell.text = ""
            text = t("ex_total", lang) if j == 0 else fmt.by_suffix(col, total[col], lang) if col in total else ""
            _text(cell, [text], 14, lang, bold_first=True)
            if j > 0:
                cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def _content_slide(prs, deck: Deck, title: str):
    from pptx.util import Emu, Inches

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Emu(prs.slide_width - Inches(1.0)), Inches(0.8))
    _text(box, [title], 30, deck.lang, bold_first=True, colour="0B3D66")
    _stamp_footer(slide, deck, prs.slide_width, prs.slide_height)
    return slide


def _table_slides(prs, deck: Deck, spec: Slide) -> None:
    """A table over as many slides as it needs, the text lines above it on the first one."""
    from pptx.util import Emu, Inches

    frame = spec.table.frame
    total = spec.table.total_row()
    count = len(frame) + (total is not None)  # the total row ends the last slide
    bottom = 7.5 - 0.65  # above the footer
    header = _header_in(spec.table)
    start, first = 0, True
    while first or start < count:
        top = 1.2
        slide = _content_slide(prs, deck, spec.title + ("" if first else f" ({t('ex_continued', deck.lang)})"))
        if first and spec.lines:
            # the text's own line count (not the table's row count: reusing that name lost units)
            text_lines = sum(max(1, math.ceil(len(line.replace("**", "")) / LINE_CHARS)) for line in spec.lines)
            box = slide.shapes.add_textbox(Inches(0.5), Inches(top), Emu(prs.slide_width - Inches(1.0)), Inches(LINE_IN * text_lines))
            _text(box, spec.lines, 16, deck.lang, markdown=True)
            top += LINE_IN * text_lines + 0.15
        rows = max(1, int((bottom - top - header) / TABLE_ROW_IN))
        end = start + rows
        part = frame.iloc[start : min(end, len(frame))]
        last = total if end >= count else None
        _table(slide, spec.table, part, deck.lang, Inches(0.5), Inches(top), Emu(prs.slide_width - Inches(1.0)), last)
        start, first = end, False


def pptx_bytes(deck: Deck) -> bytes:
    """A 16:9 deck: a title slide, then each slide's text with a native (editable) bar chart
    built from the numbers, or a table (long tables continue over several slides)."""
    from pptx import Presentation
    from pptx.util import Emu, Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    width, height = prs.slide_width, prs.slide_height
    blank = prs.slide_layouts[6]
    core = prs.core_properties
    core.title = deck.title
    core.language = "vi-VN" if deck.lang == "vi" else "en-US"
    core.subject = deck.stamp

    cover = prs.slides.add_slide(blank)
    box = cover.shapes.add_textbox(Inches(0.8), Inches(1.6), Emu(width - Inches(1.6)), Inches(2.2))
    _text(box, [deck.title], 36, deck.lang, bold_first=True, colour="0B3D66")
    box = cover.shapes.add_textbox(Inches(0.8), Inches(4.0), Emu(width - Inches(1.6)), Inches(2.8))
    _text(box, deck.lines, 20, deck.lang, markdown=True)
    for spec in deck.slides:
        if spec.chart is None and spec.table is not None:
            _table_slides(prs, deck, spec)
            continue
        slide = _content_slide(prs, deck, spec.title)
        top = Inches(1.2)
        if spec.chart is not None:
            # text-heavy slides give the text more of the width, so it stays large enough to read
            wide = sum(len(line) for line in spec.lines) > 450
            text_width = Inches(6.3 if wide else 5.2) if spec.lines else Inches(0)
            if spec.lines:
                box = slide.shapes.add_textbox(Inches(0.5), top, text_width, Emu(height - top - Inches(0.8)))
                _text(box, spec.lines, _fit(spec.lines, 18, 800 if wide else 650), deck.lang, markdown=True)
            left = Inches(0.5) + text_width + Inches(0.2)
            legend = Inches(0.4) if spec.chart.legend() else 0
            chart_height = Emu(height - top - Inches(0.75) - legend)
            _chart(slide, spec.chart, deck.lang, left, top, Emu(width - left - Inches(0.4)), chart_height)
            _status_legend(slide, spec.chart, deck.lang, left, Emu(top + chart_height), Emu(width - left - Inches(0.4)))
        elif spec.lines:
            box = slide.shapes.add_textbox(Inches(0.5), top, Emu(width - Inches(1.0)), Emu(height - top - Inches(0.8)))
            _text(box, spec.lines, _fit(spec.lines, 24, 1300), deck.lang, markdown=True)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
