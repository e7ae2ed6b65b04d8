"""Markup from URLs, imported files and users is shown as text in the real app (issue 15, issue 10
item 5): Streamlit's markdown, messages, captions, Plotly labels and hovers, in headless Chromium.

A copy of the small demo (20.000 submissions of the 82 real units: the size does not matter here,
and its queries cost the server a hundredth of the default demo's) gets an imported grassroots
name that is an HTML link with an RTL override, a unit name that is a markdown link and bold, and a
meeting group (and its author) the same way.
Every page that shows them is opened, and so is a URL with a markup value for every key.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from sangkien.campaign import groups
from sangkien.core import safe
from sangkien.ops.browser import CHROMIUM
from sangkien.ops.local_server import streamlit_server
from sangkien.storage import publish
from tests import shots
from tests.tabs import settle, tab, visit
from tests.test_browser import ARTIFACTS, open_every_section, show_every_chart

LINK = "[x](https://example.invalid/)"
IMAGE = "![i](http://127.0.0.1:9/p.png)"
BOLD = "**BOLD**"
TAG = '<a href="https://example.invalid/">LINKX</a>'
RTL = "\u202e"
AS_OF = "as_of=2022-04-20T08:00"
CHART = '[data-testid="stPlotlyChart"] .main-svg'  # a chart drawn
# a page's title: the header, or a slide's title in presentation mode
TITLE = '[data-testid="stMain"] h1, [data-testid="stMain"] .mt-slide-title, [data-testid="stMain"] .mt-cover-title'

# A bold element made of **BOLD** (a sentence may bold a whole name, asterisks included) and
# every element attribute that could load or link something (Plotly keeps the escaped source
# text in data-unformatted, which is data, not a link), and every bold or link element.
PROBE = """() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            if (!/^(href|xlink:href|src|srcset|action|formaction|style|poster|data)$/.test(attr.name)) continue;
            if (/example\\.invalid|127\\.0\\.0\\.1:9/.test(attr.value)) bad.push(el.tagName + ' ' + attr.name + '=' + attr.value);
        }
        if (['STRONG', 'B'].includes(el.tagName) && el.textContent.trim() === 'BOLD') bad.push('bold ' + el.textContent);
    }
    if (document.body.textContent.includes('\\u202e')) bad.push('U+202E in the page');
    return bad;
}"""


@pytest.fixture(scope="module")
def hostile_db(small_demo, tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.duckdb"
    shutil.copyfile(publish.current_file(small_demo), path)
    with duckdb.connect(str(path)) as con:
        top = con.execute(
            "select grassroots_union from submissions where unit_code = 'LDLD-38' and grassroots_union is not null "
            "group by all order by count(*) desc limit 1"
        ).fetchone()[0]
        # as the importer stores it: markup kept as text (the RTL override would have been removed
        # on import; it is put back here to check the display removes it too)
        con.execute(
            "update submissions set grassroots_union = $name where grassroots_union = $top", {"name": TAG + RTL + " CĐCS", "top": top}
        )
        con.execute("update units set name_vi = $name, name_en = $name where unit_code = 'LDLD-01'", {"name": f"{LINK} {BOLD}"})
    group_id = groups.create_group(f"{BOLD} {LINK} {TAG}", ["LDLD-01", "LDLD-38"], f"Ai {LINK}", path=path)
    return path, group_id


@pytest.fixture(scope="module")
def server(hostile_db):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is required for the browser test: apt-get install -y chromium")
    with streamlit_server(hostile_db[0], env={"SANGKIEN_WARMUP": "0"}) as (_proc, url):
        yield url


@pytest.fixture(scope="module")
def page(server, browser):
    page = tab(browser)
    page.goto(server)  # the first run of a fresh server is the slow one
    page.wait_for_selector(TITLE, timeout=600_000)
    page.wait_for_selector(CHART, timeout=60_000)  # the overview's charts: Plotly's code loaded in this tab
    yield page
    page.close()


def _open(page, url: str, shot: str, charts: bool = False, svg: list[str] | None = None, chart_first: bool = True) -> str:
    """The page at `url` checked for injected markup in every view it draws (with `charts`, each
    lazy section opened in turn, charts drawn, the first view's awaited unless not `chart_first`);
    returns its text, and adds its charts' text to `svg`."""
    visit(page, url, timeout_ms=300_000)  # a cold first run on a loaded machine can be slow
    page.wait_for_selector(TITLE, timeout=300_000)
    settle(page)
    if charts:
        # Plotly's code loads on demand: on a busy machine a tab's first chart can mount after the
        # page has held still, so a first view that draws a chart is waited for until it has
        if chart_first:
            page.wait_for_selector(CHART, timeout=60_000)
        show_every_chart(page)  # charts below the fold draw when seen
        settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0, url
    assert page.evaluate(PROBE) == [], url
    ARTIFACTS.mkdir(exist_ok=True)
    shots.take(page, str(ARTIFACTS / f"hostile-{shot}.png"), full_page=True)
    body = page.inner_text("body")
    svg = svg if svg is not None else []
    svg += page.locator(CHART).all_text_contents()
    drawn = page.locator(CHART).count()
    if charts:
        for i in open_every_section(page):  # and every view the page draws on demand
            assert page.locator('[data-testid="stException"]').count() == 0, f"{url}: section {i}"
            assert page.evaluate(PROBE) == [], f"{url}: section {i}"
            body += "\n" + page.inner_text("body")
            drawn += page.locator(CHART).count()
            svg += page.locator(CHART).all_text_contents()
            shots.take(page, str(ARTIFACTS / f"hostile-{shot}-{i + 1}.png"), full_page=True)
        assert drawn, f"{url}: no chart in any view"
    return body.replace(safe.JOINER, "")  # the invisible joiner that stops autolinks


def test_every_url_key_with_markup_is_text(server, page):
    keys = ("campaign", "as_of", "kind", "group", "unit", "lang", "provinces")
    query = "&".join(f"{k}={LINK if i % 2 else IMAGE}" for i, k in enumerate(keys))
    body = _open(page, f"{server}/?{query}", "url-keys")
    assert LINK in body and IMAGE in body  # the values are in the warnings, as typed
    body = _open(page, f"{server}/hoi-nghi?{AS_OF}&present={LINK}", "url-present")
    assert LINK in body
    body = _open(page, f"{server}/hoi-nghi?{AS_OF}&present=1&slide={IMAGE}", "url-slide")
    assert IMAGE in body


def test_an_imported_grassroots_name_is_text_in_the_unit_chart(server, page):
    labels: list[str] = []
    _open(page, f"{server}/don-vi?unit=LDLD-38&{AS_OF}", "grassroots", charts=True, svg=labels)
    # the label may break into lines (each an SVG line, read without the space between them)
    squeezed = ["".join(text.split()) for text in labels]
    assert any(f"{TAG}CĐCS".replace(" ", "") in text for text in squeezed), [
        t[-400:] for t in labels if "LINKX" in t or "CĐCS" in t or "cơ sở" in t
    ]


def test_a_group_name_and_its_author_are_text_on_the_meeting_page(server, page, hostile_db):
    group_id = hostile_db[1]
    svg: list[str] = []
    body = _open(page, f"{server}/hoi-nghi?group={group_id}&{AS_OF}", "meeting", charts=True, svg=svg)
    assert f"Ai {LINK}" in body  # who created it
    assert f"{LINK} {BOLD}" in body  # a unit's name inside the sentences
    assert f"{LINK} {BOLD}" in " ".join(svg)
    body = _open(page, f"{server}/hoi-nghi?group={group_id}&{AS_OF}&present=1&slide=1", "meeting-cover")
    assert f"{BOLD} {LINK} {TAG}" in body


@pytest.mark.parametrize(
    "path",
    # the default run: Tiến độ (the unit's name in a table, a chart's labels and hovers, every tab);
    # the other pages showing unit names: the matrix
    ["tien-do"]
    + [pytest.param(p, marks=pytest.mark.matrix) for p in ("chi-tieu", "xep-hang", "canh-bao", "thanh-phan", "thi-dua?kind=province")],
)
def test_a_unit_name_with_markup_is_text_on_every_page(server, page, path):
    # Cảnh báo's first view is its cards and tables; its charts are in its sections
    _open(
        page,
        f"{server}/{path}{'&' if '?' in path else '?'}{AS_OF}",
        f"page-{path.split('?')[0]}",
        charts=True,
        chart_first=path != "canh-bao",
    )
