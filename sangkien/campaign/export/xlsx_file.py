"""Excel workbooks: one sheet per table, real numbers with display formats, status colours, a total row."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from sangkien.campaign import status
from sangkien.campaign.export.tables import FMT_COUNT, FORMULA_STARTS, Table, missing, py_value
from sangkien.core import fmt, safe
from sangkien.core.i18n import t

SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, used: set[str]) -> str:
    base = SHEET_BAD.sub("-", name)[:28] or "Sheet"
    candidate, i = base, 2
    while candidate.lower() in used:
        candidate, i = f"{base[:26]}-{i}", i + 1
    used.add(candidate.lower())
    return candidate


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
                value = py_value(value)
                filled = table.fill_of(col, index)
                if filled is not None and isinstance(value, str):
                    colour = {"bg_color": status.COLORS[filled], "font_color": status.TEXT_ON[filled], "border": 1}
                    _write_text(sheet, i, j, value, formats, **colour)
                    widths[j] = min(50, max(widths[j], len(value) + 2))
                elif missing(value):
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
