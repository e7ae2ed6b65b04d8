"""Exports built from query results: CSV for any table, Excel workbooks, PowerPoint decks.

Numbers stay numbers (Excel and PowerPoint show them with the reader's separators: 66.775 and
15,6% on a Vietnamese Office); only table cells on slides are pre-formatted text from fmt.
Every text cell a spreadsheet could read as a formula (beginning with =, +, -, @, tab or CR)
is neutralised, because exported names and labels can come from user input (custom groups).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from sangkien.campaign import status
from sangkien.core import fmt, reference, safe
from sangkien.core.i18n import t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# Excel/PowerPoint number format codes are locale-neutral: "," means "group thousands" and "."
# the decimal point, and the reader's Office substitutes its own separators (66.775 in vi-VN).
# A literal "#.##0" would instead be read as a decimal point and is wrong everywhere.
FMT_COUNT = fmt.COUNT.excel
FMT_ONE_DECIMAL = fmt.DECIMAL.excel
FMT_PCT = fmt.PERCENT.excel
FMT_SIGNED = fmt.SIGNED.excel
FMT_RANK = fmt.RANK.excel
FMT_DATE = fmt.DATE.excel
FMT_MINUTE = "dd/mm/yyyy hh:mm"


def neutralise(value):
    """A text that a spreadsheet would run as a formula gets a leading apostrophe; control and
    bidi characters are dropped (sangkien/core/safe.py)."""
    if isinstance(value, str):
        value = safe.strip_invisible(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def number_format(column: str) -> str | None:
    """The Excel/PowerPoint display format for a numeric column, by its name (fmt.RULES)."""
    return fmt.format_of(column).excel


@dataclass
class Table:
    """A table to export: which columns of a query result, under which headers."""

    name: str  # file stem / sheet name, ASCII
    title: str
    frame: pd.DataFrame
    columns: Sequence[tuple[str, str]]  # (column in frame, header shown)
    formats: dict[str, str] = field(default_factory=dict)  # column -> format override
    totals: Sequence[str] = ()  # columns that add up: a "Tổng cộng" row ends the table
    # {column shown: column of status codes}: the shown cell is filled with the status's colour
    # (status.COLORS, text in status.TEXT_ON) on slides and in Excel
    fills: dict[str, str] = field(default_factory=dict)

    def fill_of(self, column: str, index) -> str | None:
        """The status code whose colour fills a cell (column, frame index), None when unfilled."""
        source = self.fills.get(column)
        if source is None:
            return None
        code = self.frame.at[index, source]
        return code if isinstance(code, str) and code in status.COLORS else None

    def total_row(self) -> dict | None:
        """{column: sum} of the columns that add up, None when none does."""
        if not self.totals or self.frame.empty:
            return None
        return {col: _py(self.frame[col].sum()) for col in self.totals}

    def format_of(self, column: str) -> str | None:
        if column in self.formats:
            return self.formats[column]
        series = self.frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            return FMT_MINUTE if (series.dropna().dt.floor("D") != series.dropna()).any() else FMT_DATE
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            return None
        return number_format(column)


@dataclass
class Chart:
    """A bar chart: unit names down the side, one bar per series; `highlight` marks one category."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    number_format: str = FMT_COUNT
    highlight: int | None = None  # index of a category drawn in another colour (e.g. the nation)
    # one status code per category (None for a reference such as the nation): the bars take the
    # status's colour (status.COLORS) and a legend names the statuses, in the vocabulary's order
    statuses: list[str | None] | None = None

    def colour_of(self, index: int) -> str | None:
        """The status colour of a category's bars ("#D55E00"), None when not by status."""
        if self.statuses is None or self.statuses[index] is None:
            return None
        return status.COLORS.get(self.statuses[index])

    def legend(self) -> list[str]:
        """The statuses drawn, in the vocabulary's order (the legend's entries)."""
        present = {code for code in self.statuses or [] if code is not None}
        return [code for code in status.ORDER if code in present]


@dataclass
class Slide:
    title: str
    lines: list[str] = field(default_factory=list)
    chart: Chart | None = None
    table: Table | None = None


@dataclass
class Deck:
    title: str
    lines: list[str]  # title-slide lines: filters, stamp, demo note
    stamp: str
    slides: list[Slide]
    lang: str = "vi"
    footer: str = ""  # on every slide; carries the as-of stamp


def _fit(lines: Sequence[str], size: int, room_chars: int) -> int:
    """A font size at which the lines fit a box that holds about room_chars characters at 18 pt."""
    chars = sum(len(line) + 40 for line in lines)  # a started line costs about 40 characters of room
    while size > 12 and chars * (size / 18) ** 2 > room_chars:
        size -= 1
    return size


