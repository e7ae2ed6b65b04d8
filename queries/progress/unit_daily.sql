-- One unit's daily and cumulative submissions against its registered target's straight-line pace.
-- One row per day of the whole campaign; the counts are null after the as-of day so a chart shows
-- the pace to the close and the curve up to the as-of minute.
-- Parameters: $campaign_id, $as_of, $scope (unit codes or null), $unit_code.
with
target as (
    -- no row (so no days) when the unit is out of scope
    select registered_target
    from targets
    where campaign_id = $campaign_id
        and unit_code = $unit_code
        and ($scope is null or list_contains($scope, $unit_code))
),
final as (
    select
        x.day,
        cast(x.count_submitted_day as bigint) as count_submitted_day,
        cast(x.count_submitted_cum as bigint) as count_submitted_cum,
        t.registered_target,
        t.registered_target * x.pace_pct as pace_count_cum
    from daily_submitted_as_of($campaign_id, $as_of, list_value($unit_code)) as x
    cross join target as t
)
select * from final order by day
