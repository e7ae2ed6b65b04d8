"""Writing side of the database: schema, reference tables, derived tables (events, rollups, meta)."""

from __future__ import annotations

import uuid
from datetime import datetime

import numpy as np
import pyarrow as pa

from sangkien.core import paths, reference
from sangkien.storage import schema
from sangkien.storage.sqlfiles import sql, sql_file

# The write side's SQL lives in sangkien/sql/store/*.sql (loaded by sangkien.storage.sqlfiles).
# The event→measure mapping is the read side's (queries/_macros/10_measures.sql: scalar macros,
# no table), defined on the writing connection before unit_totals.sql counts with it.
MEASURES_SQL = sql_file(paths.QUERIES_DIR / "_macros", "10_measures")


def _define_measures(con) -> None:
    con.execute(MEASURES_SQL.read_text(encoding="utf-8"))


def event_rows_sql(source: str) -> str:
    """One row per stage a submission reached, from any relation shaped like submissions."""
    return sql("store/event_rows").format(source=source)


def create_schema(con) -> None:
    con.execute(schema.text())


def load_reference(con) -> None:
    con.register("ref_units", reference.units())
    con.execute("insert into units by name select * exclude (short_vi), short_vi from ref_units")
    con.register("ref_aliases", reference.aliases())
    con.execute("insert into unit_aliases select alias, alias_key, unit_code from ref_aliases")
    con.register("ref_groups", reference.groups())
    con.execute("insert into unit_groups select group_id, name_vi, name_en, kind, 'reference', null from ref_groups")
    con.register("ref_meetings", reference.group_meetings())
    con.execute("insert into group_meetings select group_id, meeting_at from ref_meetings")
    con.register("ref_members", reference.group_members())
    con.execute("insert into unit_group_members select group_id, unit_code from ref_members")


def refresh_derived(con, source: str, extra: dict[str, str] | None = None, progress=None) -> str:
    """Rebuild events, rollups and meta after any change to submissions; returns the new version.

    `progress(stage)` is told each stage as it starts (the first run's progress bar shows them)."""
    say = progress or (lambda _stage: None)
    say("events")
    con.execute(sql("store/events").format(event_rows=event_rows_sql("submissions")))
    say("rollup_day")
    con.execute(sql("store/rollup_day"))
    say("rollup_cum")
    con.execute(sql("store/campaign_span").format(name="_span"))
    con.execute(sql("store/rollup_cum").format(span="_span"))
    _build_unit_totals(con, "_span")
    con.execute("drop table if exists _span")
    say("stats")
    return touch_version(con, source, extra)


def _build_unit_totals(con, span: str, incremental: bool = False) -> None:
    """Rewrite rollup_unit_totals (units x days) from rollup_unit_day; creates it if missing.

    Incremental (after day_delta.sql): from each changed campaign's first changed day on,
    unless a unit gained its first or lost its last events (then whole, as without it)."""
    if not _has_table(con, "rollup_unit_totals"):
        con.execute(schema.create_statement("rollup_unit_totals"))
        incremental = False
    if incremental:
        con.execute(sql("store/unit_totals_delta"))
        incremental = not con.execute(sql("store/unit_totals_units_moved")).fetchall()[0][0]
    if not incremental:
        con.execute(sql("store/unit_totals_full").format(span=span))
    _define_measures(con)
    con.execute(sql("store/unit_totals").format(span=span))
    con.execute("drop table if exists _tot_from")
    con.execute("drop table if exists _tot_units")


def ensure_derived(con) -> None:
    """Build the derived tables a database made before they existed lacks (rollup_unit_totals)."""
    if not _has_table(con, "rollup_unit_totals"):
        con.execute(sql("store/campaign_span").format(name="_span_upgrade"))
        _build_unit_totals(con, "_span_upgrade")
        con.execute("drop table if exists _span_upgrade")


def build_unit_totals_for_readers(con) -> None:
    """A reader of a database made before rollup_unit_totals existed (attached read-only as `d`)
    builds the table once per connection, in the connection's own in-memory catalog, so the
    queries read right until the next import or rebuild stores it. Cursors then read it through
    the view `state.reader_views` adds (a temporary object would be rebuilt on every cursor,
    that is once per session thread)."""
    con.execute("use memory")  # new tables go here; `use` also resets the search path, so set it after
    con.execute("set search_path = 'memory.main,d.main'")
    try:
        con.execute(schema.create_statement("rollup_unit_totals"))
        con.execute(sql("store/campaign_span").format(name="_span_readers"))
        con.execute(sql("store/unit_totals_full").format(span="_span_readers"))
        _define_measures(con)
        con.execute(sql("store/unit_totals").format(span="_span_readers"))
        con.execute("drop table _span_readers")
    finally:
        con.execute("use d")


def _has_table(con, name: str) -> bool:
    found = con.execute(
        "select count(*) from duckdb_tables() where table_name = $name and database_name = current_database() and schema_name = 'main'",
        {"name": name},
    ).fetchone()[0]
    return bool(found)


def touch_version(con, source: str, extra: dict[str, str] | None = None) -> str:
    """Give the data a new version (caches key on it) and record what changed it; returns it."""
    ensure_derived(con)
    version = datetime.now().strftime("%Y%m%d%H%M%S-") + uuid.uuid4().hex[:8]
    values = {
        "data_version": version,
        "last_changed_at": datetime.now().isoformat(timespec="seconds"),
        "last_change_source": source,
        **(extra or {}),
    }
    for key, value in values.items():
        con.execute(sql("store/meta_set"), {"key": key, "value": value})
    con.execute(sql("store/campaign_stats"))
    return version


# --- incremental maintenance of the derived tables (used by the importer) ---
# apply_changes gives exactly what refresh_derived would (tests/test_import_store.py checks it),
# touching only the events, days and running totals the changed submissions affect.


