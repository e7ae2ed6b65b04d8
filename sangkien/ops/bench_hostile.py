"""`python -m sangkien bench --only hostile`: the hostile files of issue 22 against the importer
and the server (docs/security.md keeps the figures).

For each file (built by sangkien/ops/hostile.py in a temporary folder): the command-line import into
a copy of a small demo, in its own process: wall time, peak RSS (VmHWM), exit status and the
first line of its message (goals: ≤ 60 s, ≤ 1 GB, refused or imported). Then a single server
(`python -m sangkien serve`): an anonymous session PUTs each file to the upload endpoint; its
answer and the server's RSS growth (goal ≤ 600 MB; the gate's aim < 10 MB).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sangkien.core import paths
from sangkien.ingest import demo
from sangkien.ops import health, hostile, procs, upload_probe
from sangkien.ops.local_server import streamlit_server

ROOT = paths.ROOT
ROWS = [["x", "TP.HCM", "20/04/2022 07:45", "Đã cập nhật", "Nhà nước"], ["y", "TP.HCM", "20/04/2022 07:50", "Đang xét duyệt", "Nhà nước"]]
TIMEOUT_S = 300


def files(folder: Path, log) -> dict[str, Path]:
    built = {}
    for label, make in (
        ("bomb_shared_strings_1gib", lambda p: hostile.decompression_bomb(p, 2**30, rows=ROWS)),
        ("bomb_shared_strings_110mb", lambda p: hostile.decompression_bomb(p, 110 * 2**20, rows=ROWS)),
        ("dimension_xfd", lambda p: hostile.declared_dimension(p, rows=ROWS)),
        ("one_row_1m_columns", lambda p: hostile.one_wide_row(p, 1_000_000)),
        ("csv_50mb_quoted_break", lambda p: hostile.csv_with_quoted_break(p, 50 * 2**20, rows=ROWS)),
    ):
        suffix = ".csv" if label.startswith("csv") else ".xlsx"
        log(f"building {label}")
        built[label] = make(folder / f"{label}{suffix}")
    return built


def cli_import(path: Path, database: Path) -> dict:
    clock = time.perf_counter()
    command = [sys.executable, "-m", "sangkien", "import", str(path), "--db", str(database), "--who", "benchmark", "--lang", "en"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_kib, killed = 0, False
    while proc.poll() is None:
        peak_kib = max(peak_kib, procs.status_kib(proc.pid, "VmHWM"))
        if time.perf_counter() - clock > TIMEOUT_S:
            proc.kill()
            killed = True
        time.sleep(0.02)
    out, err = proc.communicate()
    said = [line for line in (err.strip() or out.strip()).splitlines() if line.strip() and "%" not in line]
    return {
        "seconds": time.perf_counter() - clock,
        "peak_rss_mib": peak_kib / 1024,
        "exit": proc.returncode,
        "killed": killed,
        "message": (said[-1] if said else "")[:300],
        "imported": proc.returncode == 0,
    }


def server_uploads(built: dict[str, Path], database: Path, log) -> dict:
    """An anonymous session of a single server PUTs each file: status and RSS growth."""
    with streamlit_server(database, env={"SANGKIEN_WARMUP": "0"}) as (proc, base):
        return _uploads(proc, base, built, log)


def _uploads(proc, base: str, built: dict[str, Path], log) -> dict:
    results: dict = {}
    if not health.wait_healthy(base, time.monotonic() + 120, pause=0.3, proc=proc):
        return {"error": "the server did not start"}
    cookie = upload_probe.browser_cookies(base)
    session, ws, loop = upload_probe.open_session(base, cookie)
    try:
        time.sleep(1.0)
        start = procs.rss_mib(proc.pid)
        uploads = [(label, path.stat().st_size) for label, path in built.items()] + [("anonymous_100mb", 100 * 2**20)]
        for label, size in uploads:
            before = procs.rss_mib(proc.pid)
            status = upload_probe.put_upload(base, session, cookie, size)
            time.sleep(0.5)
            results[label] = {"status": status, "rss_growth_mib": procs.rss_mib(proc.pid) - before}
            log(f"upload {label}: {status}")
        results["total_growth_mib"] = procs.rss_mib(proc.pid) - start
    finally:
        loop.run_until_complete(ws.close())
        loop.close()
    return results


def run(log=print) -> dict:
    import shutil

    report = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "load_avg_1min": os.getloadavg()[0], "files": {}, "server": {}}
    with tempfile.TemporaryDirectory(prefix="sangkien-bench-hostile-") as tmp:
        folder = Path(tmp)
        log("building a 2,000-row demo to import into")
        base = demo.build(folder / "base.duckdb", rows=2000).path
        built = files(folder, log)
        for label, path in built.items():
            database = folder / f"db-{label}" / "demo.duckdb"
            database.parent.mkdir()
            shutil.copyfile(base, database)
            log(f"importing {label} ({path.stat().st_size / 2**20:.2f} MB)")
            report["files"][label] = {"file_mib": path.stat().st_size / 2**20, **cli_import(path, database)}
            log(json.dumps(report["files"][label], default=str))
        report["server"] = server_uploads(built, base, log)
    return report


def markdown(report: dict) -> str:
    lines = [
        f"Measured {report['generated_at']} (load average {report['load_avg_1min']:.1f} on 2 cores).",
        "",
        "| file | on disk | CLI import: outcome | time | peak RSS | anonymous PUT to the upload endpoint | server RSS growth |",
        "|---|---|---|---|---|---|---|",
    ]
    server = report.get("server", {})
    for label, f in report["files"].items():
        outcome = "imported" if f["imported"] else ("killed" if f["killed"] else f"refused: {f['message']}")
        put = server.get(label, {})
        lines.append(
            f"| {label} | {f['file_mib']:.2f} MB | {outcome} | {f['seconds']:.1f} s | {f['peak_rss_mib']:.0f} MB | "
            f"{put.get('status', '–')} | {put.get('rss_growth_mib', float('nan')):.1f} MB |"
        )
    if "anonymous_100mb" in server:
        a = server["anonymous_100mb"]
        lines.append(f"| 100 MB of zeros | – | – | – | – | {a['status']} | {a['rss_growth_mib']:.1f} MB |")
    if "total_growth_mib" in server:
        lines.append("")
        lines.append(f"Server RSS growth over all the PUTs together: {server['total_growth_mib']:.1f} MB.")
    return "\n".join(lines) + "\n"
