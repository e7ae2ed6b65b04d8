-- One row per stage a submission reached, from any relation shaped like submissions (<source>).
-- The event rules of the whole application: submitted, review_started, then valid or invalid
-- (reviewed_at, by status), applied, rewarded; a stage without its time did not happen.
select campaign_id, unit_code, 'submitted' as event, submitted_at as event_at, sector, author_is_leader, benefit_vnd from {source}
union all
select campaign_id, unit_code, 'review_started', review_started_at, sector, author_is_leader, benefit_vnd from {source} where review_started_at is not null
union all
select campaign_id, unit_code, case when status = 'invalid' then 'invalid' else 'valid' end, reviewed_at, sector, author_is_leader, benefit_vnd from {source} where reviewed_at is not null
union all
select campaign_id, unit_code, 'applied', applied_at, sector, author_is_leader, benefit_vnd from {source} where applied_at is not null
union all
select campaign_id, unit_code, 'rewarded', rewarded_at, sector, author_is_leader, benefit_vnd from {source} where rewarded_at is not null
