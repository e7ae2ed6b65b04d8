-- Every unit ranked on each leaderboard metric: updated count, valid count, updated per 1,000
-- (estimated) members, % of the registered target, and growth over the last 7 days (updated
-- at $as_of minus updated 7 days earlier). Ranks use rank(), so ties share a rank; rank_top
-- counts from the best, rank_bottom from the worst. A unit without a value for a metric (no
-- target, no members) is left out of that metric's board.
-- One row per metric x unit in scope. Parameters: $campaign_id, $as_of, $scope.
with
units_now as (
    select * from unit_rates_as_of($campaign_id, $as_of, $scope)
),
units_week_ago as (
    select unit_code, count_submitted
    from unit_counts_as_of($campaign_id, cast($as_of as timestamp) - interval 7 day, $scope)
),
metrics as (
    select
        n.unit_code,
        n.name_vi,
        n.name_en,
        n.short_vi,
        n.kind,
        cast(n.count_submitted as double) as count_submitted,
        cast(n.count_valid as double) as count_valid,
        n.count_per_1000_members,
        n.achieved_registered_pct,
        cast(n.count_submitted - w.count_submitted as double) as change_submitted_7d,
    from units_now as n
    join units_week_ago as w using (unit_code)
),
long as (
    unpivot metrics
    on count_submitted, count_valid, count_per_1000_members, achieved_registered_pct, change_submitted_7d
    into name metric value metric_value
),
final as (
    select
        metric,
        rank() over (partition by metric order by metric_value desc) as rank_top,
        rank() over (partition by metric order by metric_value asc) as rank_bottom,
        count(*) over (partition by metric) as count_units_ranked,
        unit_code,
        name_vi,
        name_en,
        short_vi,
        kind,
        metric_value,
    from long
)
select * from final
order by metric, rank_top, name_vi collate vi
