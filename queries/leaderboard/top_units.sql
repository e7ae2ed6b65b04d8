-- Units ranked by initiatives updated (submitted) as of a minute; ties share a rank. Each unit
-- carries its progress status (unit_status_as_of in queries/_macros.sql: the one verdict).
-- One row per unit in scope, best first; $limit rows at most.
-- Parameters: $campaign_id, $as_of, $scope, $limit.
with
units_as_of as (
    select * from unit_rates_as_of($campaign_id, $as_of, $scope)
),
final as (
    select
        rank() over (order by u.count_submitted desc) as rank_submitted,
        u.unit_code,
        u.name_vi,
        u.name_en,
        u.kind,
        u.count_submitted,
        u.registered_target,
        u.achieved_registered_pct,
        u.count_valid,
        s.status,
        s.status_rank
    from units_as_of as u
    left join unit_status_as_of($campaign_id, $as_of, $scope) as s on s.unit_code = u.unit_code
)
select * from final
order by rank_submitted, name_vi collate vi
limit $limit
