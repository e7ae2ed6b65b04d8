"""End to end: the real app served by Streamlit, driven in headless Debian Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sangkien import bench

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(demo_db):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is required for the browser test: apt-get install -y chromium")
    with bench.streamlit_server(demo_db) as (_proc, url):
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def pages() -> list[tuple[str, str]]:
    """(url path, text that must appear) for every page."""
    return [
        ("", "163.532"),
        ("canh-bao?group=HN-THAINGUYEN-2022", "66.775"),  # the group's registered total (seed)
        ("thanh-phan", "163.532"),
        ("chi-tieu?group=HN-THAINGUYEN-2022", "3.927"),
        ("xep-hang", "35.728"),
        ("tien-do", "35.728"),  # Thanh Hóa's bar label (seed)
        ("don-vi?unit=LDLD-38", "35.728"),
        ("hoi-nghi", "66.775"),  # the default (seed's) group's registered total
        ("thi-dua?kind=province", "04/2022"),  # the month of the as-of minute
        ("nhap-du-lieu", "XLSX, Parquet"),  # the formats the import page accepts
    ]


def _wait_rendered(page, timeout_ms: int = 60_000) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    page.wait_for_timeout(800)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_renders_without_error(server, browser, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        for path, needle in pages():
            page.goto(f"{server}/{path}{'&' if '?' in path else '?'}as_of=2022-04-20T08:00&lang={lang}")
            _wait_rendered(page)
            page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=60_000)
            _wait_rendered(page)
            assert page.locator('[data-testid="stException"]').count() == 0
            body = page.inner_text("body")
            expected = needle if lang == "vi" else needle.replace(".", ",")
            assert expected in body, f"{path}: {expected} not shown"
            page.screenshot(path=str(ARTIFACTS / f"{path.split('?')[0] or 'tong-quan'}-{lang}.png"), full_page=True)
    finally:
        page.close()


def test_navigation_keeps_the_filters(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{server}/?as_of=2022-04-20T08:00")
        _wait_rendered(page)
        links = page.locator('[data-testid="stSidebarNavLink"]')
        for i in range(links.count()):
            links.nth(i).click()
            _wait_rendered(page)
            assert "as_of=2022-04-20T08%3A00" in page.url or "as_of=2022-04-20T08:00" in page.url, page.url
            assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_chromium_is_the_debian_one():
    assert shutil.which("chromium") or Path(CHROMIUM).exists()
