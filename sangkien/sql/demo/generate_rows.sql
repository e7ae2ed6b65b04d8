-- The demo's rows before their review dates (sangkien/ingest/demo_data.py build): one per counted submission of
-- slot_counts, timed within its slot, with per-row draws from a hash of (seed, unit, slot, i, tag).
-- The seed is written into the text in place of its parameter (macros cannot take parameters).
create temp macro u(seed, a, b, c, tag) as (hash(seed, a, b, c, tag) % 1000000007) / 1000000007.0;
-- `days` (fractional) after `t`, to the minute, when that falls by `closes_at` (else null); submissions.sql uses it
create temp macro by_close(t, days, closes_at) as (
    case when t + to_minutes(cast(days * 1440 as bigint)) <= closes_at then t + to_minutes(cast(days * 1440 as bigint)) end
);

create temp table raw as
with expanded as (
    select s.unit_code, s.first_ts, s.n_minutes, s.full_day, unnest(range(s.n)) as i
    from slot_counts as s
),
timed as (
    select
        e.*,
        case
            when not e.full_day then e.first_ts + to_minutes(cast(floor(u($seed, e.unit_code, e.first_ts, e.i, 't') * e.n_minutes) as bigint))
            when u($seed, e.unit_code, e.first_ts, e.i, 'w') < 0.85
                then e.first_ts + to_minutes(cast(420 + floor(u($seed, e.unit_code, e.first_ts, e.i, 't') * 720) as bigint))
            else e.first_ts + to_minutes(cast(floor(u($seed, e.unit_code, e.first_ts, e.i, 't') * 1440) as bigint))
        end as submitted_at
    from expanded as e
)
select
    t.unit_code,
    t.submitted_at,
    t.i,
    u($seed, t.unit_code, t.first_ts, t.i, 'l') < p.leader_share as author_is_leader,
    case
        when u($seed, t.unit_code, t.first_ts, t.i, 's') < p.cut_state then 'state'
        when u($seed, t.unit_code, t.first_ts, t.i, 's') < p.cut_non_state then 'non_state'
        when u($seed, t.unit_code, t.first_ts, t.i, 's') < p.cut_fdi then 'fdi'
        else 'public_service'
    end as sector,
    u($seed, t.unit_code, t.first_ts, t.i, 'f') as u_field,
    grassroots_name(p.grassroots_place, p.grassroots_sector, cast(floor(pow(u($seed, t.unit_code, t.first_ts, t.i, 'g'), 2.5) * p.n_grassroots) as integer))
        as grassroots_union,
    t.submitted_at + to_minutes(cast(floor(u($seed, t.unit_code, t.first_ts, t.i, 'r')
        * (1439 - (extract(hour from t.submitted_at) * 60 + extract(minute from t.submitted_at)))) as bigint)) as review_started_at,
    u($seed, t.unit_code, t.first_ts, t.i, 'v') < p.invalid_rate as is_invalid,
    -ln(greatest(u($seed, t.unit_code, t.first_ts, t.i, 'd'), 1e-9)) * p.review_days as review_days,
    u($seed, t.unit_code, t.first_ts, t.i, 'a') < p.apply_rate as will_apply,
    -ln(greatest(u($seed, t.unit_code, t.first_ts, t.i, 'b'), 1e-9)) * 25 as apply_days,
    u($seed, t.unit_code, t.first_ts, t.i, 'x') as u_reward,
    -ln(greatest(u($seed, t.unit_code, t.first_ts, t.i, 'y'), 1e-9)) * 35 as reward_days,
    cast(round(pow(10, 6.3 + 2.3 * pow(u($seed, t.unit_code, t.first_ts, t.i, 'm'), 2)), -3) as bigint) as benefit_vnd
from timed as t
join demo_unit_params as p using (unit_code);
