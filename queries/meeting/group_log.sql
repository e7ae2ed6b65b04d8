-- A custom group's history: every create and update with who made it and when (Vietnam time).
-- One row per change, newest first. Parameters: $group_id.
with
final as (
    select changed_at, action, name_vi, len(unit_codes) as count_units, changed_by
    from unit_group_log
    where group_id = $group_id
)
select * from final
order by changed_at desc
