"""Hội nghị's presentation mode (`?present=1`) in Chromium (issue 26): slides are laid out for
1280×720; on a 1920×1080 screen they are drawn 1,5 times larger (the root type, so text, tables
and spacing, and the chart drawn by Plotly at that size, not a zoomed picture of a smaller one),
so a chart slide fills the screen; on every slide nothing overflows (tests/fit.py) and nothing
runs below the screen. The 1280×720 variant runs under `-m matrix`."""

from __future__ import annotations

import pytest

from tests.fit import overflows
from tests.tabs import fresh_context
from tests.test_browser import _wait_rendered
from tests.test_fit_browser import DRAWN, _settle

URL = "hoi-nghi?group=HN-THAINGUYEN-2022&as_of=2022-04-20T08:00&present=1&slide=2"
SLIDES = 6  # the cover and five blocks (the Thái Nguyên group's report)

MEASURE = """() => {
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  const bottoms = [...block.querySelectorAll('[data-testid="stVerticalBlock"] > *')]
    .map((el) => el.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => r.bottom);
  const chart = document.querySelector('[data-testid="stPlotlyChart"]');
  const plot = chart && chart.querySelector('.js-plotly-plot');
  const svg = chart && chart.querySelector('svg.main-svg');
  return {
    root: parseFloat(getComputedStyle(document.documentElement).fontSize),
    zoom: getComputedStyle(block).zoom,
    bottom: Math.max(0, ...bottoms),
    scrollHeight: document.querySelector('[data-testid="stMain"]').scrollHeight,
    chartFrame: chart ? chart.getBoundingClientRect().width : null,
    svg: svg ? [svg.getBoundingClientRect().width, svg.getBoundingClientRect().height] : null,
    chartFont: plot && plot._fullLayout ? plot._fullLayout.font.size : null,
    chartHeight: plot && plot._fullLayout ? plot._fullLayout.height : null,
  };
}"""


def _open(browser, server: str, width: int, height: int):
    """Slide 2 at the given size, once the page has heard the window's size (the first run of a
    session draws at 1280x720's size, the next at the window's)."""
    page = fresh_context(browser, width, height).new_page()
    page.goto(f"{server}/{URL}")
    _wait_rendered(page)
    root = 16 * min(width / 1280, height / 720)
    page.wait_for_function(
        "(px) => Math.abs(parseFloat(getComputedStyle(document.documentElement).fontSize) - px) < 0.01", arg=root, timeout=60_000
    )
    _wait_rendered(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] svg text', timeout=60_000)
    return page


def _slides(page, height: int) -> list[dict]:
    seen = []
    for slide in range(2, SLIDES + 1):
        if slide > 2:
            page.get_by_role("button", name="Sau").click()
            page.wait_for_function("(n) => document.body.innerText.includes(`Trang ${n}/`)", arg=slide, timeout=60_000)
        _wait_rendered(page)
        if page.locator(DRAWN).count():  # a chart slide: every chart drawn (a text slide has none to wait for)
            _settle(page)
        m = page.evaluate(MEASURE)
        m.update(slide=slide, found=overflows(page), fits=m["bottom"] <= height + 1 and m["scrollHeight"] <= height + 1)
        seen.append(m)
    return seen


def _slides_at(browser, server, width: int, height: int) -> list[dict]:
    """Every slide's measures in a fresh window of the given size (closed after)."""
    page = _open(browser, server, width, height)
    try:
        return _slides(page, height)
    finally:
        page.context.close()


@pytest.mark.matrix  # the default run walks every slide at 1280x720 (tests/test_browser.py's projector test)
def test_slides_fill_a_1920x1080_screen(server, browser):
    seen = _slides_at(browser, server, 1920, 1080)
    first = seen[0]
    # drawn 1,5 times larger: the root type, and the chart by Plotly at its frame's size
    assert first["root"] == 24 and first["zoom"] in ("1", "normal"), first
    assert first["chartFont"] == 27 and first["chartHeight"] == 840, first  # 18 px and 560 px on a 1280x720 slide
    assert abs(first["svg"][0] - first["chartFrame"]) <= 1 and abs(first["svg"][1] - 840) <= 1, first
    # a chart slide fills the screen's height (at 1280 px it filled 97% of 720)
    assert first["bottom"] >= 0.9 * 1080, first
    for m in seen:
        assert m["found"] == [] and m["fits"], m


@pytest.mark.matrix
def test_slides_still_fit_a_1280x720_screen(server, browser):
    seen = _slides_at(browser, server, 1280, 720)
    assert seen[0]["root"] == 16 and seen[0]["chartFont"] == 18 and seen[0]["chartHeight"] == 560, seen[0]
    for m in seen:
        assert m["found"] == [] and m["fits"], m
