-- Unit groups (regions, emulation clusters, custom groups) with their member counts.
-- One row per group. Parameters: none.
with
sizes as (
    select group_id, count(*) as count_units, list(unit_code order by unit_code) as unit_codes
    from unit_group_members
    group by group_id
),
final as (
    select g.group_id, g.name_vi, g.name_en, g.kind, coalesce(s.count_units, 0) as count_units, s.unit_codes
    from unit_groups as g
    left join sizes as s using (group_id)
)
select * from final order by kind, name_vi collate vi
