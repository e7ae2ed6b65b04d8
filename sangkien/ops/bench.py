"""The project's benchmark: `python -m sangkien bench [--rows 2400000,10000000] [--out docs/performance.md]`.

For each size it builds (or reuses) a demo database and measures, side by side:
- ours: every named query each page runs for its default view (captured by running the page
  through AppTest), uncached, at the close of the campaign and at a mid-campaign minute;
- the pandas peer: submissions loaded into a DataFrame once, then a group-by per rerun;
- bare DuckDB: the same SQL over the raw submissions table, without rollups;
- the Streamlit server's memory after every page was opened, and the overview's first chart in
  headless Chromium (cold and warm).
Answers are compared across the three methods; timings are medians after a warm-up.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from sangkien.core import paths
from sangkien.ingest import demo, importer
from sangkien.ops import loadtest, warmup
from sangkien.ops.browser import CHROMIUM, CHROMIUM_ARGS
from sangkien.storage import db, publish

ROOT = paths.ROOT
BENCH_DIR = ROOT / "data" / "bench"
AS_OF = {"close": "2023-09-01T23:59", "mid": "2022-11-15T13:37"}
CAMPAIGN_ID = demo.CAMPAIGN_ID
GOAL_MS = 50.0

# Bare macros: the same interface as queries/_macros.sql, computed from raw submissions (the
# event rules written again, as an unnest rather than store's event_rows.sql, so that the
# comparison checks them rather than repeats them).
BARE_MACROS = """
create or replace temp macro events_as_of(cid, t, scope) as table
    select cast(event_at as date) as day, unit_code, sector, author_is_leader, event, 1 as count_events, benefit_vnd
    from (
        select unit_code, sector, author_is_leader, benefit_vnd, campaign_id,
            unnest([
                {'event': 'submitted', 'at': submitted_at},
                {'event': 'review_started', 'at': review_started_at},
                {'event': case when status = 'invalid' then 'invalid' else 'valid' end, 'at': reviewed_at},
                {'event': 'applied', 'at': applied_at},
                {'event': 'rewarded', 'at': rewarded_at}
            ], recursive := true)
        from submissions
        where campaign_id = cid and (scope is null or list_contains(scope, unit_code))
    ) as x(unit_code, sector, author_is_leader, benefit_vnd, campaign_id, event, event_at)
    where event_at is not null and event_at <= t;

create or replace temp macro totals_as_of(cid, t, scope) as table
    select unit_code, sector, author_is_leader, event, cast(count(*) as bigint) as count_events, sum(benefit_vnd) as benefit_vnd
    from events_as_of(cid, t, scope)
    group by all;

create or replace temp macro unit_events_as_of(cid, t, scope) as table
    select day, unit_code,
        sum(count_events) filter (where event = 'submitted') as count_submitted,
        sum(count_events) filter (where event = 'submitted' and not author_is_leader) as count_submitted_non_leader,
        sum(count_events) filter (where event = 'review_started') as count_review_started,
        sum(count_events) filter (where event = 'valid') as count_valid,
        sum(count_events) filter (where event = 'invalid') as count_invalid,
        sum(count_events) filter (where event = 'applied') as count_applied,
        sum(count_events) filter (where event = 'rewarded') as count_rewarded,
        sum(benefit_vnd) filter (where event = 'applied') as benefit_vnd_applied
    from events_as_of(cid, t, scope)
    group by all;

create or replace temp macro unit_totals_as_of(cid, t, scope) as table
    select unit_code, cast(sum(columns(* exclude (day, unit_code))) as bigint)
    from unit_events_as_of(cid, t, scope)
    group by unit_code;
