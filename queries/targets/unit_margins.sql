-- Each unit's registered target against its guideline (guideline_ratio of its estimated
-- members, 10% in 2022) and its updated count against the registered target, with the
-- achievement band (<25%, 25–50%, 50–100%, >=100% of the registered target).
-- One row per unit in scope, the largest margin over the guideline first.
-- Parameters: $campaign_id, $as_of, $scope.
with
final as (
    select
        -- the unit, its targets and margin, in unit_bands_as_of's order
        columns('^(unit_code|name_(vi|en)|short_vi|kind|region_code|members_estimate|(registered|guideline)_target|registered_minus_guideline)$'),
        registered_target < guideline_target as is_below_guideline,
        count_submitted,
        count_submitted - registered_target as submitted_minus_registered,
        achieved_registered_pct,
        achieved_band,
        band_order,
    from unit_bands_as_of($campaign_id, $as_of, $scope)
)
select * from final
order by registered_minus_guideline desc, name_vi collate vi
