"""Number, percent, money and date formatting for display, chosen by language and column suffix.

Queries return raw numbers; this module is the one place that decides how they look
(163.532; 15,6%; 20/04/2022 in Vietnamese, 163,532; 15.6%; 20 Apr 2022 in English).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from sangkien.core.i18n import t

LOCALES = {"vi": "vi_VN", "en": "en_US"}
PLOTLY_SEPARATORS = {"vi": ",.", "en": ".,"}  # decimal, then thousands
DATE_PATTERN = {"vi": "dd/MM/yyyy", "en": "dd/MM/yyyy"}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


# decimal, then thousands separator of each language: the patterns used here ("#,##0",
# "#,##0.0", "#,##0.0%") render in vi_VN and en_US exactly as Python's own grouping with these
# separators, which is ~30x faster than babel and matters for pages that format thousands of cells.
_SEPARATORS = {"vi": (",", "."), "en": (".", ",")}


@lru_cache(maxsize=8)
def _quantum(digits: int) -> Decimal:
    return Decimal(1).scaleb(-digits)


def _fast(value, lang: str, digits: int, scale: int = 0) -> str | None:
    """babel's rendering of `value` with grouping and `digits` decimals (None: let babel do it).

    Same steps as babel's NumberPattern.apply: Decimal(str(value)), scaled, sign kept from
    before rounding, rounded half to even."""
    if lang not in _SEPARATORS:
        return None
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
        if not d.is_finite():
            return None
        negative = d.is_signed()
        text = f"{abs(d.scaleb(scale)).quantize(_quantum(digits)):,.{digits}f}"
    except (InvalidOperation, ValueError, TypeError):
        return None
    point, group = _SEPARATORS[lang]
    if lang != "en":
        text = text.replace(",", "\0").replace(".", point).replace("\0", group)
    return ("-" if negative else "") + text


def number(value, lang: str = "vi", digits: int = 0) -> str:
    if _missing(value):
        return "–"
    fast = _fast(value, lang, digits)
    if fast is not None:
        return fast
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def signed(value, lang: str = "vi") -> str:
    """An over/under margin: "+3.927", "−1.200" (true minus sign), "0"."""
    if _missing(value):
        return "–"
    text = number(abs(value), lang)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


# Shares that decide a verdict: a value below one of them is never shown as reaching it
# (99,97% is not "100,0%", 49,98% is not "50,0%").
VERDICT_MARKS = (0.5, 1.0)
MAX_HONEST_DIGITS = 4


def honest_digits(value, digits: int = 1) -> int:
    """The decimals a share needs so that a value just below a verdict mark (VERDICT_MARKS) does
    not round up to it: `digits`, or more (up to MAX_HONEST_DIGITS)."""
    if _missing(value):
        return digits
    v = float(value)
    for mark in VERDICT_MARKS:
        if v < mark:
            while digits < MAX_HONEST_DIGITS and round(v * 100, digits) >= mark * 100:
                digits += 1
            break
    return digits


def honest_share(value, digits: int = 1):
    """`value` (a share) itself, or, where `digits` decimals of its percent would round it up
    to a verdict mark it is below, the value cut to those decimals (never across the mark)."""
    if _missing(value):
        return value
    v = float(value)
    for mark in VERDICT_MARKS:
        if v < mark <= round(v * 100, digits) / 100:
            return math.floor(v * 100 * 10**digits) / 10**digits / 100
    return value


def plain_percent(value, digits: int = 2):
    """A share as a plain percent number for files and the command line (0.41641 -> 41.64;
    0.99971 -> 99.97, never 100.0); None when missing."""
    if _missing(value):
        return None
    digits = honest_digits(value, digits)
    return round(float(honest_share(value, digits)) * 100, digits)


def percent(value, lang: str = "vi", digits: int = 1) -> str:
    if _missing(value):
        return "–"
    digits = honest_digits(value, digits)
    value = honest_share(value, digits)
    fast = _fast(value, lang, digits, scale=2)
    if fast is not None:
        return fast + "%"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=LOCALES[lang])


def money_vnd(value, lang: str = "vi") -> str:
    """Large VND amounts in tỷ đồng (billions)."""
    if _missing(value):
        return "–"
    return t("fmt_billion_vnd", lang, amount=number(value / 1e9, lang, 1))


def day(value: date | datetime, lang: str = "vi") -> str:
    if _missing(value):
        return "–"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date) and DATE_PATTERN[lang] == "dd/MM/yyyy":
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # babel's rendering, without its cost
    return format_date(value, DATE_PATTERN[lang], locale=LOCALES[lang])


def moment(value: datetime, lang: str = "vi") -> str:
    """A minute in words: "08:00 ngày 20/04/2022" / "08:00 on 20/04/2022"."""
    return t("fmt_moment", lang, time=f"{value:%H:%M}", day=day(value, lang))


def stamp(as_of: datetime, lang: str = "vi") -> str:
    """The as-of stamp every chart and export carries."""
    return t("fmt_stamp", lang, moment=moment(as_of, lang))


@dataclass(frozen=True)
class Format:
    """How one kind of column looks everywhere: on screen, in Excel/PowerPoint, on a Plotly axis."""

    kind: str  # percent | signed | money | date | decimal | count
    digits: int  # decimals on screen
    excel: str | None  # Excel/PowerPoint number format (None: the cell's own)
    axis: str  # Plotly tickformat (separators come from the layout)


PERCENT = Format("percent", 1, "0.0%", ".0%")
SIGNED = Format("signed", 0, "+#,##0;-#,##0;0", "+,d")
MONEY = Format("money", 1, "#,##0", ",d")
DATE = Format("date", 0, "dd/mm/yyyy", "%d/%m/%Y")
DECIMAL = Format("decimal", 1, "#,##0.0", ",.0f")
RANK = Format("count", 0, "0", "d")
COUNT = Format("count", 0, "#,##0", ",d")

# The one table of column-name rules, first match wins. Queries name their columns by what they
# hold (docs/data-model.md): *_pct a share (0.156 = 15,6%), *_minus_*/change_* a margin,
# *_per_1000_members, rate_*, *_ratio, *_points and scores a measure with one decimal.
RULES: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], Format], ...] = (
    # (suffixes, prefixes, exact names, format)
    (("_pct",), (), (), PERCENT),
    (("_vnd",), (), (), MONEY),
    (("_at",), (), ("day",), DATE),
    ((), ("registered_minus", "submitted_minus", "change_", "rank_change"), (), SIGNED),
    ((), ("rank",), (), RANK),
    (("_per_1000_members", "_ratio", "_points"), ("rate_",), ("score", "month_target"), DECIMAL),
)


@lru_cache(maxsize=512)
def format_of(column: str) -> Format:
    """The format of a query column, by its name (counts and targets when no rule matches)."""
    for suffixes, prefixes, names, form in RULES:
        if column in names or (suffixes and column.endswith(suffixes)) or (prefixes and column.startswith(prefixes)):
            return form
    return COUNT


def by_suffix(column: str, value, lang: str = "vi") -> str:
    """Format a value for the screen by its column name (see RULES)."""
    form = format_of(column)
    if form.kind == "percent":
        return percent(value, lang, form.digits)
    if form.kind == "money":
        return money_vnd(value, lang)
    if form.kind == "date":
        return day(value, lang)
    if form.kind == "signed":
        return signed(value, lang)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return number(value, lang, form.digits)
    return "–" if _missing(value) else str(value)
