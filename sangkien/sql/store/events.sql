-- submission_events rebuilt from every submission (<event_rows>: event_rows.sql over submissions),
-- stored in time order so the partial day of an as-of query reads only a few row groups.
delete from submission_events;
insert into submission_events
select campaign_id, unit_code, event, event_at, sector, author_is_leader, benefit_vnd
from ({event_rows})
order by event_at;
