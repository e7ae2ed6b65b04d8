-- The e-mailed reports' subscriptions (sangkien/campaign/subscriptions.py), with their last
-- delivery. One row per subscription, oldest first. Times in Vietnam time. Parameters: none.
with
last_sent as (
    select subscription_id, max(sent_at) as last_sent_at, count(*) filter (where status = 'failed') as count_failed
    from deliveries
    group by subscription_id
),
final as (
    select s.*, l.last_sent_at, coalesce(l.count_failed, 0) as count_failed
    from subscriptions as s
    left join last_sent as l using (subscription_id)
)
select * from final order by subscription_id
