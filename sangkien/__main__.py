"""Command line: `python -m sangkien serve|demo|bench|import|import-targets|export|watchlist|status|users|loadtest|doctor ...`.

Only the parser and the dispatch live here: each command is a module of sangkien/cli/ with
`add_parser(sub)` and `run(args)`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sangkien.cli import demo, export, imports, status, users, watchlist

COMMANDS = {
    "demo": demo,
    "export": export,
    "import": imports,
    "import-targets": imports,
    "watchlist": watchlist,
    "status": status,
    "users": users,
}


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
    for module in dict.fromkeys(COMMANDS.values()):
        module.add_parser(sub)
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
        if args.command in COMMANDS:
            return COMMANDS[args.command].run(args)
        return _legacy(args)


def _legacy(args: argparse.Namespace) -> int:
    if args.command == "doctor":
        from sangkien.ops import doctor

        return doctor.cli(args.db, args.dry_run, args.lang)
    if args.command == "serve":
        from sangkien.ops import serve

        return serve.cli(args.replicas, args.port, args.db)
    if args.command == "loadtest":
        from sangkien.ops import loadtest

        return loadtest.cli(args)
    from sangkien.ops import bench

    return bench.main(args.rows, args.repeat, args.out, browser=not args.no_browser, rounds=args.rounds, only=args.only)


if __name__ == "__main__":
    sys.exit(main())
