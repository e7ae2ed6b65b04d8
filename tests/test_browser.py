"""End to end: the real app served by Streamlit, driven in headless Debian Chromium."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from sangkien.ops.browser import CHROMIUM
from sangkien.ops.local_server import streamlit_server
from tests import shots
from tests.fit import overflows
from tests.tabs import fresh_context, rerun, settle, tab, visit

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture
def page(browser):
    """A 1366×900 tab, closed after the test."""
    page = tab(browser)
    yield page
    page.close()


def pages() -> list[tuple[str, str]]:
    """(url path, text that must appear) for every page."""
    return [
        ("", "163.532"),
        ("canh-bao?group=HN-THAINGUYEN-2022", "66.775"),  # the group's registered total (seed)
        ("thanh-phan", "163.532"),
        ("chi-tieu?group=HN-THAINGUYEN-2022", "3.927"),
        ("xep-hang?measure=count_submitted&kind=province", "35.728"),  # Thanh Hóa's count (seed)
        ("tien-do", "35.728"),  # Thanh Hóa's bar label (seed)
        ("don-vi?unit=LDLD-38", "35.728"),
        ("hoi-nghi", "66.775"),  # the default (seed's) group's registered total
        ("thi-dua?kind=province", "04/2022"),  # the month of the as-of minute
        ("nhap-du-lieu", "XLSX, Parquet"),  # the formats the import page accepts
    ]


def _wait_rendered(page, timeout_ms: int = 60_000) -> None:
    """Until the page is drawn and has held still for half a second (tests/tabs.py's settle), for a
    caller that cannot say whether a run is coming; one that can uses tabs.rerun or tabs.visit."""
    settle(page, quiet_ms=500, timeout_ms=timeout_ms)


CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every((c) => c.querySelector('svg.main-svg'))"""


def show_every_chart(page, pause_ms: int = 0) -> None:
    """Scroll each chart into view in turn (charts below the fold draw when seen), then wait until
    each has drawn. A chart that Streamlit redraws meanwhile is found again by its place, and one
    gone is passed over."""
    from playwright.sync_api import Error

    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        try:
            charts.nth(i).scroll_into_view_if_needed(timeout=15_000)
        except Error:
            pass  # detached by a redraw: the next wait for a settled page covers it
        if pause_ms:
            page.wait_for_timeout(pause_ms)
    try:  # each one's SVG drawn (plotly.js may still be compiling when the page holds still)
        page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
    except Error:
        pass  # detached by a redraw, or not drawn: the caller's checks say what they find


def open_every_section(page):
    """Click every further tab of the page's lazy sections (chrome.sections) in turn, waiting for each
    to be drawn; yields the index of the tab open."""
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    for i in range(1, tabs.count()):
        rerun(page, tabs.nth(i).click)
        show_every_chart(page)
        settle(page)
        yield i


@pytest.mark.matrix  # Vietnamese: tests/test_fit_browser.py's render-and-fit test, in the default run
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_renders_without_error(server, browser, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    page = tab(browser, 1366, 768)
    try:
        for path, needle in pages():
            visit(page, f"{server}/{path}{'&' if '?' in path else '?'}as_of=2022-04-20T08:00&lang={lang}")
            expected = needle if lang == "vi" else needle.replace(".", ",")
            page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=expected, timeout=60_000)
            _wait_rendered(page)
            assert page.locator('[data-testid="stException"]').count() == 0
            name = path.split("?")[0] or "tong-quan"
            shots.take(page, str(ARTIFACTS / f"{name}-{lang}.png"), full_page=True)
            if name != "nhap-du-lieu":  # a first page on a busy server mounts its charts late
                with contextlib.suppress(PlaywrightError):
                    page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=20_000)
            charts = page.locator('[data-testid="stPlotlyChart"]').count()
            for i in open_every_section(page):  # the views drawn on demand: each one opened
                assert page.locator('[data-testid="stException"]').count() == 0, f"{path}: section {i}"
                charts += page.locator('[data-testid="stPlotlyChart"]').count()
                shots.take(page, str(ARTIFACTS / f"{name}-{lang}-{i + 1}.png"), full_page=True)
            assert charts or name == "nhap-du-lieu", f"{path}: no chart in any view"
    finally:
        page.close()


