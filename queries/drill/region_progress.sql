-- Each region's progress at two minutes ($compare_as_of before $as_of; null: no comparison): the
-- units of the region in scope (the central unions, region TW, as one row), updated initiatives
-- against their registered targets at each minute, and the change. The first level of the
-- drill (region -> province -> grassroots union, sangkien/web/drill.py).
-- One row per region, the best share first. Parameters: $campaign_id, $as_of, $compare_as_of, $scope.
with
now_ as (
    select region_code, count(*) as count_units, sum(count_submitted) as count_submitted, sum(registered_target) as registered_target
    from unit_rates_as_of($campaign_id, $as_of, $scope)
    group by region_code
),
before_ as (
    select region_code, sum(count_submitted) as count_submitted, sum(registered_target) as registered_target
    from unit_rates_as_of($campaign_id, coalesce(cast($compare_as_of as timestamp), cast($as_of as timestamp)), $scope)
    group by region_code
),
names as (
    select distinct on (u.region_code) u.region_code, u.region_vi, g.group_id, g.name_en
    from units as u
    left join unit_groups as g on g.group_id = 'VUNG-' || u.region_code and g.kind = 'region'
),
final as (
    select
        n.region_code,
        m.group_id,
        coalesce(m.region_vi, n.region_code) as name_vi,
        m.name_en,
        n.count_units,
        n.count_submitted,
        n.registered_target,
        share(n.count_submitted, n.registered_target) as achieved_registered_pct,
        case when $compare_as_of is not null then b.count_submitted end as count_submitted_before,
        case when $compare_as_of is not null then share(b.count_submitted, b.registered_target) end as achieved_registered_pct_before,
        case when $compare_as_of is not null then n.count_submitted - b.count_submitted end as change_submitted,
        case when $compare_as_of is not null
            then share(n.count_submitted, n.registered_target) - share(b.count_submitted, b.registered_target) end as change_achieved_pct
    from now_ as n
    left join before_ as b using (region_code)
    left join names as m using (region_code)
)
select * from final
order by achieved_registered_pct desc nulls last, name_vi collate vi
