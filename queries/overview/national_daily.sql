-- The national cumulative curve against the target's straight-line pace.
-- One row per day of the whole campaign (days with no events included); the counts are null
-- after the as-of day so a chart shows the pace to the close and the curve up to the as-of.
-- Parameters: $campaign_id, $as_of, $scope.
with
campaign as (
    select * from campaigns where campaign_id = $campaign_id
),
days as (
    select cast(d as date) as day
    from campaign as c,
        range(cast(c.opens_at as date), cast(c.closes_at as date) + interval 1 day, interval 1 day) as r(d)
    where cast($as_of as timestamp) >= c.opens_at
),
daily as (
    select day, sum(count_events) as count_submitted_day
    from events_as_of($campaign_id, $as_of, $scope)
    where event = 'submitted'
    group by day
),
final as (
    select
        d.day,
        case when d.day <= cast($as_of as date) then coalesce(x.count_submitted_day, 0) end as count_submitted_day,
        case when d.day <= cast($as_of as date)
            then sum(coalesce(x.count_submitted_day, 0)) over (order by d.day) end as count_submitted_cum,
        c.national_target * elapsed_share(c.opens_at, c.closes_at, cast(d.day as timestamp) + interval 1 day) as pace_count_cum
    from days as d
    cross join campaign as c
    left join daily as x on x.day = d.day
)
select * from final order by day
