-- Who the initiatives come from and how far they get: counts by sector and by author (holding a
-- leadership or management post or not), with every subtotal, as of a minute.
-- One row per sector x author group, where sector 'all' and author_group 'all' are the subtotals
-- (every combination is present, zero when nothing happened). Counts are cumulative events:
-- submitted (= updated) -> valid -> applied -> rewarded.
-- Parameters: $campaign_id, $as_of, $scope.
with
sectors as (
    select * from (
        values ('state', 1), ('non_state', 2), ('fdi', 3), ('public_service', 4), ('all', 0)
    ) as s (sector, sector_order)
),
author_groups as (
    select * from (values ('non_leader', 1), ('leader', 2), ('all', 0)) as a (author_group, author_order)
),
totals as (
    select * from totals_as_of($campaign_id, $as_of, $scope)
),
grouped as (
    select
        case when grouping(sector) = 1 then 'all' else sector end as sector,
        case
            when grouping(author_is_leader) = 1 then 'all'
            when author_is_leader then 'leader'
            else 'non_leader'
        end as author_group,
        event_measures(event, author_is_leader, count_events, benefit_vnd) as m
    from totals
    group by grouping sets ((sector, author_is_leader), (sector), (author_is_leader), ())
),
measures as (
    select
        sector,
        author_group,
        m.count_submitted,
        m.count_submitted_non_leader,
        m.count_valid,
        m.count_applied,
        m.count_rewarded
    from grouped
),
dense as (
    select
        s.sector,
        s.sector_order,
        a.author_group,
        a.author_order,
        -- every count of measures, 0 where nothing happened
        cast(coalesce(columns(g.* exclude (sector, author_group)), 0) as bigint)
    from sectors as s
    cross join author_groups as a
    left join measures as g on g.sector = s.sector and g.author_group = a.author_group
),
final as (
    select
        *,
        share(count_submitted_non_leader, count_submitted) as non_leader_pct,
        share(count_submitted, sum(count_submitted) filter (where sector <> 'all') over (partition by author_group))
            as sector_share_pct,
        share(count_valid, count_submitted) as valid_submitted_pct,
        share(count_applied, count_submitted) as applied_submitted_pct,
        share(count_rewarded, count_submitted) as rewarded_submitted_pct,
        share(count_rewarded, count_valid) as rewarded_valid_pct
    from dense
)
select * from final
order by sector_order, author_order
