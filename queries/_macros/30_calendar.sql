-- Calendar: the campaign's time. Shares of it gone at a minute, how long the portal has been
-- open, and its calendar months.

-- Share of a campaign's time elapsed at minute t (0 before the opening, 1 after the close):
-- the straight-line pace every "expected to date" figure uses. closes_at is the last minute.
create or replace temp macro elapsed_share(opens_at, closes_at, t) as
    least(1.0, greatest(0.0,
        share(epoch(cast(t as timestamp) - opens_at), epoch(closes_at + interval 1 minute - opens_at))));

-- Whether the portal has been open at least `days` days at minute t: before that, a unit's
-- pace (recent days, the straight line, a stall) says nothing yet, so no page judges it.
create or replace temp macro open_for_days(opens_at, t, days) as
    epoch(cast(t as timestamp) - opens_at) / 86400.0 >= days;

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
        share(epoch(least(month_end, counted_until) - greatest(cast(month_start as timestamp), opens_at)), epoch(ends_at - opens_at))
            as target_share
    from m;
