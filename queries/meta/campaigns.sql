-- Campaigns in the database with the span of their data.
-- One row per campaign, newest first. Parameters: none.
with
latest as (
    select campaign_id, min(event_at) as first_event_at, max(event_at) as last_event_at
    from submission_events
    group by campaign_id
),
final as (
    select c.*, l.first_event_at, l.last_event_at
    from campaigns as c
    left join latest as l using (campaign_id)
)
select * from final order by opens_at desc
