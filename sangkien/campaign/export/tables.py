"""What every export format shares: the tables, charts, slides and decks the pages and the meeting
report describe, the display formats of their numbers, and the rule that no text cell can run as
a spreadsheet formula."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from sangkien.campaign import status
from sangkien.core import fmt, reference, safe

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
        return {col: py_value(self.frame[col].sum()) for col in self.totals}

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


def py_value(value):
    """Plain Python value: numpy scalars unwrapped, lists of unit codes joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
        return ", ".join(str(v) for v in value) if isinstance(value, list) else value
    return value


def missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def file_stem(text: str) -> str:
    """An ASCII file name stem from any label: "Hội nghị Thái Nguyên" -> "hoi-nghi-thai-nguyen"."""
    return re.sub(r"\s+", "-", reference.alias_key(text))[:80] or "export"
