"""The server builds every page once after it starts and after each new data version
(sangkien/ops/warmup.py), so no visitor pays for a cold cache."""

from __future__ import annotations

import asyncio
import json
import shutil
import time

import duckdb
import pytest

from sangkien.ops import warmup
from sangkien.ops.bench import machine
from sangkien.ops.local_server import streamlit_server
from sangkien.storage import publish


def test_the_pages_warmed_are_the_apps_pages():
    pages = dict(warmup.app_pages())
    assert list(pages)[:2] == ["pages/overview.py", "pages/progress.py"] and "pages/admin.py" not in pages
    assert pages["pages/overview.py"] == "" and pages["pages/watchlist.py"] == "canh-bao"
    assert warmup.page_paths() == list(pages.values()) and machine.page_files() == list(pages)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "http://127.0.0.1:8501"),
        (["--server.port", "8600", "--server.address", "0.0.0.0"], "http://127.0.0.1:8600"),
        (["--server.port=8601", "--server.address=10.0.0.5", "--server.baseUrlPath=/sang-kien/"], "http://10.0.0.5:8601/sang-kien"),
    ],
)
def test_the_address_comes_from_the_servers_options(args, expected):
    assert warmup.server_address(args) == expected


def test_nothing_starts_when_turned_off(monkeypatch):
    monkeypatch.setenv("SANGKIEN_WARMUP", "0")
    assert warmup.start([]) is None


def wait_for_report(path, version: str = "", timeout_s: float = 120.0) -> dict:
    """The warm-up's report at `path` once it names a data version other than `version`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists():
            done = json.loads(path.read_text(encoding="utf-8"))
            if done["version"] != version:
                return done
        time.sleep(0.5)
    raise TimeoutError("no warm-up reported")


@pytest.mark.slow
@pytest.mark.matrix  # the default run checks the same on both replicas of tests/test_deploy.py's stack under load
def test_serve_warms_every_page_at_start_and_after_an_import(tiny_db, tmp_path):
    db_path = tmp_path / "tiny.duckdb"
    shutil.copy(tiny_db, db_path)
    report = tmp_path / "warmup.json"
    with streamlit_server(db_path, env={"SANGKIEN_WARMUP_REPORT": str(report)}) as (_proc, url):
        first = wait_for_report(report)
        assert first["problems"] == [] and first["pages"] == warmup.page_paths()
        assert first["version"] == str(publish.current_file(db_path))
        # a new data version (what an import publishes) is warmed again
        with publish.writer_lock(db_path):
            building = publish.start_version(db_path)
            with duckdb.connect(str(building)) as con:
                con.execute("update meta set value = value || '+1' where key = 'data_version'")
            publish.switch(db_path, publish.finish_version(building))
        again = wait_for_report(report, first["version"])
        assert again["problems"] == [] and again["version"] == str(publish.current_file(db_path)) != first["version"]
        # and a visitor's session asking for every page sees no problem either
        assert asyncio.run(warmup.visit(url)) == []
