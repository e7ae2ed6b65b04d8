"""Imports while the dashboard is in use: a killed import leaves the previous version readable,
and an import runs while the app's reader holds its connection (and while another process reads)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from sangkien.ingest import importer
from sangkien.storage import db, publish
from tests.fixtures import build_tiny
from tests.test_import import HEADER, fresh_copy, small_demo_path, write

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "submissions_sample.csv"
T_AS_OF = datetime(2024, 3, 10, 23, 59)
DEMO_AS_OF = datetime(2022, 4, 20, 8, 0)


def kpis(reader: db.Database, campaign_id: str, as_of: datetime) -> int:
    return int(reader.run("overview/kpis", campaign_id=campaign_id, as_of=as_of, scope=None).iloc[0]["count_submitted"])


def start_import(path: Path, database: Path, hold: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if hold:
        env[importer.HOLD_ENV] = hold
    return subprocess.Popen(
        [sys.executable, "-m", "sangkien", "import", str(path), "--db", str(database), "--who", "test"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(proc: subprocess.Popen, marker: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if line.strip() == marker:
            return
    proc.kill()
    raise AssertionError(f"never saw {marker!r}: {''.join(seen)[-2000:]}")


@pytest.mark.parametrize("stage", ["read", "copied", "applied", "written", "closed"])
@pytest.mark.parametrize("published_before", [False, True])
def test_a_killed_import_leaves_the_previous_version_readable(tmp_path, stage, published_before):
    database = build_tiny(tmp_path / "tiny.duckdb")
    if published_before:  # a pointer already names a version: the usual case after the first import
        importer.import_submissions(
            [write(tmp_path, "first.csv", f"{HEADER}\nk0;An Phú;05/03/2024 09:00;Đã cập nhật;Nhà nước")], db_path=database
        )
    pointer_before = publish.pointer_path(database).read_text(encoding="utf-8") if published_before else None
    reader = db.Database(database)
    before = kpis(reader, "T", T_AS_OF)
    rows = "\n".join(f"k{i};Bắc Sơn;06/03/2024 10:{i % 60:02d};Đã cập nhật;FDI" for i in range(1, 400))
    proc = start_import(write(tmp_path, "big.csv", f"{HEADER}\n{rows}"), database, hold=stage)
    try:
        wait_for(proc, f"hold {stage}")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
        proc.stderr.close()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    # the dashboard still reads the previous version, through its open connection and afresh
    assert kpis(reader, "T", T_AS_OF) == before
    fresh = db.Database(database)
    assert kpis(fresh, "T", T_AS_OF) == before
    if published_before:
        assert publish.pointer_path(database).read_text(encoding="utf-8") == pointer_before
    else:
        assert not publish.pointer_path(database).exists()
    # the lock died with the process: the next import goes through and clears the leftovers,
    # including a version killed at `closed` (complete, never published)
    published = set(publish.version_files(database))
    result = importer.import_submissions([tmp_path / "big.csv"], db_path=database)
    assert result.totals["count_inserted"] == 399
    assert kpis(reader, "T", T_AS_OF) == before + 399
    assert not list(tmp_path.glob("*.building*"))
    pointer_after = publish.pointer_path(database).read_text(encoding="utf-8").strip()
    assert set(publish.version_files(database)) == {p for p in published if pointer_before and p.name == pointer_before.strip()} | {
        database.with_name(pointer_after)
    }
    reader.close()
    fresh.close()


def test_an_import_while_the_app_reads_in_another_thread_and_another_process(tmp_path_factory, tmp_path):
    database = fresh_copy(small_demo_path(tmp_path_factory), tmp_path / "db")
    reader = db.Database(database)
    before = kpis(reader, "1TR-2022", DEMO_AS_OF)
    seen, errors, stop = set(), [], threading.Event()

    def keep_reading() -> None:
        # what a Streamlit session does: named queries on the shared reader, one after another
        while not stop.is_set():
            try:
                seen.add((reader.version, kpis(reader, "1TR-2022", DEMO_AS_OF)))
            except Exception as exc:  # noqa: BLE001 - collected, the test fails on any
                errors.append(exc)
            time.sleep(0.01)

    # another process holds the current version open read-only (another Streamlit server)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True); time.sleep(600)",
            str(database),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    thread = threading.Thread(target=keep_reading, daemon=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        thread.start()
        proc = start_import(SAMPLE, database)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        in_process = importer.import_submissions(
            [write(tmp_path, "more.csv", f"{HEADER}\nX-1;Hà Nội;20/04/2022 07:00;Đã cập nhật;Nhà nước")], db_path=database
        )
        assert in_process.totals["count_inserted"] == 1
        time.sleep(0.3)
    finally:
        stop.set()
        thread.join(30)
        holder.kill()
        holder.wait(30)
        holder.stdout.close()
    assert not errors, errors[:3]
    after = kpis(reader, "1TR-2022", DEMO_AS_OF)
    assert after == before + 12 + 1  # every sample row and X-1 were updated before 08:00 on 20/04/2022
    counts = sorted(n for _, n in seen)
    assert counts[0] == before and counts[-1] == after and len({v for v, _ in seen}) >= 2
    reader.close()


def test_a_killed_xlsx_import_leaves_its_spilled_sheet_only_until_the_next_writer(tmp_path):
    """The sheet streamed to a temporary Parquet file lives in the process's scratch folder
    (sangkien/core/scratch.py); after a SIGKILL the next import, or `doctor`, removes it."""
    import openpyxl

    from sangkien.core import scratch

    database = build_tiny(tmp_path / "tiny.duckdb")
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(";"))
    for i in range(300):
        book.active.append([f"x{i}", "An Phú", "05/03/2024 10:00", "Hợp lệ", "FDI"])
    book.save(tmp_path / "big.xlsx")
    root = tmp_path / "tmp"
    root.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), importer.HOLD_ENV: "read", "TMPDIR": str(root)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sangkien", "import", str(tmp_path / "big.xlsx"), "--db", str(database)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(proc, "hold read")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
        proc.stderr.close()
        proc.stdout.close()
    spilled = list(root.glob("sangkien-import-*/*.parquet"))
    assert len(spilled) == 1 and scratch.leftovers(root) == [spilled[0].parent]
    done = subprocess.run(
        [sys.executable, "-m", "sangkien", "doctor", "--db", str(database), "--dry-run"],
        cwd=ROOT,
        env={**env, importer.HOLD_ENV: ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and spilled[0].parent.name in done.stdout and spilled[0].exists()
    done = subprocess.run(
        [sys.executable, "-m", "sangkien", "import", str(tmp_path / "big.xlsx"), "--db", str(database)],
        cwd=ROOT,
        env={**env, importer.HOLD_ENV: ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert not spilled[0].exists() and not list(root.glob("sangkien-import-*/*.parquet"))
