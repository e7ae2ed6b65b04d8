-- Progress of every unit against its registered target as of a minute, with the expected
-- straight-line pace, the rate per 1,000 members and the change over the last 7 days.
-- One row per unit in scope, best achieved share first.
-- is_pace_judged: from pace_judged_from (queries/_macros.sql) on, units are split by the
-- straight-line pace; before it, in the portal's first days, the page does not split them.
-- Parameters: $campaign_id, $as_of, $scope (unit codes or null), $pace_days.
with
progress as (
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
        -- the straight-line pace: the share of the campaign's time gone
        n.elapsed_pct as expected_pct,
        n.registered_target * n.elapsed_pct as expected_count_to_date,
        n.is_behind_elapsed_share,
        c.pace_judged_from,
        cast($as_of as timestamp) >= c.pace_judged_from as is_pace_judged,
        n.count_per_1000_members,
        -- how many units of the view keep up with the pace, for the page's summary line
        count_on_pace(n.is_behind_elapsed_share) as count_units_on_pace,
        count_with_target(n.achieved_registered_pct) as count_units_with_target
    from unit_rates_7d_as_of($campaign_id, $as_of, $scope) as n
    join units as u on u.unit_code = n.unit_code
    cross join (
        select pace_judged_from(opens_at, closes_at, $pace_days) as pace_judged_from from campaigns where campaign_id = $campaign_id
    ) as c
)
select * from progress
order by achieved_registered_pct desc nulls last, name_vi collate vi
