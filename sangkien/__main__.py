"""Command line: `python -m sangkien serve|demo|bench|import|import-targets|export|watchlist|status|users|loadtest|doctor|subscriptions|deliver ...`.

Only the parser and the dispatch live here: each command is a module of sangkien/cli/ with
`add_parser(sub)` and `run(args)`.
"""

from __future__ import annotations

import argparse
import sys

from sangkien.cli import (  # issue 25: e-mailed reports
    bench,
    deliver,
    demo,
    doctor,
    export,
    imports,
    loadtest,
    serve,
    status,
    subscriptions,
    users,
    watchlist,
)

# command name -> its module, in the order `--help` lists them
COMMANDS = {
    "serve": serve,
    "demo": demo,
    "bench": bench,
    "import": imports,
    "import-targets": imports,
    "export": export,
    "watchlist": watchlist,
    "status": status,
    "users": users,
    "loadtest": loadtest,
    "doctor": doctor,
    # issue 25: e-mailed reports
    "subscriptions": subscriptions,
    "deliver": deliver,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if serve.is_single(argv):
        # one server: everything after `serve` goes to `streamlit run app.py`
        return serve.run_single(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m sangkien", description="Sáng kiến dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in dict.fromkeys(COMMANDS.values()):
        module.add_parser(sub)
    args = parser.parse_args(argv)
    from sangkien.campaign import auth

    # Every command but `serve` acts as the command line (the admin): declared here, at its entry
    # point, and nowhere else; a server's sessions and threads are never the command line.
    with auth.as_command_line():
        return COMMANDS[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
