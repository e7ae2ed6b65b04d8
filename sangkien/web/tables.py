"""Tables and KPI cards: query figures shown as fmt's text, sorted as numbers, with their CSV.

A table on a page shows query figures formatted by fmt (163.532; 15,6%) but sorts them as
numbers, and offers them as a CSV of raw numbers under the same headers. Streamlit shows
formatted numbers that still sort only through a pandas Styler, and it renders a Styler cell by
cell on every run (pandas' _compute and _translate, then a copy of the frame as text). Here the
text of every cell is computed once per (table contents, formats, language) and kept in a
bounded cache, already as the Arrow bytes Streamlit sends; framework.install_styler_display
lets Streamlit's marshalling take those bytes instead of rendering the Styler. The Styler also
carries the same formats the ordinary way, so without the shortcut the table looks the same.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from sangkien.campaign import export
from sangkien.core import fmt, i18n, safe
from sangkien.core.i18n import t
from sangkien.web import figcache, framework, page_tables

DISPLAY_MAX = 128
display_stats = {"hits": 0, "misses": 0}
_displays = figcache.Bounded(DISPLAY_MAX, display_stats)
ROW_PX, HEAD_PX = 35, 38  # the grid's row height and header (with its border), for `rows=`


def _cell_text(value, lang: str, spec: str | None) -> str:
    """The text of one cell: numbers and dates by the fmt rule `spec`, text as it is, "–" if empty."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if spec is None:
        return str(value)
    return fmt.by_suffix(spec, value, lang)


def _formats(frame: pd.DataFrame, formats: dict[str, str | None]) -> dict[str, str | None]:
    """{column: the fmt rule name its numbers and dates take} (None: shown as it is)."""
    out = {}
    for col in frame.columns:
        series = frame[col]
        formatted = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        formatted = formatted or pd.api.types.is_datetime64_any_dtype(series)
        out[col] = formats.get(col, col) if formatted else formats.get(col)
    return out


def display_frame(frame: pd.DataFrame, lang: str, formats: dict[str, str | None] | None = None) -> pd.DataFrame:
    """The text shown for every cell of `frame` (same index and columns)."""
    specs = _formats(frame, formats or {})
    return pd.DataFrame(
        {col: [_cell_text(v, lang, specs[col]) for v in frame[col].tolist()] for col in frame.columns},
        index=frame.index,
        columns=frame.columns,
    )


def _display_bytes(frame: pd.DataFrame, lang: str, formats: dict[str, str | None]) -> bytes:
    """display_frame(...) as the Arrow bytes Streamlit sends, built once per contents."""
    try:
        key = (figcache.fingerprint(frame), lang, tuple(sorted(formats.items(), key=lambda kv: kv[0])))
    except figcache.Unhashable:  # cells holding lists: built every time
        return framework.arrow_bytes(display_frame(frame, lang, formats))
    return _displays.get_or_build(key, lambda: framework.arrow_bytes(display_frame(frame, lang, formats)))


SHORTCUT = framework.install_styler_display()  # False: every table renders through its Styler


def formatted_styler(frame: pd.DataFrame, lang: str, formats: dict[str, str | None] | None = None):
    """A Styler of `frame` showing fmt's text for numbers and dates (numbers still sort as numbers)."""
    specs = _formats(frame, formats or {})
    styler = frame.style.format({col: (lambda v, spec=spec: _cell_text(v, lang, spec)) for col, spec in specs.items()})
    setattr(styler, framework.STYLER_DISPLAY, lambda: _display_bytes(frame, lang, specs))
    return styler


# Fitting a grid into its frame (issue 26): Streamlit sizes each column to its header and its
# cells, so a table of many columns with long headers grows wider than the page and scrolls. The
# widths below are estimated from the text shown (Source Sans at the grid's 14 px: about 7.4 px a
# character, 8 px of padding a side) and, when the whole would not fit `fit_px`, the longest texts
# give way first (rows then two lines tall), then headers (cut, the full header kept as the
# column's tooltip), then texts to two lines and last numbers. A unit's name (its column, a link
# column, or the pinned first column) keeps two lines' room, one line's in a link column (a link's
# text never wraps): a grid whose names alone are too long for the frame scrolls sideways.
FIT_PX = 800  # a full-width table's frame at 1280×720 with the sidebar open (~818 px)
CHAR_PX, PAD_PX, MIN_PX = 7.4, 20, 48
TEXT_CAP_PX = 420  # a sentence longer than this wraps (see WRAP_ROW_PX)
WRAP_ROW_PX = 66  # a row of two lines: Streamlit wraps cell text when rows are taller than 4rem


