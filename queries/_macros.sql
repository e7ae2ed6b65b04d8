-- Table macros shared by every named query; created as temporary macros on each connection.
-- The as-of rule: whole days before the as-of day come from the daily rollup, the partial
-- as-of day from the time-ordered event table, so every figure is what the portal showed at
-- that minute. `scope` is a list of unit codes a viewer may see, or null for all.

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
-- running totals do not cover. The measures are the columns of rollup_unit_totals
-- (sangkien/sql/store/unit_totals.sql counts the same events per whole day).
-- One row per day x unit with events.
create or replace temp macro unit_events_between(cid, t_from, t_to, scope) as table
    select
        cast(event_at as date) as day,
        unit_code,
        count(*) filter (where event = 'submitted') as count_submitted,
        count(*) filter (where event = 'submitted' and not author_is_leader) as count_submitted_non_leader,
        count(*) filter (where event = 'review_started') as count_review_started,
        count(*) filter (where event = 'valid') as count_valid,
        count(*) filter (where event = 'invalid') as count_invalid,
        count(*) filter (where event = 'applied') as count_applied,
        count(*) filter (where event = 'rewarded') as count_rewarded,
        coalesce(sum(benefit_vnd) filter (where event = 'applied'), 0) as benefit_vnd_applied
    from submission_events
    where campaign_id = cid
        and event_at >= t_from
        and event_at <= t_to
        and (scope is null or list_contains(scope, unit_code))
    group by all;

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

-- One row per unit in scope (units with no events included), counts as of t.
create or replace temp macro unit_counts_as_of(cid, t, scope) as table
    with counts as (
        select * from unit_totals_as_of(cid, t, scope)
    )
    select
        u.unit_code,
        u.name_vi,
        u.name_en,
        u.short_vi,
        u.kind,
        u.region_code,
        u.members_estimate,
        tg.registered_target,
        tg.guideline_target,
        coalesce(c.count_submitted, 0) as count_submitted,
        coalesce(c.count_submitted_non_leader, 0) as count_submitted_non_leader,
        coalesce(c.count_review_started, 0) - coalesce(c.count_valid, 0) - coalesce(c.count_invalid, 0) as count_under_review,
        coalesce(c.count_submitted, 0) - coalesce(c.count_review_started, 0) as count_awaiting_review,
        coalesce(c.count_valid, 0) as count_valid,
        coalesce(c.count_invalid, 0) as count_invalid,
        coalesce(c.count_applied, 0) as count_applied,
        coalesce(c.count_rewarded, 0) as count_rewarded,
        coalesce(c.benefit_vnd_applied, 0) as benefit_vnd_applied
    from units as u
    left join targets as tg on tg.unit_code = u.unit_code and tg.campaign_id = cid
    left join counts as c on c.unit_code = u.unit_code
    where scope is null or list_contains(scope, u.unit_code);

-- Share of a campaign's time elapsed at minute t (0 before the opening, 1 after the close):
-- the straight-line pace every "expected to date" figure uses. closes_at is the last minute.
create or replace temp macro elapsed_share(opens_at, closes_at, t) as
    least(1.0, greatest(0.0,
        epoch(cast(t as timestamp) - opens_at) / epoch(closes_at + interval 1 minute - opens_at)));

-- Whether the portal has been open at least `days` days at minute t: before that, a unit's
-- pace (recent days, the straight line, a stall) says nothing yet, so no page judges it.
create or replace temp macro open_for_days(opens_at, t, days) as
    epoch(cast(t as timestamp) - opens_at) / 86400.0 >= days;

