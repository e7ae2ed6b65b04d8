-- Set-up of unit_totals.sql after an incremental change (store.apply_changes): each changed
-- campaign from the first day whose daily rollup changed (_day_from), the units the table
-- already holds (dense: each has a row on its campaign's first day of _span_after).
create or replace temp table _tot_from as
select k.campaign_id, greatest(min(k.changed_from), any_value(s.first_day)) as from_day
from _day_from as k
join _span_after as s using (campaign_id)
group by k.campaign_id;
create or replace temp table _tot_units as
select distinct t.campaign_id, t.unit_code
from rollup_unit_totals as t
join _span_after as s on s.campaign_id = t.campaign_id and t.day = s.first_day;
