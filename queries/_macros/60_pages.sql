-- Pages: helpers of one page or chart each (the daily curve of the overview and the unit page,
-- the targets page's achievement bands, the meeting's comparison with the national rate).

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
        select day, sum(count_submitted) as count_submitted_day
        from unit_events_as_of(cid, t, scope)
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

-- unit_rates_as_of with the achievement band (achievement_bands) each unit's
-- achieved_registered_pct falls in: achieved_band and band_order, null without a registered
-- target. One row per unit in scope.
create or replace temp macro unit_bands_as_of(cid, t, scope) as table
    select u.*, b.achieved_band, b.band_order
    from unit_rates_as_of(cid, t, scope) as u
    left join achievement_bands() as b
        on u.achieved_registered_pct >= b.lower_pct
        and (b.upper_pct is null or u.achieved_registered_pct < b.upper_pct);

-- A rate against the national rate: 'above', 'about' (within ±band, the seed's "ở mức trung
-- bình của cả nước"), 'below', or null without a rate. The band is watchlist.Settings.band_pct.
create or replace temp macro rate_band_of(pct, national_pct, band) as
    case
        when pct is null or coalesce(national_pct, 0) = 0 then null
        when pct > (1 + band) * national_pct then 'above'
        when pct < (1 - band) * national_pct then 'below'
        else 'about'
    end;

-- The units of a meeting report's group id: a stored group's members, or a scope that is not a
-- stored group (sangkien/campaign/scope.py, issue 25's reports and `export --scope`): SCOPE:NATION
-- (every unit), SCOPE:KIND:<KIND> (e.g. SCOPE:KIND:PROVINCE), SCOPE:UNIT:<CODE>.
create or replace temp macro scope_members(gid) as table
    select unit_code from unit_group_members where group_id = gid
    union
    select unit_code
    from units
    where gid = 'SCOPE:NATION'
        or gid = 'SCOPE:KIND:' || upper(kind)
        or gid = 'SCOPE:UNIT:' || upper(unit_code);
