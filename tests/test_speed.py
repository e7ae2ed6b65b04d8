"""The speed layers: figures shared by their inputs, results cached per data version, and the
first run's honest progress. (Timings are the benchmark's job; these check behaviour.)"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PIL import Image
from streamlit.testing.v1 import AppTest

from sangkien.ingest import demo
from sangkien.storage import db, location
from sangkien.web import figcache, first_run
from sangkien.web.charts import overview as overview_charts

ROOT = Path(__file__).resolve().parent.parent


def _daily(values) -> pd.DataFrame:
    days = pd.date_range("2022-01-08", periods=len(values), freq="D")
    return pd.DataFrame({"day": days, "count_submitted_cum": values, "pace_count_cum": [v + 1 for v in values]})


def test_a_figure_is_built_once_per_distinct_input():
    figcache.clear()
    a = overview_charts.national_curve(_daily([1, 2, 3]), 10, "stamp", "vi")
    assert overview_charts.national_curve(_daily([1, 2, 3]), 10, "stamp", "vi") is a
    assert overview_charts.national_curve(_daily([1, 2, 4]), 10, "stamp", "vi") is not a  # other data
    assert overview_charts.national_curve(_daily([1, 2, 3]), 10, "stamp", "en") is not a  # other language
    assert overview_charts.national_curve(_daily([1, 2, 3]), 10, "other stamp", "vi") is not a
    # same values in another order are another chart
    assert overview_charts.national_curve(_daily([1, 2, 3]).iloc[::-1], 10, "stamp", "vi") is not a
    assert figcache.stats["hits"] == 1 and figcache.stats["misses"] == 5
    # a builder completing another's figure does not get a shared one: one target line, twice
    assert len(a.layout.shapes) == 1
    assert len(overview_charts.national_curve.uncached(_daily([1, 2, 3]), 10, "stamp", "vi").layout.shapes) == 1


def test_unhashable_inputs_are_built_every_time():
    figcache.clear()
    frame = pd.DataFrame({"codes": [["a", "b"]]})
    calls = []

    def build(x):
        calls.append(x)
        return object()

    build.__module__ = "a_charts_module"  # called from here, i.e. from outside its module
    builder = figcache.cached(build)
    assert builder(frame) is not builder(frame)
    assert len(calls) == 2 and figcache.stats["uncacheable"] == 2


def test_memo_is_per_data_version(tiny_db, use_db, tmp_path):
    own = tmp_path / "own.duckdb"  # its version is changed below: not the shared fixture
    own.write_bytes(tiny_db.read_bytes())
    use_db(own)
    calls = []

    @db.memo()
    def count(campaign_id, scope=None):
        calls.append(campaign_id)
        return db.run("meta/campaigns")

    first = count("C1", scope=["A", "B"])
    assert count("C1", scope=["A", "B"]) is first and len(calls) == 1
    count("C2")
    assert len(calls) == 2
    # a new data version (an import) builds again
    db.database()._version = "another version"
    count("C1", scope=["A", "B"])
    assert len(calls) == 3


def test_first_run_progress_names_the_stage_share_and_time_left():
    share, text = first_run.first_run_text("rollup_cum", 50.0, "vi")
    assert share == demo.STAGE_DONE["rollup_cum"]
    assert "cộng dồn theo ngày" in text and "72%" in text and "còn khoảng 19 giây" in text
    share, text = first_run.first_run_text("knots", 1.0, "en")
    assert share == 0.0 and "estimating the time left" in text and "step 1/" in text
    # stages are in build order and the shares only grow
    assert list(demo.STAGE_DONE.values()) == sorted(demo.STAGE_DONE.values())


def test_first_run_builds_the_demo_and_shows_the_first_page(tmp_path, monkeypatch):
    path = tmp_path / "fresh" / "sangkien.duckdb"
    monkeypatch.setenv("SANGKIEN_DB", str(path))
    monkeypatch.setattr(location, "DEFAULT_DB", path)  # the default file: a missing one is built (a configured one is not)
    stages = []
    real_build = demo.build

    def small_build(target, progress=None, **kwargs):
        def say(stage):
            stages.append(stage)
            progress(stage)

        return real_build(target, rows=5_000, progress=say)

    monkeypatch.setattr(demo, "build", small_build)
    db.close_all()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        assert not at.exception
        assert path.exists()
        assert at.title and at.metric  # the overview
        assert stages == list(demo.STAGE_DONE)  # every stage the bar knows was reported
    finally:
        db.close_all()


def test_page_icon_is_a_file_of_the_repository():
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    assert ':material/lightbulb:", layout' not in text and '"assets" / "icon.png"' in text
    with Image.open(ROOT / "assets" / "icon.png") as icon:
        assert icon.size[0] >= 32 and icon.mode == "RGBA"


def test_a_reading_connection_keeps_a_small_buffer_pool(tiny_db, monkeypatch):
    """Replicas keep answers in their own cache; DuckDB's pool is bounded (SANGKIEN_READER_MEMORY)."""
    monkeypatch.setattr(db, "READER_MEMORY", "96MB")
    reader = db.Database(tiny_db)
    limit = reader._connection().execute("select current_setting('memory_limit')").fetchone()[0]
    assert limit.replace(" ", "") in {"91.5MiB", "96.0MB", "96MB"}, limit


