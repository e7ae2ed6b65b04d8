-- Units ranked by initiatives updated (submitted) as of a minute; ties share a rank.
-- One row per unit in scope, best first; $limit rows at most.
-- Parameters: $campaign_id, $as_of, $scope, $limit.
with
units_as_of as (
    select * from unit_rates_as_of($campaign_id, $as_of, $scope)
),
final as (
    select
        rank() over (order by count_submitted desc) as rank_submitted,
        unit_code,
        name_vi,
        name_en,
        kind,
        count_submitted,
        registered_target,
        achieved_registered_pct,
        count_valid
    from units_as_of
)
select * from final
order by rank_submitted, name_vi collate vi
limit $limit
