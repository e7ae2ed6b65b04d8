"""Every page through Streamlit's AppTest: no exception, key numbers, empty state, bad URL."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from sangkien.core.i18n import t
from sangkien.web import site
from tests import downloads, signin, tables
from tests.test_browser import pages as browser_pages
from tests.test_progress import cell_colours

SEED_TOP10 = ["Thanh Hóa", "Hà Nội", "Nghệ An", "Hà Tĩnh", "Bắc Giang", "TP Hồ Chí Minh", "Hải Phòng", "Cần Thơ", "An Giang", "Long An"]


@pytest.fixture(autouse=True)
def _demo(demo_db, use_db):
    use_db(demo_db)


def open_app(**query) -> AppTest:
    at = AppTest.from_file(signin.APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def texts(at: AppTest) -> str:
    return signin.texts(at, "markdown", "caption", "metric", "warning", "info", "title")


def test_overview_at_the_conference():
    at = open_app(as_of="2022-04-20T08:00")
    assert not at.exception
    assert at.metric[0].value == "163.532"
    table = tables.shown(at.dataframe[0])
    assert list(table["Đơn vị"]) == SEED_TOP10
    assert table["Đã cập nhật"].iloc[0] == "35.728"
    assert at.dataframe[0].value["count_submitted"].iloc[0] == 35_728  # sorts as a number
    assert "Tính đến 08:00 ngày 20/04/2022" in texts(at)
    assert "Dữ liệu mô phỏng" in texts(at)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_top10_cuts_no_name_status_or_figure(lang):
    # with the change since the comparison minute (the default) the board has seven columns
    at = open_app(as_of="2022-04-20T08:00", lang=lang)
    assert not at.exception
    table = at.dataframe[0]
    assert len(tables.labels(table)) == 7
    assert tables.cut(table) == {}


def test_overview_top10_csv_has_the_raw_numbers(monkeypatch):
    made = downloads.record(monkeypatch)
    at = open_app(as_of="2022-04-20T08:00")
    assert not at.exception
    top10 = downloads.first_table_csv(at, made, "top10-20220420-0800")
    assert list(top10["Đơn vị"]) == SEED_TOP10
    assert top10["Đã cập nhật"].iloc[0] == 35728  # a number, not "35.728"
    # a share between 0 and a few, not "35,7%"
    assert top10["% chỉ tiêu ĐK"].dtype.kind == "f"
    assert (top10["% chỉ tiêu ĐK"] > 0).all()


def test_overview_in_english():
    at = open_app(as_of="2022-04-20T08:00", lang="en")
    assert not at.exception
    assert at.metric[0].value == "163,532"
    assert list(tables.shown(at.dataframe[0])["Unit"])[:2] == ["Thanh Hoa", "Hanoi"]
    assert tables.shown(at.dataframe[0])["% of registered"].iloc[0] == "35.7%"
    assert "As of 08:00 on 20/04/2022" in texts(at)


def test_overview_before_the_portal_opened():
    at = signin.before_opening(open_app, texts)
    assert not at.dataframe


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("as_of", "20/04/2022"),
        ("lang", "fr"),
        ("kind", "planet"),
        ("provinces", "99"),
        ("unit", "LDLD-00"),
        ("group", "nope"),
        ("campaign", "X"),
    ],
)
def test_bad_url_values_fall_back_with_a_message(key, value):
    at = open_app(**{key: value})
    assert not at.exception
    assert any(f"“{key}”" in w.value for w in at.warning)
    assert at.metric[0].value  # the page still renders with the default


def test_default_view_is_the_latest_data():
    at = open_app()
    assert not at.exception
    assert "Tính đến 23:59 ngày 01/09/2023" in texts(at)


def test_as_of_widget_writes_the_url():
    at = open_app(as_of="2022-04-20T08:00")
    at.sidebar.date_input[0].set_value(__import__("datetime").date(2022, 5, 31)).run()
    assert at.query_params["as_of"] in ("2022-05-31T08:00", ["2022-05-31T08:00"])
    assert not at.exception


@pytest.mark.parametrize("as_of", ["2022-04-20T08:00", "2022-11-15T13:37", "2023-09-02T08:00"])
def test_overview_counts_statuses_and_the_top10_carries_them(as_of):
    import re
    from datetime import datetime

    from sangkien.campaign import status

    at = open_app(as_of=as_of)
    assert not at.exception
    units = status.frame("1TR-2022", datetime.fromisoformat(as_of)).set_index("unit_code")
    # the line counts the status query's rows, one count per status
    line = next(m.value for m in at.markdown if m.value.startswith("Trạng thái tiến độ của"))
    names = {status.name(code, "vi").lower(): code for code in status.ORDER}
    counts = {names[name.strip()]: int(n.replace(".", "")) for n, name in re.findall(r"\*\*([\d.]+)\*\* ([^,.]+)", line)}
    assert counts == units["status"].value_counts().to_dict() and f"của {len(units)} đơn vị" in line
    # each unit of the top 10 with its status's name, in its colour
    table = at.dataframe[0]
    raw, shown = table.value, tables.shown(table)
    board = raw.assign(unit_code=[re.search(r"unit=([^&#]+)", link).group(1) for link in raw["unit_link"]])  # each name links to its unit
    expected = [units.loc[c, "status"] for c in board["unit_code"]]
    assert list(shown["Trạng thái"]) == [status.name(s, "vi") for s in expected]
    assert cell_colours(table, "status_name") == [status.COLORS[s] for s in expected]


def test_overview_top10_at_the_close_never_rounds_a_miss_to_100():
    at = open_app(as_of="2023-09-02T08:00")
    assert not at.exception
    shown = tables.shown(at.dataframe[0]).set_index("Đơn vị")
    assert shown.loc["Bình Dương", "% chỉ tiêu ĐK"] == "99,97%"
    assert shown.loc["Bình Dương", "Trạng thái"] == "Không đạt"


def test_overview_curve_hover_names_each_series():
    import json

    at = open_app(as_of="2022-04-20T08:00")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    lines = [tr for tr in spec["data"] if tr.get("mode") == "lines"]
    assert len(lines) == 2 and all(tr["hovertemplate"].startswith("%{fullData.name}: ") for tr in lines)


# Every page as tests/test_browser.py's pages() opens it in Chromium (the same link each), and
# So sánh, which the browser's list leaves to the matrix.
_FILES = {page.url_path: page.file for page in site.PAGES}
PAGE_VIEWS = [(_FILES[path.partition("?")[0]], dict(parse_qsl(path.partition("?")[2]))) for path, _needle in browser_pages()] + [
    ("pages/compare.py", {})
]


@pytest.mark.parametrize(("page", "query"), PAGE_VIEWS, ids=[p.split("/")[1][:-3] for p, _ in PAGE_VIEWS])
def test_every_tab_of_every_page_draws_without_error(page, query):
    """Each lazy tab of each page, opened by its link (`tab=N`) on the seed article's minute: no
    exception (SANGKIEN_RAISE_ERRORS), no error box, and something drawn in it: a chart, a table, a
    metric or a file to download. In Chromium, every tab of every page: the matrix (tests/test_fit_browser.py)."""
    first = signin.open_page(page, {"as_of": "2022-04-20T08:00", **query})
    assert not first.exception and not first.error, page
    assert not cut_in_grids(first), page
    count = len(first.tabs)
    for place in range(2, count + 1):
        at = signin.open_page(page, {"as_of": "2022-04-20T08:00", **query, "tab": str(place)})
        assert not at.exception and not at.error, (page, place)
        assert at.query_params.get("tab") == [str(place)] or at.query_params.get("tab") == str(place), (page, place)
        drawn = len(at.get("plotly_chart")) + len(at.dataframe) + len(at.table) + len(at.metric) + len(at.get("download_button"))
        assert drawn, (page, place)
        assert not cut_in_grids(at), (page, place)


def cut_in_grids(at: AppTest) -> dict[str, tuple[int, int]]:
    """The columns of the view's grids whose text the page's widths cut (tests/tables.cut), but a
    finding's detail sentence (its whole text is on the unit's card and in the CSV)."""
    allowed = {t("wl_col_detail", lang) for lang in ("vi", "en")}
    return {label: size for grid in at.dataframe for label, size in tables.cut(grid).items() if label not in allowed}
