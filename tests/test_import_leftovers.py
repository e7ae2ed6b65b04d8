"""Nothing left behind (issue 22): what killed writers leave (unfinished `.building` copies and
their `.wal` and spill folder, temporary pointer files, versions never published, import
temporaries of dead processes) is removed by the next writer and by `python -m sangkien doctor`,
which also checks the pointer, the versions and the state database. The real kills are in
tests/test_import_kill.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from sangkien.__main__ import main
from sangkien.core import scratch
from sangkien.ingest import importer
from sangkien.ops import doctor
from sangkien.storage import publish
from tests.fixtures import build_tiny
from tests.test_import import HEADER, NOW, write

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tmp_root(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder, for this test only (this process's scratch folder too)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.setattr(scratch, "_folder", None)
    monkeypatch.setattr(scratch, "_fd", None)
    return root


def _dead_scratch(root: Path) -> Path:
    """A scratch folder with a spilled sheet, made by a process that was then killed."""
    code = (
        "import sys, tempfile; tempfile.tempdir = sys.argv[1]; from sangkien.core import scratch; "
        "f = scratch.folder(); (f / 'cells-x.parquet').write_bytes(b'x' * 1000); print(f, flush=True); sys.stdin.readline()"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(root)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    folder = Path(proc.stdout.readline().strip())
    assert folder not in scratch.leftovers(root)  # its owner is alive: not a leftover
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    proc.stdin.close()
    proc.stdout.close()
    return folder


def _leave_leftovers(database: Path, root: Path) -> list[Path]:
    """What killed writers leave beside `database` and in the temporary folder `root`."""
    current = publish.current_file(database)
    building = publish.new_version_path(database)
    building = building.with_name(building.name + publish.BUILDING_SUFFIX)
    building.write_bytes(b"x" * 4096)
    wal = building.with_name(building.name + ".wal")
    wal.write_bytes(b"w")
    spill = building.with_name(building.name + ".tmp")
    spill.mkdir()
    (spill / "duckdb_temp_block.bin").write_bytes(b"t")
    tmp_pointer = publish.pointer_path(database).with_name(publish.pointer_path(database).name + ".tmp-4242")
    tmp_pointer.write_text("x")
    time.sleep(0.01)
    unpublished = publish.new_version_path(database)  # killed at `closed`: renamed, never switched
    unpublished.write_bytes(current.read_bytes())
    old_loose = root / "sangkien-import-abcd.parquet"  # an older importer's spill, no owner lock
    old_loose.write_bytes(b"p")
    os.utime(old_loose, (time.time() - 7200, time.time() - 7200))
    return [building, wal, spill, tmp_pointer, unpublished, _dead_scratch(root), old_loose]


def _published(database: Path) -> Path:
    importer.import_submissions(
        [write(database.parent, "first.csv", f"{HEADER}\nk0;An Phú;05/03/2024 09:00;Đã cập nhật;Nhà nước")], db_path=database, now=NOW
    )
    return publish.current_file(database)


def test_the_next_import_removes_what_killed_writers_left(tmp_path, tmp_root):
    (tmp_path / "db").mkdir()
    database = build_tiny(tmp_path / "db" / "tiny.duckdb")
    current = _published(database)
    left = _leave_leftovers(database, tmp_root)
    fresh_loose = tmp_root / "sangkien-upload-live"  # an upload being imported right now
    fresh_loose.mkdir()
    result = importer.import_submissions(
        [write(tmp_path, "next.csv", f"{HEADER}\nk1;An Phú;05/03/2024 10:00;Đã cập nhật;FDI")], db_path=database, now=NOW
    )
    assert result.totals["count_inserted"] == 1
    assert [p for p in left if p.exists()] == []
    assert current.exists() and fresh_loose.exists()  # the previous version is kept (grace period)
    assert publish.current_file(database) == database.parent / result.version_file


def test_doctor_lists_with_dry_run_then_removes(tmp_path, tmp_root, capsys):
    (tmp_path / "db").mkdir()
    database = build_tiny(tmp_path / "db" / "tiny.duckdb")
    current = _published(database)
    left = _leave_leftovers(database, tmp_root)
    assert main(["doctor", "--db", str(database), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert all(p.exists() for p in left)
    for path in left:
        assert path.name in out, path.name
    assert "Có 7 tệp thừa" in out and "--dry-run" in out and f"✓ Phiên bản đang dùng của cơ sở dữ liệu: {current.name}" in out
    assert main(["doctor", "--db", str(database), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Removed 7 leftovers" in out and "Result: everything is usable." in out
    assert [p for p in left if p.exists()] == [] and current.exists()
    assert main(["doctor", "--db", str(database)]) == 0
    assert "Không có tệp thừa." in capsys.readouterr().out


def test_doctor_reports_a_broken_pointer_and_a_missing_version(tmp_path, tmp_root, capsys):
    (tmp_path / "db").mkdir()
    database = build_tiny(tmp_path / "db" / "tiny.duckdb")
    current = _published(database)
    publish.pointer_path(database).write_text("../etc/passwd\n", encoding="utf-8")
    assert main(["doctor", "--db", str(database)]) == 1
    out = capsys.readouterr().out
    assert "✗ Tệp con trỏ của cơ sở dữ liệu tiny.duckdb hỏng" in out and "1 vấn đề" in out
    assert current.exists()  # a broken pointer: nothing is taken for a leftover
    publish.pointer_path(database).write_text("tiny.v20990101T000000-000000.duckdb\n", encoding="utf-8")
    report = doctor.run(database, dry_run=True)
    assert report.problems == 1 and any("không tồn tại" in line for line in report.lines)


def test_doctor_leaves_a_running_writers_files_alone(tmp_path, tmp_root):
    (tmp_path / "db").mkdir()
    database = build_tiny(tmp_path / "db" / "tiny.duckdb")
    _published(database)
    building = database.with_name("tiny.v20990101T000000-abcdef.duckdb.building")
    building.write_bytes(b"x")
    with publish.writer_lock(database):
        report = doctor.run(database)
    assert building.exists() and any("Đang có tiến trình ghi" in line for line in report.lines)