-- The first minute the progress pages split units by the straight-line pace: once the portal has
-- been open `days` days (the watchlist's pace window), or at the close of a shorter campaign.
create or replace temp macro pace_judged_from(opens_at, closes_at, days) as
    least(opens_at + to_days(cast(days as integer)), closes_at);

-- The achievement bands of a registered target (lower bound inclusive, upper exclusive).
create or replace temp macro achievement_bands() as table
    select *
    from (
        values
            ('lt25', 1, 0.0, 0.25),
            ('25_50', 2, 0.25, 0.5),
            ('50_100', 3, 0.5, 1.0),
            ('ge100', 4, 1.0, null)
    ) as b (achieved_band, band_order, lower_pct, upper_pct);

-- The per-unit base every per-unit query builds on: counts as of t (unit_counts_as_of) with the
-- measures that are fair across sizes, defined here once. One row per unit in scope.
--   achieved_registered_pct: updated / registered target.
--   count_per_1000_members: updated per 1,000 (estimated) members.
--   registered_minus_guideline: the registration's margin over the guideline (10% of members).
--   elapsed_pct: the share of the campaign's time gone at t (the straight-line pace);
--   is_behind_elapsed_share: achieved_registered_pct below it. (The watchlist's ramp-aware
--   judgement, is_behind_expected_share and is_behind_pace, is a different measure.)
create or replace temp macro unit_rates_as_of(cid, t, scope) as table
    select
        u.*,
        u.count_submitted / nullif(u.registered_target, 0) as achieved_registered_pct,
        1000.0 * u.count_submitted / nullif(u.members_estimate, 0) as count_per_1000_members,
        u.registered_target - u.guideline_target as registered_minus_guideline,
        elapsed_share(c.opens_at, c.closes_at, t) as elapsed_pct,
        u.count_submitted / nullif(u.registered_target, 0) < elapsed_share(c.opens_at, c.closes_at, t) as is_behind_elapsed_share
    from unit_counts_as_of(cid, t, scope) as u
    cross join (select opens_at, closes_at from campaigns where campaign_id = cid) as c;

-- unit_rates_as_of with each unit's updated count 7 days before t (count_submitted_7d_ago) and
-- the change since (change_submitted_7d). One row per unit in scope.
create or replace temp macro unit_rates_7d_as_of(cid, t, scope) as table
    select
        n.*,
        w.count_submitted as count_submitted_7d_ago,
        n.count_submitted - w.count_submitted as change_submitted_7d
    from unit_rates_as_of(cid, t, scope) as n
    join unit_counts_as_of(cid, cast(t as timestamp) - interval 7 day, scope) as w
        on w.unit_code = n.unit_code;

-- unit_rates_as_of with the achievement band (achievement_bands) each unit's
-- achieved_registered_pct falls in: achieved_band and band_order, null without a registered
-- target. One row per unit in scope.
create or replace temp macro unit_bands_as_of(cid, t, scope) as table
    select u.*, b.achieved_band, b.band_order
    from unit_rates_as_of(cid, t, scope) as u
    left join achievement_bands() as b
        on u.achieved_registered_pct >= b.lower_pct
        and (b.upper_pct is null or u.achieved_registered_pct < b.upper_pct);

-- The summary counts of a progress listing, windows over all its rows: how many keep up with
-- the straight-line pace (is_behind is false), and how many have a registered target (pct is
-- the achieved share, null without one).
create or replace temp macro count_on_pace(is_behind) as count(*) filter (where not is_behind) over ();
create or replace temp macro count_with_target(pct) as count(*) filter (where pct is not null) over ();

-- A rate against the national rate: 'above', 'about' (within ±band, the seed's "ở mức trung
-- bình của cả nước"), 'below', or null without a rate. The band is watchlist.Settings.band_pct.
create or replace temp macro rate_band_of(pct, national_pct, band) as
    case
        when pct is null or coalesce(national_pct, 0) = 0 then null
        when pct > (1 + band) * national_pct then 'above'
        when pct < (1 - band) * national_pct then 'below'
        else 'about'
    end;

-- The calendar months of a campaign up to minute t (never before the opening, never after the
-- close), each with the days it had in the campaign and the days counted so far. A month is
-- complete once its part of the campaign has ended by t; partial when fewer days are counted
-- than the calendar month has (the opening month, the closing month, the month t falls in).
-- target_share is the month's counted part of the whole campaign's time.
create or replace temp macro campaign_months(cid, t) as table
    with
    c as (
        select
            opens_at,
            closes_at + interval 1 minute as ends_at,
            least(cast(t as timestamp), closes_at) + interval 1 minute as counted_until
        from campaigns
        where campaign_id = cid
    ),
    m as (
        select
            cast(r.m as date) as month_start,
            cast(r.m as timestamp) + interval 1 month as month_end,
            c.*
        from c, range(date_trunc('month', c.opens_at), c.counted_until, interval 1 month) as r(m)
        where c.counted_until > c.opens_at
    )
    select
        month_start,
        cast(datediff('day', month_start, month_end) as integer) as days_in_month,
        cast(greatest(cast(month_start as timestamp), opens_at) as date) as first_day,
        cast(least(month_end, counted_until) - interval 1 minute as date) as last_day,
        epoch(least(month_end, ends_at) - greatest(cast(month_start as timestamp), opens_at)) / 86400 as days_in_campaign,
        epoch(least(month_end, counted_until) - greatest(cast(month_start as timestamp), opens_at)) / 86400 as days_counted,
        least(month_end, ends_at) <= counted_until as is_complete,
        epoch(least(month_end, counted_until) - greatest(cast(month_start as timestamp), opens_at)) / 86400
            < datediff('day', month_start, month_end) as is_partial,
        epoch(least(month_end, counted_until) - greatest(cast(month_start as timestamp), opens_at))
            / epoch(ends_at - opens_at) as target_share
    from m;

-- Updated initiatives per day of a campaign as of t: one row per day from the opening to the
-- close (none before the opening), count_submitted_day and its running total
-- count_submitted_cum (null after t's day, so a chart shows the curve up to t), and pace_pct,
-- the share of the campaign's time gone at the day's end (elapsed_share) to draw a target's
-- straight-line pace to the close.
create or replace temp macro daily_submitted_as_of(cid, t, scope) as table
    with
    c as (
        select * from campaigns where campaign_id = cid
    ),
    days as (
        select cast(d as date) as day
        from c, range(cast(c.opens_at as date), cast(c.closes_at as date) + interval 1 day, interval 1 day) as r(d)
        where cast(t as timestamp) >= c.opens_at
    ),
    daily as (
        select day, sum(count_events) as count_submitted_day
        from events_as_of(cid, t, scope)
        where event = 'submitted'
        group by day
    )
    select
        d.day,
        case when d.day <= cast(t as date) then coalesce(x.count_submitted_day, 0) end as count_submitted_day,
        case when d.day <= cast(t as date)
            then sum(coalesce(x.count_submitted_day, 0)) over (order by d.day) end as count_submitted_cum,
        elapsed_share(c.opens_at, c.closes_at, cast(d.day as timestamp) + interval 1 day) as pace_pct
    from days as d
    cross join c
    left join daily as x on x.day = d.day;

-- THE PROGRESS VERDICT: one status per unit at a minute, the one rule every page, slide, file and
-- command reads (docs/watchlist.md "The status"). Nothing recorded after t is used: the unit's
-- own record up to t (unit_totals_as_of at t and at the window's start) and its kind's units at t.
--   projected_count: the unit's count at t plus its recent daily rate (the last `window_days`
--     days, or the days the portal has been open) times the days left to the close;
--     projected_pct = projected_count / registered target; shortfall = registered target minus
--     projected_count (after the close: minus the count; negative = the margin it makes it by).
--   is_kind_ramping: the kind's median projection is below 100% (the campaign's ramp-up: at that
--     pace its typical unit would miss too). Then a unit is judged against its kind: at risk
--     below `ramp_risk_ratio` x the kind's median projection, watch below `ramp_watch_ratio` x it.
--     Otherwise at risk below 100%, watch below `watch_below_pct` (a thin margin).
-- Statuses, best first (status_rank): reached, on_track, watch, at_risk, stalled (no new
-- submission for `stall_days` days, once the portal is that old); from the close on: made,
-- missed. A unit without a registered target is 'watch' (nothing to measure against).
-- Every unit of the campaign is judged whatever the scope (the kinds' medians are nationwide);
-- scope only filters the rows. One row per unit in scope.
create or replace temp macro status_rule() as table
    select
        28 as window_days,
        7 as stall_days,
        0.5 as ramp_risk_ratio,
        0.8 as ramp_watch_ratio,
        1.1 as watch_below_pct;

create or replace temp macro unit_status_as_of(cid, t, scope) as table
    with
    r as (
        select * from status_rule()
    ),
    c as (
        select
            cp.opens_at,
            cp.closes_at,
            cast(t as timestamp) as at,
            cast(t as timestamp) >= cp.closes_at as is_closed,
            cast(t as timestamp) < cp.opens_at as is_before_open,
            greatest(0.0, epoch(least(cast(t as timestamp), cp.closes_at + interval 1 minute) - cp.opens_at) / 86400.0) as days_open,
            greatest(0.0, epoch(cp.closes_at + interval 1 minute - cast(t as timestamp)) / 86400.0) as days_left,
            cast(t as timestamp) - to_days(r.window_days) as window_from,
            cast(t as timestamp) - to_days(r.stall_days) as stall_from
        from campaigns as cp
        cross join r
        where cp.campaign_id = cid
    ),
    win as (
        select unit_code, count_submitted from unit_totals_as_of(cid, (select window_from from c), null)
    ),
    stall as (
        select unit_code, count_submitted from unit_totals_as_of(cid, (select stall_from from c), null)
    ),
    base as (
        select
            n.unit_code,
            n.name_vi,
            n.name_en,
            n.short_vi,
            n.kind,
            n.region_code,
            n.registered_target,
            n.count_submitted,
            n.achieved_registered_pct as achieved_pct,
            -- the straight-line share of the campaign's time gone (all of it from the close on)
            case when c.is_closed then 1.0 else n.elapsed_pct end as pace_pct,
            n.count_submitted - coalesce(w.count_submitted, 0) as count_recent,
            least(cast(r.window_days as double), c.days_open) as recent_window_days,
            (n.count_submitted - coalesce(w.count_submitted, 0)) / nullif(least(cast(r.window_days as double), c.days_open), 0)
                as recent_per_day,
            n.count_submitted - coalesce(s.count_submitted, 0) as count_stall_window,
            c.days_open >= r.stall_days as is_stall_checkable,
            c.days_left,
            c.is_closed,
            c.is_before_open,
            c.opens_at,
            c.closes_at,
            case when c.is_closed then n.count_submitted
                else n.count_submitted + coalesce(recent_per_day, 0) * c.days_left end as projected_count,
            projected_count / nullif(n.registered_target, 0) as projected_pct,
            -- what is still needed per day to make it (none after the close)
            case when not c.is_closed then greatest(0, n.registered_target - n.count_submitted) / greatest(c.days_left, 1.0) end
                as needed_per_day
        from unit_rates_as_of(cid, t, null) as n
        cross join c
        cross join r
        left join win as w on w.unit_code = n.unit_code
        left join stall as s on s.unit_code = n.unit_code
    ),
    kinds as (
        select kind, median(projected_pct) as kind_median_projected_pct
        from base
        group by kind
    ),
    judged as (
        select
            b.*,
            k.kind_median_projected_pct,
            coalesce(k.kind_median_projected_pct, 0) < 1 as is_kind_ramping,
            case when coalesce(k.kind_median_projected_pct, 0) < 1 then r.ramp_risk_ratio * coalesce(k.kind_median_projected_pct, 0)
                else 1.0 end as risk_below_pct,
            case when coalesce(k.kind_median_projected_pct, 0) < 1 then r.ramp_watch_ratio * coalesce(k.kind_median_projected_pct, 0)
                else r.watch_below_pct end as watch_below_pct,
            cast(round(b.registered_target - b.projected_count) as bigint) as shortfall,
            r.window_days,
            r.stall_days,
            r.ramp_risk_ratio,
            r.ramp_watch_ratio
        from base as b
        cross join r
        left join kinds as k on k.kind = b.kind
    ),
    final as (
        select
            *,
            case
                when coalesce(registered_target, 0) = 0 then 'watch'
                when is_closed then case when count_submitted >= registered_target then 'made' else 'missed' end
                when count_submitted >= registered_target then 'reached'
                when is_before_open then 'on_track'
                when is_stall_checkable and count_stall_window = 0 then 'stalled'
                when projected_pct < risk_below_pct then 'at_risk'
                when projected_pct < watch_below_pct then 'watch'
                else 'on_track'
            end as status
        from judged
    )
    select
        *,
        -- the vocabulary's order, best first: the order of every legend, and of severity (higher = worse)
        case status
            when 'reached' then 0 when 'made' then 0 when 'on_track' then 1 when 'watch' then 2
            when 'at_risk' then 3 when 'stalled' then 4 when 'missed' then 5
        end as status_rank,
        status in ('at_risk', 'stalled', 'missed') as is_progress_risk
    from final
    where scope is null or list_contains(scope, unit_code);
