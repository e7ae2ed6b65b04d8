"""Command line: `python -m sangkien serve|demo|bench|import|import-targets|export|watchlist|status|users|loadtest|doctor ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sangkien.ingest import demo
from sangkien.storage import db, publish


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"] and not any(a == "--replicas" or a.startswith("--replicas=") for a in argv):
        # one server: everything after `serve` goes to `streamlit run app.py`
        from sangkien.ops import serve

        return serve.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m sangkien", description="Sáng kiến dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "serve",
        help="run the dashboard (streamlit run app.py; deep links open cleanly on a fresh server); "
        "with --replicas N, nginx in front of N of them (docs/deploy.md)",
    )
    p_demo = sub.add_parser("demo", help="build the deterministic demo database")
    p_demo.add_argument("--db", type=Path, default=None, help="output file (default: SANGKIEN_DB or data/sangkien.duckdb)")
    p_demo.add_argument("--rows", type=int, default=demo.DEFAULT_ROWS, help="number of submissions")
    p_demo.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="seed for row-level variation")
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
    for name, what in (("import", "submissions"), ("import-targets", "registered targets")):
        p_import = sub.add_parser(name, help=f"import {what} exported from the portal (CSV/TSV/TXT, XLSX, Parquet); see docs/import.md")
        p_import.add_argument("files", nargs="+", type=Path, metavar="FILE", help="exported files: CSV/TSV/TXT, XLSX or Parquet")
        p_import.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")
        p_import.add_argument("--campaign", default=None, help="campaign id (default: the most recent campaign)")
        p_import.add_argument("--who", default=None, help="name recorded in the import log (default: the login name)")
        p_import.add_argument("--json", action="store_true", help="print the result as JSON")
        p_import.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the messages")
        p_import.add_argument("--rejections", type=Path, default=None, metavar="CSV", help="write every rejected row with its reason here")
        if name == "import-targets":
            p_import.add_argument(
                "--confirm-above-members", action="store_true", help="accept targets above a unit's members (up to 10 times them)"
            )
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
    # the commands that list units (one row per unit, or per unit and reason), with the same options
    for name, what in (
        ("watchlist", "the units to watch, one row per unit and reason (CSV or JSON)"),
        ("status", "every unit's progress status and why, one row per unit (CSV or JSON)"),
    ):
        p_units = sub.add_parser(name, help=what)
        p_units.add_argument("--as-of", default=None, help="minute of the figures, YYYY-MM-DDTHH:MM (default: the latest data)")
        p_units.add_argument("--kind", choices=("province", "sector", "corporation"), default=None, help="only units of this kind")
        where = p_units.add_mutually_exclusive_group()
        where.add_argument("--group", help="only the units of this group, e.g. HN-THAINGUYEN-2022")
        where.add_argument("--region", help="only the units of this region, e.g. TDMNPB")
        p_units.add_argument("--format", choices=("csv", "json"), default="csv")
        p_units.add_argument("--out", type=Path, default=None, help="output file (default: standard output)")
        p_units.add_argument("--lang", choices=("vi", "en"), default="vi")
        p_units.add_argument("--campaign", default=None, help="campaign id (default: the most recent campaign)")
        p_units.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")
    p_users = sub.add_parser("users", help="who may change what: add EMAIL --role ROLE, list, remove EMAIL (see README)")
    users_sub = p_users.add_subparsers(dest="users_action", required=True)
    p_add = users_sub.add_parser("add", help="give an e-mail address a role, or change it")
    p_add.add_argument("email")
    p_add.add_argument("--role", required=True, choices=("viewer", "editor", "admin"))
    users_sub.add_parser("list", help="every address with a role, who granted it and when")
    p_remove = users_sub.add_parser("remove", help="take an address's role away")
    p_remove.add_argument("email")
    for p_user in users_sub.choices.values():
        p_user.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")
        p_user.add_argument("--lang", choices=("vi", "en"), default="vi")
    # `serve` alone (caught above) runs one Streamlit server; with --replicas, nginx in front of N of them
    p_serve = sub.choices["serve"]
    p_serve.add_argument("--replicas", type=int, default=2, help="number of Streamlit processes behind nginx")
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
    # --- doctor (issue 22) ---
    p_doctor = sub.add_parser("doctor", help="check the pointer, the versions and the state database; remove what killed imports left")
    p_doctor.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")
    p_doctor.add_argument("--dry-run", action="store_true", help="only list the leftovers, remove nothing")
    p_doctor.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = parser.parse_args(argv)
    from sangkien.campaign import auth

    # Every command but `serve` acts as the command line (the admin): declared here, at its entry
    # point, and nowhere else; a server's sessions and threads are never the command line.
    with auth.as_command_line():
        return _run(parser, args)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "doctor":
        from sangkien.ops import doctor

        return doctor.cli(args.db, args.dry_run, args.lang)
    if args.command in ("watchlist", "status"):
        import importlib
        import os

        if args.db is not None:
            os.environ["SANGKIEN_DB"] = str(args.db)
        module = importlib.import_module(f"sangkien.campaign.{args.command}")
        return module.cli(args.as_of, args.kind, args.group, args.region, args.format, args.out, args.lang, args.campaign)
    if args.command == "users":
        from sangkien.campaign import auth

        return auth.cli(args.users_action, getattr(args, "email", None), getattr(args, "role", None), args.db, args.lang)
    if args.command == "serve":
        from sangkien.ops import serve

        return serve.cli(args.replicas, args.port, args.db)
    if args.command == "loadtest":
        from sangkien.ops import loadtest

        return loadtest.cli(args)
    if args.command == "export":
        import os

        from sangkien.campaign import meeting

        if args.db is not None:
            os.environ["SANGKIEN_DB"] = str(args.db)
        return meeting.cli(args.group, args.region, args.as_of, args.format, args.out, args.lang, args.campaign)
    if args.command in ("import", "import-targets"):
        from sangkien.cli import imports as import_cli

        kind = "submissions" if args.command == "import" else "targets"
        options = {"confirm_above_members": True} if getattr(args, "confirm_above_members", False) else {}
        return import_cli.cli(kind, args.files, args.db, args.campaign, args.who, args.json, args.lang, args.rejections, **options)
    if args.command == "bench":
        from sangkien.ops import bench

        return bench.main(args.rows, args.repeat, args.out, browser=not args.no_browser, rounds=args.rounds, only=args.only)
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
