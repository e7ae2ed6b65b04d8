-- Each demo submission's status from its dates (after review_pin.sql); dates out of order are dropped.
update submissions set
    applied_at = case when applied_at >= reviewed_at then applied_at end,
    rewarded_at = case when applied_at >= reviewed_at and rewarded_at >= applied_at then rewarded_at end;
update submissions set status = case
    when rewarded_at is not null then 'rewarded'
    when applied_at is not null then 'applied'
    when reviewed_at is not null and status = 'invalid' then 'invalid'
    when reviewed_at is not null then 'valid'
    when review_started_at is not null then 'under_review'
    else 'updated'
end;
