"""The import's figures: a portal-like CSV imported into a copy of a demo database, beside DuckDB's
own read_csv + insert of the same file, and `python -m sangkien import` in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from sangkien.ingest import importer
from sangkien.ops import procs
from sangkien.ops.bench.machine import ROOT
from sangkien.storage import publish


def import_throughput(path: Path, rows: int, log) -> dict:
    """Rows per second importing a 1,000,000-row CSV, beside DuckDB's own read_csv + insert."""
    n = min(rows, 1_000_000)
    log(f"import of a {n:,}-row CSV")
    return import_benchmark(path, n)


def import_benchmark(path: Path, rows: int = 1_000_000, folder: Path | None = None) -> dict:
    """Time the import of a `rows`-row portal-like CSV into a copy of the database at `path`.

    The file is written first (not timed); then the import and a re-import of the same file
    (every row unchanged) are timed. `path` itself is never changed.
    """
    import shutil
    import tempfile

    from sangkien.ingest import sample

    with tempfile.TemporaryDirectory(prefix="sangkien-import-bench-", dir=folder) as tmp:
        target = Path(tmp) / "bench.duckdb"
        shutil.copyfile(publish.current_file(path), target)
        with duckdb.connect(str(target), read_only=True) as con:
            opens, closes = con.execute("select opens_at, closes_at from campaigns order by opens_at desc limit 1").fetchall()[0]
            base_rows = con.execute("select count(*) from submissions").fetchall()[0][0]
        frame = sample.portal_frame(rows, opens, closes, id_prefix="BENCH-")
        csv_path = sample.write_csv(Path(tmp) / "export.csv", frame, title="DANH SÁCH SÁNG KIẾN")
        figures = {
            "rows": rows,
            "into_rows": int(base_rows),
            "file_mib": csv_path.stat().st_size / 2**20,
            "load_avg_1min": os.getloadavg()[0],
        }
        for label in ("", "reimport_"):
            cpu, clock = os.times(), time.perf_counter()
            result = importer.import_submissions([csv_path], db_path=target, who="benchmark")
            seconds = time.perf_counter() - clock
            used = os.times()
            figures[f"{label}seconds"] = seconds
            figures[f"{label}cpu_s"] = (used.user - cpu.user) + (used.system - cpu.system)
            figures[f"{label}totals"] = result.totals
        figures["rows_per_s"] = rows / figures["seconds"]
        figures |= _import_duckdb_baseline(csv_path, Path(tmp))
        figures["vs_duckdb"] = figures["seconds"] / figures["duckdb_seconds"] if figures["duckdb_seconds"] else None
        figures |= _import_cli(csv_path, target)
    return figures


def _import_duckdb_baseline(csv_path: Path, folder: Path) -> dict:
    """DuckDB's own read_csv + insert of the same file into a new database, for comparison."""
    target = folder / "baseline.duckdb"
    cpu, clock = os.times(), time.perf_counter()
    with duckdb.connect(str(target)) as con:
        con.execute("set enable_progress_bar = false")
        con.execute(
            "create table raw as select * from read_csv($path, skip = 1, header = true, all_varchar = true) limit 0",
            {"path": str(csv_path)},
        )
        con.execute("insert into raw select * from read_csv($path, skip = 1, header = true, all_varchar = true)", {"path": str(csv_path)})
        con.execute("checkpoint")
    seconds, used = time.perf_counter() - clock, os.times()
    return {"duckdb_seconds": seconds, "duckdb_cpu_s": (used.user - cpu.user) + (used.system - cpu.system)}


def _import_cli(csv_path: Path, target: Path) -> dict:
    """`python -m sangkien import` end to end in its own process: wall time and peak RSS."""
    clock = time.perf_counter()
    command = [sys.executable, "-m", "sangkien", "import", str(csv_path), "--db", str(target), "--who", "benchmark"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The peak is the child's own high-water mark (VmHWM, reset by exec). Not ru_maxrss: Linux
    # carries it across exec, so it would report this (large) benchmark process as the child's.
    peak_kib = 0
    while proc.poll() is None:
        peak_kib = max(peak_kib, procs.status_kib(proc.pid, "VmHWM"))
        time.sleep(0.02)
    return {"cli_seconds": time.perf_counter() - clock, "cli_ok": proc.returncode == 0, "cli_peak_rss_mib": peak_kib / 1024}
