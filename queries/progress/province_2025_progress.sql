-- Progress re-aggregated to the 34 provinces of the 2025 merger: each merged province sums
-- the old provinces (in scope) that form it, and takes the worst progress status of them
-- (unit_status_as_of decides each old province's status; nothing is decided again here).
-- One row per 2025 province with at least one old province in scope, best achieved share first.
--   status, status_rank: the worst status of the old provinces (highest status_rank);
--   worst_member: that old province's whole status row (the largest projected shortfall among
--   equals), from which sangkien/status.reason writes why; count_members_<status>: how many
--   old provinces have each status.
-- Parameters: $campaign_id, $as_of, $scope (unit codes or null).
with
now_counts as (
    select n.*, u.province_2025_code, u.province_2025_vi
    from unit_counts_as_of($campaign_id, $as_of, $scope) as n
    join units as u on u.unit_code = n.unit_code
    where n.kind = 'province'
),
week_ago_counts as (
    -- unit_rates_7d_as_of's week-ago count, taken from the counts: the rates of every unit
    -- (what that macro starts from) are not needed here and cost ~5% of the query
    select unit_code, count_submitted
    from unit_counts_as_of($campaign_id, cast($as_of as timestamp) - interval 7 day, $scope)
),
statuses as (
    select * from unit_status_as_of($campaign_id, $as_of, $scope)
),
merged as (
    select
        n.province_2025_code,
        any_value(n.province_2025_vi) as name_vi,
        -- the English name of the old province the merged one is named after, else the folded name
        coalesce(
            max(n.name_en) filter (where n.name_vi = n.province_2025_vi),
            replace(replace(strip_accents(any_value(n.province_2025_vi)), 'Đ', 'D'), 'đ', 'd')
        ) as name_en,
        count(*) as count_units,
        list(n.unit_code order by n.members_estimate desc) as unit_codes,
        arg_max(n.unit_code, n.members_estimate) as largest_unit_code,
        cast(sum(n.members_estimate) as bigint) as members_estimate,
        cast(sum(n.registered_target) as bigint) as registered_target,
        cast(sum(n.guideline_target) as bigint) as guideline_target,
        cast(sum(n.count_submitted) as bigint) as count_submitted,
        cast(sum(w.count_submitted) as bigint) as count_submitted_7d_ago,
        -- the straight-line pace, all of it from the close on (the same for every unit)
        any_value(s.pace_pct) as expected_pct,
        max(s.status_rank) as status_rank,
        arg_max(s, [s.status_rank, coalesce(s.shortfall, 0)]) as worst_member
    from now_counts as n
    join week_ago_counts as w on w.unit_code = n.unit_code
    join statuses as s on s.unit_code = n.unit_code
    group by n.province_2025_code
),
final as (
    select
        m.province_2025_code,
        m.name_vi,
        m.name_en,
        m.name_vi as label_vi,
        m.count_units,
        m.unit_codes,
        m.largest_unit_code,
        m.members_estimate,
        m.registered_target,
        m.guideline_target,
        m.count_submitted,
        m.count_submitted_7d_ago,
        m.count_submitted - m.count_submitted_7d_ago as change_submitted_7d,
        share(m.count_submitted, m.registered_target) as achieved_registered_pct,
        m.expected_pct,
        m.registered_target * m.expected_pct as expected_count_to_date,
        per_1000(m.count_submitted, m.members_estimate) as count_per_1000_members,
        m.worst_member.status as status,
        m.status_rank,
        m.worst_member
    from merged as m
)
select * from final
order by achieved_registered_pct desc nulls last, name_vi collate vi
