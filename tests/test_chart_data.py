"""Take a chart away (issue 26): every chart's data as CSV and Excel, read back and compared with
the figure the page sent to the browser (the plotly_chart element's own spec, not the table the
page built it from); the page's workbook; Plotly's toolbar in Vietnamese."""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sangkien.web import chart_data
from tests import downloads
from tests.signin import open_page

AS_OF = "2022-04-20T08:00"


def spec_values(values) -> list:
    """A trace's array as plotly.js receives it (typed arrays arrive base64-encoded)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return list(values or [])


def spec_points(spec: dict) -> list[tuple[str, object, object]]:
    """(series, x, y) of every point a reader can hover in the figure's spec."""
    out = []
    for trace in spec["data"]:
        if trace.get("hoverinfo") == "skip" or trace.get("mode") == "text" or trace.get("visible") is False:
            continue
        xs, ys = spec_values(trace.get("x")), spec_values(trace.get("y"))
        for x, y in zip(xs, ys, strict=False):
            if x is None and y is None:
                continue
            out.append((chart_data.plain(trace.get("name")), x, y))
    return out


def _same(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, (datetime, pd.Timestamp)):
        return pd.Timestamp(a) == pd.Timestamp(b)
    if pd.isna(a) and (b is None or pd.isna(b)):  # a gap in a line: empty in the file
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return chart_data.plain(a) == chart_data.plain(b) if isinstance(a, str) else a == b


def csv_points(data: bytes, lang: str = "vi") -> tuple[list[str], pd.DataFrame]:
    """The preamble lines and the table of a chart's CSV, read the way Excel in `lang` reads it."""
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    table = downloads.read("\r\n".join(lines[3:]).encode("utf-8-sig"), lang)
    return lines[:2], table


def _day(text):
    return datetime.strptime(text, "%d/%m/%Y") if isinstance(text, str) and text.count("/") == 2 else text


@pytest.fixture
def captured(monkeypatch):
    """{file name: figure} of every chart a page draws through chart_data.show_chart."""
    figures = {}
    real = chart_data.show_chart

    def show_chart(fig, name, f, **kwargs):
        figures[name] = fig
        return real(fig, name, f, **kwargs)

    monkeypatch.setattr(chart_data, "show_chart", show_chart)
    return figures


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/leaderboards.py"])
def test_a_charts_files_hold_the_figure_the_page_sent(tiny_db, use_db, captured, page):
    use_db(tiny_db)
    at = open_page(page, {"as_of": AS_OF})
    assert not at.exception
    elements = at.get("plotly_chart")
    stamp = at.session_state["_filters"].stamp
    by_title = {chart_data.title_of(fig): (name, fig) for name, fig in captured.items()}
    assert elements
    for element in elements:
        spec = json.loads(element.proto.spec)
        name, fig = by_title[chart_data.plain(spec["layout"]["title"]["text"].split("<br><sup>")[0])]
        points = spec_points(spec)
        assert points, name
        # the CSV: the title, the stamp, then one row per point, in the figure's order
        preamble, table = csv_points(chart_data.chart_csv(fig, stamp, "vi"))
        assert preamble == [chart_data.title_of(fig), stamp]
        assert re.fullmatch(r"Tính đến \d\d:\d\d ngày \d\d/\d\d/\d{4}", stamp)
        assert len(table) == len(points), name
        columns = list(table.columns)
        series_col = "Chuỗi số liệu" if "Chuỗi số liệu" in columns else None
        x_col, y_col = [c for c in columns if c not in ("Chuỗi số liệu", "Nhãn trên biểu đồ") and not c.startswith("Chi tiết")][:2]
        for (series, x, y), row in zip(points, table.to_dict("records"), strict=True):
            if series_col:
                assert row[series_col] == series
            assert _same(x, _day(row[x_col])), (name, x, row[x_col])
            assert _same(y, _day(row[y_col])), (name, y, row[y_col])
        # the workbook: the same points as real numbers, the stamp above them
        sheet = openpyxl.load_workbook(io.BytesIO(chart_data.chart_xlsx(fig, name, stamp, "vi"))).active
        cells = [[c.value for c in r] for r in sheet.iter_rows()]
        assert cells[0][0] == chart_data.title_of(fig) and cells[1][0] == stamp
        header = cells[3]
        body = cells[4 : 4 + len(points)]
        xi, yi = header.index(x_col), header.index(y_col)
        for (_series, x, y), row in zip(points, body, strict=True):
            assert _same(x, row[xi]) and _same(y, row[yi]), (name, x, y, row)
        # the PNG: Plotly's toolbar (client side), named after the chart, the stamp in its title
        config = json.loads(element.proto.config)
        assert config["toImageButtonOptions"]["filename"] == chart_data.export.file_stem(name)
        assert stamp in spec["layout"]["title"]["text"]
        assert config["locale"] == "vi" and "Download plot as a PNG" in config["locales"]["vi"]["dictionary"]


def test_every_page_offers_its_tables_in_one_workbook(tiny_db, use_db):
    use_db(tiny_db)
    at = open_page("pages/targets.py", {"as_of": AS_OF})
    labels = [b.label for b in at.get("download_button")]
    assert any(label.startswith("Tải mọi bảng và biểu đồ của trang") for label in labels), labels
    # the charts' data and the tables, a sheet each
    from sangkien.web import page_tables

    entries = at.session_state[page_tables.KEY]
    names = [name for name, _ in entries]
    assert any(name.startswith("bieu-do-") for name in names) and any(not name.startswith("bieu-do-") for name in names)
    book = openpyxl.load_workbook(io.BytesIO(page_tables.workbook(entries, "Chỉ tiêu", "Tính đến", "vi")))
    assert len(book.sheetnames) == len(entries)
