"""The benchmark's report: the figures as Markdown, written into the measured section of
docs/performance.md (between its markers) so that the document's prose stays."""

from __future__ import annotations

from pathlib import Path

from sangkien.ops.bench.browser import FLOOR_FIRST_GOAL, FLOOR_REVISIT_GOAL, RSS_GOAL_MIB
from sangkien.ops.bench.profile import CATEGORIES

GOAL_MS = 50.0


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
