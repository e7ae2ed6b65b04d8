"""Command line: `python -m sangkien demo|bench ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sangkien import db, demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sangkien", description="Sáng kiến dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="build the deterministic demo database")
    p_demo.add_argument("--db", type=Path, default=None, help="output file (default: SANGKIEN_DB or data/sangkien.duckdb)")
    p_demo.add_argument("--rows", type=int, default=demo.DEFAULT_ROWS, help="number of submissions")
    p_demo.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="seed for row-level variation")
    p_bench = sub.add_parser("bench", help="measure query, memory and browser figures (see docs/performance.md)")
    p_bench.add_argument("--rows", default="2400000,10000000", help="comma-separated database sizes")
    p_bench.add_argument("--repeat", type=int, default=7, help="repetitions per measurement (median is reported)")
    p_bench.add_argument("--out", default=None, help="Markdown file to write (JSON beside it)")
    p_bench.add_argument("--no-browser", action="store_true", help="skip the Streamlit server and Chromium figures")
    args = parser.parse_args(argv)
    if args.command == "bench":
        from sangkien import bench

        return bench.main(args.rows, args.repeat, args.out, browser=not args.no_browser)
    if args.command == "demo":
        if args.rows < 1000:
            parser.error("--rows must be at least 1000")
        path = args.db or db.db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        result = demo.build(path, rows=args.rows, seed=args.seed, progress=lambda m: print(f"… {m}", file=sys.stderr))
        print(f"{result.path}: {result.rows:,} submissions in {result.seconds:.1f} s, {result.size_bytes / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
