-- How many campaigns' span of days changed with a change (campaign_span.sql before and after):
-- then every combination gains or loses days and the running totals are rebuilt whole.
select count(*)
from _span_before as b
full join _span_after as a using (campaign_id)
where b.last_day is distinct from a.last_day or b.first_day is distinct from a.first_day
