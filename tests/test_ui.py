"""The pages' shared table and KPI card (sangkien/web/tables.py), through Streamlit's AppTest, and the
frame fingerprint that keys their caches (sangkien/web/figcache.py)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from sangkien.campaign import export
from sangkien.core import fmt
from sangkien.web import figcache, links
from sangkien.web import tables as web_tables
from tests import downloads, tables


def units() -> pd.DataFrame:
    """A query-like result: names in both languages, a count, a share, a margin, a gap."""
    return pd.DataFrame(
        {
            "rank_submitted": [1, 2, 3],
            "name_vi": ["Thanh Hóa", "Hà Nội", "*Đắk Lắk*"],
            "name_en": ["Thanh Hoa", "Hanoi", "*Dak Lak*"],
            "count_submitted": [35_728, 18_549, 950],
            "achieved_registered_pct": [0.35728, 0.142685, math.nan],
            "registered_minus_guideline": [3_927, -1_900, 0],
        }
    )


def table_script(frame, columns, lang, csv_name, kwargs):
    import streamlit as st  # noqa: F401 - the script runs on its own

    from sangkien.web import tables as web_tables

    web_tables.table(frame, columns, lang, csv_name, **kwargs)


def run_table(columns=None, lang="vi", csv_name="bang-20220420-0800", frame=None, **kwargs) -> AppTest:
    columns = columns if columns is not None else ["rank_submitted", "unit", "count_submitted", "achieved_registered_pct"]
    frame = units() if frame is None else frame
    at = AppTest.from_function(table_script, args=(frame, columns, lang, csv_name, kwargs), default_timeout=30)
    return at.run()


def test_table_shows_fmt_text_but_sends_numbers():
    at = run_table()
    assert not at.exception
    shown = tables.shown(at.dataframe[0])
    assert list(shown.columns) == ["Hạng", "Đơn vị", "Đã cập nhật", "% chỉ tiêu đăng ký"]
    assert list(shown["Đã cập nhật"]) == ["35.728", "18.549", "950"]
    assert list(shown["% chỉ tiêu đăng ký"]) == ["35,7%", "14,3%", "–"]  # a gap is a dash, not "nan"
    raw = at.dataframe[0].value
    assert raw["count_submitted"].dtype.kind == "i"  # sorts as a number, not as text
    assert list(raw["name_vi"]) == ["Thanh Hóa", "Hà Nội", "*Đắk Lắk*"]  # text as typed in the grid


def test_table_in_english_uses_the_english_names_and_separators():
    at = run_table(lang="en")
    shown = tables.shown(at.dataframe[0])
    assert list(shown["Unit"]) == ["Thanh Hoa", "Hanoi", "*Dak Lak*"]
    assert list(shown["Updated"]) == ["35,728", "18,549", "950"]
    assert list(shown["% of registered"])[:2] == ["35.7%", "14.3%"]


def test_table_headers_formats_and_config():
    columns = {"unit": "Tên", "registered_minus_guideline": "Chênh lệch", "count_submitted": "Số"}
    at = run_table(columns, formats={"count_submitted": "score"}, pinned=True, config={"count_submitted": {"help": "giúp"}})
    shown = tables.shown(at.dataframe[0])
    assert list(shown.columns) == ["Tên", "Chênh lệch", "Số"]
    assert list(shown["Chênh lệch"]) == ["+3.927", "−1.900", "0"]  # the margin rule of fmt.RULES
    assert list(shown["Số"]) == ["35.728,0", "18.549,0", "950,0"]  # formatted like a score
    import json

    config = json.loads(at.dataframe[0].proto.columns)
    assert config["name_vi"]["pinned"] is True and config["count_submitted"]["help"] == "giúp"


def test_table_rows_sets_the_height(monkeypatch):
    import streamlit

    asked = []
    real = streamlit.dataframe

    def dataframe(*args, **kwargs):
        asked.append(kwargs.get("height"))
        return real(*args, **kwargs)

    monkeypatch.setattr(streamlit, "dataframe", dataframe)  # ui calls st.dataframe through the module
    run_table(rows=15)
    run_table(frame=pd.concat([units()] * 10, ignore_index=True), rows=15)
    run_table()
    assert asked == [
        web_tables.HEAD_PX + web_tables.ROW_PX * 3,
        web_tables.HEAD_PX + web_tables.ROW_PX * 15,
        "auto",
    ]  # whole short lists, then a scroll bar


def test_a_grid_short_of_room_gives_way_but_keeps_two_lines_for_a_name():
    long_name = "Công đoàn Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam"
    frame = units().assign(name_vi=["Thanh Hóa", "Hà Nội", long_name], note=["x" * 80] * 3)
    columns = {"rank_submitted": "Hạng", "unit": "Đơn vị", "count_submitted": "Đã cập nhật", "note": "Ghi chú"}
    # a full-width frame (800 px): the name and the sentence on two lines each, nothing cut
    assert tables.cut(run_table(columns, frame=frame).dataframe[0]) == {}
    # a frame of 600 px: the sentence and the name give way to two lines, nothing else is cut
    grid = run_table(columns, frame=frame, fit_px=600).dataframe[0]
    widths = {s["label"]: s.get("width") for s in json.loads(grid.proto.columns).values() if s and "label" in s}
    assert grid.proto.row_height == web_tables.WRAP_ROW_PX  # rows two lines tall
    assert sum(widths.values()) <= 600
    assert 2 * widths["Đơn vị"] >= int(len(long_name) * web_tables.CHAR_PX + web_tables.PAD_PX)
    assert widths["Ghi chú"] == web_tables.TEXT_CAP_PX // 2
    assert set(tables.cut(grid)) == {"Ghi chú"}  # only the sentence over TEXT_CAP_PX is cut
    # a frame of 250 px: everything gives way to fit, but the name keeps two lines (the grid scrolls)
    grid = run_table(columns, frame=frame, fit_px=250).dataframe[0]
    widths = {s["label"]: s.get("width") for s in json.loads(grid.proto.columns).values() if s and "label" in s}
    assert 2 * widths["Đơn vị"] >= int(len(long_name) * web_tables.CHAR_PX + web_tables.PAD_PX)
    assert {label: w for label, w in widths.items() if label != "Đơn vị"} == dict.fromkeys(["Hạng", "Đã cập nhật", "Ghi chú"], 48)
    # a link's text never wraps: a name as a link keeps one line's room
    linked = frame.assign(unit_link=[f"/don-vi?unit=X{i}#{name}" for i, name in enumerate(frame["name_vi"])])
    grid = run_table(
        {"rank_submitted": "Hạng", "unit_link": "Đơn vị", "note": "Ghi chú"},
        frame=linked,
        fit_px=300,
        config={"unit_link": links.link_column("Đơn vị")},
    ).dataframe[0]
    assert set(tables.cut(grid)) == {"Ghi chú"}
    widths = {s["label"]: s.get("width") for s in json.loads(grid.proto.columns).values() if s and "label" in s}
    assert widths["Đơn vị"] >= int(len(long_name) * web_tables.CHAR_PX + web_tables.PAD_PX)


def test_table_csv_holds_the_raw_values_under_the_shown_headers(monkeypatch):
    made = downloads.record(monkeypatch)
    at = run_table()
    assert not at.exception
    [button] = at.get("download_button")
    assert button.key == f"ex_csv_{export.file_stem('bang-20220420-0800')}"
    csv = downloads.read(made["bang-20220420-0800"])
    assert list(csv.columns) == list(tables.shown(at.dataframe[0]).columns)
    assert list(csv["Đã cập nhật"]) == [35_728, 18_549, 950]  # numbers, not "35.728"
    assert csv["% chỉ tiêu đăng ký"].iloc[0] == pytest.approx(0.35728)


def test_table_csv_columns_not_shown_and_no_csv(monkeypatch):
    made = downloads.record(monkeypatch)
    frame = units().assign(forecast=["a", "b", "c"], forecast_at=pd.to_datetime(["2022-05-01", "2022-06-01", None]))
    at = run_table({"unit": "Đơn vị", "forecast": "Dự kiến"}, frame=frame, csv_columns={"unit": None, "forecast_at": "Dự kiến"})
    assert not at.exception
    assert list(downloads.read(made["bang-20220420-0800"]).columns) == ["Đơn vị", "Dự kiến"]
    at = run_table(csv_name=None)
    assert not at.exception and not at.get("download_button")


def test_static_table_escapes_markdown_and_keeps_ranks():
    at = run_table(["rank_submitted", "unit", "count_submitted"], static=True, formats={"rank_submitted": None})
    assert not at.exception and not at.dataframe
    shown = at.table[0].value
    assert list(shown["Hạng"]) == [1, 2, 3]
    assert list(shown["Đơn vị"])[2] == r"\*Đắk Lắk\*"  # st.table cells are markdown
    assert list(shown["Đã cập nhật"]) == ["35.728", "18.549", "950"]


def test_display_text_is_built_once_per_contents_and_language():
    frame = units()[["count_submitted", "achieved_registered_pct"]]
    web_tables._displays.clear()
    before = dict(web_tables.display_stats)
    first = web_tables._display_bytes(frame, "vi", {"count_submitted": "count_submitted"})
    again = web_tables._display_bytes(frame.copy(), "vi", {"count_submitted": "count_submitted"})
    english = web_tables._display_bytes(frame, "en", {"count_submitted": "count_submitted"})
    changed = web_tables._display_bytes(frame.assign(count_submitted=[1, 2, 3]), "vi", {"count_submitted": "count_submitted"})
    assert first == again and english != first and changed != first
    assert web_tables.display_stats["hits"] - before["hits"] == 1 and web_tables.display_stats["misses"] - before["misses"] == 3
    assert list(pa.ipc.open_stream(english).read_pandas()["count_submitted"]) == ["35,728", "18,549", "950"]


def test_the_styler_alone_shows_the_same_text():
    """Without the shortcut (a Streamlit without the hook), Streamlit renders the Styler itself:
    the text must be the same as the cached one."""
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    assert web_tables.SHORTCUT  # the hook is in place on the Streamlit this project pins
    frame = units()
    for lang in ("vi", "en"):
        proto = ArrowData()
        marshall_styler(proto, web_tables.formatted_styler(frame, lang), "uuid")  # Streamlit's own, unpatched
        rendered = pa.ipc.open_stream(proto.styler.display_values).read_pandas()
        assert rendered.equals(web_tables.display_frame(frame, lang)), lang


def kpi_script():
    import streamlit as st

    from sangkien.web import tables as web_tables

    left, right = st.columns(2)
    web_tables.kpi(left, "Đã cập nhật", "163.532", "18,2% chỉ tiêu", help="giúp", trend=[1, 2, 3])
    web_tables.kpi(right, "Dưới định hướng", "12/82")


def test_kpi_card():
    at = AppTest.from_function(kpi_script).run()
    assert not at.exception
    first, second = at.metric
    assert (first.label, first.value, first.delta) == ("Đã cập nhật", "163.532", "18,2% chỉ tiêu")
    assert first.proto.show_border and second.proto.show_border  # the cards of a row line up
    assert first.proto.color == first.proto.MetricColor.GRAY  # context in grey, never red/green
    assert first.proto.help == "giúp" and list(first.proto.chart_data) == [1, 2, 3]
    assert second.value == "12/82" and not second.delta and not list(second.proto.chart_data)


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.assign(count_submitted=f["count_submitted"] + 1),
        lambda f: f.assign(name_vi=["Thanh Hóa", "Hà Nội", "Đắk Nông"]),
        lambda f: f.iloc[::-1],
        lambda f: f.set_axis([5, 6, 7]),
        lambda f: f.rename(columns={"name_vi": "ten"}),
        lambda f: f.assign(achieved_registered_pct=[0.35728, 0.142685, 0.0]),
        lambda f: f.astype({"count_submitted": "float64"}),
    ],
)
def test_fingerprint_changes_with_the_contents(change):
    frame = units()
    assert figcache.fingerprint(frame) == figcache.fingerprint(frame.copy())
    assert figcache.fingerprint(change(frame)) != figcache.fingerprint(frame)


def test_fingerprint_of_text_gaps_and_lists():
    a = pd.Series(["a", None, "b"], dtype="str")
    b = pd.Series(["a", "b", None], dtype="str")
    assert figcache.fingerprint(a) != figcache.fingerprint(b)
    with pytest.raises(figcache.Unhashable):
        figcache.fingerprint(pd.DataFrame({"codes": [["LDLD-01"], ["LDLD-02"]]}))


def test_fmt_margin_rule_covers_both_margins():
    assert fmt.by_suffix("submitted_minus_registered", -1200) == "−1.200"
    assert fmt.by_suffix("registered_minus_guideline", 3927) == "+3.927"


def test_a_shared_figure_gives_its_dict_once():
    import plotly.graph_objects as go

    built = []

    def bars(frame: pd.DataFrame) -> go.Figure:
        built.append(1)
        return go.Figure(go.Bar(x=frame["name_vi"].tolist(), y=frame["count_submitted"].tolist()))

    bars.__module__ = "sangkien.web.charts"  # calls from its own module are not cached
    cached = figcache.cached(bars)
    figure = cached(units())
    assert cached(units()) is figure and len(built) == 1
    first = figure.to_dict()
    assert figure.to_dict() is first  # st.plotly_chart asks for it on every run
    assert first == bars(units()).to_dict()  # the same figure as a fresh build
