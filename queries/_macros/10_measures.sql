-- Measures: the arithmetic every figure shares and THE EVENT→MEASURE MAPPING. Scalar macros
-- only, reading no table, so the write side defines this file too (sangkien/storage/store.py,
-- before sangkien/sql/store/unit_totals.sql) and both sides count an event as the same measure.

-- part / whole, null when the whole is 0 or null (never a division by zero: DuckDB would give
-- infinity). Every share and ratio of the queries divides through it or through nullif.
create or replace temp macro share(part, whole) as part / nullif(whole, 0);

-- A count per 1,000 members (members_estimate), null without members.
create or replace temp macro per_1000(n, members) as 1000.0 * n / nullif(members, 0);

-- Which event counts as which measure of a whole unit, as one aggregate (use with group by):
-- a struct of count_submitted (an initiative updated on the portal), count_submitted_non_leader
-- (by an author without a leadership post), count_review_started, count_valid, count_invalid,
-- count_applied, count_rewarded (bigint, 0 when none) and benefit_vnd_applied (0 when none).
-- `n` is how many events a row stands for: 1 for a row of submission_events, count_events for a
-- rollup's row. Read its fields with `m.*` from a subquery that names it m. The columns of
-- rollup_unit_totals (sangkien/sql/store/unit_totals.sql) and of unit_events_between.
create or replace temp macro event_measures(event, author_is_leader, n, benefit_vnd) as {
    'count_submitted': cast(coalesce(sum(n) filter (where event = 'submitted'), 0) as bigint),
    'count_submitted_non_leader': cast(coalesce(sum(n) filter (where event = 'submitted' and not author_is_leader), 0) as bigint),
    'count_review_started': cast(coalesce(sum(n) filter (where event = 'review_started'), 0) as bigint),
    'count_valid': cast(coalesce(sum(n) filter (where event = 'valid'), 0) as bigint),
    'count_invalid': cast(coalesce(sum(n) filter (where event = 'invalid'), 0) as bigint),
    'count_applied': cast(coalesce(sum(n) filter (where event = 'applied'), 0) as bigint),
    'count_rewarded': cast(coalesce(sum(n) filter (where event = 'rewarded'), 0) as bigint),
    'benefit_vnd_applied': coalesce(sum(benefit_vnd) filter (where event = 'applied'), 0)
};
