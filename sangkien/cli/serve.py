"""`python -m sangkien serve`: one Streamlit server (everything after `serve` goes to `streamlit run
app.py`, sangkien/ops/serve.py's main), or with `--replicas N` nginx in front of N of them until
Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
from pathlib import Path

from sangkien.ops import serve
from sangkien.storage import location


def is_single(argv: list[str]) -> bool:
    """Whether `python -m sangkien ARGV` asks for one server (`serve` without --replicas), whose
    options are Streamlit's and so are not parsed here: run it with `run_single(argv[1:])`."""
    return argv[:1] == ["serve"] and not any(a == "--replicas" or a.startswith("--replicas=") for a in argv)


def run_single(streamlit_args: list[str]) -> int:
    """One server: `streamlit run app.py STREAMLIT_ARGS` with deep links that open cleanly."""
    return serve.main(streamlit_args)


def add_parser(sub) -> None:
    p_serve = sub.add_parser(
        "serve",
        help="run the dashboard (streamlit run app.py; deep links open cleanly on a fresh server); "
        "with --replicas N, nginx in front of N of them (docs/deploy.md)",
    )
    # `serve` alone (is_single) runs one Streamlit server; with --replicas, nginx in front of N of them
    p_serve.add_argument("--replicas", type=int, default=2, help="number of Streamlit processes behind nginx")
    p_serve.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    p_serve.add_argument("--db", type=Path, default=None, help="database (default: SANGKIEN_DB or data/sangkien.duckdb)")


def run(args: argparse.Namespace) -> int:
    say = lambda m: print(f"… {m}", file=sys.stderr, flush=True)  # noqa: E731

    def stop_on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_signal)
    stack = serve.Stack(replicas=args.replicas, port=args.port, db_path=args.db, log=say)
    try:
        say(f"starting nginx and {args.replicas} replica(s) on {stack.db_path or location.db_path()}")
        with stack:
            print(
                f"Sáng kiến: {stack.url}  ({args.replicas} replica(s): {', '.join(stack.replica_urls)}; "
                f"pids {' '.join(map(str, stack.replica_pids))}; logs {stack.run_dir})",
                flush=True,
            )
            while True:
                stack.check_alive()
                time.sleep(1)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr, flush=True)
        return 0
    except serve.ServeError as exc:
        print(f"serve: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        with contextlib.suppress(Exception):
            stack.stop()
