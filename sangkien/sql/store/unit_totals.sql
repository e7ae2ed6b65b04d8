-- rollup_unit_totals rewritten from each campaign's day _tot_from.from_day on (earlier rows
-- are kept and carried forward), for the units in _tot_units, over the days of <span>
-- (campaign_span.sql); unit_totals_full.sql and unit_totals_delta.sql set those two up.
-- Per campaign x unit x day: the day's measures of a whole unit (no sector or leader
-- dimension) and their running totals, dense over every day for every unit with events:
-- ~82 units x ~600 days whatever the number of submissions, so "every unit as of a day" is a
-- few hundred rows. The measures are event_measures' (queries/_macros/10_measures.sql, defined
-- on this connection by sangkien/storage/store.py): the read side's partial day
-- (unit_events_between) counts the same events from submission_events with the same macro.
delete from rollup_unit_totals as t using _tot_from as f where t.campaign_id = f.campaign_id and t.day >= f.from_day;
insert into rollup_unit_totals
with
daily as (
    select campaign_id, unit_code, day, m.*
    from (
        select r.campaign_id, r.unit_code, r.day, event_measures(r.event, r.author_is_leader, r.count_events, r.benefit_vnd) as m
        from rollup_unit_day as r
        join _tot_from as f on f.campaign_id = r.campaign_id and r.day >= f.from_day
        group by all
    )
),
days as (
    select f.campaign_id, cast(unnest(range(f.from_day, s.last_day + interval 1 day, interval 1 day)) as date) as day
    from _tot_from as f
    join {span} as s using (campaign_id)
),
dense as (
    select d.campaign_id, d.day, u.unit_code, false as is_base,
        cast(coalesce(columns(x.* exclude (campaign_id, unit_code, day)), 0) as bigint)
    from days as d
    join _tot_units as u using (campaign_id)
    left join daily as x on x.campaign_id = d.campaign_id and x.unit_code = u.unit_code and x.day = d.day
    union all by name
    -- the running totals the rewritten days start from (none when they start at the opening)
    select t.campaign_id, t.day, t.unit_code, true as is_base, columns('^cum_(.*)$') as '\1'
    from rollup_unit_totals as t
    join _tot_from as f on f.campaign_id = t.campaign_id and t.day = f.from_day - 1
),
summed as (
    select campaign_id, day, unit_code, is_base,
        columns('^(count_.*|benefit_vnd_applied)$'),
        sum(columns('^(count_.*|benefit_vnd_applied)$')) over w as 'cum_\1'
    from dense
    window w as (partition by campaign_id, unit_code order by day rows between unbounded preceding and current row)
)
select * exclude (is_base)
from summed
where not is_base
order by campaign_id, day, unit_code;
