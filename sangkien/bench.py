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

from sangkien import db, demo

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "data" / "bench"
AS_OF = {"close": "2023-09-01T23:59", "mid": "2022-11-15T13:37"}
CAMPAIGN_ID = demo.CAMPAIGN_ID
GOAL_MS = 50.0

# Bare macros: the same interface as queries/_macros.sql, computed from raw submissions.
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


def page_files() -> list[str]:
    """Page files in navigation order, read from app.py's PAGES list."""
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    files = [line.split('"')[3] for line in text.splitlines() if line.strip().startswith('("nav_')]
    return [f for f in files if (ROOT / f).exists()]


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
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


@contextmanager
def streamlit_server(path: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "SANGKIEN_DB": str(path)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sangkien",
            "serve",  # streamlit run app.py, with deep links that open cleanly (sangkien/serve.py)
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
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


def browser_figures(path: Path, log) -> dict:
    """Overview's first chart cold and warm, and the server's RSS after every page was opened."""
    from playwright.sync_api import sync_playwright

    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    out = {}
    with streamlit_server(path) as (proc, url), sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for label in ("cold", "warm"):
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=120_000)
            out[f"first_chart_{label}_s"] = time.perf_counter() - started
            page.close()
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        for stem in page_files():
            slug = _url_path(stem)
            page.goto(f"{url}/{slug}")
            page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
            page.wait_for_timeout(500)
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
        out["server_rss_mib"] = _rss_mib(proc.pid)
        for _ in range(3):  # click around again: memory should not keep growing
            for stem in page_files():
                page.goto(f"{url}/{_url_path(stem)}?as_of=2022-0{3 + _}-15T10:00")
                page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
                page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
        out["server_rss_after_clicking_mib"] = _rss_mib(proc.pid)
        browser.close()
    log(f"browser: {out}")
    return out


def _url_path(page_file: str) -> str:
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    for line in text.splitlines():
        if f'"{page_file}"' in line:
            last = line.rstrip("),").split(",")[-1].strip().strip('"')
            return "" if last == "None" else last
    return ""


def run(
    sizes: list[int],
    repeat: int,
    out: Path | None,
    browser: bool,
    log=print,
    bench_dir: Path = BENCH_DIR,
    moments: tuple[str, ...] = tuple(AS_OF),
) -> dict:
    report = {"generated_at": datetime.now().isoformat(timespec="seconds"), "machine": machine(), "sizes": []}
    for rows in sizes:
        path, build_s = ensure_demo(rows, log, bench_dir)
        entry = {"rows": rows, "demo_build_s": build_s, "db_mib": path.stat().st_size / 2**20, "as_of": {}}
        for label in moments:
            as_of = AS_OF[label]
            log(f"{rows:,} rows, as of {label}: capturing page queries")
            pages = capture_page_queries(path, as_of)
            timings = bench_queries(path, pages, repeat)
            peer = pandas_peer(path, as_of, max(1, repeat // 2))
            for row in timings:
                row["ours_vs_peer"] = peer["rerun_ms"] / row["ours_ms"] if row["ours_ms"] else None
                row["ours_vs_bare"] = row["ours_ms"] / row["bare_ms"] if row["bare_ms"] else None
            entry["as_of"][label] = {"as_of": as_of, "pages": timings, "pandas_peer": peer}
        entry["import"] = import_throughput(path, rows, log)
        if browser:
            entry["browser"] = browser_figures(path, log)
        report["sizes"].append(entry)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        write_markdown(out, markdown(report))
    return report


def import_throughput(path: Path, rows: int, log) -> dict | None:
    """Rows per second importing a 1,000,000-row CSV (when the importer is available)."""
    try:
        from sangkien import importer  # noqa: F401
    except ImportError:
        return None
    bench = getattr(importer, "benchmark", None)
    if bench is None:
        return None
    n = min(rows, 1_000_000)
    log(f"import of a {n:,}-row CSV")
    return bench(path, n)


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
            lines.append("")
        if entry.get("import"):
            imp = entry["import"]
            lines += [f"Import: {imp.get('rows', 0):,} rows in {imp.get('seconds', 0):.1f} s = {imp.get('rows_per_s', 0):,.0f} rows/s.", ""]
        if entry.get("browser"):
            b = entry["browser"]
            lines += [
                f"Browser: overview's first chart {b['first_chart_cold_s']:.2f} s cold, {b['first_chart_warm_s']:.2f} s warm; "
                f"Streamlit server RSS {b['server_rss_mib']:.0f} MiB after every page, {b['server_rss_after_clicking_mib']:.0f} MiB after three more rounds.",
                "",
            ]
    return "\n".join(lines) + "\n"


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


def main(argv_rows: str, repeat: int, out: str | None, browser: bool) -> int:
    sizes = [int(x) for x in argv_rows.split(",") if x.strip()]
    out_path = Path(out) if out else None
    report = run(sizes, repeat, out_path, browser, log=lambda m: print(f"… {m}", file=sys.stderr))
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
