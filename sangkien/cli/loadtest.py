"""`python -m sangkien loadtest`: browser or protocol sessions against a local stack, server CPU per
page view (sangkien/ops/loadtest.py; docs/deploy.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sangkien.ops import loadtest


def add_parser(sub) -> None:
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
        "--client",
        choices=("browser", "protocol"),
        default="browser",
        help="browser: headless Chromium tabs (what a visitor feels); protocol: websocket sessions without drawing (what the server pays, docs/deploy.md)",
    )
    p_load.add_argument(
        "--import",
        dest="import_middle",
        action="store_true",
        help="import half-way through (the sample export with fresh ids) and time its arrival on every replica",
    )
    p_load.add_argument("--import-file", type=Path, default=None, help="with --import: import this file instead")
    p_load.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")


def run(args: argparse.Namespace) -> int:
    """0 when no view had an error, 1 when one had, 2 when the load test was refused."""
    say = lambda m: print(f"… {m}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        if args.compare:
            counts = [int(x) for x in args.compare.split(",") if x.strip()]
            results = loadtest.compare(
                counts, args.sessions, args.duration, args.db, args.import_middle, say, args.import_file, args.client
            )
        else:
            if not args.base:
                raise loadtest.LoadTestError("give --base URL of a running `serve`, or --compare 1,2")
            loadtest.check_loopback(args.base)
            pids = [int(x) for x in args.pids.split(",")] if args.pids else None
            results = [
                loadtest.against_running(
                    args.base, args.sessions, args.duration, pids, args.db, args.import_middle, args.import_file, args.client
                )
            ]
    except (loadtest.LoadTestError, ValueError) as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return 2
    for r in results:
        print(loadtest.summary(r))
    print()
    print(loadtest.markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return 0 if all(r["errors"] == 0 for r in results) else 1
