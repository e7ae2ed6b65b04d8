"""`python -m sangkien doctor [--db PATH] [--dry-run] [--lang vi|en]`: check the pointer, the versions
and the state database, remove what killed imports left (sangkien/ops/doctor.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sangkien.ops import doctor


def add_parser(sub) -> None:
    p_doctor = sub.add_parser("doctor", help="check the pointer, the versions and the state database; remove what killed imports left")
    p_doctor.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")
    p_doctor.add_argument("--dry-run", action="store_true", help="only list the leftovers, remove nothing")
    p_doctor.add_argument("--lang", choices=("vi", "en"), default="vi")


def run(args: argparse.Namespace) -> int:
    """0 when everything checked is usable, 1 when a pointer or a database is not."""
    report = doctor.run(args.db, args.dry_run, args.lang)
    print("\n".join(report.lines))
    sys.stdout.flush()
    return 1 if report.problems else 0
