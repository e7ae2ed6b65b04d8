"""The whole benchmark (`python -m sangkien bench [--rows 2400000,10000000] [--out docs/performance.md]`).

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
from datetime import datetime
from pathlib import Path

from sangkien.ops.bench import report as report_md
from sangkien.ops.bench.browser import browser_figures
from sangkien.ops.bench.imports import import_throughput
from sangkien.ops.bench.machine import AS_OF, BENCH_DIR, CAMPAIGN_ID, ensure_demo, machine
from sangkien.ops.bench.profile import script_profile
from sangkien.ops.bench.queries import bench_queries, capture_page_queries, pandas_peer


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
        report_md.write_markdown(out, report_md.markdown(report))
    return report
