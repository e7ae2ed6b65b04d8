-- Every unit ranked on each leaderboard metric: updated count, valid count, updated per 1,000
-- (estimated) members, % of the registered target, and growth over the last 7 days (updated
-- at $as_of minus updated 7 days earlier). Ranks use rank(), so ties share a rank; rank_top
-- counts from the best, rank_bottom from the worst. A unit without a value for a metric (no
-- target, no members) is left out of that metric's board. Each row carries the unit's progress
-- status at $as_of (unit_status_as_of: status, status_rank), never decided here.
-- One row per metric x unit in scope. Parameters: $campaign_id, $as_of, $scope.
with
metrics as (
    select
        unit_code, name_vi, name_en, short_vi, kind,
        cast(columns('^count_(submitted|valid)$') as double),
        count_per_1000_members,
        achieved_registered_pct,
        cast(change_submitted_7d as double) as change_submitted_7d,
    from unit_rates_7d_as_of($campaign_id, $as_of, $scope)
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
        status,
        status_rank,
    from long
    left join (select unit_code, status, status_rank from unit_status_as_of($campaign_id, $as_of, $scope)) as s using (unit_code)
)
select * from final
order by metric, rank_top, name_vi collate vi