def _text_px(texts) -> int:
    longest = max((len(str(text)) for text in texts), default=0)
    return int(longest * CHAR_PX + PAD_PX)


def fit_widths(
    shown: pd.DataFrame,
    headers: dict[str, str],
    fixed: dict[str, int],
    fit_px: int,
    names: frozenset[str] = frozenset(),
    links: frozenset[str] = frozenset(),
    texts: frozenset[str] = frozenset(),
) -> tuple[dict[str, int], bool]:
    """{column: width in px} making `shown` (the cells' text) fit `fit_px`, and whether some cell
    text has to wrap onto two lines (the page then makes the rows that tall); only the links'
    widths when the grid's own sizing fits. Long texts give way first (down to half, not under
    150 px), then headers (down to their cells; the whole header stays the column's tooltip), then
    the `texts` columns down to two lines' room and the others (numbers) to MIN_PX. The `names`
    columns never get less than two lines' room, `links` one line's (a link's text never wraps);
    a grid of names too long for its frame scrolls sideways."""
    need = {col: max(MIN_PX, _text_px(shown[col].head(300).tolist())) for col in headers}  # one line, uncapped
    cells = {col: min(TEXT_CAP_PX, px) for col, px in need.items()}
    widths = {col: fixed.get(col) or max(cells[col], _text_px([label]) + 14) for col, label in headers.items()}
    free = [col for col in headers if col not in fixed]
    kept = {col: need[col] if col in links else -(-need[col] // 2) for col in names & set(free)}  # a name's floor
    widths |= {col: max(widths[col], kept[col]) for col in links & set(kept)}  # a link past TEXT_CAP_PX too
    if sum(widths.values()) <= fit_px:
        # the grid's own sizing, but for a link's width: its own cut long names in a link column
        # (seen in Chromium on Chỉ tiêu, the room going to the figures' columns)
        return {col: widths[col] for col in links & set(kept)}, False
    steps = (
        {col: max(150, kept.get(col, -(-cells[col] // 2))) for col in free if widths[col] > 150},
        {col: max(cells[col], kept.get(col, 0)) for col in free},
        {col: min(widths[col], max(MIN_PX, kept.get(col, -(-cells[col] // 2) if col in texts else cells[col]))) for col in free},
        {col: min(widths[col], max(MIN_PX, kept[col])) if col in kept else MIN_PX for col in free},
    )
    for floors in steps:
        while sum(widths.values()) > fit_px:
            movable = [col for col, floor in floors.items() if widths[col] > floor]
            if not movable:
                break
            widest = max(movable, key=lambda col: widths[col])
            widths[widest] = max(floors[widest], widths[widest] - (sum(widths.values()) - fit_px))
        if sum(widths.values()) <= fit_px:
            break
    return widths, any(widths[col] < cells[col] for col in free if col not in links)


def table(
    frame: pd.DataFrame,
    columns,
    lang: str,
    csv_name: str | None = None,
    *,
    key: str | None = None,
    rows: int | None = None,
    height: int | str = "auto",
    pinned: bool = False,
    config: dict | None = None,
    formats: dict[str, str | None] | None = None,
    csv_columns: list[str] | dict[str, str] | None = None,
    csv_frame: pd.DataFrame | None = None,
    static: bool = False,
    markdown: tuple[str, ...] = (),
    styles: dict[str, dict[str, str]] | None = None,
    fit_px: int | None = FIT_PX,
):
    """A table of query figures with its CSV button under it.

    `columns`: a list of query columns (headers from the catalog's `col_<column>`, `col_rank` for
    a rank) or a dict
    {column: header}. "unit" means the unit's name in `lang` (i18n.name_col) unless the frame has
    its own "unit" column. Numbers and dates are shown by fmt's rule for their column name (or
    `formats[column]`, another column name whose rule applies; None shows the value as it is) and
    sort as numbers; text is shown as text. `rows`: the rows shown before the table scrolls.
    `pinned`: the first column stays while scrolling sideways. `config`: more column settings
    ({column: st.column_config...}, e.g. help texts or a progress bar), whose label defaults to
    the header. `csv_name`: the CSV's file name (None: no CSV); it holds the raw values of
    `csv_columns` (default: the columns shown; a dict {column: header or None} gives the headers
    of columns not shown, e.g. the raw minute behind a column of text) of `csv_frame` (default: `frame`) under the same
    headers. `static`: an st.table of the shown text instead of the interactive grid (short
    boards that need no scrolling or sorting); `markdown`: its columns whose cells are markdown
    already (e.g. links.unit_markdown links), kept as they are. `styles`: {column: {cell value: CSS}} colours the
    cells of a column by their value (e.g. a status's colour, status_view.cell_css), in the grid
    or the static table; a grid so styled is rendered cell by cell through the Styler (fine for
    a short table). `fit_px`: the frame's width the grid must fit (fit_widths; None: Streamlit's
    own sizing).
    """
    from sangkien.web import downloads

    if not isinstance(columns, dict):
        columns = {col: t("col_rank" if col.startswith("rank") else f"col_{col}", lang) for col in columns}
    name_col = i18n.name_col(lang)
    headers = {(name_col if col == "unit" and "unit" not in frame.columns else col): label for col, label in columns.items()}
    data = frame[list(headers)]
    formats = dict(formats or {})
    if static:
        # st.table cells are markdown: text is escaped; a column formatted None keeps its values
        specs = _formats(data, formats)
        shown = pd.DataFrame(
            {
                headers[col]: [_cell_text(v, lang, specs[col]) for v in data[col].tolist()]
                if specs[col] is not None
                else data[col].tolist()
                if col in markdown
                else [safe.md_cell(v) for v in data[col].tolist()]
                if data[col].dtype == object or pd.api.types.is_string_dtype(data[col])
                else data[col].tolist()
                for col in data.columns
            }
        )
        if styles:
            css = {headers[col]: [by_value.get(v, "") for v in data[col].tolist()] for col, by_value in styles.items()}
            shown = shown.style.apply(lambda column: css.get(column.name, [""] * len(column)), axis=0)
        element = st.table(shown, hide_index=True)
    else:
        settings = {}
        for i, (col, label) in enumerate(headers.items()):
            setting = dict((config or {}).get(col) or {})
            if not setting.get("label"):
                setting["label"] = label
            if pinned and i == 0:
                setting["pinned"] = True
            settings[col] = setting
        row_height = None
        if fit_px:
            fixed = {}
            for col, setting in settings.items():
                width = setting.get("width")
                if isinstance(width, int):  # a page's pixels are kept; "small"/"large" may give way
                    fixed[col] = width
            measured = display_frame(data.head(300), lang, formats)
            links = {col for col, setting in settings.items() if (setting.get("type_config") or {}).get("type") == "link"}
            for col in links:  # a link column shows its display text (links.NAME_PATTERN), not the URL
                measured[col] = [text.rpartition("#")[2] if "#" in text else text for text in measured[col]]
            names = links | {col for col, setting in settings.items() if setting.get("pinned")} | ({"unit", name_col} & set(settings))
            texts = {col for col in headers if data[col].dtype == object or pd.api.types.is_string_dtype(data[col])}
            widths, wrapped = fit_widths(measured, headers, fixed, fit_px, frozenset(names), frozenset(links), frozenset(texts))
            for col, width in widths.items():
                settings[col]["width"] = width
                if width < _text_px([headers[col]]) + 14 and not settings[col].get("help"):
                    settings[col]["help"] = headers[col]  # a cut header: the whole of it on hover
            row_height = WRAP_ROW_PX if wrapped else None
        if rows is not None:
            height = HEAD_PX + (row_height or ROW_PX) * max(1, min(len(data), rows))
        styler = formatted_styler(data, lang, formats)
        for col, css in (styles or {}).items():
            styler = styler.map(lambda v, css=css: css.get(v, ""), subset=[col])
            setattr(styler, framework.STYLER_DISPLAY, None)  # Streamlit's own rendering carries the cells' styles
        element = st.dataframe(
            styler, column_config=settings, hide_index=True, width="stretch", height=height, key=key, row_height=row_height
        )
    if csv_name is not None:
        source = csv_frame if csv_frame is not None else frame
        wanted = dict(csv_columns) if isinstance(csv_columns, dict) else dict.fromkeys(csv_columns or headers)
        wanted = {(name_col if col == "unit" and "unit" not in source.columns else col): label for col, label in wanted.items()}
        labels = {col: label or headers.get(col, col) for col, label in wanted.items()}
        downloads.download_csv(source, csv_name, lang, labels, list(labels))
        # a sheet of the page's workbook (page_tables), under the same headers as the CSV
        page_tables.add(csv_name, lambda: export.Table(export.file_stem(csv_name), csv_name, source, list(labels.items())))
    return element


def kpi(
    container,
    label: str,
    value: str,
    delta: str | None = None,
    *,
    help: str | None = None,  # noqa: A002 - Streamlit's own name
    trend: list | None = None,
):
    """A KPI card: a formatted figure, a line under it in grey (never a red/green arrow: the line
    is context, not a change), a border so cards of a row line up, optionally a small area
    chart of `trend`."""
    extra = {"chart_data": trend, "chart_type": "area"} if trend is not None else {}
    return (container or st).metric(label, value, delta, delta_color="off", delta_arrow="off", help=help, border=True, **extra)
