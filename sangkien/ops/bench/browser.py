"""The browser figures: page switches in headless Chromium against our server and a bare Streamlit
floor (sangkien/ops/bench_floor.py) measured in the same run, the server CPU each switch cost,
what the page put on screen, and the server's memory after rounds of sessions."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from sangkien.ops import procs, warmup
from sangkien.ops.bench.machine import ROOT, page_files
from sangkien.ops.browser import CHROMIUM, CHROMIUM_ARGS
from sangkien.ops.local_server import streamlit_server

FLOOR_APP = ROOT / "sangkien" / "ops" / "bench_floor.py"
FLOOR_FIRST_GOAL, FLOOR_REVISIT_GOAL = 2.0, 1.5
RSS_GOAL_MIB = 400

# Settled: no element left stale from the previous page and every Plotly chart drawn.
_SETTLED_JS = """() => !!document.querySelector('[data-testid="stMain"]')
    && !document.querySelector('[data-testid="stElementContainer"][data-stale="true"]')
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))"""
_DOM_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    const plots = [...main.querySelectorAll('.js-plotly-plot')];
    return {
        elements: main.querySelectorAll('[data-testid="stElementContainer"]').length,
        dom_nodes: main.getElementsByTagName('*').length,
        charts: plots.length,
        traces: plots.reduce((n, p) => n + ((p.data || []).length), 0),
        points: plots.reduce((n, p) => n + (p.data || []).reduce((m, t) => m + ((t.x || t.y || t.values || []).length || 0), 0), 0),
        dataframes: main.querySelectorAll('[data-testid="stDataFrame"]').length,
        table_cells: main.querySelectorAll('[data-testid="stTable"] td').length,
    };
}"""


class _Runs:
    """Counts script runs started and finished from the app's websocket (Streamlit's own signals)."""

    def __init__(self, page):
        from sangkien.web import framework

        self._msg = framework.wire_messages().ForwardMsg
        self.started = self.finished = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if not isinstance(payload, (bytes, bytearray)):
            return
        try:
            kind = self._msg.FromString(bytes(payload)).WhichOneof("type")
        except Exception:  # noqa: BLE001 - not a ForwardMsg
            return
        if kind == "new_session":
            self.started += 1
        elif kind == "script_finished":
            self.finished += 1


def _settle(page, runs: _Runs, before: int, timeout_s: float = 120.0, quiet_s: float = 0.15) -> float:
    """Wait until a script run that started after `before` finished, no rerun followed within
    `quiet_s`, nothing is stale and every chart is drawn; return the moment it was first so."""
    deadline = time.perf_counter() + timeout_s
    settled_at = None
    while time.perf_counter() < deadline:
        done = runs.started > before and runs.finished >= runs.started
        if done and page.evaluate(_SETTLED_JS):
            if settled_at is None:
                settled_at, seen = time.perf_counter(), runs.started
            elif time.perf_counter() - settled_at >= quiet_s:
                if runs.started == seen:
                    return settled_at
                settled_at = None
        else:
            settled_at = None
        page.wait_for_timeout(5)
    raise TimeoutError("the page did not settle")


def _click(page, runs: _Runs, index: int) -> float:
    before = runs.started
    started = time.perf_counter()
    page.locator('[data-testid="stSidebarNavLink"]').nth(index).click()
    return _settle(page, runs, before) - started


def _goto(page, runs: _Runs, url: str) -> float:
    before = runs.started
    started = time.perf_counter()
    page.goto(url)
    return _settle(page, runs, before) - started


def _idle(page) -> None:
    """Let the browser finish loading scripts, fonts and drawing before the next click is timed."""
    page.wait_for_load_state("networkidle")
    for _ in range(3):
        page.evaluate("() => new Promise(r => requestIdleCallback(() => r(), {timeout: 5000}))")
    page.wait_for_timeout(300)


