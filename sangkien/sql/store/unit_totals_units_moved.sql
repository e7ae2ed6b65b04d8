-- After unit_totals_delta.sql: how many changed units gained their first events or lost their
-- last ones (then the table, dense per unit, is rebuilt whole).
with changed as (
    select distinct campaign_id, unit_code from _day_from
)
select count(*)
from changed as k
where exists (select 1 from rollup_unit_day as r where r.campaign_id = k.campaign_id and r.unit_code = k.unit_code)
    <> exists (select 1 from _tot_units as u where u.campaign_id = k.campaign_id and u.unit_code = k.unit_code)
