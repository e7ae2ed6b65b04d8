"""Issue 26 in Chromium: nothing cut or overlapping on any page and tab (tests/fit.py's DOM check),
and a chart's data downloaded from the page equals the figure the page drew.

The default run checks one representative combination per page (every tab at 1366×900,
mid-campaign); the whole matrix (three sizes × three moments) runs under `-m matrix`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import downloads, shots
from tests.fit import overflows
from tests.tabs import kept, settle, tab, visit
from tests.test_browser import ARTIFACTS, CHARTS_DRAWN, open_every_section, pages

PAGES = ["", "tien-do", "don-vi", "chi-tieu", "xep-hang", "canh-bao", "thanh-phan", "hoi-nghi", "thi-dua", "nhap-du-lieu", "so-sanh"]
SIZES = {"1366x900": (1366, 900), "1280x720-present": (1280, 720), "390x844": (390, 844)}
MOMENTS = {"opening": "2022-01-08T18:00", "mid": "2022-04-20T08:00", "closed": "2023-09-01T23:59"}


DRAWN = '[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stTable"]'


def _settle(page) -> None:
    """Wait for the page's first chart or table (a cold page mounts late: checked before that, an
    empty page would pass), bring every chart and table into view in turn (they draw when seen),
    wait until every chart has drawn its SVG, then wait."""
    from playwright.sync_api import Error

    try:
        page.wait_for_selector(DRAWN, timeout=20_000)
    except Error:
        pass  # a view without charts or tables
    settle(page)
    drawn = page.locator(DRAWN)
    for i in range(drawn.count()):
        try:
            drawn.nth(i).scroll_into_view_if_needed(timeout=10_000)
        except Error:
            pass  # redrawn meanwhile: the wait below covers it
    try:
        page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
    except Error:
        pass  # the check below reports what it finds
    settle(page)


def check_page(browser, server: str, path: str, size: str, moment: str, needle: str | None = None, sections: bool = True) -> list[str]:
    """Every finding of the fit check on `path` (which may carry a query) and each of its tabs;
    screenshots in artifacts/fit. With `needle`, also that the page shows that text (a figure of the
    seed article), draws no exception anywhere and at least one chart in one of its views (but the
    import page). Without `sections`, the page's first view only, which draws a chart or a table."""
    width, height = SIZES[size]
    phone = width < 640
    page = kept(browser, width, height, phone)  # from page to page as the sidebar goes (tests/tabs.py)
    found = []
    query = f"as_of={MOMENTS[moment]}" + ("&present=1" if size.endswith("present") and path == "hoi-nghi" else "")
    visit(page, f"{server}/{path}{'&' if '?' in path else '?'}{query}")
    if needle:
        page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=needle, timeout=60_000)
    _settle(page)
    name = path.split("?")[0] or "tong-quan"
    charts = page.locator('[data-testid="stPlotlyChart"]').count()
    shot_dir = ARTIFACTS / "fit"
    shot_dir.mkdir(parents=True, exist_ok=True)
    found += [f"{name} ({size}, {moment}): {o}" for o in overflows(page, phone)]
    shots.take(page, str(shot_dir / f"{name}-{size}-{moment}.png"))
    if not sections:
        drawn = page.locator(DRAWN).count()
        assert drawn or name == "nhap-du-lieu" or not needle, f"{path}: no chart or table in its first view"
    for i in open_every_section(page) if sections else ():
        _settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, f"{path}: tab {i + 1}"
        charts += page.locator('[data-testid="stPlotlyChart"]').count()
        found += [f"{name} tab {i + 1} ({size}, {moment}): {o}" for o in overflows(page, phone)]
        shots.take(page, str(shot_dir / f"{name}-{size}-{moment}-{i + 1}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0, path
    assert charts or name == "nhap-du-lieu" or not needle or not sections, f"{path}: no chart in any view"
    return found


# The page whose every tab the default run opens in Chromium (its tabs hold the most charts of any
# page but the meeting's); every tab of every page: the matrix below, and in AppTest
# tests/test_pages.py's every-tab test.
ALL_TABS_IN_DEFAULT = "thanh-phan"


@pytest.mark.parametrize(("path", "needle"), pages())
def test_every_page_renders_and_fits_at_1366_mid_campaign(server, browser, path, needle):
    """Every page at 1366×900 on 20/04/2022 08:00 (the seed article's minute): its seed figure
    shown, no exception, a chart or table drawn, nothing cut or overlapping; Thành phần with every
    tab. Every tab of every page: the matrix (test_every_page_fits_every_size_and_moment, and the
    render test in both languages in tests/test_browser.py)."""
    assert check_page(browser, server, path, "1366x900", "mid", needle, sections=path == ALL_TABS_IN_DEFAULT) == []


def test_a_phone_fits_tien_do_after_the_close(server, browser):
    # the widest labels of any page (Thanh Hóa's "603,5% · 603.500") on a phone's 390 px
    assert check_page(browser, server, "tien-do", "390x844", "closed") == []


@pytest.mark.matrix
@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_every_size_and_moment(server, browser, path, size, moment):
    assert check_page(browser, server, path, size, moment) == []


def test_a_charts_csv_is_the_figure_on_screen(server, browser):
    """The overview's chart: its CSV, downloaded by its button, holds the stamp and exactly the
    points the browser drew (the graph's own traces, read from the page)."""
    page = tab(browser)
    try:
        visit(page, f"{server}/?as_of=2022-04-20T08:00")
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot', timeout=60_000)
        traces = page.evaluate(
            # the traces as drawn (_fullData: plotly.js's arrays, decoded from the wire's typed arrays)
            """() => document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot')._fullData
                 .filter(t => t.hoverinfo !== 'skip' && t.mode !== 'text' && t.visible !== false)
                 .map(t => ({name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || [])}))"""
        )
        with page.expect_download() as info:
            page.locator('[data-testid="stDownloadButton"] button', has_text="Số liệu (CSV)").first.click()
        assert info.value.suggested_filename.endswith(".csv")
        lines = Path(info.value.path()).read_bytes().decode("utf-8-sig").split("\r\n")
        assert lines[1] == "Tính đến 08:00 ngày 20/04/2022"
        table = downloads.read("\r\n".join(lines[3:]).encode("utf-8-sig"), "vi")
        drawn = [(t["name"], x, y) for t in traces for x, y in zip(t["x"], t["y"], strict=False) if x is not None or y is not None]
        assert len(table) == len(drawn)
        for (name, x, y), row in zip(drawn, table.itertuples(index=False), strict=True):
            assert row[0] == name
            assert row[1] == f"{x[8:10]}/{x[5:7]}/{x[:4]}"  # the day, as a Vietnamese reader writes it
            if y is None or y != y:  # a gap in the line (the curve after the as-of day): an empty cell
                assert row[2] != row[2]
            else:
                assert abs(row[2] - y) < 1e-6 * max(1, abs(y))
    finally:
        page.close()
