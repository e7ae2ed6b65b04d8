-- Staging: the stored tables as they were at a minute; every named query reads events and
-- counts through these macros. The as-of rule: whole days before the as-of day come from the
-- daily rollup, the partial as-of day from the time-ordered event table, so every figure is
-- what the portal showed at that minute. `scope` is a list of unit codes a viewer may see, or
-- null for all.

create or replace temp macro events_as_of(cid, t, scope) as table
    select day, unit_code, sector, author_is_leader, event, count_events, benefit_vnd
    from rollup_unit_day
    where campaign_id = cid
        and day < cast(t as date)
        and (scope is null or list_contains(scope, unit_code))
    union all
    select
        cast(event_at as date) as day,
        unit_code,
        sector,
        author_is_leader,
        event,
        1 as count_events,
        benefit_vnd
    from submission_events
    where campaign_id = cid
        and event_at >= cast(cast(t as date) as timestamp)
        and event_at <= t
        and (scope is null or list_contains(scope, unit_code));

-- The last whole day whose running totals an as-of minute t starts from: t's own day when t is
-- its last minute (23:59), else the day before; never past max_day (the table's last day).
-- Timestamps are to the minute (docs/data-model.md).
create or replace temp macro last_full_day(t, max_day) as
    least(
        case when cast(t as timestamp) >= cast(cast(t as date) as timestamp) + interval 1439 minute
            then cast(t as date) else cast(t as date) - 1 end,
        max_day
    );

-- Totals as of t: the running totals at the end of the last complete day (last_full_day) plus
-- the partial day from the events. One row per unit x sector x leader flag x event.
create or replace temp macro totals_as_of(cid, t, scope) as table
    with
    last_full as (
        select last_full_day(t, (select max(day) from rollup_unit_cum where campaign_id = cid)) as day
    ),
    parts as (
        select unit_code, sector, author_is_leader, event, cum_count as count_events, cum_benefit_vnd as benefit_vnd
        from rollup_unit_cum
        where campaign_id = cid
            and day = (select day from last_full)
            and (scope is null or list_contains(scope, unit_code))
        union all
        select unit_code, sector, author_is_leader, event, 1, benefit_vnd
        from submission_events
        where campaign_id = cid
            and event_at >= cast((select day from last_full) + 1 as timestamp)
            and event_at <= t
            and (scope is null or list_contains(scope, unit_code))
    )
    select unit_code, sector, author_is_leader, event,
        cast(sum(count_events) as bigint) as count_events,
        sum(benefit_vnd) as benefit_vnd
    from parts
    group by all;

-- A whole unit's measures per day between two minutes, from the events: the part of a day the
-- running totals do not cover. The measures are event_measures' (10_measures.sql), the columns
-- of rollup_unit_totals (sangkien/sql/store/unit_totals.sql counts the same events per whole
-- day with the same macro). One row per day x unit with events.
create or replace temp macro unit_events_between(cid, t_from, t_to, scope) as table
    select day, unit_code, m.*
    from (
        select
            cast(event_at as date) as day,
            unit_code,
            event_measures(event, author_is_leader, 1, benefit_vnd) as m
        from submission_events
        where campaign_id = cid
            and event_at >= t_from
            and event_at <= t_to
            and (scope is null or list_contains(scope, unit_code))
        group by all
    );

-- A whole unit's measures per day as of t (events_as_of without the sector and leader
-- dimensions): whole days up to last_full_day from rollup_unit_totals (every day of the
-- campaign, zeros included), the rest up to the minute from the events.
-- One row per day x unit; columns count_submitted ... benefit_vnd_applied.
create or replace temp macro unit_events_as_of(cid, t, scope) as table
    with last_full as (
        select last_full_day(t, (select max(day) from rollup_unit_totals where campaign_id = cid)) as day
    )
    select day, unit_code, columns('^(count_.*|benefit_vnd_applied)$')
    from rollup_unit_totals
    where campaign_id = cid
        and day <= (select day from last_full)
        and (scope is null or list_contains(scope, unit_code))
    union all by name
    select *
    from unit_events_between(cid, cast((select day from last_full) + 1 as timestamp), t, scope);

-- A whole unit's measures as of t (totals_as_of without the sector and leader dimensions):
-- one day of rollup_unit_totals (~82 rows) plus the partial day from the events.
-- One row per unit with events; columns count_submitted ... benefit_vnd_applied.
create or replace temp macro unit_totals_as_of(cid, t, scope) as table
    with
    last_full as (
        select last_full_day(t, (select max(day) from rollup_unit_totals where campaign_id = cid)) as day
    ),
    parts as (
        select unit_code, columns('^cum_(.*)$') as '\1'
        from rollup_unit_totals
        where campaign_id = cid
            and day = (select day from last_full)
            and (scope is null or list_contains(scope, unit_code))
        union all by name
        select * exclude (day)
        from unit_events_between(cid, cast((select day from last_full) + 1 as timestamp), t, scope)
    )
    select unit_code, cast(sum(columns(* exclude (unit_code))) as bigint)
    from parts
    group by unit_code;
