-- One unit's daily and cumulative submissions against its registered target's straight-line pace.
-- One row per day of the whole campaign; the counts are null after the as-of day so a chart shows
-- the pace to the close and the curve up to the as-of minute.
-- Parameters: $campaign_id, $as_of, $scope (unit codes or null), $unit_code.
with
campaign as (
    select * from campaigns where campaign_id = $campaign_id
),
target as (
    select registered_target
    from targets
    where campaign_id = $campaign_id
        and unit_code = $unit_code
        and ($scope is null or list_contains($scope, $unit_code))
),
days as (
    select cast(d as date) as day
    from campaign as c,
        range(cast(c.opens_at as date), cast(c.closes_at as date) + interval 1 day, interval 1 day) as r(d)
    where cast($as_of as timestamp) >= c.opens_at
),
daily as (
    select day, sum(count_events) as count_submitted_day
    from events_as_of($campaign_id, $as_of, list_value($unit_code))
    where event = 'submitted'
        and ($scope is null or list_contains($scope, $unit_code))
    group by day
),
final as (
    select
        d.day,
        case when d.day <= cast($as_of as date) then cast(coalesce(x.count_submitted_day, 0) as bigint) end as count_submitted_day,
        case when d.day <= cast($as_of as date)
            then cast(sum(coalesce(x.count_submitted_day, 0)) over (order by d.day) as bigint) end as count_submitted_cum,
        t.registered_target,
        t.registered_target * elapsed_share(c.opens_at, c.closes_at, cast(d.day as timestamp) + interval 1 day) as pace_count_cum
    from days as d
    cross join campaign as c
    cross join target as t
    left join daily as x on x.day = d.day
)
select * from final order by day
