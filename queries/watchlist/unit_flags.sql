-- The watchlist: every unit's progress status (the one verdict, unit_status_as_of in
-- queries/_macros/50_status.sql), its other findings as of a minute, and its place in the order of calls.
-- One row per unit in scope, the unit to call first first.
-- Robust by design: peers and the nation are summarised by medians and quantiles, never by a
-- mean one large unit drags; the national average (all updated / all registered) is used only
-- where the seed's words use it ("at the national average"). Peers and every yardstick of a
-- kind are taken over all units whatever the scope, so a region's view (or a meeting's group)
-- judges each unit exactly as the national watchlist does; only the rank and the totals "in
-- view" depend on the scope.
--
-- Progress findings are exactly the units whose status is at_risk or stalled (missed after the
-- close): the columns of unit_status_as_of (status, status_rank, projected_count, projected_pct,
-- shortfall, recent_per_day over its window, needed_per_day, ...) are carried into each row, so
-- sangkien/campaign/status.py `reason` tells the same sentence here as on every other surface. None of
-- this query's parameters changes a status.
--
-- The other findings (separate dimensions: they never count as, or outrank, a progress status),
-- per unit kind (LĐLĐ tỉnh, CĐ ngành, CĐ Tập đoàn/TCT):
--   kind_median_pct: the median achieved % of registered target of the units of its kind.
--   peers: the $peer_count units of the same kind closest in members, leaving out outliers
--     (per 1,000 members above the kind's Tukey fence Q3 + 1.5 IQR); potential = the
--     $potential_quantile quantile of their initiatives per 1,000 members, peer_median = median.
--   is_ahead_of_pace: achieved % >= the straight-line elapsed share (1 at and after the close).
--   is_progress_exempt: ahead of pace AND per 1,000 members >= peer median: such a unit never
--     has the two findings below.
--   below_potential_at_average (the seed's words): updated / registered within ±$band_pct of the
--     national rate AND per 1,000 members more than $potential_margin below the potential.
--   below_average: once the portal is $pace_days days old, achieved % below $below_ratio x
--     kind_median_pct and in the kind's lowest quarter.
--   below_guideline: registered target below the guideline.
-- Order of calls (severity_rank, units with a finding only): the progress risks first, the most
-- serious status first (missed, stalled, at_risk) and within it the largest shortfall; then the
-- units with other findings only, by severity = 100 x the larger gap of below_average (1 -
-- achieved / kind median) and half of below_potential_at_average (1 - per 1,000 / potential) +
-- 10 if both + 20 x the guideline gap when registered below it; then initiatives still missing.
-- Parameters: $campaign_id, $as_of, $scope, $band_pct, $peer_count, $potential_quantile,
--   $potential_margin, $below_ratio, $pace_days.
with
campaign as (
    select
        *,
        cast($as_of as timestamp) as as_of_at,
        -- the close is the end of its minute, so a target "by 23:59" has that minute too
        closes_at + interval 1 minute as closes_end_at,
        cast($as_of as timestamp) >= closes_at as is_closed,
        elapsed_share(opens_at, closes_at, $as_of) as elapsed_pct
    from campaigns
    where campaign_id = $campaign_id
),
-- Every unit (peers and the kinds' yardsticks are nationwide whatever the scope): its measures
-- now (unit_rates_as_of), its progress status (unit_status_as_of), and the last day it gained
-- one (the as-of rule of queries/_macros/20_staging.sql).
status as (
    select * from unit_status_as_of($campaign_id, $as_of, null)
),
last_days as (
    select unit_code, max(day) as last_submitted_day
    from unit_events_as_of($campaign_id, $as_of, null)
    where count_submitted > 0
    group by unit_code
),
counted as (
    select
        u.unit_code, u.name_vi, u.name_en, u.short_vi, u.kind, u.region_code, u.members_estimate,
        u.registered_target, u.guideline_target, u.count_submitted,
        u.achieved_registered_pct, u.count_per_1000_members, u.registered_minus_guideline,
        l.last_submitted_day,
        s.* exclude (unit_code, name_vi, name_en, short_vi, kind, region_code, registered_target, count_submitted)
    from unit_rates_as_of($campaign_id, $as_of, null) as u
    join status as s on s.unit_code = u.unit_code
    left join last_days as l on l.unit_code = u.unit_code
),
all_units as (
    select
        r.unit_code, r.name_vi, r.name_en, r.short_vi, r.kind, r.region_code, r.members_estimate,
        r.registered_target,
        r.guideline_target,
        c.guideline_ratio,
        r.count_submitted,
        r.achieved_registered_pct,
        r.count_per_1000_members,
        greatest(0, r.registered_target - r.count_submitted) as count_remaining,
        -- the status's figures (unit_status_as_of): its recent rate, projection and shortfall
        r.* exclude (unit_code, name_vi, name_en, short_vi, kind, region_code, members_estimate, registered_target,
            guideline_target, count_submitted, achieved_registered_pct, count_per_1000_members, registered_minus_guideline,
            last_submitted_day),
        open_for_days(c.opens_at, c.as_of_at, $pace_days) as is_pace_checkable,
        r.last_submitted_day,
        -- whole days without a new submission (since the opening when there never was one)
        greatest(0.0, epoch(least(c.as_of_at, c.closes_end_at) - coalesce(cast(r.last_submitted_day + 1 as timestamp), c.opens_at)) / 86400.0)
            as days_without_submission,
        r.registered_minus_guideline,
        c.as_of_at
    from counted as r
    cross join campaign as c
),
national as (
    select
        share(sum(count_submitted), sum(registered_target)) as national_achieved_pct,
        count(*) as count_units_national
    from all_units
),
kinds as (
    select
        kind,
        median(achieved_registered_pct) as kind_median_pct,
        quantile_cont(achieved_registered_pct, 0.25) as kind_q1_pct,
        -- Tukey's upper fence: a peer beyond it is an outlier, not a benchmark of what is possible
        quantile_cont(count_per_1000_members, 0.75)
            + 1.5 * (quantile_cont(count_per_1000_members, 0.75) - quantile_cont(count_per_1000_members, 0.25))
            as kind_fence_per_1000_members,
        count(*) as count_units_kind
    from all_units
    group by kind
),
peers as (
    -- the $peer_count units of the same kind closest in members, outliers left out, nearest first
    select
        u.unit_code,
        list(
            {'per_1000': p.count_per_1000_members, 'name_vi': p.name_vi, 'name_en': p.name_en}
            order by abs(p.members_estimate - u.members_estimate), p.unit_code
        )[1:$peer_count] as nearest,
        [x.per_1000 for x in nearest] as per_1000,
        -- the best of them (the nearest first among equals)
        list_reduce(nearest, lambda a, b: case when b.per_1000 > a.per_1000 then b else a end) as best
    from all_units as u
    join all_units as p on p.kind = u.kind and p.unit_code <> u.unit_code
    join kinds as k on k.kind = p.kind
    where p.count_per_1000_members <= k.kind_fence_per_1000_members
    group by u.unit_code
),
metrics as (
    select
        r.unit_code, r.name_vi, r.name_en, r.short_vi, r.kind, r.region_code, r.members_estimate,
        r.registered_target, r.guideline_target, r.guideline_ratio, r.count_submitted,
        r.achieved_registered_pct,
        n.national_achieved_pct,
        n.count_units_national,
        share(r.achieved_registered_pct, n.national_achieved_pct) as ratio_to_national,
        k.kind_median_pct,
        k.kind_q1_pct,
        k.count_units_kind,
        share(r.achieved_registered_pct, k.kind_median_pct) as ratio_to_kind_median,
        c.elapsed_pct,
        r.count_per_1000_members,
        list_aggregate(p.per_1000, 'quantile_cont', cast($potential_quantile as double)) as potential_per_1000_members,
        list_aggregate(p.per_1000, 'median') as peer_median_per_1000_members,
        round(potential_per_1000_members * r.members_estimate / 1000.0) as count_potential,
        p.best.name_vi as best_peer_name_vi,
        p.best.name_en as best_peer_name_en,
        p.best.per_1000 as best_peer_per_1000_members,
        coalesce(len(p.nearest), 0) as count_peers,
        r.* exclude (unit_code, name_vi, name_en, short_vi, kind, region_code, members_estimate, registered_target,
            guideline_target, guideline_ratio, count_submitted, achieved_registered_pct, count_per_1000_members),
        k.kind_q1_pct as _kind_q1_pct
    from all_units as r
    cross join campaign as c
    cross join national as n
    join kinds as k on k.kind = r.kind
    left join peers as p on p.unit_code = r.unit_code
    where $scope is null or list_contains($scope, r.unit_code)
),
flags as (
    select
        * exclude (_kind_q1_pct),
        -- at the status's recent rate; left empty beyond a century, where "not before the close" says it all
        case
            when count_remaining = 0 then as_of_at
            when recent_per_day > 0 and count_remaining / nullif(recent_per_day, 0) < 36500
                then as_of_at + to_seconds(cast(86400 * count_remaining / nullif(recent_per_day, 0) as bigint))
        end as forecast_at,
        -- the progress findings: the status, nothing else
        status = 'at_risk' as is_at_risk,
        status = 'stalled' as is_stalled,
        status = 'missed' as is_missed,
        -- the other findings' tests
        coalesce(achieved_registered_pct >= elapsed_pct, false) as is_ahead_of_pace,
        coalesce(count_per_1000_members >= peer_median_per_1000_members, false) as is_at_or_above_peer_median,
        coalesce(abs(ratio_to_national - 1) <= $band_pct, false) as is_about_national,
        coalesce(ratio_to_national < 1 - $band_pct, false) as is_below_national,
        coalesce(count_per_1000_members < (1 - $potential_margin) * potential_per_1000_members, false) as is_below_potential,
        -- and the other findings
        is_ahead_of_pace and is_at_or_above_peer_median as is_progress_exempt,
        not is_progress_exempt and is_about_national and is_below_potential as is_below_potential_at_average,
        not is_progress_exempt
            and is_pace_checkable
            and coalesce(achieved_registered_pct < least($below_ratio * kind_median_pct, _kind_q1_pct), false) as is_below_average,
        coalesce(registered_target < guideline_target, false) as is_below_guideline
    from metrics
),
scored as (
    select
        *,
        -- how far short of its yardstick each other finding is, 0-1
        case when is_below_average then greatest(0.0, least(1.0, 1 - ratio_to_kind_median)) end as gap_average,
        case when is_below_potential_at_average then greatest(0.0, least(1.0,
            1 - share(count_per_1000_members, potential_per_1000_members))) end as gap_potential,
        case when is_below_guideline then greatest(0.0, least(1.0,
            share(-registered_minus_guideline, guideline_target))) end as gap_guideline,
        -- 1 when the status is a progress risk (one status per unit), else 0
        cast(is_progress_risk as integer) as count_progress_reasons,
        cast(is_below_average as integer) + cast(is_below_potential_at_average as integer) as count_other_progress,
        count_progress_reasons + count_other_progress + cast(is_below_guideline as integer) as count_reasons,
        -- the weight of the other findings: it orders the units without a progress risk
        round(
            100 * coalesce(greatest(gap_average, 0.5 * gap_potential), 0)
            + 10 * greatest(count_other_progress - 1, 0)
            + 20 * coalesce(gap_guideline, 0),
            1
        ) as severity
    from flags
),
final as (
    select
        *,
        -- the order of calls: progress risks first (most serious status, then the largest shortfall)
        case when count_reasons > 0 then row_number() over (
            order by count_reasons > 0 desc, is_progress_risk desc,
                case when is_progress_risk then status_rank end desc nulls last,
                case when is_progress_risk then shortfall end desc nulls last,
                severity desc, count_remaining desc, unit_code
        ) end as severity_rank,
        forecast_at is not null and forecast_at <= closes_at + interval 1 minute as is_reached_before_close,
        -- totals of the units in view, for the page's summary line
        sum(registered_target) over () as registered_target_in_view,
        sum(count_submitted) over () as count_submitted_in_view,
        share(sum(count_submitted) over (), sum(registered_target) over ()) as achieved_in_view_pct
    from scored
)
select * from final
order by severity_rank nulls last, name_vi collate vi
