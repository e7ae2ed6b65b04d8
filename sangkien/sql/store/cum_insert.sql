-- The rewritten running totals (store._cum_delta's frame _cum_frame) back into rollup_unit_cum.
insert into rollup_unit_cum
select p.campaign_id, p.first_day + cast(x.day_index as integer) as day, p.unit_code, p.sector, p.author_is_leader, p.event,
    x.cum_count, x.cum_benefit_vnd
from _cum_frame as x
join _cum_plan as p using (combo)
