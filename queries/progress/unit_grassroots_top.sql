-- One unit's grassroots unions with the most submissions as of a minute (raw submissions:
-- the rollup does not keep the grassroots union; one unit's rows are few enough).
-- One row per grassroots union, most first, $limit rows at most; ties in Vietnamese order.
-- Parameters: $campaign_id, $as_of, $scope, $unit_code, $limit.
with
unit_submissions as (
    select grassroots_union, author_is_leader
    from submissions
    where campaign_id = $campaign_id
        and unit_code = $unit_code
        and submitted_at <= cast($as_of as timestamp)
        and ($scope is null or list_contains($scope, $unit_code))
),
per_union as (
    select
        coalesce(grassroots_union, '') as grassroots_union,
        count(*) as count_submitted,
        count(*) filter (where not author_is_leader) as count_submitted_non_leader
    from unit_submissions
    group by all
),
final as (
    select
        rank() over (order by count_submitted desc) as rank_submitted,
        grassroots_union,
        count_submitted,
        share(count_submitted, sum(count_submitted) over ()) as share_of_unit_pct,
        share(count_submitted_non_leader, count_submitted) as non_leader_pct
    from per_union
)
select * from final
order by rank_submitted, grassroots_union collate vi
limit $limit