def _cum_delta(con) -> None:
    """Rewrite the running totals of the changed combinations from their first changed day.

    Per campaign, the day x combination grid is filled and summed with numpy, already in the
    table's order (day, then unit): the same numbers as rollup_cum.sql without sorting
    millions of rows by strings.
    """
    con.execute(sql("store/cum_plan"))
    plan = con.execute("select * from _cum_base").fetchnumpy()
    if not len(plan["combo"]):
        return
    daily = con.execute(sql("store/cum_daily")).fetchnumpy()
    combos = plan["combo"].astype(np.int64)
    slot = np.full(int(combos.max()) + 1, -1, dtype=np.int64)
    slot[combos] = np.arange(len(combos))
    daily_slot = slot[daily["combo"].astype(np.int64)]
    parts = []
    for rank in np.unique(plan["campaign_rank"]):
        cols = np.flatnonzero(plan["campaign_rank"] == rank)  # this campaign's combinations, in combo order
        start = plan["start_index"][cols].astype(np.int64)
        first, last = int(start.min()), int(plan["last_index"][cols].max())
        column = np.full(len(combos), -1, dtype=np.int64)
        column[cols] = np.arange(len(cols))
        counts = np.zeros((last - first + 1, len(cols)), dtype=np.int64)
        benefits = np.zeros_like(counts)
        mine = np.isin(daily_slot, cols)
        at = (daily["day_index"][mine].astype(np.int64) - first, column[daily_slot[mine]])
        np.add.at(counts, at, daily["count_events"][mine].astype(np.int64))
        np.add.at(benefits, at, daily["benefit_vnd"][mine].astype(np.int64))
        days = np.arange(first, last + 1, dtype=np.int64)[:, None]
        keep = days >= start[None, :]  # a combination's rows start at its first changed day
        day_index, col = np.nonzero(keep)  # row-major: day by day, combinations in order
        parts.append(
            pa.table(
                {
                    "combo": combos[cols][col],
                    "day_index": day_index + first,
                    "cum_count": (np.cumsum(counts, axis=0) + plan["base_count"][cols].astype(np.int64))[keep],
                    "cum_benefit_vnd": (np.cumsum(benefits, axis=0) + plan["base_benefit_vnd"][cols].astype(np.int64))[keep],
                }
            )
        )
    con.register("_cum_frame", pa.concat_tables(parts))  # Arrow: no copy into a pandas block
    try:
        con.execute(sql("store/cum_insert"))
    finally:
        con.unregister("_cum_frame")


# New events are sorted in pieces of at most this many changed submissions (consecutive time
# ranges, so the table still gains one run in time order): the sort of a million submissions'
# events at once does not fit the import's memory limit beside the staged rows.
EVENTS_PIECE_ROWS = 500_000


def _insert_events(con, new: str) -> None:
    """Append the new events (_ev_add) in time order, piece by piece, on one thread."""
    count = con.execute(f"select count(*) from {new}").fetchone()[0]
    pieces = -(-count // EVENTS_PIECE_ROWS)
    bounds = []
    if pieces > 1:
        quantiles = [i / pieces for i in range(1, pieces)]
        bounds = sorted(set(con.execute(f"select approx_quantile(submitted_at, {quantiles}) from {new}").fetchone()[0]))
    edges = [None, *bounds, None]
    threads = con.execute("select current_setting('threads')").fetchone()[0]
    con.execute("set threads = 1")  # less CPU than two, and less memory
    try:
        for from_at, until_at in zip(edges, edges[1:]):
            con.execute(sql("store/events_insert"), {"from_at": from_at, "until_at": until_at})
    finally:
        con.execute(f"set threads = {int(threads)}")


def apply_changes(con, old: str, new: str, source: str, extra: dict[str, str] | None = None) -> str:
    """Bring events, rollups and meta up to date after submissions changed; returns the new version.

    `old` and `new` name tables shaped like submissions: the rows as they were before the change
    (updated ones) and as they are now (inserted and updated ones). Only the affected events,
    days and running totals are rewritten, so a weekly import into millions of rows stays fast.
    """
    con.execute(sql("store/campaign_span").format(name="_span_before"))
    con.execute(
        sql("store/events_delta").format(
            old=old,
            new=new,
            old_events=event_rows_sql(old),
            upd_events=event_rows_sql("_new_upd"),
            ins_events=event_rows_sql("_new_ins"),
        )
    )
    _insert_events(con, new)
    con.execute(sql("store/day_delta"))
    con.execute(sql("store/campaign_span").format(name="_span_after"))
    span_moved = con.execute(sql("store/span_moved")).fetchall()[0][0]
    days_changed = con.execute("select count(*) from _day_from").fetchall()[0][0]
    if span_moved:
        con.execute(sql("store/rollup_cum").format(span="_span_after"))  # every combination gains or loses days
    elif days_changed:
        _cum_delta(con)
    if span_moved or days_changed:  # else no day's rollup changed (a re-import): nothing to rewrite
        _build_unit_totals(con, "_span_after", incremental=not span_moved)
    for view in ("_ev_add", "_new_upd", "_new_ins"):
        con.execute(f"drop view if exists {view}")
    temporary = ("_ev_old", "_ev_upd", "_ev_del", "_add_day", "_del_day", "_day_from")
    for table in (*temporary, "_cum_plan", "_cum_base", "_span_before", "_span_after"):
        con.execute(f"drop table if exists {table}")
    return touch_version(con, source, extra)


def ensure_tables(con, *tables: str) -> None:
    """Create tables of schema.sql that a database built before they existed lacks."""
    existing = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    for table in schema.tables():
        if table in tables and table not in existing:
            con.execute(schema.create_statement(table))
