"""Writing side of the database: schema, reference tables, derived tables (events, rollups, meta)."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from sangkien import reference

SCHEMA = Path(__file__).with_name("schema.sql")

EVENTS_SQL = """
delete from submission_events;
insert into submission_events
select campaign_id, unit_code, event, event_at, sector, author_is_leader, benefit_vnd
from (
    select campaign_id, unit_code, 'submitted' as event, submitted_at as event_at, sector, author_is_leader, benefit_vnd from submissions
    union all
    select campaign_id, unit_code, 'review_started', review_started_at, sector, author_is_leader, benefit_vnd from submissions where review_started_at is not null
    union all
    select campaign_id, unit_code, case when status = 'invalid' then 'invalid' else 'valid' end, reviewed_at, sector, author_is_leader, benefit_vnd from submissions where reviewed_at is not null
    union all
    select campaign_id, unit_code, 'applied', applied_at, sector, author_is_leader, benefit_vnd from submissions where applied_at is not null
    union all
    select campaign_id, unit_code, 'rewarded', rewarded_at, sector, author_is_leader, benefit_vnd from submissions where rewarded_at is not null
)
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
    con.register("ref_members", reference.group_members())
    con.execute("insert into unit_group_members select group_id, unit_code from ref_members")


def refresh_derived(con, source: str, extra: dict[str, str] | None = None) -> str:
    """Rebuild events, rollups and meta after any change to submissions; returns the new version."""
    con.execute(EVENTS_SQL)
    con.execute(ROLLUP_SQL)
    con.execute(CUMULATIVE_SQL)
    version = datetime.now().strftime("%Y%m%d%H%M%S-") + uuid.uuid4().hex[:8]
    values = {
        "data_version": version,
        "last_changed_at": datetime.now().isoformat(timespec="seconds"),
        "last_change_source": source,
        **(extra or {}),
    }
    for key, value in values.items():
        con.execute("insert or replace into meta values ($key, $value)", {"key": key, "value": value})
    return version
