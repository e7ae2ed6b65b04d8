-- The demo's submissions from raw (generate_rows.sql): review, application and reward dates that
-- fall before the close (by_close, defined there). The braced field_case is demo.py's field draw (FIELDS, FIELD_WEIGHTS).
insert into submissions
with timed as (
    select
        r.*,
        by_close(r.review_started_at, r.review_days, $closes_at) as reviewed_at_0
    from raw as r
),
staged as (
    select
        t.*,
        case when t.reviewed_at_0 is not null and not t.is_invalid and t.will_apply
            then by_close(t.reviewed_at_0, t.apply_days, $closes_at) end as applied_at_0
    from timed as t
),
rewarded as (
    select
        s.*,
        case when s.applied_at_0 is not null
            and s.u_reward < (case when s.author_is_leader then 0.50 else 0.24 end)
                * (case when s.sector in ('non_state', 'fdi') then 0.6 else 1.0 end)
            then by_close(s.applied_at_0, s.reward_days, $closes_at) end as rewarded_at_0
    from staged as s
),
numbered as (
    select
        r.*,
        row_number() over (order by r.submitted_at, r.unit_code, r.review_started_at, r.i, r.u_field) as n
    from rewarded as r
)
select
    'SK22-' || lpad(cast(n as varchar), 8, '0') as submission_id,
    $campaign_id as campaign_id,
    unit_code,
    grassroots_union,
    submitted_at,
    author_is_leader,
    sector,
    {field_case} as field,
    case when is_invalid then 'invalid' else 'valid' end as status,  -- the review decision
    review_started_at,
    reviewed_at_0 as reviewed_at,
    applied_at_0 as applied_at,
    rewarded_at_0 as rewarded_at,
    case when not is_invalid then benefit_vnd end as benefit_vnd
from numbered
order by submitted_at;
