-- Every change to the users and roles: added, role changed, removed, by whom, when (Vietnam time).
-- One row per change, newest first. Parameters: none.
with
final as (
    select changed_at, email, action, role, changed_by
    from user_log
)
select * from final
order by changed_at desc, email
