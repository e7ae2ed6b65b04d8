-- How many units reached each band of their registered target (<25%, 25–50%, 50–100%,
-- >=100% of it in updated initiatives), broken down by region and by unit kind.
-- One row per breakdown ('region' or 'kind') x breakdown value x band, empty bands included,
-- in display order (regions north to south, the central unions last).
-- Parameters: $campaign_id, $as_of, $scope.
with
unit_bands as (
    -- units without a registered target have no band and are not counted
    select unit_code, kind, region_code, achieved_band
    from unit_bands_as_of($campaign_id, $as_of, $scope)
    where achieved_band is not null
),
regions as (
    select
        'region' as breakdown,
        u.region_code as breakdown_code,
        any_value(u.region_vi) as breakdown_vi,
        any_value(g.name_en) as breakdown_en,
        -- the smallest GSO code of a region's provinces orders regions roughly north to south
        rank() over (order by min(u.province_gso_code) nulls last, u.region_code) as breakdown_order,
    from units as u
    left join unit_groups as g on g.group_id = 'VUNG-' || u.region_code
    where $scope is null or list_contains($scope, u.unit_code)
    group by u.region_code
),
kinds as (
    select
        'kind' as breakdown,
        kind as breakdown_code,
        null as breakdown_vi,
        null as breakdown_en,
        case kind when 'province' then 1 when 'sector' then 2 else 3 end as breakdown_order,
    from units
    where $scope is null or list_contains($scope, unit_code)
    group by kind
),
breakdowns as (
    select * from regions
    union all
    select * from kinds
),
counts as (
    select 'region' as breakdown, region_code as breakdown_code, achieved_band, count(*) as count_units
    from unit_bands
    group by region_code, achieved_band
    union all
    select 'kind' as breakdown, kind as breakdown_code, achieved_band, count(*) as count_units
    from unit_bands
    group by kind, achieved_band
),
final as (
    select
        d.breakdown,
        d.breakdown_code,
        d.breakdown_vi,
        d.breakdown_en,
        d.breakdown_order,
        b.achieved_band,
        b.band_order,
        coalesce(c.count_units, 0) as count_units,
        cast(sum(coalesce(c.count_units, 0)) over (partition by d.breakdown, d.breakdown_code) as bigint) as count_units_breakdown,
    from breakdowns as d
    cross join achievement_bands() as b
    left join counts as c
        on c.breakdown = d.breakdown
        and c.breakdown_code = d.breakdown_code
        and c.achieved_band = b.achieved_band
)
select * from final
order by breakdown desc, breakdown_order, band_order
