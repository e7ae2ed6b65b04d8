-- A group's headline figures against the nation as of a minute, in the shape the meeting
-- report reads them aloud: registered share, guideline margins, updated count and rate.
-- One row (none when the group does not exist). "Nation" is every unit in $scope.
-- Parameters: $campaign_id, $as_of, $scope, $group_id, $rate_band (e.g. 0.10: a rate within
-- ±10% of the national rate counts as "at the national rate").
with
members as (
    select unit_code from unit_group_members where group_id = $group_id
),
units_as_of as (
    select
        u.*,
        u.unit_code in (select m.unit_code from members as m) as is_member
    from unit_counts_as_of($campaign_id, $as_of, $scope) as u
),
nation as (
    select
        count(*) as count_units_nation,
        sum(registered_target) as registered_target_nation,
        sum(count_submitted) as count_submitted_nation,
        sum(count_submitted) / nullif(sum(registered_target), 0) as achieved_registered_nation_pct
    from units_as_of
),
grouped as (
    select
        count(*) as count_units,
        sum(registered_target) as registered_target,
        sum(guideline_target) as guideline_target,
        sum(members_estimate) as members_estimate,
        sum(count_submitted) as count_submitted,
        sum(count_submitted_non_leader) as count_submitted_non_leader,
        sum(count_valid) as count_valid,
        count(*) filter (where registered_target > guideline_target) as count_units_above_guideline,
        count(*) filter (where registered_target = guideline_target) as count_units_at_guideline,
        count(*) filter (where registered_target < guideline_target) as count_units_below_guideline
    from units_as_of
    where is_member
),
final as (
    select
        g.group_id,
        g.name_vi,
        g.name_en,
        g.kind,
        c.guideline_ratio,
        x.*,
        n.*,
        x.registered_target / nullif(n.registered_target_nation, 0) as registered_share_pct,
        -- "trên 6% cả nước": the whole percent the share exceeds
        floor(100 * x.registered_target / nullif(n.registered_target_nation, 0)) / 100 as registered_share_floor_pct,
        x.count_submitted / nullif(n.count_submitted_nation, 0) as submitted_share_pct,
        x.count_submitted / nullif(x.registered_target, 0) as achieved_registered_pct,
        x.count_submitted_non_leader / nullif(x.count_submitted, 0) as non_leader_pct,
        x.count_valid / nullif(x.count_submitted, 0) as valid_share_pct,
        1000.0 * x.count_submitted / nullif(x.members_estimate, 0) as count_per_1000_members,
        (x.count_submitted / nullif(x.registered_target, 0)) / nullif(n.achieved_registered_nation_pct, 0) as rate_vs_nation_ratio,
        rate_band_of(x.count_submitted / nullif(x.registered_target, 0), n.achieved_registered_nation_pct, $rate_band) as rate_band
    from unit_groups as g
    cross join campaigns as c
    cross join grouped as x
    cross join nation as n
    where g.group_id = $group_id and c.campaign_id = $campaign_id
)
select * from final
