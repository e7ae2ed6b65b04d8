-- The incremental refresh's plan for rollup_unit_cum (store._cum_delta), from _day_from
-- (day_delta.sql) and _span_after (campaign_span.sql): which combinations to rewrite and
-- from which day, then the rows to rewrite deleted and the running totals they start from.
create or replace temp table _cum_plan as
with
cum_first as (
    -- the table is dense: a combination it holds has a row on its campaign's first day
    select c.campaign_id, c.unit_code, c.sector, c.author_is_leader, c.event
    from rollup_unit_cum as c
    join _span_after as s on s.campaign_id = c.campaign_id and s.first_day = c.day
    where c.day between (select min(first_day) from _span_after) and (select max(first_day) from _span_after)
),
flags as (
    select k.*, s.first_day, s.last_day,
        exists (
            select 1 from rollup_unit_day as r
            where r.campaign_id = k.campaign_id and r.unit_code = k.unit_code and r.sector = k.sector
                and r.author_is_leader = k.author_is_leader and r.event = k.event
        ) as present_after,
        exists (
            select 1 from cum_first as c
            where c.campaign_id = k.campaign_id and c.unit_code = k.unit_code and c.sector = k.sector
                and c.author_is_leader = k.author_is_leader and c.event = k.event
        ) as present_before
    from _day_from as k
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
where c.campaign_id = p.campaign_id and c.unit_code = p.unit_code and c.sector = p.sector
    and c.author_is_leader = p.author_is_leader and c.event = p.event
    and c.day >= case when p.present_after then p.start_day else p.first_day end;
create or replace temp table _cum_base as
select p.combo, p.campaign_rank, p.start_day - p.first_day as start_index, p.last_day - p.first_day as last_index,
    coalesce(c.cum_count, 0) as base_count, cast(coalesce(c.cum_benefit_vnd, 0) as bigint) as base_benefit_vnd
from _cum_plan as p
left join rollup_unit_cum as c
    on c.campaign_id = p.campaign_id and c.unit_code = p.unit_code and c.sector = p.sector
    and c.author_is_leader = p.author_is_leader and c.event = p.event and c.day = p.start_day - 1
where p.present_after
order by p.combo;
