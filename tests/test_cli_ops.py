"""The operations' commands (sangkien/cli/serve.py, bench.py, loadtest.py, doctor.py): each adds its
subparser and runs from the parsed options, with no server or browser started here."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sangkien.cli import bench as bench_cli
from sangkien.cli import doctor as doctor_cli
from sangkien.cli import loadtest as loadtest_cli
from sangkien.cli import serve as serve_cli
from tests.fixtures import build_tiny


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sangkien")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (serve_cli, bench_cli, loadtest_cli, doctor_cli):
        module.add_parser(sub)
    return parser


def test_the_options_parse_as_before():
    parser = _parser()
    args = parser.parse_args(["serve", "--replicas", "3"])
    assert (args.replicas, args.port, args.db) == (3, 8080, None)
    args = parser.parse_args(["bench", "--only", "hostile", "--no-browser"])
    assert (args.rows, args.repeat, args.only, args.no_browser, args.rounds) == ("2400000,10000000", 7, "hostile", True, 3)
    args = parser.parse_args(["loadtest", "--import", "--client", "protocol", "--json", "out.json"])
    assert args.import_middle and args.client == "protocol" and args.json == Path("out.json") and args.sessions == 6
    args = parser.parse_args(["doctor", "--dry-run", "--lang", "en"])
    assert args.dry_run and args.lang == "en" and args.db is None


def test_serve_alone_is_one_streamlit_server():
    assert serve_cli.is_single(["serve", "--server.port", "8600"])
    assert not serve_cli.is_single(["serve", "--replicas", "2"]) and not serve_cli.is_single(["serve", "--replicas=2"])
    assert not serve_cli.is_single(["doctor"])


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["loadtest"], "give --base URL"),
        (["loadtest", "--base", "http://example.com"], "only runs against this machine"),
        (["loadtest", "--base", "http://127.0.0.1:9", "--sessions", "99", "--pids", "1"], "--sessions must be"),
    ],
)
def test_loadtest_refuses_with_status_2(argv, said, capsys):
    assert loadtest_cli.run(_parser().parse_args(argv)) == 2
    assert said in capsys.readouterr().err


def test_doctor_prints_the_report_and_its_status(tmp_path, capsys):
    database = build_tiny(tmp_path / "tiny.duckdb")
    assert doctor_cli.run(_parser().parse_args(["doctor", "--db", str(database), "--dry-run", "--lang", "en"])) == 0
    assert "Result: everything is usable." in capsys.readouterr().out
    assert doctor_cli.run(_parser().parse_args(["doctor", "--db", str(tmp_path / "missing.duckdb")])) == 1
