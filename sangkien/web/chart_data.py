"""Take a chart away: its data as CSV and Excel, built from the figure itself, and its picture.

`show_chart(fig, name, f)` draws a Plotly figure the way every page does (width of its frame,
Plotly's toolbar in the page's language, the PNG named after the chart, at twice the screen's
resolution, with the title and its as-of stamp drawn in) and, under it, two download buttons:
the figure's own data (every trace's name, x, y, labels and hover details, as the browser
receives them, not the table the page built the figure from) as CSV and as Excel, each file
headed by the chart's title and the stamp "Tính đến HH:MM ngày DD/MM/YYYY". Files are built
only when a button is clicked. The PNG is the browser's own (Plotly's toolbar): no server-side
renderer (kaleido) is needed.

`figure_frame(fig)` is that data, one row per point; `chart_csv` / `chart_xlsx` the files.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
from datetime import date, datetime

import pandas as pd
import streamlit as st

from sangkien.campaign import export
from sangkien.core import fmt
from sangkien.core.i18n import t, t_text
from sangkien.web import page_tables

TAG = re.compile(r"<[^>]*>")
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)

# Plotly's toolbar and notices in Vietnamese, handed to plotly.js as a locale in the chart's
# config (plotly.js looks words up in config.locales before its own registry, so no locale
# bundle is needed). The keys are plotly.js's English strings.
PLOTLY_VI = {
    "Download plot as a PNG": "Tải ảnh biểu đồ (PNG)",
    "Download plot": "Tải ảnh biểu đồ",
    "Zoom": "Phóng to vùng chọn",
    "Pan": "Kéo biểu đồ",
    "Box Select": "Chọn theo khung",
    "Lasso Select": "Chọn tự do",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
    "Autoscale": "Tự căn tỉ lệ",
    "Reset axes": "Đặt lại trục",
    "Reset view": "Đặt lại khung nhìn",
    "Toggle Spike Lines": "Bật/tắt đường dóng",
    "Show closest data on hover": "Hiện điểm gần nhất khi rê chuột",
    "Compare data on hover": "So sánh số liệu khi rê chuột",
    "Toggle show closest data on hover": "Bật/tắt hiện điểm gần nhất",
    "Produced with Plotly.js": "Vẽ bằng Plotly.js",
    "Taking snapshot - this may take a few seconds": "Đang chụp ảnh biểu đồ, xin chờ vài giây",
    "Snapshot succeeded": "Đã chụp ảnh biểu đồ",
    "Sorry, there was a problem downloading your snapshot!": "Không tải được ảnh biểu đồ, xin thử lại.",
    "Double-click to zoom back out": "Nhấp đúp để trở về khung ban đầu",
    "Double-click on legend to isolate one trace": "Nhấp đúp vào chú giải để chỉ xem một chuỗi",
    "Click to enter Plot title": "Nhấp để nhập tiêu đề",
    "Click to enter X axis title": "Nhấp để nhập tên trục ngang",
    "Click to enter Y axis title": "Nhấp để nhập tên trục dọc",
    "new text": "chữ mới",
    "trace": "chuỗi",
    "Reset": "Đặt lại",
}
# Only the toolbar buttons a reader of a dashboard uses: the picture, zooming and going back.
REMOVED_BUTTONS = ["select2d", "lasso2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian", "pan2d"]


def chart_config(name: str, lang: str, config: dict | None = None) -> dict:
    """Plotly's config for a chart: its toolbar in `lang`, the PNG's file name and resolution."""
    out = {
        "displaylogo": False,
        "modeBarButtonsToRemove": REMOVED_BUTTONS,
        "toImageButtonOptions": {"format": "png", "filename": export.file_stem(name), "scale": 2},
    }
    if lang == "vi":
        out["locale"] = "vi"
        out["locales"] = {"vi": {"dictionary": PLOTLY_VI, "format": {"decimal": ",", "thousands": "."}}}
    out.update(config or {})
    return out


def plain(text) -> str:
    """A label as a reader sees it: Plotly's <br> a space, tags dropped, entities decoded."""
    if text is None:
        return ""
    text = BREAK.sub(" ", str(text))
    return " ".join(html.unescape(TAG.sub("", text)).split())


def title_of(fig) -> str:
    """The chart's title without its stamp line (`<br><sup>stamp</sup>`)."""
    text = fig.layout.title.text or ""
    return plain(re.split(r"<br\s*/?>\s*<sup>", text, maxsplit=1)[0])


