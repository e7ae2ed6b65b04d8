-- The directory of units.
-- One row per unit, in Vietnamese order. Parameters: none.
with
final as (
    select unit_code, name_vi, name_en, short_vi, kind, region_code, region_vi, members_estimate
    from units
)
select * from final order by name_vi collate vi
