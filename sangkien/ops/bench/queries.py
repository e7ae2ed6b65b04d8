"""The query figures: the named queries each page runs for its default view (captured by running
the page through AppTest), timed uncached as ours and as bare DuckDB over the raw submissions
table, their answers compared; and the pandas peer (load once, group by on every rerun)."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import duckdb
import pandas as pd

from sangkien.ops import procs
from sangkien.ops.bench.machine import CAMPAIGN_ID, ROOT, page_files
from sangkien.storage import db

# Bare macros: the same interface as queries/_macros/, computed from raw submissions (the
# event rules written again, as an unnest rather than store's event_rows.sql, so that the
# comparison checks them rather than repeats them).
BARE_MACROS = """
create or replace temp macro events_as_of(cid, t, scope) as table
    select cast(event_at as date) as day, unit_code, sector, author_is_leader, event, 1 as count_events, benefit_vnd
    from (
        select unit_code, sector, author_is_leader, benefit_vnd, campaign_id,
            unnest([
                {'event': 'submitted', 'at': submitted_at},
                {'event': 'review_started', 'at': review_started_at},
                {'event': case when status = 'invalid' then 'invalid' else 'valid' end, 'at': reviewed_at},
                {'event': 'applied', 'at': applied_at},
                {'event': 'rewarded', 'at': rewarded_at}
            ], recursive := true)
        from submissions
        where campaign_id = cid and (scope is null or list_contains(scope, unit_code))
    ) as x(unit_code, sector, author_is_leader, benefit_vnd, campaign_id, event, event_at)
    where event_at is not null and event_at <= t;

create or replace temp macro totals_as_of(cid, t, scope) as table
    select unit_code, sector, author_is_leader, event, cast(count(*) as bigint) as count_events, sum(benefit_vnd) as benefit_vnd
    from events_as_of(cid, t, scope)
    group by all;

create or replace temp macro unit_events_as_of(cid, t, scope) as table
    select day, unit_code, m.*
    from (
        select day, unit_code, event_measures(event, author_is_leader, count_events, benefit_vnd) as m
        from events_as_of(cid, t, scope)
        group by all
    );

create or replace temp macro unit_totals_as_of(cid, t, scope) as table
    select unit_code, cast(sum(columns(* exclude (day, unit_code))) as bigint)
    from unit_events_as_of(cid, t, scope)
    group by unit_code;
"""


def bare_macros() -> str:
    """The shared macros with the bare staging macros in place of queries/_macros/20_staging.sql
    (the event→measure mapping, the calendar and the per-unit base are the app's own)."""
    return db.macros(instead={"20_staging": BARE_MACROS})


def capture_page_queries(path: Path, as_of: str) -> dict[str, list[tuple[str, dict]]]:
    """Run every page through AppTest and record the named queries it runs (its default view)."""
    from streamlit.testing.v1 import AppTest

    calls: list[tuple[str, dict]] = []
    original = db.run

    def recording(name, **params):
        params.setdefault("scope", None)
        calls.append((name, dict(params)))
        return original(name, **params)

    previous_db = os.environ.get("SANGKIEN_DB")
    os.environ["SANGKIEN_DB"] = str(path)
    db.close_all()
    db.run = recording
    pages: dict[str, list[tuple[str, dict]]] = {}
    try:
        for page in page_files():
            calls.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["as_of"] = as_of
            at.run()
            if page != "pages/overview.py":
                calls.clear()
                at.switch_page(page).run()
            unique = []
            for call in calls:
                if call not in unique:
                    unique.append(call)
            pages[Path(page).stem] = unique
    finally:
        db.run = original
        db.close_all()
        if previous_db is None:
            os.environ.pop("SANGKIEN_DB", None)
        else:
            os.environ["SANGKIEN_DB"] = previous_db
    return pages


def _time(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def _run_sql(con, macros: str, name: str, params: dict):
    sql = db.query_text(name)
    cursor = con.cursor()
    cursor.execute(macros)
    names = db.used_parameters(sql)
    values = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items() if k in names}
    return lambda: cursor.execute(sql, values).df()


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if a.shape != b.shape or list(a.columns) != list(b.columns):
        return False
    a = a.reset_index(drop=True)
    b = b.reset_index(drop=True)
    for col in a.columns:
        x, y = a[col], b[col]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            if not ((x.fillna(-1).astype(float) - y.fillna(-1).astype(float)).abs() < 1e-6 * (1 + x.fillna(0).abs().astype(float))).all():
                return False
        elif not x.astype(str).equals(y.astype(str)):
            return False
    return True


def bench_queries(path: Path, pages: dict, repeat: int, with_bare: bool = True) -> list[dict]:
    """Per page: the summed median time of its queries, ours and bare, and whether answers agree."""
    con = duckdb.connect(str(path), read_only=True)
    con.execute("set enable_progress_bar = false")
    ours_macros, bare = db.query_text("_macros"), bare_macros()
    rows = []
    try:
        for page, calls in pages.items():
            ours_ms = bare_ms = 0.0
            agree = True
            for name, params in calls:
                ms, ours_df = _time(_run_sql(con, ours_macros, name, params), repeat)
                ours_ms += ms
                if with_bare:
                    ms, bare_df = _time(_run_sql(con, bare, name, params), max(1, repeat // 2))
                    bare_ms += ms
                    agree &= _same(ours_df, bare_df)
            rows.append(
                {"page": page, "queries": len(calls), "ours_ms": ours_ms, "bare_ms": bare_ms if with_bare else None, "answers_equal": agree}
            )
    finally:
        con.close()
    return rows


def pandas_peer(path: Path, as_of: str, repeat: int) -> dict:
    """The common Streamlit pattern: load once, group by on every rerun (overview's figures)."""
    before = procs.peak_rss_mib()
    started = time.perf_counter()
    con = duckdb.connect(str(path), read_only=True)
    frame = con.execute(
        "select unit_code, submitted_at, author_is_leader, sector, status, review_started_at, reviewed_at, applied_at, rewarded_at from submissions where campaign_id = $c",
        {"c": CAMPAIGN_ID},
    ).df()
    con.close()
    load_s = time.perf_counter() - started
    load_mib = frame.memory_usage(deep=True).sum() / 2**20
    t = pd.Timestamp(as_of.replace("T", " "))

    def rerun():
        sub = frame[frame["submitted_at"] <= t]
        per_unit = sub.groupby("unit_code").size()
        valid = frame[(frame["reviewed_at"] <= t) & (frame["status"] != "invalid")].groupby("unit_code").size()
        daily = sub.groupby(sub["submitted_at"].dt.date).size().cumsum()
        top = per_unit.sort_values(ascending=False).head(10)
        return per_unit, valid, daily, top

    ms, (per_unit, valid, daily, _top) = _time(rerun, repeat)
    # Same answers as ours?
    ours = (
        db.database(path).run("progress/unit_totals", campaign_id=CAMPAIGN_ID, as_of=t.to_pydatetime(), scope=None).set_index("unit_code")
    )
    agree = bool((ours["count_submitted"] == per_unit.reindex(ours.index).fillna(0)).all())
    agree &= bool((ours["count_valid"] == valid.reindex(ours.index).fillna(0)).all())
    return {
        "rerun_ms": ms,
        "load_s": load_s,
        "frame_mib": load_mib,
        "rss_growth_mib": procs.peak_rss_mib() - before,
        "answers_equal": agree,
    }
