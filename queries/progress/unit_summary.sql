-- One unit's headline figures as of a minute: counts, targets, the expected straight-line
-- pace, the change over 7 days, the non-leader share, its rank among units of its kind, and its
-- progress status with the projection behind it (every column of unit_status_as_of, judged
-- against its kind nationwide: status, projected_count, projected_pct, shortfall, needed_per_day,
-- recent_per_day, ...; sangkien/campaign/status.py `reason` tells why from this row).
-- One row (none when the unit is unknown or out of scope).
-- Parameters: $campaign_id, $as_of, $scope (unit codes or null), $unit_code.
with
unit_kind as (
    select kind from units where unit_code = $unit_code
),
kind_counts as (
    -- every unit of the same kind, to rank the chosen one among its peers
    select
        n.*,
        rank() over (order by n.count_submitted desc) as rank_in_kind,
        count(*) over () as count_units_in_kind
    from unit_rates_as_of($campaign_id, $as_of, $scope) as n
    where n.kind = (select kind from unit_kind)
),
overall as (
    select
        unit_code,
        rank() over (order by count_submitted desc) as rank_overall,
        count(*) over () as count_units_overall
    from unit_counts_as_of($campaign_id, $as_of, $scope)
),
week_ago as (
    select count_submitted
    from unit_counts_as_of($campaign_id, cast($as_of as timestamp) - interval 7 day, list_value($unit_code))
),
final as (
    select
        k.unit_code,
        k.name_vi,
        k.name_en,
        k.short_vi,
        k.kind,
        k.region_code,
        k.members_estimate,
        k.registered_target,
        k.guideline_target,
        k.count_submitted,
        k.count_submitted - w.count_submitted as change_submitted_7d,
        k.count_submitted_non_leader,
        share(k.count_submitted_non_leader, k.count_submitted) as non_leader_pct,
        k.count_awaiting_review,
        k.count_under_review,
        k.count_valid,
        k.count_invalid,
        k.count_applied,
        k.count_rewarded,
        k.achieved_registered_pct,
        -- the straight-line pace: the share of the campaign's time gone
        k.elapsed_pct as expected_pct,
        k.registered_target * k.elapsed_pct as expected_count_to_date,
        k.count_per_1000_members,
        k.rank_in_kind,
        k.count_units_in_kind,
        o.rank_overall,
        o.count_units_overall,
        s.* exclude (unit_code, name_vi, name_en, short_vi, kind, region_code, registered_target, count_submitted)
    from kind_counts as k
    join overall as o on o.unit_code = k.unit_code
    cross join week_ago as w
    left join unit_status_as_of($campaign_id, $as_of, list_value($unit_code)) as s on s.unit_code = k.unit_code
    where k.unit_code = $unit_code
)
select * from final
