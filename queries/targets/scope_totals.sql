-- Registered and guideline targets summed over the units in scope, and how many units
-- registered over, exactly at, or under their guideline target.
-- One row. Parameters: $campaign_id, $as_of, $scope.
with
units_as_of as (
    select * from unit_counts_as_of($campaign_id, $as_of, $scope)
),
final as (
    select
        count(*) as count_units,
        sum(registered_target) as registered_target,
        sum(guideline_target) as guideline_target,
        sum(registered_target) - sum(guideline_target) as registered_minus_guideline,
        count(*) filter (where registered_target > guideline_target) as count_units_over_guideline,
        count(*) filter (where registered_target = guideline_target) as count_units_at_guideline,
        count(*) filter (where registered_target >= guideline_target) as count_units_at_or_above_guideline,
        count(*) filter (where registered_target < guideline_target) as count_units_below_guideline,
        sum(count_submitted) as count_submitted,
        share(sum(count_submitted), sum(registered_target)) as achieved_registered_pct,
    from units_as_of
)
select * from final
