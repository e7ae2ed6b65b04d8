"""Versioned database files: the pointer, publishing a version, cleanup, the writer lock, readers."""

from __future__ import annotations

import os
import time
from datetime import datetime

import duckdb
import pytest

from sangkien.__main__ import main
from sangkien.storage import db, publish
from tests.fixtures import build_tiny

AS_OF = datetime(2024, 3, 10, 23, 59)


@pytest.fixture
def tiny(tmp_path):
    return build_tiny(tmp_path / "tiny.duckdb")


def count(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from submissions").fetchall()[0][0]


def add_one(con, submission_id: str = "p1") -> None:
    con.execute(
        "insert into submissions values ($id, 'T', 'U-A', null, '2024-03-05 10:00', false, 'state', null, 'updated', null, null, null, null, null)",
        {"id": submission_id},
    )


def test_without_a_pointer_the_configured_file_is_current(tiny):
    assert publish.current_file(tiny) == tiny
    assert publish.version_files(tiny) == []


def test_a_pointer_naming_anything_but_a_file_beside_is_refused(tiny):
    for bad in ("../elsewhere.duckdb", "/etc/passwd", "", ".."):
        publish.pointer_path(tiny).write_text(bad, encoding="utf-8")
        with pytest.raises(publish.VersionError):
            publish.current_file(tiny)


def test_a_new_version_is_published_whole_and_the_old_one_stays_untouched(tiny):
    stages = []
    with publish.new_version(tiny, on_stage=stages.append) as con:
        add_one(con)
    current = publish.current_file(tiny)
    assert current != tiny and current.parent == tiny.parent and current.name.startswith("tiny.v")
    assert stages == ["copied", "written", "closed", "switched"]
    assert (count(tiny), count(current)) == (6, 7)
    assert publish.pointer_path(tiny).read_text(encoding="utf-8").strip() == current.name
    with publish.new_version(tiny) as con:
        add_one(con, "p2")
    assert count(publish.current_file(tiny)) == 8 and count(current) == 7  # versions are never rewritten


def test_an_error_inside_publishes_nothing_and_leaves_nothing(tiny):
    with pytest.raises(RuntimeError), publish.new_version(tiny) as con:
        add_one(con)
        raise RuntimeError("boom")
    assert publish.current_file(tiny) == tiny and count(tiny) == 6
    assert publish.version_files(tiny) == [] and not list(tiny.parent.glob("*.building*"))


def test_cleanup_keeps_the_current_the_newest_and_the_young(tiny):
    old = time.time() - 3600
    names = [f"tiny.v20250101T0000{i:02d}-aaaaaa.duckdb" for i in range(6)]
    for name in names:
        path = tiny.parent / name
        path.write_bytes(b"x")
        os.utime(path, (old, old))
    young = tiny.parent / "tiny.v20250101T000010-bbbbbb.duckdb"
    young.write_bytes(b"x")
    publish.switch(tiny, tiny.parent / names[0])  # the oldest is current
    (tiny.parent / "tiny.v20250101T000020-cccccc.duckdb.building").write_bytes(b"x")
    removed = publish.cleanup(tiny, keep=3, grace_seconds=600)
    left = sorted(p.name for p in publish.version_files(tiny))
    # current (0) + the 3 newest others (4, 5 and the young one); 1, 2, 3 removed; the young one would stay anyway
    assert left == [names[0], names[4], names[5], young.name]
    assert {p.name for p in removed} >= {names[1], names[2], names[3], "tiny.v20250101T000020-cccccc.duckdb.building"}
    assert tiny.exists()


def test_the_writer_lock_is_exclusive(tiny):
    with publish.writer_lock(tiny):
        with pytest.raises(publish.VersionError, match="running"), publish.writer_lock(tiny, timeout=0.3):
            pass
    with publish.writer_lock(tiny, timeout=0.3):
        pass  # released


def test_the_reader_follows_the_pointer_without_a_restart(tiny):
    reader = db.Database(tiny)
    first = reader.run("overview/kpis", campaign_id="T", as_of=AS_OF, scope=None).iloc[0]["count_submitted"]
    version = reader.version
    with publish.new_version(tiny) as con:
        add_one(con)
        con.execute("insert or replace into meta values ('data_version', 'v-test')")
        con.execute(
            "insert into submission_events values ('T', 'U-A', 'submitted', '2024-03-05 10:00', 'state', false, null)"
        )  # enough for the partial-day path; rollups are the importer's business
    assert reader.version == "v-test" != version
    later = reader.run("overview/kpis", campaign_id="T", as_of=datetime(2024, 3, 5, 12, 0), scope=None).iloc[0]["count_submitted"]
    assert first == 6 and later >= 1
    reader.close()


def test_a_query_on_the_old_connection_still_works_after_a_switch(tiny):
    reader = db.Database(tiny)
    old = reader._connection()
    cursor = old.cursor()
    with publish.new_version(tiny) as con:
        add_one(con)
    reader.check()  # switches to the new file, keeps the old connection open for a while
    assert cursor.execute("select count(*) from d.submissions").fetchall() == [(6,)]  # the data version is attached as d
    reader.close()


def test_the_demo_command_publishes_a_version_when_imports_have(tmp_path, capsys):
    path = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(path), "--rows", "1000"]) == 0
    assert publish.current_file(path) == path
    with publish.new_version(path) as con:
        con.execute("delete from submissions where submission_id in (select submission_id from submissions limit 10)")
    assert count(publish.current_file(path)) == 990
    assert main(["demo", "--db", str(path), "--rows", "1000"]) == 0
    capsys.readouterr()
    current = publish.current_file(path)
    assert current != path and count(current) == 1000
