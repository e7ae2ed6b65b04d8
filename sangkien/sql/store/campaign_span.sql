-- The days every derived running total covers, per campaign: from the opening day to the
-- closing day, or to the last day with events when there are later ones. Kept in a temporary
-- table <name> (the incremental refresh compares the span before and after a change).
create or replace temp table {name} as
with last_days as (
    select campaign_id, max(day) as last_event_day from rollup_unit_day group by campaign_id
)
select c.campaign_id, cast(c.opens_at as date) as first_day,
    greatest(cast(c.closes_at as date), coalesce(l.last_event_day, cast(c.closes_at as date))) as last_day
from campaigns as c
left join last_days as l using (campaign_id);
