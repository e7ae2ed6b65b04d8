-- A group's headline figures against the nation as of a minute, in the shape the meeting
-- report reads them aloud: registered share, guideline margins, updated count and rate.
-- One row (none when the group does not exist). "Nation" is every unit in $scope.
-- Parameters: $campaign_id, $as_of, $scope, $group_id, $rate_band (e.g. 0.10: a rate within
-- ±10% of the national rate counts as "at the national rate"). A scope that is not a stored
-- group comes as SCOPE:NATION, SCOPE:KIND:<KIND> or SCOPE:UNIT:<CODE> (scope_members), its name
-- null (the caller names it).
with
members as (
    select unit_code from scope_members($group_id)
),
named as (
    select group_id, name_vi, name_en, kind from unit_groups where group_id = $group_id
    union all
    select $group_id, null, null, 'scope' where starts_with($group_id, 'SCOPE:')
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
        share(sum(count_submitted), sum(registered_target)) as achieved_registered_nation_pct
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
        share(x.registered_target, n.registered_target_nation) as registered_share_pct,
        -- "trên 6% cả nước": the whole percent the share exceeds
        floor(100 * x.registered_target / nullif(n.registered_target_nation, 0)) / 100 as registered_share_floor_pct,
        share(x.count_submitted, n.count_submitted_nation) as submitted_share_pct,
        share(x.count_submitted, x.registered_target) as achieved_registered_pct,
        share(x.count_submitted_non_leader, x.count_submitted) as non_leader_pct,
        share(x.count_valid, x.count_submitted) as valid_share_pct,
        per_1000(x.count_submitted, x.members_estimate) as count_per_1000_members,
        share(share(x.count_submitted, x.registered_target), n.achieved_registered_nation_pct) as rate_vs_nation_ratio,
        rate_band_of(share(x.count_submitted, x.registered_target), n.achieved_registered_nation_pct, $rate_band) as rate_band
    from named as g
    cross join campaigns as c
    cross join grouped as x
    cross join nation as n
    where g.group_id = $group_id and c.campaign_id = $campaign_id
)
select * from final
