-- campaign_stats rebuilt: the span of each campaign's events and its number of submissions,
-- so the app never scans the events to find the latest minute.
create table if not exists campaign_stats (
    campaign_id varchar primary key, first_event_at timestamp, last_event_at timestamp, count_submissions bigint not null
);
delete from campaign_stats;
insert into campaign_stats
select c.campaign_id, e.first_event_at, e.last_event_at, coalesce(s.count_submissions, 0)
from campaigns as c
left join (
    select campaign_id, min(event_at) as first_event_at, max(event_at) as last_event_at from submission_events group by campaign_id
) as e using (campaign_id)
left join (select campaign_id, count(*) as count_submissions from submissions group by campaign_id) as s using (campaign_id);
