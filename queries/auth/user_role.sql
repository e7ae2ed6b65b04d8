-- The role stored for one signed-in address (sangkien/campaign/auth.py); no row: not in the users table.
-- One row per user (zero or one). Parameters: $email (lower case).
with
final as (
    select role
    from users
    where email = $email
)
select * from final
