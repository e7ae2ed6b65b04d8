-- Registered target against the 10% guideline for each unit of a group, so the meeting can
-- name who registered above (largest surplus first) and who below (largest shortfall first).
-- One row per member unit with a target. Parameters: $campaign_id, $as_of, $scope, $group_id.
with
units_as_of as (
    select * from unit_counts_as_of($campaign_id, $as_of, $scope)
    where unit_code in (select unit_code from unit_group_members where group_id = $group_id)
        and registered_target is not null
),
final as (
    select
        unit_code,
        name_vi,
        name_en,
        registered_target,
        guideline_target,
        registered_target - guideline_target as registered_minus_guideline,
        case
            when registered_target > guideline_target then 'above'
            when registered_target < guideline_target then 'below'
            else 'at'
        end as guideline_side
    from units_as_of
)
select * from final
order by
    case guideline_side when 'above' then 0 when 'at' then 1 else 2 end,
    abs(registered_minus_guideline) desc,
    name_vi collate vi
