-- Per unit: the share of initiatives from workers without a leadership or management post, and
-- the reward rate (rewarded / valid) of those workers against that of leaders, as of a minute.
-- One row per unit in scope (units with nothing submitted included), in Vietnamese name order.
-- Parameters: $campaign_id, $as_of, $scope.
with
totals as (
    select * from totals_as_of($campaign_id, $as_of, $scope)
),
counts as (
    select
        unit_code,
        sum(count_events) filter (where event = 'submitted') as count_submitted,
        sum(count_events) filter (where event = 'submitted' and not author_is_leader) as count_submitted_non_leader,
        sum(count_events) filter (where event = 'valid' and not author_is_leader) as count_valid_non_leader,
        sum(count_events) filter (where event = 'valid' and author_is_leader) as count_valid_leader,
        sum(count_events) filter (where event = 'rewarded' and not author_is_leader) as count_rewarded_non_leader,
        sum(count_events) filter (where event = 'rewarded' and author_is_leader) as count_rewarded_leader
    from totals
    group by unit_code
),
final as (
    select
        u.unit_code,
        u.name_vi,
        u.name_en,
        u.short_vi,
        u.kind,
        cast(coalesce(c.count_submitted, 0) as bigint) as count_submitted,
        cast(coalesce(c.count_submitted_non_leader, 0) as bigint) as count_submitted_non_leader,
        share(c.count_submitted_non_leader, c.count_submitted) as non_leader_pct,
        cast(coalesce(c.count_rewarded_non_leader, 0) as bigint) as count_rewarded_non_leader,
        cast(coalesce(c.count_rewarded_leader, 0) as bigint) as count_rewarded_leader,
        share(coalesce(c.count_rewarded_non_leader, 0), c.count_valid_non_leader) as rewarded_valid_non_leader_pct,
        share(coalesce(c.count_rewarded_leader, 0), c.count_valid_leader) as rewarded_valid_leader_pct
    from units as u
    left join counts as c on c.unit_code = u.unit_code
    where $scope is null or list_contains($scope, u.unit_code)
)
select * from final
order by name_vi collate vi