def test_navigation_keeps_the_filters(server, browser):
    page = tab(browser, 1366, 768)
    try:
        visit(page, f"{server}/?as_of=2022-04-20T08:00")
        links = page.locator('[data-testid="stSidebarNavLink"]')
        for i in range(1, links.count()):  # the first is the page open
            rerun(page, links.nth(i).click)
            assert "as_of=2022-04-20T08%3A00" in page.url or "as_of=2022-04-20T08:00" in page.url, page.url
            assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_chromium_is_the_debian_one():
    assert shutil.which("chromium") or Path(CHROMIUM).exists()


# --- fit and finish (issue 12) -------------------------------------------------------------

RAW_FILE_NAMES = {"app", "composition", "emulation", "import data", "leaderboards", "meeting", "overview", "progress", "targets"}
PAGE_NOT_FOUND = "text=Page not found"
SLIDES = 6  # the Thái Nguyên meeting: cover, registered, updated, units, ranks, watch list
MEASURE_SLIDE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const size = (el) => parseFloat(getComputedStyle(el).fontSize);
  let body = Infinity, chart = Infinity, bottom = 0;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !el || !el.getClientRects().length) continue;
    // buttons, the slide counter and the stamp line are furniture, not the slide's text
    if (el.closest('button, [data-testid="stPlotlyChart"], .mt-stamp')) continue;
    body = Math.min(body, size(el));
  }
  for (const el of main.querySelectorAll('[data-testid="stPlotlyChart"] svg text')) {
    if (!el.textContent.trim()) continue;
    const scale = el.getScreenCTM() ? Math.abs(el.getScreenCTM().d) : 1;  // plotly shrinks by transform
    chart = Math.min(chart, parseFloat(el.style.fontSize || getComputedStyle(el).fontSize) * scale);
  }
  for (const el of main.querySelectorAll('[data-testid="stElementContainer"]')) {
    const r = el.getBoundingClientRect();
    if (r.height) bottom = Math.max(bottom, r.bottom);
  }
  return {body, chart, bottom, scrollWidth: main.scrollWidth, charts: main.querySelectorAll('[data-testid="stPlotlyChart"]').length};
}"""


def _open(page, url: str, wait_for: str | None = None, load: bool = False) -> None:
    """`url` drawn (tests/tabs.py's visit: within the app the tab shows unless `load`), and with
    `wait_for`, once that selector is on it."""
    visit(page, url, load=load)
    if wait_for:
        page.wait_for_selector(wait_for, timeout=60_000)
        settle(page)


def _wait_url(page, part: str) -> None:
    """Streamlit writes the URL with history.replaceState: no navigation event to wait for."""
    page.wait_for_function(f"() => decodeURIComponent(location.href).includes({part!r})", timeout=20_000)


def _nav_labels(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNavLink"]')
    return [links.nth(i).inner_text().split("\n")[-1].strip() for i in range(links.count())]


def test_a_deep_link_opens_cleanly_on_a_fresh_server(small_demo, browser):
    """The very first request to a just-started server is a shared link to a sub-page. (The small
    demo: what is checked is the page, its title and the navigation, not the figures, and a first
    run on the 2,4 M-row demo costs this test three quarters of its CPU.)"""
    with streamlit_server(small_demo) as (_proc, url):
        page = fresh_context(browser).new_page()
        try:
            _open(page, f"{url}/chi-tieu?as_of=2022-04-20T08:00", '[data-testid="stSidebarNavLink"]')
            page.wait_for_timeout(1500)  # a dialog would have arrived with the first messages
            assert page.locator(PAGE_NOT_FOUND).count() == 0
            assert page.locator('[role="dialog"]').count() == 0
            assert page.locator("h1").first.inner_text() == "Chỉ tiêu"
            labels = _nav_labels(page)
            assert labels[:4] == ["Tổng quan", "Tiến độ theo đơn vị", "Chi tiết đơn vị", "Chỉ tiêu"], labels
            assert not RAW_FILE_NAMES & {label.lower() for label in labels}
            assert "as_of=2022-04-20T08" in page.url
        finally:
            page.context.close()


def test_navigation_reads_vietnamese_while_the_demo_builds(tmp_path, browser):
    """First run: no database yet. The build takes a minute; the sidebar must not list file names."""
    with streamlit_server(tmp_path / "new.duckdb") as (_proc, url):
        page = fresh_context(browser).new_page()
        try:
            page.goto(f"{url}/tien-do")
            page.wait_for_selector('[data-testid="stSidebarNavLink"]', timeout=60_000)
            labels = _nav_labels(page)
            assert "Tiến độ theo đơn vị" in labels and not RAW_FILE_NAMES & {label.lower() for label in labels}, labels
            assert page.locator(PAGE_NOT_FOUND).count() == 0
        finally:
            page.context.close()


def test_the_calendar_speaks_vietnamese(server, browser):
    """The uploader's and the unit picker's words are checked signed in (tests/test_signin_browser.py)."""
    context = fresh_context(browser, locale="vi-VN")
    page = context.new_page()
    try:
        _open(page, f"{server}/?as_of=2022-04-20T08:00", '[data-testid="stDateInput"]')
        # the calendar follows the browser's language: Vietnamese months, weeks from Monday (T2)
        page.locator('[data-testid="stDateInput"] button').first.click()
        calendar = page.locator('[data-testid="stDateInputCalendar"]')
        calendar.wait_for(timeout=10_000)
        text = calendar.inner_text()
        assert "Tháng 4" in text and "April" not in text
        days = [t.strip() for t in calendar.locator("th").all_inner_texts() if t.strip()]
        assert days[:2] == ["T2", "T3"] and days[-1] == "CN", days
        page.keyboard.press("Escape")
    finally:
        context.close()


def test_enter_commits_the_as_of_date(server, page):
    _open(page, f"{server}/?as_of=2022-04-20T08:00", '[data-testid="stDateInput"]')
    day = page.locator('[data-testid="stDateInput"] [role="spinbutton"]').first
    day.click()
    page.keyboard.type("15")
    page.keyboard.press("Enter")  # no Tab, no click elsewhere
    _wait_url(page, "as_of=2022-04-15T08:00")
    _wait_rendered(page)
    assert "15/04/2022" in page.locator("body").inner_text()


def test_choosing_a_meeting_group_offers_its_moment(server, page):
    _open(page, f"{server}/hoi-nghi?group=VUNG-DBSH", '[data-testid="stSelectbox"]')
    assert "as_of" not in page.url  # the latest data, 01/09/2023
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Hội nghị Thái Nguyên 20/4/2022").first.click()
    _wait_url(page, "as_of=2022-04-20T08:00")
    _wait_rendered(page)
    # a busy server may end the first pass before the meeting's line is drawn: wait for it
    page.wait_for_function("(text) => document.body.innerText.includes(text)", arg="Hội nghị họp lúc 08:00 ngày 20/04/2022", timeout=60_000)
    body = page.locator("body").inner_text()
    assert "66.775" in body  # the group's registered total at the meeting, as a table cell too
    cells = page.locator('[data-testid="stDataFrame"]').first
    assert cells.count() == 1
    # landing on the group with another minute: a button offers the meeting's
    _open(page, f"{server}/hoi-nghi?group=HN-THAINGUYEN-2022&as_of=2023-09-01T23:59")
    page.get_by_role("button", name="Xem số liệu lúc hội nghị họp (08:00 ngày 20/04/2022)").click()
    _wait_url(page, "as_of=2022-04-20T08:00")


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_slide_fits_the_projector(server, browser, size):
    width, height = size
    page = tab(browser, width, height)
    try:
        for slide in range(1, SLIDES + 1):
            if slide == 1:  # the meeting's link, then slide after slide as the presenter goes
                _open(page, f"{server}/hoi-nghi?group=HN-THAINGUYEN-2022&as_of=2022-04-20T08:00&present=1&slide=1", ".mt-stamp")
            else:
                rerun(page, page.get_by_role("button", name="Sau").click)
                page.wait_for_function("(n) => document.body.innerText.includes(`Trang ${n}/`)", arg=slide, timeout=60_000)
                assert f"slide={slide}" in page.url, page.url  # the link names the slide shown
            # the slides drawn at the window's size once the page has heard it (web/screen.py)
            page.wait_for_function("(px) => getComputedStyle(document.documentElement).fontSize === px", arg=f"{16 * width // 1280}px")
            if slide in (2, 3, 4):  # the chart slides
                page.wait_for_selector('[data-testid="stPlotlyChart"] svg text', timeout=60_000)
                page.wait_for_timeout(800)
            m = page.evaluate(MEASURE_SLIDE)
            assert m["bottom"] <= height and m["scrollWidth"] <= width, (slide, m)
            if width == 1920 and slide in (1, 2):  # the slides are magnified to fill the screen (pages/meeting.py)
                assert m["bottom"] >= 0.75 * height, (slide, m)
            assert not overflows(page), (slide, overflows(page))
            if width == 1280:
                assert m["body"] >= 24, (slide, m)
                # values on dense bars take smaller type (not under 12 px) so that two never overlap (issue 26)
                assert m["charts"] == 0 or m["chart"] >= 12, (slide, m)
            shots.take(page, str(ARTIFACTS / f"hoi-nghi-present-{slide}-{width}x{height}.png"))
        # the ranks' table of the central sector unions (names up to 54 letters) ends within the slide
        _open(page, f"{server}/hoi-nghi?group=KHOI-CDN&as_of=2022-04-20T08:00&present=1&slide=5", ".mt-slide-table")
        table = page.evaluate("() => document.querySelector('.mt-slide-table').getBoundingClientRect().toJSON()")
        m = page.evaluate(MEASURE_SLIDE)
        assert table["right"] <= width and table["bottom"] <= height and m["scrollWidth"] <= width, (table, m)
        assert not overflows(page), overflows(page)
    finally:
        page.close()


def fits_a_phone(page, where: str) -> None:
    """No sideways scrolling at 390 px: the page, the main area, every chart and table fit; the
    sidebar is collapsed; nothing raised."""
    m = page.evaluate(
        """() => ({
          page: document.documentElement.scrollWidth,
          main: document.querySelector('[data-testid="stMain"]').scrollWidth,
          sidebar: document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect().right,
          widest: Math.max(0, ...[...document.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"]')]
            .map(el => el.getBoundingClientRect().right)),
        })"""
    )
    assert m["page"] <= 390 and m["main"] <= 390, (where, m)
    assert m["sidebar"] <= 0, (where, m)  # collapsed
    assert m["widest"] <= 390, (where, m)  # charts and tables fit; wide tables scroll inside
    assert page.locator('[data-testid="stException"]').count() == 0, where


@pytest.mark.parametrize(
    ("lang", "sections"),
    [
        ("vi", False),
        # every tab of every page, and the English pass: the matrix (tests/test_fit_browser.py's
        # fit matrix also checks every page and tab at 390×844 at three moments)
        pytest.param("vi", True, marks=pytest.mark.matrix),
        pytest.param("en", True, marks=pytest.mark.matrix),
    ],
)
def test_phones_get_every_page_without_sideways_scrolling(server, browser, lang, sections):
    """Every page at 390×844 on a touch phone, in one tab (the default run: each page's first
    view; the matrix: every tab of every page, in both languages)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = tab(browser, 390, 844, phone=True)
    try:
        for path, _needle in pages():
            _open(page, f"{server}/{path}{'&' if '?' in path else '?'}as_of=2022-04-20T08:00&lang={lang}", '[data-testid="stMain"] h1')
            name = path.split("?")[0] or "tong-quan"
            fits_a_phone(page, path)
            shots.take(page, str(ARTIFACTS / f"{name}-{lang}-390x844.png"), full_page=True)
            for i in open_every_section(page) if sections else ():
                fits_a_phone(page, f"{path}, section {i}")
                shots.take(page, str(ARTIFACTS / f"{name}-{lang}-390x844-{i + 1}.png"), full_page=True)
    finally:
        page.close()


def test_csv_download_opens_in_vietnamese_excel(server, browser):
    from tests import downloads

    page = tab(browser)
    try:
        _open(page, f"{server}/?as_of=2022-04-20T08:00", '[data-testid="stDataFrame"]')
        # the top 10's own button (the chart beside it offers its data first)
        button = page.locator('[data-testid="stDownloadButton"] button', has_text="Tải CSV").first
        with page.expect_download() as info:
            button.click()
        data = Path(info.value.path()).read_bytes()
        top = downloads.read(data, "vi")  # ";" cells, "," decimals, "232,2%" a share
        assert top.iloc[0]["Đơn vị"] == "Thanh Hóa"
        assert top.iloc[0]["Đã cập nhật"] == 35_728  # Thanh Hóa at 08:00 20/04/2022 (seed)
        assert 0 < top.iloc[0]["% chỉ tiêu ĐK"] < 10  # a share, not 2322 (the top 10's short header)
    finally:
        page.close()
