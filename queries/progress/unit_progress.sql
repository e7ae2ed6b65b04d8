-- Progress of every unit against its registered target as of a minute, with the expected
-- straight-line pace (a reference line only), the rate per 1,000 members, the change over the
-- last 7 days, and the unit's progress status: the one verdict, read from unit_status_as_of
-- (queries/_macros/50_status.sql) with every figure its reason sentence (sangkien/status.reason) quotes.
-- One row per unit in scope, best achieved share first.
-- Parameters: $campaign_id, $as_of, $scope (unit codes or null).
with
final as (
    select
        n.unit_code,
        n.name_vi,
        n.name_en,
        n.short_vi,
        -- provinces read best with their full name, central unions with their short one
        case when n.kind = 'province' then n.name_vi else n.short_vi end as label_vi,
        n.kind,
        n.region_code,
        u.province_2025_code,
        u.province_2025_vi,
        n.members_estimate,
        n.registered_target,
        n.guideline_target,
        n.count_submitted,
        n.count_submitted_7d_ago,
        n.change_submitted_7d,
        n.achieved_registered_pct,
        -- the straight-line pace: the share of the campaign's time gone, all of it from the close
        -- on (the status's pace_pct); a reference line, not a verdict
        s.pace_pct as expected_pct,
        n.registered_target * s.pace_pct as expected_count_to_date,
        -- below the straight line: no page colours or counts by it (the status is the verdict);
        -- the demo's plausibility test reads it
        n.is_behind_elapsed_share,
        n.count_per_1000_members,
        s.* exclude (unit_code, name_vi, name_en, short_vi, kind, region_code, registered_target, count_submitted)
    from unit_rates_7d_as_of($campaign_id, $as_of, $scope) as n
    join units as u on u.unit_code = n.unit_code
    join unit_status_as_of($campaign_id, $as_of, $scope) as s on s.unit_code = n.unit_code
)
select * from final
order by achieved_registered_pct desc nulls last, name_vi collate vi