# --- CSV ---------------------------------------------------------------------------------


def _py(value):
    """Plain Python value: numpy scalars unwrapped, lists of unit codes joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
        return ", ".join(str(v) for v in value) if isinstance(value, list) else value
    return value


def _cell(value):
    return neutralise(_py(value))


# How Excel reads a CSV depends on the Windows region: set to Vietnamese, the list separator is
# ";" and the decimal mark ",", so "6.035" (a share) would read as 6035. Downloads are written for
# the reader's language: Vietnamese files use ";" and "," (603,5%), English ones "," and ".".
# Percent columns (*_pct) carry a "%" so Excel keeps them as percentages; no thousands separators.
CSV_DIALECT = {"vi": (";", ","), "en": (",", ".")}


def _csv_number(value, decimal: str, percent: bool):
    if _missing(value) or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if percent:
        text = f"{value * 100:.4f}".rstrip("0").rstrip(".") + "%"
    elif isinstance(value, int) or float(value).is_integer():
        text = str(int(value))
    else:
        text = repr(float(value))
    return text.replace(".", decimal)


def csv_bytes(
    frame: pd.DataFrame, labels: dict[str, str] | None = None, columns: Sequence[str] | None = None, lang: str | None = None
) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Vietnamese). With a `lang`, written for Excel
    in that language (CSV_DIALECT); without one, plain comma-separated raw numbers for programs."""
    columns = list(columns) if columns is not None else list(frame.columns)
    out = frame[columns].copy()
    sep, decimal = CSV_DIALECT.get(lang or "", (",", "."))
    for col in columns:
        if pd.api.types.is_bool_dtype(out[col]) or not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(_cell)
        elif lang is not None:
            out[col] = [_csv_number(_py(v), decimal, col.endswith("_pct")) for v in out[col]]
    out.columns = [neutralise((labels or {}).get(c, c)) for c in columns]
    return out.to_csv(index=False, sep=sep, lineterminator="\r\n", date_format="%Y-%m-%d %H:%M").encode("utf-8-sig")


def table_csv(table: Table, lang: str | None = None) -> bytes:
    return csv_bytes(table.frame, dict(table.columns), [c for c, _ in table.columns], lang)


def file_stem(text: str) -> str:
    """An ASCII file name stem from any label: "Hội nghị Thái Nguyên" -> "hoi-nghi-thai-nguyen"."""
    return re.sub(r"\s+", "-", reference.alias_key(text))[:80] or "export"


def download_csv(frame: pd.DataFrame, name: str, lang: str, labels: dict[str, str] | None = None, columns: Sequence[str] | None = None):
    """A download button for one table, to put right under it: `export.download_csv(frame, "top10", lang)`.

    `labels` maps column names to the headers shown on the page; `columns` picks and orders them.
    The file is written when the button is clicked, not on every run of the page.
    """
    import streamlit as st

    stem = file_stem(name)
    return st.download_button(
        t("ex_csv", lang),
        lambda: csv_bytes(frame, labels, columns, lang),
        file_name=f"{stem}.csv",
        mime=MIME["csv"],
        key=f"ex_csv_{stem}",
        help=t("ex_csv_help", lang),
        icon=":material/download:",
        type="tertiary",
        on_click="ignore",
    )


def download_file(label: str, make: Callable[[], bytes], file_name: str, kind: str, key: str):
    """A download button whose file is built only when clicked (PowerPoint, Excel)."""
    import streamlit as st

    return st.download_button(label, make, file_name=file_name, mime=MIME[kind], key=key, icon=":material/download:", on_click="ignore")


# --- Excel -------------------------------------------------------------------------------

SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, used: set[str]) -> str:
    base = SHEET_BAD.sub("-", name)[:28] or "Sheet"
    candidate, i = base, 2
    while candidate.lower() in used:
        candidate, i = f"{base[:26]}-{i}", i + 1
    used.add(candidate.lower())
    return candidate


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


