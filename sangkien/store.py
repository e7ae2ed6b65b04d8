"""Writing side of the database: schema, reference tables, derived tables (events, rollups, meta)."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sangkien import reference

SCHEMA = Path(__file__).with_name("schema.sql")

# One row per stage a submission reached, from any relation shaped like submissions.
EVENT_ROWS_SQL = """
select campaign_id, unit_code, 'submitted' as event, submitted_at as event_at, sector, author_is_leader, benefit_vnd from {source}
union all
select campaign_id, unit_code, 'review_started', review_started_at, sector, author_is_leader, benefit_vnd from {source} where review_started_at is not null
union all
select campaign_id, unit_code, case when status = 'invalid' then 'invalid' else 'valid' end, reviewed_at, sector, author_is_leader, benefit_vnd from {source} where reviewed_at is not null
union all
select campaign_id, unit_code, 'applied', applied_at, sector, author_is_leader, benefit_vnd from {source} where applied_at is not null
union all
select campaign_id, unit_code, 'rewarded', rewarded_at, sector, author_is_leader, benefit_vnd from {source} where rewarded_at is not null
"""

EVENTS_SQL = f"""
delete from submission_events;
insert into submission_events
select campaign_id, unit_code, event, event_at, sector, author_is_leader, benefit_vnd
from ({EVENT_ROWS_SQL.format(source="submissions")})
order by event_at;
"""

ROLLUP_SQL = """
delete from rollup_unit_day;
insert into rollup_unit_day
select campaign_id, unit_code, cast(event_at as date) as day, sector, author_is_leader, event,
    count(*) as count_events, sum(benefit_vnd) as benefit_vnd
from submission_events
group by all
order by day, unit_code;
"""

CUMULATIVE_SQL = """
delete from rollup_unit_cum;
insert into rollup_unit_cum
with
last_days as (
    select campaign_id, max(day) as last_event_day from rollup_unit_day group by campaign_id
),
span as (
    select c.campaign_id, cast(c.opens_at as date) as first_day,
        greatest(cast(c.closes_at as date), coalesce(l.last_event_day, cast(c.closes_at as date))) as last_day
    from campaigns as c
    left join last_days as l using (campaign_id)
),
days as (
    select campaign_id, cast(unnest(range(first_day, last_day + interval 1 day, interval 1 day)) as date) as day
    from span
),
combos as (
    select distinct campaign_id, unit_code, sector, author_is_leader, event from rollup_unit_day
),
dense as (
    select d.campaign_id, d.day, k.unit_code, k.sector, k.author_is_leader, k.event,
        coalesce(r.count_events, 0) as count_events, coalesce(r.benefit_vnd, 0) as benefit_vnd
    from days as d
    join combos as k using (campaign_id)
    left join rollup_unit_day as r
        on r.campaign_id = d.campaign_id and r.day = d.day and r.unit_code = k.unit_code
        and r.sector = k.sector and r.author_is_leader = k.author_is_leader and r.event = k.event
)
select campaign_id, day, unit_code, sector, author_is_leader, event,
    sum(count_events) over w as cum_count,
    sum(benefit_vnd) over w as cum_benefit_vnd
from dense
window w as (partition by campaign_id, unit_code, sector, author_is_leader, event order by day)
order by campaign_id, day, unit_code;
"""


def create_schema(con) -> None:
    con.execute(SCHEMA.read_text(encoding="utf-8"))


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
    con.execute(EVENTS_SQL)
    say("rollup_day")
    con.execute(ROLLUP_SQL)
    say("rollup_cum")
    con.execute(CUMULATIVE_SQL)
    say("stats")
    return touch_version(con, source, extra)


def touch_version(con, source: str, extra: dict[str, str] | None = None) -> str:
    """Give the data a new version (caches key on it) and record what changed it; returns it."""
    version = datetime.now().strftime("%Y%m%d%H%M%S-") + uuid.uuid4().hex[:8]
    values = {
        "data_version": version,
        "last_changed_at": datetime.now().isoformat(timespec="seconds"),
        "last_change_source": source,
        **(extra or {}),
    }
    for key, value in values.items():
        con.execute("insert or replace into meta values ($key, $value)", {"key": key, "value": value})
    con.execute(CAMPAIGN_STATS_SQL)
    return version


CAMPAIGN_STATS_SQL = """
create table if not exists campaign_stats (
    campaign_id varchar primary key, first_event_at timestamp, last_event_at timestamp, count_submissions bigint not null
);
delete from campaign_stats;
insert into campaign_stats
select c.campaign_id, e.first_event_at, e.last_event_at, coalesce(s.count_submissions, 0)
from campaigns as c
left join (
    select campaign_id, min(event_at) as first_event_at, max(event_at) as last_event_at from submission_events group by campaign_id
) as e using (campaign_id)
left join (select campaign_id, count(*) as count_submissions from submissions group by campaign_id) as s using (campaign_id);
"""


# --- incremental maintenance of the derived tables (used by the importer) ---
# apply_changes gives exactly what refresh_derived would (tests/test_import_store.py checks it),
# touching only the events, days and running totals the changed submissions affect.

_CAMPAIGN_SPAN_SQL = """
create or replace temp table {name} as
with last_days as (
    select campaign_id, max(day) as last_event_day from rollup_unit_day group by campaign_id
)
select c.campaign_id, cast(c.opens_at as date) as first_day,
    greatest(cast(c.closes_at as date), coalesce(l.last_event_day, cast(c.closes_at as date))) as last_day
