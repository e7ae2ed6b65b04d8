-- Every unit's counts as of a minute, with targets.
-- One row per unit in scope. Parameters: $campaign_id, $as_of, $scope.
with
final as (
    select
        *,
        registered_target < guideline_target as is_below_guideline
    from unit_rates_as_of($campaign_id, $as_of, $scope)
)
select * from final order by name_vi collate vi
