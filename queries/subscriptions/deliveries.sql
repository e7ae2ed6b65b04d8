-- The deliveries of the e-mailed reports (claimed, sent, failed), newest first; times in Vietnam
-- time. Parameters: none.
with
final as (
    select subscription_id, slot, status, attempts, claimed_at, sent_at, message_id, detail
    from deliveries
)
select * from final order by claimed_at desc, subscription_id
