-- The new events (events_delta.sql's _ev_add) from $from_at until before $until_at (either
-- may be null: no bound) appended in time order. store._insert_events runs it for consecutive
-- ranges, so each import adds one run sorted by time and the partial day of an as-of query
-- still reads only a few row groups.
insert into submission_events
select * from _ev_add
where coalesce(event_at >= cast($from_at as timestamp), true) and coalesce(event_at < cast($until_at as timestamp), true)
order by event_at