from campaigns as c
left join last_days as l using (campaign_id);
"""

_EVENT_KEY = ("campaign_id", "unit_code", "event", "event_at", "sector", "author_is_leader")
_COMBO_KEY = ("campaign_id", "unit_code", "sector", "author_is_leader", "event")


def _on(left: str, right: str, columns: tuple[str, ...]) -> str:
    return " and ".join(f"{left}.{c} = {right}.{c}" for c in columns)


_DAY_KEY = (*_COMBO_KEY, "day")
_DAY_COLUMNS = "campaign_id, unit_code, cast(event_at as date) as day, sector, author_is_leader, event"

_EVENTS_DELTA_SQL = f"""
create or replace temp view _new_upd as
select n.* from {{new}} as n semi join {{old}} as o on o.campaign_id = n.campaign_id and o.submission_id = n.submission_id;
create or replace temp view _new_ins as
select n.* from {{new}} as n anti join {{old}} as o on o.campaign_id = n.campaign_id and o.submission_id = n.submission_id;
create or replace temp table _ev_old as {EVENT_ROWS_SQL.format(source="{old}")};
create or replace temp table _ev_upd as {EVENT_ROWS_SQL.format(source="_new_upd")};
create or replace temp table _ev_del as select * from _ev_old except all select * from _ev_upd;
create or replace temp table _ev_add as
select * from (select * from _ev_upd except all select * from _ev_old)
union all
select * from ({EVENT_ROWS_SQL.format(source="_new_ins")});
-- Identical events are interchangeable, so removing any n of them removes "these n".
delete from submission_events where rowid in (
    select rid from (
        select e.rowid as rid, d.n_delete,
            row_number() over (partition by {", ".join("e." + c for c in _EVENT_KEY)}, e.benefit_vnd order by e.rowid) as k
        from submission_events as e
        join (select *, count(*) as n_delete from _ev_del group by all) as d
            on {_on("e", "d", _EVENT_KEY)} and e.benefit_vnd is not distinct from d.benefit_vnd
    )
    where k <= n_delete
);
insert into submission_events select * from _ev_add order by event_at;
create or replace temp table _add_day as
select {_DAY_COLUMNS}, count(*) as count_events, sum(benefit_vnd) as benefit_vnd from _ev_add group by all;
create or replace temp table _del_day as select distinct {_DAY_COLUMNS} from _ev_del;
create or replace temp table _day_keys as
select {", ".join(_DAY_KEY)} from _add_day union select {", ".join(_DAY_KEY)} from _del_day;
-- A day that only gained events is its old row plus the gains (a sum stays null only when
-- both parts are null); a day that lost some is counted again from the events.
create or replace temp table _day_rows as
select a.campaign_id, a.unit_code, a.day, a.sector, a.author_is_leader, a.event,
    coalesce(r.count_events, 0) + a.count_events as count_events,
    case when r.benefit_vnd is null then a.benefit_vnd when a.benefit_vnd is null then r.benefit_vnd
        else r.benefit_vnd + a.benefit_vnd end as benefit_vnd
from _add_day as a
left join rollup_unit_day as r on {_on("r", "a", _DAY_KEY)}
where not exists (select 1 from _del_day as d where {_on("d", "a", _DAY_KEY)})
union all
select e.campaign_id, e.unit_code, cast(e.event_at as date) as day, e.sector, e.author_is_leader, e.event,
    count(*) as count_events, sum(e.benefit_vnd) as benefit_vnd
from submission_events as e
semi join _del_day as d on {_on("e", "d", _COMBO_KEY)} and cast(e.event_at as date) = d.day
group by all;
delete from rollup_unit_day as r using _day_keys as k where {_on("r", "k", _DAY_KEY)};
insert into rollup_unit_day select * from _day_rows order by day, unit_code;
"""

_CUM_PLAN_SQL = f"""
create or replace temp table _cum_plan as
with
cum_first as (
    -- the table is dense: a combination it holds has a row on its campaign's first day
    select c.campaign_id, c.unit_code, c.sector, c.author_is_leader, c.event
    from rollup_unit_cum as c
    join _span_after as s on s.campaign_id = c.campaign_id and s.first_day = c.day
    where c.day between (select min(first_day) from _span_after) and (select max(first_day) from _span_after)
),
keys as (
    select campaign_id, unit_code, sector, author_is_leader, event, min(day) as changed_from
    from _day_keys group by all
),
flags as (
    select k.*, s.first_day, s.last_day,
        exists (select 1 from rollup_unit_day as r where {_on("r", "k", _COMBO_KEY)}) as present_after,
        exists (select 1 from cum_first as c where {_on("c", "k", _COMBO_KEY)}) as present_before
    from keys as k
    join _span_after as s using (campaign_id)
)
select
    -- an integer per combination, so that the dense expansion below never handles strings
    row_number() over (order by campaign_id, unit_code, sector, author_is_leader, event) as combo,
    dense_rank() over (order by campaign_id) as campaign_rank,
    *,
    case when present_before then greatest(changed_from, first_day) else first_day end as start_day
