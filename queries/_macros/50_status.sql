-- Status: its constants and THE PROGRESS VERDICT.

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
            share(projected_count, n.registered_target) as projected_pct,
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
