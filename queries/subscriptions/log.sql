-- Every change to the subscriptions with who made it and when (Vietnam time), newest first.
-- Parameters: none.
with
final as (
    select subscription_id, action, detail, changed_by, changed_at
    from subscription_log
)
select * from final order by changed_at desc, subscription_id desc