def measure_app(browser, proc, url: str, slugs: list[str], measured: list[int], rounds: int) -> dict:
    """Page switches by clicking the sidebar link of each page in `measured` (indices into the
    navigation, whose url paths are `slugs`): its first visit in a session and its revisits
    (median of `rounds`), the server CPU each switch cost, and what the page put on screen."""
    out: dict = {i: {"revisit_s": [], "cpu_revisit_s": []} for i in measured}
    # The server's first session runs through Streamlit's pages/-folder navigation once, which
    # answers a deep link with "page not found"; open the root once so measured sessions do not.
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    runs = _Runs(page)
    out["server_first_load_s"] = _goto(page, runs, url)
    page.close()

    landing = measured[-1]
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    runs = _Runs(page)
    cpu = procs.cpu_seconds(proc.pid, children=False)
    out["landing_s"] = _goto(page, runs, f"{url}/{slugs[landing]}")
    out["landing_cpu_s"] = procs.cpu_seconds(proc.pid, children=False) - cpu
    _idle(page)
    for i in measured[:-1]:  # first visits in this session
        _idle(page)
        cpu = procs.cpu_seconds(proc.pid, children=False)
        out[i]["first_s"] = _click(page, runs, i)
        out[i]["cpu_first_s"] = procs.cpu_seconds(proc.pid, children=False) - cpu
        out[i]["browser"] = page.evaluate(_DOM_JS)
    out["rss_after_first_mib"] = procs.rss_mib(proc.pid, children=False)
    for _ in range(rounds):
        for i in measured:
            cpu = procs.cpu_seconds(proc.pid, children=False)
            _idle(page)
            out[i]["revisit_s"].append(_click(page, runs, i))
            out[i]["cpu_revisit_s"].append(procs.cpu_seconds(proc.pid, children=False) - cpu)
            out[i].setdefault("browser", page.evaluate(_DOM_JS))
    page.close()
    # the landing page's first visit: a second session that lands on the root page
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    runs = _Runs(page)
    _goto(page, runs, url)
    _idle(page)
    cpu = procs.cpu_seconds(proc.pid, children=False)
    out[landing]["first_s"] = _click(page, runs, landing)
    out[landing]["cpu_first_s"] = procs.cpu_seconds(proc.pid, children=False) - cpu
    page.close()
    for i in measured:
        row = out[i]
        row["revisit_s"] = statistics.median(row["revisit_s"])
        row["cpu_revisit_s"] = statistics.median(row["cpu_revisit_s"])
    out["rss_mib"] = procs.rss_mib(proc.pid, children=False)
    return out


def browser_figures(path: Path, log, rounds: int = 3, pages: list[str] | None = None, memory_rounds: int = 3) -> dict:
    """The bare Streamlit floor and every page of ours (or the named `pages`), clicked in the
    same run; then `memory_rounds` more sessions clicking every page, for the server's RSS."""
    from playwright.sync_api import sync_playwright

    out: dict = {}
    floor_slugs = ["p0", "p1", "p2"]
    names = [Path(f).stem for f in page_files()]
    slugs = warmup.page_paths()
    measured = [i for i, name in enumerate(names) if pages is None or name in pages]
    if measured and measured[-1] == 0:
        measured = measured[1:] + measured[:1]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Both servers have every page built once before the clicks are timed: ours as `sangkien
            # serve` does by itself at start (sangkien/ops/warmup.py; here done before timing instead of
            # beside it), the floor the same way, so a first visit is a new session's first view.
            with streamlit_server(None, FLOOR_APP) as (proc, url):
                log("browser: the bare Streamlit floor")
                warmup.visit_now(url, floor_slugs)
                floor = measure_app(browser, proc, url, floor_slugs, [0, 1, 2], rounds)
            rows = [floor[i] for i in (0, 1, 2)]
            out["floor"] = {
                **{k: statistics.median(r[k] for r in rows) for k in ("first_s", "revisit_s", "cpu_first_s", "cpu_revisit_s")},
                "landing_s": floor["landing_s"],
                "landing_cpu_s": floor["landing_cpu_s"],
                "rss_mib": floor["rss_mib"],
                "browser": floor[0]["browser"],
            }
            with streamlit_server(path, env={"SANGKIEN_WARMUP": "0"}) as (proc, url):
                log("browser: the pages of ours")
                started = time.perf_counter()
                warmup.visit_now(url)
                out["warmup_s"] = time.perf_counter() - started
                mine = measure_app(browser, proc, url, slugs, measured, rounds)
                more = []
                for _ in range(memory_rounds):  # click around again: memory should not keep growing
                    more.append(measure_app(browser, proc, url, slugs, measured, 1)["rss_mib"])
        finally:
            browser.close()
    f = out["floor"]
    out["pages"] = []
    for i in measured:
        row = mine[i]
        out["pages"].append(
            {
                "page": names[i],
                **{k: row[k] for k in ("first_s", "revisit_s", "cpu_first_s", "cpu_revisit_s", "browser")},
                "first_ratio": row["first_s"] / f["first_s"],
                "revisit_ratio": row["revisit_s"] / f["revisit_s"],
            }
        )
    out["landing_s"], out["landing_cpu_s"] = mine["landing_s"], mine["landing_cpu_s"]
    out["server_rss_mib"] = max(mine["rss_after_first_mib"], mine["rss_mib"])
    out["server_rss_rounds_mib"] = more
    out["rounds"] = rounds
    log(f"browser: floor {f['first_s']:.2f}/{f['revisit_s']:.2f} s, RSS {out['server_rss_mib']:.0f} MiB then {more}")
    return out
