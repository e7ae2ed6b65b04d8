-- Who may change what: every address with a role, who granted it and when (Vietnam time).
-- One row per user, admins first. Parameters: none.
with
final as (
    select email, role, granted_by, granted_at
    from users
)
select * from final
order by case role when 'admin' then 0 when 'editor' then 1 else 2 end, email
