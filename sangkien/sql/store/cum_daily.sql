-- The daily rows (store._cum_delta sums them with numpy) of each combination to rewrite, from
-- its first changed day: the combination's number and the day's index from the campaign's first.
select p.combo, r.day - p.first_day as day_index, r.count_events, coalesce(r.benefit_vnd, 0) as benefit_vnd
from rollup_unit_day as r
join _cum_plan as p
    on r.campaign_id = p.campaign_id and r.unit_code = p.unit_code and r.sector = p.sector
    and r.author_is_leader = p.author_is_leader and r.event = p.event and r.day >= p.start_day
where p.present_after
