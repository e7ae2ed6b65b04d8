-- Each unit's registered target against its guideline (guideline_ratio of its estimated
-- members, 10% in 2022) and its updated count against the registered target, with the
-- achievement band (<25%, 25–50%, 50–100%, >=100% of the registered target).
-- One row per unit in scope, the largest margin over the guideline first.
-- Parameters: $campaign_id, $as_of, $scope.
with
bands as (
    select * from achievement_bands()
),
units_as_of as (
    select * from unit_rates_as_of($campaign_id, $as_of, $scope)
),
final as (
    select
        u.unit_code,
        u.name_vi,
        u.name_en,
        u.short_vi,
        u.kind,
        u.region_code,
        u.members_estimate,
        u.registered_target,
        u.guideline_target,
        u.registered_minus_guideline,
        u.registered_target < u.guideline_target as is_below_guideline,
        u.count_submitted,
        u.count_submitted - u.registered_target as submitted_minus_registered,
        u.achieved_registered_pct,
        b.achieved_band,
        b.band_order,
    from units_as_of as u
    left join bands as b
        on u.achieved_registered_pct >= b.lower_pct
        and (b.upper_pct is null or u.achieved_registered_pct < b.upper_pct)
)
select * from final
order by registered_minus_guideline desc, name_vi collate vi
