-- rollup_unit_day rebuilt from submission_events: events per campaign x unit x day x sector x
-- leader flag x event (whole days).
delete from rollup_unit_day;
insert into rollup_unit_day
select campaign_id, unit_code, cast(event_at as date) as day, sector, author_is_leader, event,
    count(*) as count_events, sum(benefit_vnd) as benefit_vnd
from submission_events
group by all
order by day, unit_code;
