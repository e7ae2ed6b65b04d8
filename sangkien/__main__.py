"""Command line: `python -m sangkien demo|bench|import|import-targets|export|serve|loadtest ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sangkien import db, demo, publish


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
    for name, what in (("import", "submissions"), ("import-targets", "registered targets")):
        p_import = sub.add_parser(name, help=f"import {what} exported from the portal (CSV/TSV/TXT, XLSX, Parquet); see docs/import.md")
        p_import.add_argument("files", nargs="+", type=Path, metavar="FILE", help="exported files: CSV/TSV/TXT, XLSX or Parquet")
        p_import.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")
        p_import.add_argument("--campaign", default=None, help="campaign id (default: the most recent campaign)")
        p_import.add_argument("--who", default=None, help="name recorded in the import log (default: the login name)")
        p_import.add_argument("--json", action="store_true", help="print the result as JSON")
        p_import.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the messages")
        p_import.add_argument("--rejections", type=Path, default=None, metavar="CSV", help="write every rejected row with its reason here")
    p_export = sub.add_parser("export", help="a group's or a region's meeting report as PowerPoint, Excel or CSV files")
    target = p_export.add_mutually_exclusive_group(required=True)
    target.add_argument("--group", help="group id, e.g. HN-THAINGUYEN-2022 (see the meeting page)")
    target.add_argument("--region", help="region code, e.g. TDMNPB (the group VUNG-<CODE>)")
    p_export.add_argument("--as-of", default=None, help="minute of the figures, YYYY-MM-DDTHH:MM (default: the latest data)")
    p_export.add_argument("--format", choices=("pptx", "xlsx", "csv"), required=True)
    p_export.add_argument("--out", type=Path, required=True, help="output file; for csv a folder, or NAME.csv for NAME-<table>.csv files")
    p_export.add_argument("--lang", choices=("vi", "en"), default="vi")
    p_export.add_argument("--campaign", default=None, help="campaign id (default: the most recent campaign)")
    p_export.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")
    p_serve = sub.add_parser("serve", help="nginx in front of N Streamlit replicas on this machine (see docs/deploy.md)")
    p_serve.add_argument("--replicas", type=int, default=2, help="number of Streamlit processes")
    p_serve.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    p_serve.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")
    p_load = sub.add_parser("loadtest", help="browser sessions against a local stack; server CPU per page view (docs/deploy.md)")
    p_load.add_argument("--base", default=None, help="URL of a running `serve` (loopback only)")
    p_load.add_argument("--sessions", type=int, default=6, help="concurrent browser sessions (1-32)")
    p_load.add_argument("--duration", type=float, default=60, help="seconds of load (1-600)")
    p_load.add_argument("--pids", default=None, help="replica process ids, comma-separated (default: from the `serve` state)")
    p_load.add_argument(
        "--compare", default=None, metavar="N,M", help="start `serve` with N, then M replicas and run the same load on each"
    )
    p_load.add_argument("--db", type=Path, default=None, help="database for --compare and --import-file")
    p_load.add_argument(
        "--import",
        dest="import_middle",
        action="store_true",
        help="import half-way through (the sample export with fresh ids) and time its arrival on every replica",
    )
    p_load.add_argument("--import-file", type=Path, default=None, help="with --import: import this file instead")
    p_load.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if args.command == "serve":
        from sangkien import serve

        return serve.cli(args.replicas, args.port, args.db)
    if args.command == "loadtest":
        from sangkien import loadtest

        return loadtest.cli(args)
    if args.command == "export":
        import os

        from sangkien import meeting

        if args.db is not None:
            os.environ["SANGKIEN_DB"] = str(args.db)
        return meeting.cli(args.group, args.region, args.as_of, args.format, args.out, args.lang, args.campaign)
    if args.command in ("import", "import-targets"):
        from sangkien import importer

        kind = "submissions" if args.command == "import" else "targets"
        return importer.cli(kind, args.files, args.db, args.campaign, args.who, args.json, args.lang, args.rejections)
    if args.command == "bench":
        from sangkien import bench

        return bench.main(args.rows, args.repeat, args.out, browser=not args.no_browser)
    if args.command == "demo":
        if args.rows < 1000:
            parser.error("--rows must be at least 1000")
        path = args.db or db.db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        say = lambda m: print(f"… {m}", file=sys.stderr)  # noqa: E731
        if publish.pointer_path(path).exists():
            # Imports have published versions: the demo becomes a new version, readers switch to it.
            with publish.writer_lock(path):
                result = demo.build(publish.new_version_path(path), rows=args.rows, seed=args.seed, progress=say)
                publish.switch(path, result.path)
                publish.cleanup(path)
        else:
            result = demo.build(path, rows=args.rows, seed=args.seed, progress=say)
        print(f"{result.path}: {result.rows:,} submissions in {result.seconds:.1f} s, {result.size_bytes / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
