-- Headline figures of a campaign as of a minute.
-- One row. Parameters: $campaign_id, $as_of, $scope (unit codes or null).
with
campaign as (
    select * from campaigns where campaign_id = $campaign_id
),
units_as_of as (
    select * from unit_counts_as_of($campaign_id, $as_of, $scope)
),
totals as (
    select
        sum(count_submitted) as count_submitted,
        sum(count_submitted_non_leader) as count_submitted_non_leader,
        sum(count_valid) as count_valid,
        sum(count_under_review) as count_under_review,
        sum(count_applied) as count_applied,
        sum(registered_target) as registered_target,
        sum(guideline_target) as guideline_target,
        count(*) as count_units,
        count(*) filter (where registered_target < guideline_target) as count_units_below_guideline,
        count(*) filter (where registered_target >= guideline_target) as count_units_at_or_above_guideline,
        count(*) filter (where count_submitted > 0) as count_units_active
    from units_as_of
),
final as (
    select
        c.campaign_id,
        c.national_target,
        c.opens_at,
        c.closes_at,
        c.is_demo,
        t.*,
        share(t.count_submitted, c.national_target) as achieved_national_pct,
        share(t.count_submitted, t.registered_target) as achieved_registered_pct,
        share(t.count_submitted_non_leader, t.count_submitted) as non_leader_pct,
        -- straight-line pace from the portal opening to its close
        c.national_target * elapsed_share(c.opens_at, c.closes_at, $as_of) as expected_count_to_date
    from campaign as c
    cross join totals as t
)
select * from final