def _values(array, n: int) -> list:
    if array is None:
        return [None] * n
    if getattr(getattr(array, "dtype", None), "kind", "") == "M":  # days: tolist() would give nanoseconds
        values = list(pd.to_datetime(array))
    else:
        values = list(array.tolist() if hasattr(array, "tolist") else array)
    return values + [None] * (n - len(values))


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def _axis(fig, trace, letter: str):
    ref = getattr(trace, f"{letter}axis", None) or letter
    name = ref.replace(letter, f"{letter}axis", 1)
    try:
        return fig.layout[name]
    except (KeyError, ValueError):
        return None


def _shows_shares(axis) -> bool:
    """An axis whose ticks are shares: a number format ending in % (".0%", not a day's "%d/%m"),
    or tick texts that all end in %."""
    if axis is None:
        return False
    form = axis.tickformat or ""
    if form.endswith("%") and form.count("%") == 1:
        return True
    texts = list(axis.ticktext or [])
    return bool(texts) and all(str(text).endswith("%") for text in texts)


def _details(extra) -> list:
    """A point's customdata as a list of values (none, one, or a row of several)."""
    if extra is None:
        return []
    if hasattr(extra, "tolist") and not isinstance(extra, str):
        extra = extra.tolist()
    return list(extra) if isinstance(extra, (list, tuple)) else [extra]


def _drawn(trace) -> bool:
    """A trace that carries data: not hidden, not a row of text labels or a line nobody hovers,
    not a legend's stand-in with no points."""
    if trace.visible is False or trace.hoverinfo == "skip":
        return False
    if getattr(trace, "mode", None) == "text":
        return False
    xs, ys = _values(trace.x, 0), _values(trace.y, 0)
    return any(not _is_missing(v) for v in xs + ys)


def figure_frame(fig, lang: str = "vi") -> tuple[pd.DataFrame, dict[str, str]]:
    """The figure's data, one row per point of every drawn trace, and {column: header}.

    Columns: series (the trace's name), x, y (x_pct / y_pct when the axis shows shares), label
    (the text written on the point, when any) and detail_1.. (the hover's details, customdata)."""
    rows: list[dict] = []
    x_pct = y_pct = False
    x_title = y_title = None
    details = 0
    for trace in fig.data:
        if not _drawn(trace):
            continue
        xs, ys = _values(trace.x, 0), _values(trace.y, 0)
        n = max(len(xs), len(ys))
        xs, ys = _values(trace.x, n), _values(trace.y, n)
        texts = _values(trace.text, n) if isinstance(trace.text, (list, tuple)) or hasattr(trace.text, "tolist") else [None] * n
        custom = _values(trace.customdata, n)
        x_axis, y_axis = _axis(fig, trace, "x"), _axis(fig, trace, "y")
        x_pct, y_pct = x_pct or _shows_shares(x_axis), y_pct or _shows_shares(y_axis)
        x_title = x_title or (plain(x_axis.title.text) if x_axis is not None and x_axis.title.text else None)
        y_title = y_title or (plain(y_axis.title.text) if y_axis is not None and y_axis.title.text else None)
        for x, y, text, extra in zip(xs, ys, texts, custom, strict=True):
            if _is_missing(x) and _is_missing(y):
                continue  # a break in a line
            row = {"series": plain(trace.name), "x": plain(x) if isinstance(x, str) else x, "y": plain(y) if isinstance(y, str) else y}
            row["label"] = plain(text) if text is not None else None
            extras = _details(extra)
            for i, value in enumerate(extras, start=1):
                row[f"detail_{i}"] = plain(value) if isinstance(value, str) else value
            details = max(details, len(extras))
            rows.append(row)
    columns = ["series", "x", "y", "label"] + [f"detail_{i}" for i in range(1, details + 1)]
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("series", "label"):  # a single unnamed trace, points without text
        if frame[col].isna().all() or (frame[col] == "").all():
            frame = frame.drop(columns=col)
    for col in frame.columns:
        if col.startswith("detail_") and frame[col].isna().all():
            frame = frame.drop(columns=col)
    for col in ("x", "y"):  # days or numbers as such, not objects
        present = frame[col].dropna()
        if len(present) and present.map(lambda v: isinstance(v, (pd.Timestamp, datetime, date))).all():
            frame[col] = pd.to_datetime(frame[col])
            continue
        converted = pd.to_numeric(frame[col], errors="coerce")
        if len(present) and converted.notna().sum() == len(present):
            frame[col] = converted
    renamed = {"x": "x_pct" if x_pct and pd.api.types.is_numeric_dtype(frame["x"]) else "x"}
    renamed["y"] = "y_pct" if y_pct and pd.api.types.is_numeric_dtype(frame["y"]) else "y"
    frame = frame.rename(columns=renamed)
    headers = {
        "series": t_text("cd_series", lang),
        renamed["x"]: x_title or t_text("cd_x", lang),
        renamed["y"]: y_title or t_text("cd_y", lang),
        "label": t_text("cd_label", lang),
    }
    headers.update({col: t_text("cd_detail", lang, n=col.split("_")[1]) for col in frame.columns if col.startswith("detail_")})
    return frame, {col: headers[col] for col in frame.columns}


