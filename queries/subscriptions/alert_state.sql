-- What each alerts subscription last said of each unit and milestone. Parameters: $subscription_id.
with
final as (
    select item, value, noted_at
    from alert_state
    where subscription_id = $subscription_id
)
select * from final order by item
