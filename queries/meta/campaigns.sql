-- Campaigns in the database with the span of their data (kept in campaign_stats on every change).
-- One row per campaign, newest first. Parameters: none.
with
final as (
    select c.*, s.first_event_at, s.last_event_at, coalesce(s.count_submissions, 0) as count_submissions
    from campaigns as c
    left join campaign_stats as s using (campaign_id)
)
select * from final order by opens_at desc