def test_queries_share_pooled_cursors_across_threads(tiny_db):
    """Streamlit runs each rerun on a new thread: a query borrows an idle cursor (views and macros
    already defined) instead of defining them again, and threads at once each get their own."""
    import threading

    reader = db.Database(tiny_db)
    try:
        made = []
        real = reader._checkout

        def counting():
            idle = len(reader._idle)
            cursor, generation = real()
            made.append(idle == 0)
            return cursor, generation

        reader._checkout = counting
        expected = reader.run("overview/kpis", campaign_id="T", as_of="2024-03-05 08:00", scope=None)
        for as_of in ("2024-03-04 08:00", "2024-03-03 08:00"):  # new threads, one after the other
            thread = threading.Thread(
                target=reader.run, args=("overview/kpis",), kwargs={"campaign_id": "T", "as_of": as_of, "scope": None}
            )
            thread.start()
            thread.join()
        assert made == [True, False, False] and len(reader._idle) == 1

        answers, barrier = [], threading.Barrier(4)

        def ask(i):
            barrier.wait()
            answers.append(reader.run("overview/kpis", campaign_id="T", as_of=f"2024-03-05 08:0{i}", scope=None))

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(answers) == 4 and all(a.iloc[0, 0] == expected.iloc[0, 0] for a in answers)
    finally:
        reader.close()


def test_a_cursor_gets_the_macros_its_queries_need_and_keeps_them(tiny_db):
    """A new cursor defines none of the 22 shared macros (30 ms for all of them, more than most
    queries); a query defines those it calls, with the macros they call, once per cursor."""
    every = [name for name, _, _ in db._macro_statements()]
    assert len(every) == len(set(every)) == sum(db.macro_file(f).count("create or replace temp macro") for f in db.MACRO_FILES)
    # a macro's own calls come along: unit_counts_as_of reads unit_totals_as_of, which reads two more
    needed = db.macros_for("select * from unit_counts_as_of($campaign_id, $as_of, $scope)")
    assert needed == ("event_measures", "last_full_day", "unit_events_between", "unit_totals_as_of", "unit_counts_as_of")
    assert db.macros_for("select 1 as n") == ()
    reader = db.Database(tiny_db)
    try:
        reader.run("meta/campaigns")
        (cursor,) = reader._idle
        assert cursor.macros == set(db.macros_for(db.query_text("meta/campaigns")))
        reader.run("overview/kpis", campaign_id="T", as_of="2024-03-05 08:00", scope=None)
        assert reader._idle == [cursor] and set(db.macros_for(db.query_text("overview/kpis"))) <= cursor.macros < set(every)
        defined = {
            r[0]
            for r in cursor.con.execute(
                "select function_name from duckdb_functions() where function_type like '%macro%' and database_name = 'temp'"
            ).fetchall()
        }
        assert defined == cursor.macros
    finally:
        reader.close()


def test_closing_all_but_the_shared_files_keeps_their_cached_answers(tiny_db, tmp_path):
    other = tmp_path / "other.duckdb"
    other.write_bytes(tiny_db.read_bytes())
    kept, closed = db.database(tiny_db), db.database(other)
    kept.run("meta/campaigns")
    db.close_all(keep=(tiny_db,))
    assert db.database(tiny_db) is kept and kept._cache, "the shared file stays open with its answers"
    assert db.database(other) is not closed and closed._con is None
    db.close_all(keep=(tiny_db,))


def test_a_server_freezes_its_long_lived_objects_and_again_after_new_imports(monkeypatch):
    """sangkien/web/heap.py: nothing outside a server; at a server's start the app's web modules
    are imported and every tracked object is frozen; a run after new imports freezes again."""
    import gc
    import sys
    import types

    from sangkien.web import heap

    monkeypatch.setattr(heap, "_modules_at_freeze", -1)
    gc.unfreeze()
    try:
        monkeypatch.setitem(sys.modules, "sangkien_test_heap_a", types.ModuleType("a"))
        heap.freeze_new_modules()  # not a server: nothing frozen
        assert gc.get_freeze_count() == 0
        heap.freeze_at_start()
        assert "sangkien.web.charts.meeting" in sys.modules
        frozen = gc.get_freeze_count()
        assert frozen > 10_000 and len(gc.get_objects()) < frozen // 4  # what is left to scan
        kept = [[i] for i in range(5000)]  # made by a run
        heap.freeze_new_modules()  # nothing imported since: nothing more frozen
        assert gc.get_freeze_count() == frozen
        monkeypatch.setitem(sys.modules, "sangkien_test_heap_b", types.ModuleType("b"))  # a page imported a module
        heap.freeze_new_modules()
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()
