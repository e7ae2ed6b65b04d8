-- rollup_unit_cum rebuilt from rollup_unit_day over the days of <span> (campaign_span.sql):
-- dense running totals, one row per campaign x day x combination seen in the rollup.
delete from rollup_unit_cum;
insert into rollup_unit_cum
with
days as (
    select campaign_id, cast(unnest(range(first_day, last_day + interval 1 day, interval 1 day)) as date) as day
    from {span}
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
