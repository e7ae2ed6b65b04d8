"""`python -m sangkien bench`: query, memory and browser figures (sangkien/ops/bench/; docs/performance.md),
or with `--only hostile` the hostile files of docs/security.md (sangkien/ops/bench_hostile.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sangkien.ops import bench_hostile
from sangkien.ops.bench import main as bench
from sangkien.ops.bench import report


def add_parser(sub) -> None:
    p_bench = sub.add_parser("bench", help="measure query, memory and browser figures (see docs/performance.md)")
    p_bench.add_argument("--rows", default="2400000,10000000", help="comma-separated database sizes")
    p_bench.add_argument("--repeat", type=int, default=7, help="repetitions per measurement (median is reported)")
    p_bench.add_argument("--out", default=None, help="Markdown file to write (JSON beside it)")
    p_bench.add_argument("--no-browser", action="store_true", help="skip the Streamlit server and Chromium figures")
    p_bench.add_argument("--rounds", type=int, default=3, help="page-switch revisits per page in Chromium (median is reported)")
    p_bench.add_argument(
        "--only",
        choices=("import", "hostile"),
        default=None,
        help="measure only this part (import: the 1,000,000-row import beside DuckDB's own; hostile: the hostile files of docs/security.md)",
    )


def run(args: argparse.Namespace) -> int:
    """0 when every page's answers agree between ours and bare DuckDB, 1 otherwise."""
    log = lambda m: print(f"… {m}", file=sys.stderr, flush=True)  # noqa: E731
    sizes = [int(x) for x in args.rows.split(",") if x.strip()]
    out_path = Path(args.out) if args.out else None
    if args.only == "hostile":  # the hostile files of issue 22 (docs/security.md)
        hostile_report = bench_hostile.run(log=log)
        if out_path is not None:
            out_path.with_suffix(".hostile.json").write_text(json.dumps(hostile_report, indent=2, default=str), encoding="utf-8")
        print(bench_hostile.markdown(hostile_report))
        return 0
    figures = bench.run(
        sizes,
        args.repeat,
        out_path,
        not args.no_browser,
        log=lambda m: print(f"… {m}", file=sys.stderr),
        browser_rounds=args.rounds,
        only=args.only,
    )
    if out_path is None:
        print(report.markdown(figures))
    else:
        print(f"wrote {out_path} and {out_path.with_suffix('.json')}")
    bad = [
        (e["rows"], label, row["page"])
        for e in figures["sizes"]
        for label, block in e["as_of"].items()
        for row in block["pages"]
        if not row["answers_equal"]
    ]
    if bad:
        print(f"answers differ between ours and bare DuckDB: {bad}", file=sys.stderr)
        return 1
    return 0
