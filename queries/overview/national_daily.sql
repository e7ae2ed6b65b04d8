-- The national cumulative curve against the target's straight-line pace.
-- One row per day of the whole campaign (days with no events included); the counts are null
-- after the as-of day so a chart shows the pace to the close and the curve up to the as-of.
-- Parameters: $campaign_id, $as_of, $scope.
with
campaign as (
    select * from campaigns where campaign_id = $campaign_id
),
final as (
    select
        x.day,
        x.count_submitted_day,
        x.count_submitted_cum,
        c.national_target * x.pace_pct as pace_count_cum
    from daily_submitted_as_of($campaign_id, $as_of, $scope) as x
    cross join campaign as c
)
select * from final order by day
