-- Groups a meeting can be about, with who created them, their members and the minute their
-- meeting was held (null when none is recorded), custom groups first (newest first), then
-- emulation clusters and regions.
-- One row per group. Parameters: none.
with
members as (
    select m.group_id, count(*) as count_units, list(m.unit_code order by u.name_vi collate vi) as unit_codes
    from unit_group_members as m
    join units as u using (unit_code)
    group by m.group_id
),
final as (
    select
        g.group_id,
        g.name_vi,
        coalesce(g.name_en, g.name_vi) as name_en,
        g.kind,
        g.created_by,
        g.created_at,
        coalesce(m.count_units, 0) as count_units,
        coalesce(m.unit_codes, []) as unit_codes,
        gm.meeting_at
    from unit_groups as g
    left join members as m using (group_id)
    left join group_meetings as gm using (group_id)
)
select * from final
order by
    case kind when 'custom' then 0 when 'cluster' then 1 else 2 end,
    created_at desc nulls last,
    name_vi collate vi
