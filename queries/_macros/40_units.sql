-- Units: the per-unit base every per-unit query builds on (counts as of a minute, then the
-- measures that are fair across sizes).

-- One row per unit in scope (units with no events included), counts as of t.
create or replace temp macro unit_counts_as_of(cid, t, scope) as table
    with counts as (
        select * from unit_totals_as_of(cid, t, scope)
    )
    select
        u.unit_code,
        u.name_vi,
        u.name_en,
        u.short_vi,
        u.kind,
        u.region_code,
        u.members_estimate,
        tg.registered_target,
        tg.guideline_target,
        coalesce(c.count_submitted, 0) as count_submitted,
        coalesce(c.count_submitted_non_leader, 0) as count_submitted_non_leader,
        coalesce(c.count_review_started, 0) - coalesce(c.count_valid, 0) - coalesce(c.count_invalid, 0) as count_under_review,
        coalesce(c.count_submitted, 0) - coalesce(c.count_review_started, 0) as count_awaiting_review,
        coalesce(c.count_valid, 0) as count_valid,
        coalesce(c.count_invalid, 0) as count_invalid,
        coalesce(c.count_applied, 0) as count_applied,
        coalesce(c.count_rewarded, 0) as count_rewarded,
        coalesce(c.benefit_vnd_applied, 0) as benefit_vnd_applied
    from units as u
    left join targets as tg on tg.unit_code = u.unit_code and tg.campaign_id = cid
    left join counts as c on c.unit_code = u.unit_code
    where scope is null or list_contains(scope, u.unit_code);

-- The per-unit base every per-unit query builds on: counts as of t (unit_counts_as_of) with the
-- measures that are fair across sizes, defined here once. One row per unit in scope.
--   achieved_registered_pct: updated / registered target.
--   count_per_1000_members: updated per 1,000 (estimated) members.
--   registered_minus_guideline: the registration's margin over the guideline (10% of members).
--   elapsed_pct: the share of the campaign's time gone at t (the straight-line pace);
--   is_behind_elapsed_share: achieved_registered_pct below it. (The watchlist's ramp-aware
--   judgement, is_behind_expected_share and is_behind_pace, is a different measure.)
create or replace temp macro unit_rates_as_of(cid, t, scope) as table
    select
        u.*,
        share(u.count_submitted, u.registered_target) as achieved_registered_pct,
        per_1000(u.count_submitted, u.members_estimate) as count_per_1000_members,
        u.registered_target - u.guideline_target as registered_minus_guideline,
        elapsed_share(c.opens_at, c.closes_at, t) as elapsed_pct,
        share(u.count_submitted, u.registered_target) < elapsed_share(c.opens_at, c.closes_at, t) as is_behind_elapsed_share
    from unit_counts_as_of(cid, t, scope) as u
    cross join (select opens_at, closes_at from campaigns where campaign_id = cid) as c;

-- unit_rates_as_of with each unit's updated count 7 days before t (count_submitted_7d_ago) and
-- the change since (change_submitted_7d). One row per unit in scope.
create or replace temp macro unit_rates_7d_as_of(cid, t, scope) as table
    select
        n.*,
        w.count_submitted as count_submitted_7d_ago,
        n.count_submitted - w.count_submitted as change_submitted_7d
    from unit_rates_as_of(cid, t, scope) as n
    join unit_counts_as_of(cid, cast(t as timestamp) - interval 7 day, scope) as w
        on w.unit_code = n.unit_code;
