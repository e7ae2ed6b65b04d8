-- Every unit's counts as of a minute, with targets.
-- One row per unit in scope. Parameters: $campaign_id, $as_of, $scope.
with
final as (
    select
        *,
        count_submitted / nullif(registered_target, 0) as achieved_registered_pct,
        registered_target - guideline_target as registered_minus_guideline,
        registered_target < guideline_target as is_below_guideline,
        1000.0 * count_submitted / nullif(members_estimate, 0) as count_per_1000_members
    from unit_counts_as_of($campaign_id, $as_of, $scope)
)
select * from final order by name_vi collate vi
