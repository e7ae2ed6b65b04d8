-- Each unit of a group as of a minute: progress against its registered target, its rate
-- against the national rate, and its ranks among all units in scope (82 nationwide).
-- One row per member unit, most updated first. Ranks: 1 = best, ties share a rank.
-- guideline_side / margin_order: the registered target against the guideline (above, at,
-- below; null without a target) and the order the meeting names them in (above first, largest
-- surplus first; then at; then below, largest shortfall first), so the report needs no second
-- query for its registration block.
-- status, status_rank, projected_pct, shortfall and the figures status.reason quotes: the one
-- progress verdict (unit_status_as_of in queries/_macros/50_status.sql), never decided here.
-- Parameters: $campaign_id, $as_of, $scope, $group_id, $rate_band (e.g. 0.10: within ±10%
-- of the national rate counts as "at the national rate"). A scope that is not a stored group
-- (sangkien/campaign/scope.py) comes as the group id SCOPE:NATION, SCOPE:KIND:<KIND> or
-- SCOPE:UNIT:<CODE> (scope_members in queries/_macros/60_pages.sql).
with
units_as_of as (
    select * from unit_rates_as_of($campaign_id, $as_of, $scope)
),
nation as (
    select share(sum(count_submitted), sum(registered_target)) as achieved_registered_nation_pct
    from units_as_of
),
ranked as (
    select
        *,
        count(*) over () as count_units_ranked,
        rank() over (order by count_submitted desc) as rank_submitted,
        rank() over (order by achieved_registered_pct desc nulls last) as rank_achieved_registered,
        rank() over (order by count_per_1000_members desc nulls last) as rank_per_1000,
        rank() over (order by registered_target desc nulls last) as rank_registered,
        row_number() over (order by name_vi collate vi) as name_order
    from units_as_of
),
members as (
    select
        *,
        case
            when registered_target is null then null
            when registered_target > guideline_target then 'above'
            when registered_target < guideline_target then 'below'
            else 'at'
        end as guideline_side
    from ranked
    where unit_code in (select unit_code from scope_members($group_id))
),
final as (
    select
        r.unit_code,
        r.name_vi,
        r.name_en,
        r.kind,
        r.members_estimate,
        r.registered_target,
        r.guideline_target,
        r.registered_minus_guideline,
        r.count_submitted,
        r.count_valid,
        share(r.count_submitted_non_leader, r.count_submitted) as non_leader_pct,
        r.achieved_registered_pct,
        n.achieved_registered_nation_pct,
        share(r.achieved_registered_pct, n.achieved_registered_nation_pct) as rate_vs_nation_ratio,
        rate_band_of(r.achieved_registered_pct, n.achieved_registered_nation_pct, $rate_band) as rate_band,
        r.count_per_1000_members,
        r.rank_submitted,
        r.rank_achieved_registered,
        r.rank_per_1000,
        r.rank_registered,
        r.count_units_ranked,
        -- the position in Vietnamese alphabetical order, for lists of names
        r.name_order,
        r.guideline_side,
        case when r.guideline_side is not null then row_number() over (
            partition by r.guideline_side is null
            order by
                case r.guideline_side when 'above' then 0 when 'at' then 1 else 2 end,
                abs(r.registered_minus_guideline) desc,
                r.name_vi collate vi
        ) end as margin_order,
        s.* exclude (unit_code, name_vi, name_en, short_vi, kind, region_code, registered_target, count_submitted)
    from members as r
    cross join nation as n
    left join unit_status_as_of($campaign_id, $as_of, $scope) as s on s.unit_code = r.unit_code
)
select * from final
order by count_submitted desc, name_vi collate vi