from flags;
-- A combination seen before and after is recomputed from its first changed day on; a new
-- one from the first day (the table is dense); a vanished one is removed.
delete from rollup_unit_cum as c using _cum_plan as p
where {_on("c", "p", _COMBO_KEY)} and c.day >= case when p.present_after then p.start_day else p.first_day end;
create or replace temp table _cum_base as
select p.combo, p.campaign_rank, p.start_day - p.first_day as start_index, p.last_day - p.first_day as last_index,
    coalesce(c.cum_count, 0) as base_count, cast(coalesce(c.cum_benefit_vnd, 0) as bigint) as base_benefit_vnd
from _cum_plan as p
left join rollup_unit_cum as c on {_on("c", "p", _COMBO_KEY)} and c.day = p.start_day - 1
where p.present_after
order by p.combo;
"""

_CUM_DAILY_SQL = f"""
select p.combo, r.day - p.first_day as day_index, r.count_events, coalesce(r.benefit_vnd, 0) as benefit_vnd
from rollup_unit_day as r
join _cum_plan as p on {_on("r", "p", _COMBO_KEY)} and r.day >= p.start_day
where p.present_after
"""

_CUM_INSERT_SQL = """
insert into rollup_unit_cum
select p.campaign_id, p.first_day + cast(x.day_index as integer) as day, p.unit_code, p.sector, p.author_is_leader, p.event,
    x.cum_count, x.cum_benefit_vnd
from _cum_frame as x
join _cum_plan as p using (combo)
"""


def _cum_delta(con) -> None:
    """Rewrite the running totals of the changed combinations from their first changed day.

    Per campaign, the day x combination grid is filled and summed with numpy, already in the
    table's order (day, then unit): the same numbers as CUMULATIVE_SQL without sorting
    millions of rows by strings.
    """
    con.execute(_CUM_PLAN_SQL)
    plan = con.execute("select * from _cum_base").fetchnumpy()
    if not len(plan["combo"]):
        return
    daily = con.execute(_CUM_DAILY_SQL).fetchnumpy()
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
            pd.DataFrame(
                {
                    "combo": combos[cols][col],
                    "day_index": day_index + first,
                    "cum_count": (np.cumsum(counts, axis=0) + plan["base_count"][cols].astype(np.int64))[keep],
                    "cum_benefit_vnd": (np.cumsum(benefits, axis=0) + plan["base_benefit_vnd"][cols].astype(np.int64))[keep],
                }
            )
        )
    con.register("_cum_frame", pd.concat(parts, ignore_index=True))
    try:
        con.execute(_CUM_INSERT_SQL)
    finally:
        con.unregister("_cum_frame")


def apply_changes(con, old: str, new: str, source: str, extra: dict[str, str] | None = None) -> str:
    """Bring events, rollups and meta up to date after submissions changed; returns the new version.

    `old` and `new` name tables shaped like submissions: the rows as they were before the change
    (updated ones) and as they are now (inserted and updated ones). Only the affected events,
    days and running totals are rewritten, so a weekly import into millions of rows stays fast.
    """
    con.execute(_CAMPAIGN_SPAN_SQL.format(name="_span_before"))
    con.execute(_EVENTS_DELTA_SQL.format(old=old, new=new))
    con.execute(_CAMPAIGN_SPAN_SQL.format(name="_span_after"))
    span_moved = con.execute(
        "select count(*) from _span_before as b full join _span_after as a using (campaign_id) "
        "where b.last_day is distinct from a.last_day or b.first_day is distinct from a.first_day"
    ).fetchall()[0][0]
    if span_moved:
        con.execute(CUMULATIVE_SQL)  # every combination gains or loses days
    else:
        _cum_delta(con)
    con.execute("drop view if exists _new_upd")
    con.execute("drop view if exists _new_ins")
    temporary = ("_ev_old", "_ev_upd", "_ev_del", "_ev_add", "_add_day", "_del_day", "_day_keys", "_day_rows")
    for table in (*temporary, "_cum_plan", "_cum_base", "_span_before", "_span_after"):
        con.execute(f"drop table if exists {table}")
    return touch_version(con, source, extra)


def ensure_tables(con, *tables: str) -> None:
    """Create tables of schema.sql that a database built before they existed lacks."""
    from sangkien import schema

    existing = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    for table in schema.tables():
        if table in tables and table not in existing:
            con.execute(schema.create_statement(table))