def _for_csv(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Days as the reader writes them (20/04/2022, with the minute when there is one)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            timed = (out[col].dropna().dt.floor("D") != out[col].dropna()).any()
            out[col] = ["" if pd.isna(v) else (fmt.day(v, lang) + (f" {v:%H:%M}" if timed else "")) for v in out[col].tolist()]
    return out


def chart_csv(fig, stamp: str, lang: str) -> bytes:
    """The figure's data as a CSV for Excel in `lang`: the title, the stamp, a blank line, then
    the table (export.csv_bytes: raw numbers, shares with a %)."""
    frame, headers = figure_frame(fig, lang)
    body = export.csv_bytes(_for_csv(frame, lang), headers, list(headers), lang).decode("utf-8-sig")
    head = io.StringIO()
    writer = csv.writer(head, delimiter=export.CSV_DIALECT[lang][0], lineterminator="\r\n")
    writer.writerow([export.neutralise(title_of(fig))])
    writer.writerow([export.neutralise(stamp)])
    writer.writerow([])
    return (head.getvalue() + body).encode("utf-8-sig")


def chart_table(fig, name: str, lang: str) -> export.Table:
    """The figure's data as an export table (a sheet of a workbook)."""
    frame, headers = figure_frame(fig, lang)
    formats = {}
    for col in ("x", "y"):
        if col in frame.columns and pd.api.types.is_float_dtype(frame[col]) and not frame[col].dropna().map(float.is_integer).all():
            formats[col] = export.FMT_ONE_DECIMAL
    return export.Table(export.file_stem(name), title_of(fig), frame, list(headers.items()), formats)


def chart_xlsx(fig, name: str, stamp: str, lang: str) -> bytes:
    """The figure's data as an Excel workbook: the title and the stamp above a table of real
    numbers (the house style of export.xlsx_bytes)."""
    return export.xlsx_bytes([chart_table(fig, name, lang)], [stamp], lang)


def show_chart(fig, name: str, f, *, container=None, config: dict | None = None, downloads: bool = True, **kwargs):
    """Draw `fig` (st.plotly_chart, width of its frame unless `width` is given) with Plotly's
    toolbar in the page's language and the chart's data as CSV and Excel under it; returns
    st.plotly_chart's result (a selection event when `on_select` is given). `name` names the
    files (and the widgets' keys); `f` is the page's Filters (language and stamp)."""
    box = container or st
    kwargs.setdefault("width", "stretch")
    event = box.plotly_chart(fig, config=chart_config(name, f.lang, config), **kwargs)
    page_tables.add(f"bieu-do-{name}", lambda: chart_table(fig, name, f.lang))
    if downloads:
        stem = export.file_stem(name)
        row = box.container(horizontal=True, gap="small")  # wraps on a narrow frame
        files = {"csv": lambda: chart_csv(fig, f.stamp, f.lang), "xlsx": lambda: chart_xlsx(fig, name, f.stamp, f.lang)}
        for kind, data in files.items():
            row.download_button(
                t(f"cd_{kind}", f.lang),
                data,
                file_name=f"{stem}.{kind}",
                mime=export.MIME[kind],
                key=f"cd_{kind}_{stem}",
                help=t(f"cd_{kind}_help", f.lang),
                icon=":material/download:",
                type="tertiary",
                on_click="ignore",
            )
    return event


def clicked_code(event) -> str | None:
    """The code a clicked bar or tile carries as its customdata (the first item of a list), from
    st.plotly_chart's selection event (show_chart with on_select); None when nothing was clicked."""
    points = event.get("selection", {}).get("points", []) if event else []
    for point in points:
        code = point.get("customdata")
        if isinstance(code, list):
            code = code[0] if code else None
        if code:
            return str(code)
    return None
