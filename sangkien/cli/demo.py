"""`python -m sangkien demo`: build the deterministic demo database (a new version when imports
have published some, so readers switch to it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sangkien.ingest import demo
from sangkien.storage import location, publish


def _rows(text: str) -> int:
    rows = int(text)
    if rows < 1000:
        raise argparse.ArgumentTypeError("--rows must be at least 1000")
    return rows


def add_parser(sub) -> None:
    p = sub.add_parser("demo", help="build the deterministic demo database")
    p.add_argument("--db", type=Path, default=None, help="output file (default: SANGKIEN_DB or data/sangkien.duckdb)")
    p.add_argument("--rows", type=_rows, default=demo.DEFAULT_ROWS, help="number of submissions (at least 1000)")
    p.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="seed for row-level variation")


def run(args) -> int:
    path = args.db or location.db_path()
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