class _Formats:
    """xlsxwriter formats made once per workbook, looked up by their properties."""

    def __init__(self, book):
        self.book, self.made = book, {}

    def __call__(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format(props)
        return self.made[key]


def _write_text(sheet, row: int, col: int, text: str, formats: _Formats, **props) -> None:
    # Excel's quote prefix marks a cell as text: it shows exactly what was typed and is never
    # run as a formula, even after someone edits the cell.
    text = safe.strip_invisible(text)
    if text.startswith(FORMULA_STARTS):
        props["quote_prefix"] = True
    sheet.write_string(row, col, text, formats(**props) if props else None)


def xl_col(index: int) -> str:
    """Excel's column letters: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _honest_format(code: str | None, value) -> str | None:
    """A percent display format with the decimals a share needs so that it never shows a verdict
    mark it has not reached (0,9997 as 99,97%, never 100,0%; fmt.honest_digits)."""
    if code is None or not code.endswith("%") or not isinstance(value, (int, float)) or isinstance(value, bool):
        return code
    shown = code.split(".")[1].count("0") if "." in code else 0
    digits = fmt.honest_digits(value, shown)
    return code if digits == shown else "0." + "0" * digits + "%"


def xlsx_bytes(tables: Sequence[Table], header: Sequence[str], lang: str = "vi") -> bytes:
    """One sheet per table: a header block (title, filters, as-of stamp), a frozen header row,
    real numbers with display formats, an autofilter, and widths fitted to the content."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": header[0] if header else "", "comments": "Sáng kiến"})
    formats = _Formats(book)
    head = {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"}
    used: set[str] = set()
    for table in tables:
        sheet = book.add_worksheet(_sheet_name(table.name, used))
        _write_text(sheet, 0, 0, table.title, formats, bold=True, font_size=14)
        for i, line in enumerate(header, start=1):
            _write_text(sheet, i, 0, line, formats, italic=True, font_color="#444444")
        top = len(header) + 2
        columns = list(table.columns)
        widths = [min(40, max(8, len(label) + 2)) for _, label in columns]
        for j, (_, label) in enumerate(columns):
            _write_text(sheet, top, j, label, formats, **head)
        for j, (col, _) in enumerate(columns):
            code = table.format_of(col)
            cell_fmt = formats(num_format=code) if code else None
            for i, (index, value) in enumerate(zip(table.frame.index, table.frame[col].tolist(), strict=True), start=top + 1):
                value = _py(value)
                filled = table.fill_of(col, index)
                if filled is not None and isinstance(value, str):
                    colour = {"bg_color": status.COLORS[filled], "font_color": status.TEXT_ON[filled], "border": 1}
                    _write_text(sheet, i, j, value, formats, **colour)
                    widths[j] = min(50, max(widths[j], len(value) + 2))
                elif _missing(value):
                    sheet.write_blank(i, j, None)
                elif isinstance(value, (datetime, date, pd.Timestamp)):
                    sheet.write_datetime(i, j, pd.Timestamp(value).to_pydatetime(), cell_fmt)
                    widths[j] = max(widths[j], 17)
                elif isinstance(value, bool):
                    sheet.write_boolean(i, j, value)
                elif isinstance(value, (int, float)) and code:
                    honest = _honest_format(code, value)
                    sheet.write_number(i, j, value, cell_fmt if honest == code else formats(num_format=honest))
                    widths[j] = max(widths[j], min(18, len(fmt.number(value)) + 3))
                else:
                    text = str(value)
                    _write_text(sheet, i, j, text, formats)
                    widths[j] = min(50, max(widths[j], len(text) + 2))
        total = table.total_row()
        if total is not None:
            # the total is a SUM formula (it follows edits) with its value cached for readers
            # that do not calculate; the autofilter below stops above it
            row = top + 1 + len(table.frame)
            bold = {"bold": True, "top": 1}
            _write_text(sheet, row, 0, t("ex_total", lang), formats, **bold)
            for j, (col, _) in enumerate(columns[1:], start=1):
                if col in total:
                    letter = xl_col(j)
                    code = table.format_of(col)
                    formula = f"=SUM({letter}{top + 2}:{letter}{row})"
                    sheet.write_formula(row, j, formula, formats(num_format=code or FMT_COUNT, **bold), total[col])
                else:
                    sheet.write_blank(row, j, None, formats(**bold))
        for j, width in enumerate(widths):
            sheet.set_column(j, j, width)
        sheet.set_row(top, 32)
        sheet.freeze_panes(top + 1, 0)
        if len(table.frame):
            sheet.autofilter(top, 0, top + len(table.frame), len(columns) - 1)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(top)
    book.close()
    return buffer.getvalue()


# --- PowerPoint --------------------------------------------------------------------------

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
        data.add_series(neutralise(name), [None if _missing(v) else float(v) for v in reversed(values)])
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
                if _missing(value):
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
        cells = [v if isinstance(v, str) else fmt.by_suffix(col, v, lang) for v in (_py(x) for x in table.frame[col].tolist())]
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
            value = _py(row[col])
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
