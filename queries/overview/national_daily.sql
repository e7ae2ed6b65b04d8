-- The national cumulative curve against the target's straight-line pace.
-- One row per day from the portal opening to the as-of day (days with no events included).
-- Parameters: $campaign_id, $as_of, $scope.
with
campaign as (
    select * from campaigns where campaign_id = $campaign_id
),
days as (
    select cast(d as date) as day
    from campaign as c,
        range(cast(c.opens_at as date), cast(least(cast($as_of as timestamp), c.closes_at) as date) + interval 1 day, interval 1 day) as r(d)
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
        coalesce(x.count_submitted_day, 0) as count_submitted_day,
        sum(coalesce(x.count_submitted_day, 0)) over (order by d.day) as count_submitted_cum,
        c.national_target * least(1.0,
            epoch(cast(d.day as timestamp) + interval 1 day - c.opens_at) / epoch(c.closes_at + interval 1 minute - c.opens_at)) as pace_count_cum
    from days as d
    cross join campaign as c
    left join daily as x on x.day = d.day
)
select * from final order by day
