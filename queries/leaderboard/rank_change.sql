-- Every unit's rank on each leaderboard metric at two minutes ($compare_as_of before $as_of), as
-- leaderboard/unit_metrics ranks them (rank() from the best; a unit without a value for a metric
-- is left out of that metric's board): the value and the rank at each minute, the change of the
-- value and the places moved (positive: up; null when the unit was not ranked then).
-- One row per metric x unit ranked at $as_of. Parameters: $campaign_id, $as_of, $compare_as_of, $scope.
with
metrics as (
    select
        'now' as at_minute,
        unit_code,
        cast(count_submitted as double) as count_submitted,
        cast(count_valid as double) as count_valid,
        count_per_1000_members,
        achieved_registered_pct,
        cast(change_submitted_7d as double) as change_submitted_7d
    from unit_rates_7d_as_of($campaign_id, $as_of, $scope)
    union all
    select
        'before' as at_minute,
        unit_code,
        cast(count_submitted as double),
        cast(count_valid as double),
        count_per_1000_members,
        achieved_registered_pct,
        cast(change_submitted_7d as double)
    from unit_rates_7d_as_of($campaign_id, $compare_as_of, $scope)
),
long as (
    unpivot metrics
    on count_submitted, count_valid, count_per_1000_members, achieved_registered_pct, change_submitted_7d
    into name metric value metric_value
),
ranked as (
    select *, rank() over (partition by at_minute, metric order by metric_value desc) as rank_top
    from long
),
final as (
    select
        n.metric,
        n.unit_code,
        n.metric_value,
        n.rank_top,
        b.metric_value as metric_value_before,
        b.rank_top as rank_top_before,
        n.metric_value - b.metric_value as change_value,
        b.rank_top - n.rank_top as rank_moved
    from ranked as n
    left join ranked as b
        on b.at_minute = 'before' and b.metric = n.metric and b.unit_code = n.unit_code
    where n.at_minute = 'now'
)
select * from final
order by metric, rank_top, unit_code