"""


def bare_macros() -> str:
    """Bare event macros plus the shared unit_counts_as_of definition from queries/_macros.sql."""
    text = db.query_text("_macros")
    marker = "-- One row per unit in scope"
    return BARE_MACROS + "\n" + text[text.index(marker) :]


def machine() -> dict:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    import plotly
    import streamlit

    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 2**30, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "platform": platform.platform(),
    }


def ensure_demo(rows: int, log, bench_dir: Path = BENCH_DIR) -> tuple[Path, float | None]:
    """The demo of a given size, built once and reused; returns (path, build seconds or None)."""
    bench_dir.mkdir(parents=True, exist_ok=True)
    path = bench_dir / f"demo-{rows}.duckdb"
    if path.exists():
        return path, None
    log(f"building demo with {rows:,} rows")
    result = demo.build(path, rows=rows)
    return path, result.seconds


def capture_page_queries(path: Path, as_of: str) -> dict[str, list[tuple[str, dict]]]:
    """Run every page through AppTest and record the named queries it runs (its default view)."""
    from streamlit.testing.v1 import AppTest

    calls: list[tuple[str, dict]] = []
    original = db.run

    def recording(name, **params):
        params.setdefault("scope", None)
        calls.append((name, dict(params)))
        return original(name, **params)

    previous_db = os.environ.get("SANGKIEN_DB")
    os.environ["SANGKIEN_DB"] = str(path)
    db.close_all()
    db.run = recording
    pages: dict[str, list[tuple[str, dict]]] = {}
    try:
        for page in page_files():
            calls.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["as_of"] = as_of
            at.run()
            if page != "pages/overview.py":
                calls.clear()
                at.switch_page(page).run()
            unique = []
            for call in calls:
                if call not in unique:
                    unique.append(call)
            pages[Path(page).stem] = unique
    finally:
        db.run = original
        db.close_all()
        if previous_db is None:
            os.environ.pop("SANGKIEN_DB", None)
        else:
            os.environ["SANGKIEN_DB"] = previous_db
    return pages


CATEGORIES = ("queries", "figures", "formatting", "elements", "other")


def _breakdown(stats) -> dict[str, float]:
    """Seconds of a profiled script run by where they went: named queries (sangkien/storage/db.py),
    building figures (sangkien/web/charts.py), formatting (sangkien/core/fmt.py), Streamlit elements
    (serialising frames and figures, widgets) and the rest (page code, pandas), each counted
    where project code calls into it, so nested calls are not counted twice."""
    entries = stats.stats

    def called_into(is_target, is_inside) -> float:
        total = 0.0
        for func, (_cc, _nc, _tt, _ct, callers) in entries.items():
            if is_target(func):
                total += sum(c[3] for caller, c in callers.items() if not is_inside(caller))
        return total

    def in_file(*names):
        return lambda func: any(func[0].endswith(n) for n in names)

    streamlit_dir = os.sep + "streamlit" + os.sep
    run = [ct for func, (_cc, _nc, _tt, ct, _callers) in entries.items() if func[2] == "_run_script" and streamlit_dir in func[0]]
    compile_s = sum(ct for func, (_cc, _nc, _tt, ct, _c) in entries.items() if func[2] == "get_bytecode")
    total = max(run, default=0.0) - compile_s  # AppTest compiles the scripts on every run; a server once
    out = {
        "queries": called_into(
            lambda f: f[0].endswith(os.path.join("sangkien", "storage", "db.py")) and f[2] == "run", in_file("sangkien/storage/db.py")
        ),
        "figures": called_into(
            in_file("sangkien/web/charts.py", "sangkien/web/figcache.py"), in_file("sangkien/web/charts.py", "sangkien/web/figcache.py")
        ),
        "formatting": called_into(
            in_file("sangkien/core/fmt.py"), in_file("sangkien/core/fmt.py", "sangkien/web/charts.py", "sangkien/web/figcache.py")
        ),
        "elements": called_into(
            lambda f: f[0].endswith(os.path.join("runtime", "metrics_util.py")) and f[2] == "wrapped_func",
            lambda f: streamlit_dir in f[0],
        ),
    }
    out["other"] = max(0.0, total - sum(out.values()))
    return out


def script_profile(path: Path, log=lambda _m: None) -> dict[str, dict]:
    """Each page's script run through AppTest: server CPU of its first visit (caches empty) and
    of a revisit, split by where the time goes (the split is taken from a cProfile of the same
    run, scaled to the unprofiled CPU time), and the sizes of the tables it sends."""
    import cProfile
    import pstats

    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    from sangkien.web import figcache

    profiler: dict = {}
    original = script_runner.ScriptRunner._run_script

    def profiled(self, *args, **kwargs):  # the script runs in its own thread: profile there
        prof = profiler.get("on")
        if prof is None:
            return original(self, *args, **kwargs)
        prof.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            prof.disable()

    def clear() -> None:
        db.close_all()  # the queries' results and every db.memo (the meeting report, the watchlist's cards)
        figcache.clear()

    def measure(at, page: str, profile: bool) -> tuple[float, dict | None]:
        prof = cProfile.Profile() if profile else None
        profiler["on"] = prof
        started = time.process_time()
        at.switch_page(page).run()
        cpu = time.process_time() - started
        profiler["on"] = None
        return cpu, (_breakdown(pstats.Stats(prof)) if prof else None)

    previous_db = os.environ.get("SANGKIEN_DB")
    os.environ["SANGKIEN_DB"] = str(path)
    script_runner.ScriptRunner._run_script = profiled
    out: dict[str, dict] = {}
    try:
        for page in page_files():
            row: dict = {}
            for label, profile in (("first", False), ("revisit", False), ("first_split", True), ("revisit_split", True)):
                if label.startswith("first"):
                    clear()
                    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
                    at.run()
                    if page == "pages/overview.py":  # the app opened on the overview: leave and come back cold
                        clear()
                cpu, split = measure(at, page, profile)
                if label == "revisit":  # one rerun can meet a garbage collection: the median of three
                    cpu = statistics.median([cpu, *(measure(at, page, False)[0] for _ in range(2))])
                if split is None:
                    row[f"cpu_{label}_s"] = cpu
                else:
                    whole = sum(split.values()) or 1.0
                    base = row[f"cpu_{label.removesuffix('_split')}_s"]
                    row[label] = {k: v / whole * base for k, v in split.items()}
            row["table_cells"] = sum(int(el.value.size) for el in [*at.dataframe, *at.table])
            out[Path(page).stem] = row
            log(f"script profile {Path(page).stem}: {row['cpu_first_s'] * 1000:.0f}/{row['cpu_revisit_s'] * 1000:.0f} ms")
    finally:
        script_runner.ScriptRunner._run_script = original
        clear()
        if previous_db is None:
            os.environ.pop("SANGKIEN_DB", None)
        else:
            os.environ["SANGKIEN_DB"] = previous_db
    return out


def page_files() -> list[str]:
    """Page files in navigation order (app.py's PAGES, read by warmup.app_pages)."""
    return [page for page, _ in warmup.app_pages()]


def _time(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def _run_sql(con, macros: str, name: str, params: dict):
    sql = db.query_text(name)
    cursor = con.cursor()
    cursor.execute(macros)
    names = db.used_parameters(sql)
    values = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items() if k in names}
    return lambda: cursor.execute(sql, values).df()


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if a.shape != b.shape or list(a.columns) != list(b.columns):
        return False
    a = a.reset_index(drop=True)
    b = b.reset_index(drop=True)
    for col in a.columns:
        x, y = a[col], b[col]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            if not ((x.fillna(-1).astype(float) - y.fillna(-1).astype(float)).abs() < 1e-6 * (1 + x.fillna(0).abs().astype(float))).all():
                return False
        elif not x.astype(str).equals(y.astype(str)):
            return False
    return True


def bench_queries(path: Path, pages: dict, repeat: int, with_bare: bool = True) -> list[dict]:
    """Per page: the summed median time of its queries, ours and bare, and whether answers agree."""
    con = duckdb.connect(str(path), read_only=True)
    con.execute("set enable_progress_bar = false")
    ours_macros, bare = db.query_text("_macros"), bare_macros()
    rows = []
    try:
        for page, calls in pages.items():
            ours_ms = bare_ms = 0.0
            agree = True
            for name, params in calls:
                ms, ours_df = _time(_run_sql(con, ours_macros, name, params), repeat)
                ours_ms += ms
                if with_bare:
                    ms, bare_df = _time(_run_sql(con, bare, name, params), max(1, repeat // 2))
                    bare_ms += ms
                    agree &= _same(ours_df, bare_df)
            rows.append(
                {"page": page, "queries": len(calls), "ours_ms": ours_ms, "bare_ms": bare_ms if with_bare else None, "answers_equal": agree}
            )
    finally:
        con.close()
    return rows


def pandas_peer(path: Path, as_of: str, repeat: int) -> dict:
    """The common Streamlit pattern: load once, group by on every rerun (overview's figures)."""
    before = _rss_mib()
    started = time.perf_counter()
    con = duckdb.connect(str(path), read_only=True)
    frame = con.execute(
        "select unit_code, submitted_at, author_is_leader, sector, status, review_started_at, reviewed_at, applied_at, rewarded_at from submissions where campaign_id = $c",
        {"c": CAMPAIGN_ID},
    ).df()
    con.close()
    load_s = time.perf_counter() - started
    load_mib = frame.memory_usage(deep=True).sum() / 2**20
    t = pd.Timestamp(as_of.replace("T", " "))

    def rerun():
        sub = frame[frame["submitted_at"] <= t]
        per_unit = sub.groupby("unit_code").size()
        valid = frame[(frame["reviewed_at"] <= t) & (frame["status"] != "invalid")].groupby("unit_code").size()
        daily = sub.groupby(sub["submitted_at"].dt.date).size().cumsum()
        top = per_unit.sort_values(ascending=False).head(10)
        return per_unit, valid, daily, top

    ms, (per_unit, valid, daily, _top) = _time(rerun, repeat)
    # Same answers as ours?
    ours = (
        db.database(path).run("progress/unit_totals", campaign_id=CAMPAIGN_ID, as_of=t.to_pydatetime(), scope=None).set_index("unit_code")
    )
    agree = bool((ours["count_submitted"] == per_unit.reindex(ours.index).fillna(0)).all())
    agree &= bool((ours["count_valid"] == valid.reindex(ours.index).fillna(0)).all())
    return {"rerun_ms": ms, "load_s": load_s, "frame_mib": load_mib, "rss_growth_mib": _rss_mib() - before, "answers_equal": agree}


def _rss_mib(pid: int | None = None) -> float:
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return loadtest.status_kib(pid, "VmRSS") / 1024


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    path: Path | None, script: Path = ROOT / "app.py", port: int | None = None, args: tuple[str, ...] = (), env: dict | None = None
):
    """A Streamlit server on a loopback port (free unless given) for `script` reading database
    `path`; `args` are further Streamlit options (e.g. "--secrets.files", PATH), `env` further
    environment variables (e.g. SANGKIEN_WARMUP)."""
    port = port or free_port()
    env = {**os.environ, **(env or {})}
    if path is not None:
        env["SANGKIEN_DB"] = str(path)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            # the app through `sangkien serve` (deep links open cleanly, sangkien/ops/serve.py); a bare script as is
            *(["sangkien", "serve"] if Path(script).resolve() == (ROOT / "app.py").resolve() else ["streamlit", "run", str(script)]),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


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


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Runs:
    """Counts script runs started and finished from the app's websocket (Streamlit's own signals)."""

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._msg = ForwardMsg
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
    cpu = _cpu_s(proc.pid)
    out["landing_s"] = _goto(page, runs, f"{url}/{slugs[landing]}")
    out["landing_cpu_s"] = _cpu_s(proc.pid) - cpu
    _idle(page)
    for i in measured[:-1]:  # first visits in this session
        _idle(page)
        cpu = _cpu_s(proc.pid)
        out[i]["first_s"] = _click(page, runs, i)
        out[i]["cpu_first_s"] = _cpu_s(proc.pid) - cpu
        out[i]["browser"] = page.evaluate(_DOM_JS)
    out["rss_after_first_mib"] = _rss_mib(proc.pid)
    for _ in range(rounds):
        for i in measured:
            cpu = _cpu_s(proc.pid)
            _idle(page)
            out[i]["revisit_s"].append(_click(page, runs, i))
            out[i]["cpu_revisit_s"].append(_cpu_s(proc.pid) - cpu)
            out[i].setdefault("browser", page.evaluate(_DOM_JS))
    page.close()
    # the landing page's first visit: a second session that lands on the root page
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    runs = _Runs(page)
    _goto(page, runs, url)
    _idle(page)
    cpu = _cpu_s(proc.pid)
    out[landing]["first_s"] = _click(page, runs, landing)
    out[landing]["cpu_first_s"] = _cpu_s(proc.pid) - cpu
    page.close()
    for i in measured:
        row = out[i]
        row["revisit_s"] = statistics.median(row["revisit_s"])
        row["cpu_revisit_s"] = statistics.median(row["cpu_revisit_s"])
    out["rss_mib"] = _rss_mib(proc.pid)
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


def run(
    sizes: list[int],
    repeat: int,
    out: Path | None,
    browser: bool,
    log=print,
    bench_dir: Path = BENCH_DIR,
    moments: tuple[str, ...] = tuple(AS_OF),
    browser_rounds: int = 3,
    browser_pages: list[str] | None = None,
    with_import: bool = True,
    only: str | None = None,
) -> dict:
    """Every figure, or with `only="import"` the import's alone (no page queries, no browser)."""
    report = {"generated_at": datetime.now().isoformat(timespec="seconds"), "machine": machine(), "sizes": []}
    if only == "import":
        moments, browser, with_import = (), False, True
    for rows in sizes:
        path, build_s = ensure_demo(rows, log, bench_dir)
        entry = {"rows": rows, "demo_build_s": build_s, "db_mib": path.stat().st_size / 2**20, "as_of": {}}
        for label in moments:
            as_of = AS_OF[label]
            log(f"{rows:,} rows, as of {label}: capturing page queries")
            pages = capture_page_queries(path, as_of)
            timings = bench_queries(path, pages, repeat)
            # the one progress verdict on its own (issue 21's goal: <= 50 ms at 10M submissions)
            rule = {"status": [("status/unit_status", {"campaign_id": CAMPAIGN_ID, "as_of": datetime.fromisoformat(as_of), "scope": None})]}
            status_ms = bench_queries(path, rule, repeat, with_bare=False)[0]["ours_ms"]
            peer = pandas_peer(path, as_of, max(1, repeat // 2))
            for row in timings:
                row["ours_vs_peer"] = peer["rerun_ms"] / row["ours_ms"] if row["ours_ms"] else None
                row["ours_vs_bare"] = row["ours_ms"] / row["bare_ms"] if row["bare_ms"] else None
            entry["as_of"][label] = {"as_of": as_of, "pages": timings, "pandas_peer": peer, "status_ms": status_ms}
        entry["script"] = script_profile(path, log) if only is None else None
        entry["import"] = import_throughput(path, rows, log) if with_import else None
        if browser:
            entry["browser"] = browser_figures(path, log, rounds=browser_rounds, pages=browser_pages)
        report["sizes"].append(entry)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        write_markdown(out, markdown(report))
    return report


def import_throughput(path: Path, rows: int, log) -> dict:
    """Rows per second importing a 1,000,000-row CSV, beside DuckDB's own read_csv + insert."""
    n = min(rows, 1_000_000)
    log(f"import of a {n:,}-row CSV")
    return import_benchmark(path, n)


def import_benchmark(path: Path, rows: int = 1_000_000, folder: Path | None = None) -> dict:
    """Time the import of a `rows`-row portal-like CSV into a copy of the database at `path`.

    The file is written first (not timed); then the import and a re-import of the same file
    (every row unchanged) are timed. `path` itself is never changed.
    """
    import shutil
    import tempfile

    from sangkien.ingest import sample

    with tempfile.TemporaryDirectory(prefix="sangkien-import-bench-", dir=folder) as tmp:
        target = Path(tmp) / "bench.duckdb"
        shutil.copyfile(publish.current_file(path), target)
        with duckdb.connect(str(target), read_only=True) as con:
            opens, closes = con.execute("select opens_at, closes_at from campaigns order by opens_at desc limit 1").fetchall()[0]
            base_rows = con.execute("select count(*) from submissions").fetchall()[0][0]
        frame = sample.portal_frame(rows, opens, closes, id_prefix="BENCH-")
        csv_path = sample.write_csv(Path(tmp) / "export.csv", frame, title="DANH SÁCH SÁNG KIẾN")
        figures = {
            "rows": rows,
            "into_rows": int(base_rows),
            "file_mib": csv_path.stat().st_size / 2**20,
            "load_avg_1min": os.getloadavg()[0],
        }
        for label in ("", "reimport_"):
            cpu, clock = os.times(), time.perf_counter()
            result = importer.import_submissions([csv_path], db_path=target, who="benchmark")
            seconds = time.perf_counter() - clock
            used = os.times()
            figures[f"{label}seconds"] = seconds
            figures[f"{label}cpu_s"] = (used.user - cpu.user) + (used.system - cpu.system)
            figures[f"{label}totals"] = result.totals
        figures["rows_per_s"] = rows / figures["seconds"]
        figures |= _import_duckdb_baseline(csv_path, Path(tmp))
        figures["vs_duckdb"] = figures["seconds"] / figures["duckdb_seconds"] if figures["duckdb_seconds"] else None
        figures |= _import_cli(csv_path, target)
    return figures


def _import_duckdb_baseline(csv_path: Path, folder: Path) -> dict:
    """DuckDB's own read_csv + insert of the same file into a new database, for comparison."""
    target = folder / "baseline.duckdb"
    cpu, clock = os.times(), time.perf_counter()
    with duckdb.connect(str(target)) as con:
        con.execute("set enable_progress_bar = false")
        con.execute(
            "create table raw as select * from read_csv($path, skip = 1, header = true, all_varchar = true) limit 0",
            {"path": str(csv_path)},
        )
        con.execute("insert into raw select * from read_csv($path, skip = 1, header = true, all_varchar = true)", {"path": str(csv_path)})
        con.execute("checkpoint")
    seconds, used = time.perf_counter() - clock, os.times()
    return {"duckdb_seconds": seconds, "duckdb_cpu_s": (used.user - cpu.user) + (used.system - cpu.system)}


def _import_cli(csv_path: Path, target: Path) -> dict:
    """`python -m sangkien import` end to end in its own process: wall time and peak RSS."""
    import subprocess

    clock = time.perf_counter()
    command = [sys.executable, "-m", "sangkien", "import", str(csv_path), "--db", str(target), "--who", "benchmark"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The peak is the child's own high-water mark (VmHWM, reset by exec). Not ru_maxrss: Linux
    # carries it across exec, so it would report this (large) benchmark process as the child's.
    peak_kib = 0
    while proc.poll() is None:
        peak_kib = max(peak_kib, loadtest.status_kib(proc.pid, "VmHWM"))
        time.sleep(0.02)
    return {"cli_seconds": time.perf_counter() - clock, "cli_ok": proc.returncode == 0, "cli_peak_rss_mib": peak_kib / 1024}


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        "## Measured figures",
        "",
        f"Generated {report['generated_at']} by `python -m sangkien bench` on {m['cores']} cores, {m['memory_gib']} GiB "
        f"(Python {m['python']}, DuckDB {m['duckdb']}, pandas {m['pandas']}, Streamlit {m['streamlit']}). "
        "Times are medians after a warm-up, in milliseconds, for all the queries a page runs for its default view, uncached.",
        "",
    ]
    for entry in report["sizes"]:
        build = f"{entry['demo_build_s']:.1f} s" if entry["demo_build_s"] else "reused"
        lines += [f"### {entry['rows']:,} submissions (database {entry['db_mib']:.0f} MiB, demo build {build})", ""]
        for label, block in entry["as_of"].items():
            peer = block["pandas_peer"]
            lines += [
                f"As of {block['as_of']} ({label}). pandas peer: load {peer['load_s']:.1f} s, frame {peer['frame_mib']:.0f} MiB, "
                f"one rerun {peer['rerun_ms']:.0f} ms, answers equal: {peer['answers_equal']}.",
                "",
                "| page | queries | ours (ms) | bare DuckDB (ms) | ours / bare | peer rerun / ours | answers equal | ≤ 50 ms |",
                "|---|---:|---:|---:|---:|---:|---|---|",
            ]
            for row in block["pages"]:
                lines.append(
                    f"| {row['page']} | {row['queries']} | {row['ours_ms']:.1f} | {row['bare_ms']:.1f} | {row['ours_vs_bare']:.2f} | "
                    f"{row['ours_vs_peer']:.0f}× | {row['answers_equal']} | {'yes' if row['ours_ms'] <= GOAL_MS else 'NO'} |"
                )
            if block.get("status_ms") is not None:
                lines += [
                    f"The status query alone (`status/unit_status`, the one verdict): {block['status_ms']:.1f} ms (goal ≤ 50 ms).",
                    "",
                ]
            lines.append("")
        if entry.get("import"):
            imp = entry["import"]
            lines += [
                f"Import: {imp.get('rows', 0):,} rows in {imp.get('seconds', 0):.1f} s = {imp.get('rows_per_s', 0):,.0f} rows/s "
                f"({imp.get('cpu_s', 0):.1f} CPU-s; re-import of the same file, every row unchanged, {imp.get('reimport_seconds', 0):.1f} s, "
                f"{imp.get('reimport_cpu_s', 0):.1f} CPU-s; load average {imp.get('load_avg_1min', 0):.1f} before).",
                "",
            ]
            if imp.get("duckdb_seconds"):
                lines += [
                    f"Import beside DuckDB's own read_csv + insert of the same file: {imp['duckdb_seconds']:.1f} s "
                    f"({imp.get('duckdb_cpu_s', 0):.1f} CPU-s), ours {imp['vs_duckdb']:.1f}× (goal ≤ 4×; in CPU-s "
                    f"{imp['cpu_s'] / imp['duckdb_cpu_s'] if imp.get('duckdb_cpu_s') else 0:.1f}×; "
                    f"≥ 500,000 rows/s: {'yes' if imp['rows_per_s'] >= 500_000 else 'NO'}); "
                    f"`python -m sangkien import` of the same file (all rows unchanged) {imp['cli_seconds']:.1f} s, "
                    f"peak RSS {imp['cli_peak_rss_mib']:.0f} MiB (goal ≤ 1024).",
                    "",
                ]
        if entry.get("browser"):
            lines += _browser_markdown(entry["browser"], entry["rows"])
        if entry.get("script"):
            lines += _script_markdown(entry["script"])
    return "\n".join(lines) + "\n"


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f}"


def _browser_markdown(b: dict, rows: int) -> list[str]:
    f = b["floor"]
    lines = [
        f"**Page switch in headless Chromium**, clicking the sidebar and waiting until the script finished, nothing is stale "
        f"and every chart is drawn (first visit in a session; revisit: median of {b.get('rounds', 3)}). Before the clicks, each "
        f"server had every page built once by one session, as `sangkien serve` does by itself when it starts and after each "
        f"import (`sangkien/ops/warmup.py`; ours took {b.get('warmup_s', float('nan')):.1f} s), so a first visit is a new "
        f"session's first view of a page, not the process's first build. Floor: a bare Streamlit "
        f"page (one metric, one 63-bar Plotly chart, one table; `sangkien/ops/bench_floor.py`) measured in the same run: "
        f"{f['first_s']:.2f} s first visit, {f['revisit_s']:.2f} s revisit, server CPU {_ms(f['cpu_first_s'])}/{_ms(f['cpu_revisit_s'])} ms. "
        f"Goals: ≤ {FLOOR_FIRST_GOAL:g}× the floor on first visit, ≤ {FLOOR_REVISIT_GOAL:g}× on revisit.",
        "",
        "| page | first visit (s) | × floor | revisit (s) | × floor | goals | server CPU first / revisit (ms) | elements | charts / traces | tables (grids / cells) | DOM nodes |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in b["pages"]:
        ok = row["first_ratio"] <= FLOOR_FIRST_GOAL and row["revisit_ratio"] <= FLOOR_REVISIT_GOAL
        d = row["browser"]
        lines.append(
            f"| {row['page']} | {row['first_s']:.2f} | {row['first_ratio']:.1f}× | {row['revisit_s']:.2f} | {row['revisit_ratio']:.1f}× | "
            f"{'met' if ok else 'NO'} | {_ms(row['cpu_first_s'])} / {_ms(row['cpu_revisit_s'])} | {d['elements']} | {d['charts']} / {d['traces']} | "
            f"{d['dataframes']} / {d['table_cells']} | {d['dom_nodes']} |"
        )
    rss = b["server_rss_rounds_mib"]
    lines += [
        "",
        f"Opening the app by its address (a new session): ours {b['landing_s']:.2f} s, server CPU {_ms(b['landing_cpu_s'])} ms; "
        f"floor {f['landing_s']:.2f} s, {_ms(f['landing_cpu_s'])} ms. Streamlit server RSS after every page: {b['server_rss_mib']:.0f} MiB "
        f"(goal ≤ {RSS_GOAL_MIB} MiB: {'met' if max([b['server_rss_mib'], *rss]) <= RSS_GOAL_MIB else 'NO'}); after each further round "
        f"of sessions clicking every page: {', '.join(f'{x:.0f}' for x in rss)} MiB (the floor's server: {f['rss_mib']:.0f} MiB).",
        "",
    ]
    return lines


def _script_markdown(script: dict) -> list[str]:
    lines = [
        "**Where a page's server time goes** (the script run through AppTest; first visit with every cache empty, revisit "
        "with the caches filled by the first, median of three; CPU ms, split by a cProfile of one more run: named queries, building figures, "
        "formatting, Streamlit elements (serialising frames and figures, widgets), the rest (page code, pandas)).",
        "",
        "| page | first visit (ms) | queries | figures | formatting | elements | rest | revisit (ms) | queries | figures | formatting | elements | rest | table cells sent |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, row in script.items():
        first, again = row["first_split"], row["revisit_split"]
        lines.append(
            f"| {page} | {_ms(row['cpu_first_s'])} | "
            + " | ".join(_ms(first[c]) for c in CATEGORIES)
            + f" | {_ms(row['cpu_revisit_s'])} | "
            + " | ".join(_ms(again[c]) for c in CATEGORIES)
            + f" | {row['table_cells']:,} |"
        )
    return [*lines, ""]


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_markdown(out: Path, text: str) -> None:
    """Replace the measured section of an existing document, keeping its prose."""
    if out.exists():
        doc = out.read_text(encoding="utf-8")
        if START in doc and END in doc:
            head, rest = doc.split(START, 1)
            tail = rest.split(END, 1)[1]
            out.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")
            return
    out.write_text(text, encoding="utf-8")


def main(argv_rows: str, repeat: int, out: str | None, browser: bool, rounds: int = 3, only: str | None = None) -> int:
    sizes = [int(x) for x in argv_rows.split(",") if x.strip()]
    out_path = Path(out) if out else None
    if only == "hostile":  # the hostile files of issue 22 (docs/security.md)
        from sangkien.ops import bench_hostile

        return bench_hostile.main(out_path)
    report = run(sizes, repeat, out_path, browser, log=lambda m: print(f"… {m}", file=sys.stderr), browser_rounds=rounds, only=only)
    if out_path is None:
        print(markdown(report))
    else:
        print(f"wrote {out_path} and {out_path.with_suffix('.json')}")
    bad = [
        (e["rows"], label, row["page"])
        for e in report["sizes"]
        for label, block in e["as_of"].items()
        for row in block["pages"]
        if not row["answers_equal"]
    ]
    if bad:
        print(f"answers differ between ours and bare DuckDB: {bad}", file=sys.stderr)
        return 1
    return 0
