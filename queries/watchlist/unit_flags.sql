-- The watchlist: every unit's warning metrics as of a minute, with one boolean per reason.
-- One row per unit in scope, most reasons first. The national average and each unit's peers
-- are taken over all units whatever the scope, so a region's view compares against the nation.
-- Reasons:
--   is_low_rate: updated / registered target at or below the national rate (within +$band_pct
--     of it, split into is_about_national and is_below_national by the ±$band_pct band) AND
--     updated per 1,000 members below the unit's potential (the $potential_quantile quantile of
--     the rate per 1,000 members of the $peer_count units of the same kind closest in members).
--   is_behind_pace: the last $pace_days days' daily rate is below the daily rate needed to reach
--     the registered target by the close (after the close: the target was not reached).
--   is_stalled: no new submission in the last $stall_days days (once the portal is that old).
--   is_below_guideline: registered target below the guideline (guideline_ratio of members).
-- Parameters: $campaign_id, $as_of, $scope, $band_pct (0.10 = ±10%), $peer_count,
--   $potential_quantile (1.0 = the best peer), $pace_days, $stall_days.
with
campaign as (
    select
        *,
        cast($as_of as timestamp) as as_of_at,
        -- the close is the end of its minute, so a target "by 23:59" has that minute too
        closes_at + interval 1 minute as closes_end_at
    from campaigns
    where campaign_id = $campaign_id
),
all_units as (
    select * from unit_counts_as_of($campaign_id, $as_of, null)
),
submitted_before_pace as (
    select unit_code, sum(count_events) as count_submitted
    from totals_as_of($campaign_id, cast($as_of as timestamp) - to_days(cast($pace_days as integer)), null)
    where event = 'submitted'
    group by unit_code
),
submitted_before_stall as (
    select unit_code, sum(count_events) as count_submitted
    from totals_as_of($campaign_id, cast($as_of as timestamp) - to_days(cast($stall_days as integer)), null)
    where event = 'submitted'
    group by unit_code
),
last_submitted as (
    select unit_code, max(day) as last_submitted_day
    from events_as_of($campaign_id, $as_of, $scope)
    where event = 'submitted'
    group by unit_code
),
national as (
    select
        sum(count_submitted) / nullif(sum(registered_target), 0) as national_achieved_pct,
        count(*) as count_units_national
    from all_units
),
rated as (
    select
        u.*,
        u.count_submitted / nullif(u.registered_target, 0) as achieved_registered_pct,
        1000.0 * u.count_submitted / nullif(u.members_estimate, 0) as count_per_1000_members
    from all_units as u
),
peer_pairs as (
    select
        u.unit_code,
        p.name_vi as peer_name_vi,
        p.name_en as peer_name_en,
        p.count_per_1000_members as peer_per_1000_members,
        row_number() over (
            partition by u.unit_code
            order by abs(p.members_estimate - u.members_estimate), p.unit_code
        ) as peer_rank
    from rated as u
    join rated as p on p.kind = u.kind and p.unit_code <> u.unit_code
),
potential as (
    select
        unit_code,
        count(*) as count_peers,
        quantile_cont(peer_per_1000_members, cast($potential_quantile as double)) as potential_per_1000_members,
        max(peer_per_1000_members) as best_peer_per_1000_members,
        arg_max(peer_name_vi, peer_per_1000_members) as best_peer_name_vi,
        arg_max(peer_name_en, peer_per_1000_members) as best_peer_name_en
    from peer_pairs
    where peer_rank <= $peer_count
    group by unit_code
),
metrics as (
    select
        r.unit_code,
        r.name_vi,
        r.name_en,
        r.short_vi,
        r.kind,
        r.region_code,
        r.members_estimate,
        r.registered_target,
        r.guideline_target,
        c.guideline_ratio,
        r.count_submitted,
        r.achieved_registered_pct,
        n.national_achieved_pct,
        n.count_units_national,
        r.achieved_registered_pct / nullif(n.national_achieved_pct, 0) as ratio_to_national,
        r.count_per_1000_members,
        p.potential_per_1000_members,
        round(p.potential_per_1000_members * r.members_estimate / 1000.0) as count_potential,
        p.best_peer_name_vi,
        p.best_peer_name_en,
        p.best_peer_per_1000_members,
        coalesce(p.count_peers, 0) as count_peers,
        -- pace: what is left of the registered target over what is left of the campaign
        greatest(0, r.registered_target - r.count_submitted) as count_remaining,
        greatest(0.0, epoch(c.closes_end_at - c.as_of_at) / 86400.0) as days_left,
        c.closes_at,
        c.as_of_at >= c.closes_at as is_closed,
        -- a window reaching back before the opening is as long as the portal has been open
        least(cast($pace_days as double), greatest(0.0, epoch(c.as_of_at - c.opens_at) / 86400.0)) as pace_window_days,
        r.count_submitted - coalesce(bp.count_submitted, 0) as count_recent,
        epoch(c.as_of_at - c.opens_at) / 86400.0 >= $stall_days as is_stall_checkable,
        r.count_submitted - coalesce(bs.count_submitted, 0) as count_stall_window,
        ls.last_submitted_day,
        r.registered_target - r.guideline_target as registered_minus_guideline,
        c.as_of_at
    from rated as r
    cross join campaign as c
    cross join national as n
    left join potential as p on p.unit_code = r.unit_code
    left join submitted_before_pace as bp on bp.unit_code = r.unit_code
    left join submitted_before_stall as bs on bs.unit_code = r.unit_code
    left join last_submitted as ls on ls.unit_code = r.unit_code
    where $scope is null or list_contains($scope, r.unit_code)
),
rates as (
    select
        *,
        count_remaining / nullif(days_left, 0) as needed_per_day,
        count_recent / nullif(pace_window_days, 0) as recent_per_day
    from metrics
),
flags as (
    select
        *,
        -- at the current pace; left empty beyond a century, where "not before the close" says it all
        case
            when count_remaining = 0 then as_of_at
            when recent_per_day > 0 and count_remaining / recent_per_day < 36500
                then as_of_at + to_seconds(cast(86400 * count_remaining / recent_per_day as bigint))
        end as forecast_at,
        coalesce(abs(ratio_to_national - 1) <= $band_pct, false) as is_about_national,
        coalesce(ratio_to_national < 1 - $band_pct, false) as is_below_national,
        coalesce(count_per_1000_members < potential_per_1000_members, false) as is_below_potential,
        coalesce(
            ratio_to_national <= 1 + $band_pct and count_per_1000_members < potential_per_1000_members, false
        ) as is_low_rate,
        coalesce(
            count_remaining > 0 and (is_closed or coalesce(recent_per_day, 0) < needed_per_day), false
        ) as is_behind_pace,
        is_stall_checkable and count_stall_window = 0 as is_stalled,
        coalesce(registered_target < guideline_target, false) as is_below_guideline
    from rates
),
final as (
    select
        *,
        forecast_at is not null and forecast_at <= closes_at + interval 1 minute as is_reached_before_close,
        -- totals of the units in view, for the page's summary line
        sum(registered_target) over () as registered_target_in_view,
        sum(count_submitted) over () as count_submitted_in_view,
        sum(count_submitted) over () / nullif(sum(registered_target) over (), 0) as achieved_in_view_pct,
        cast(is_low_rate as integer) + cast(is_behind_pace as integer) + cast(is_stalled as integer)
            + cast(is_below_guideline as integer) as count_reasons
    from flags
)
select * from final
order by count_reasons desc, name_vi collate vi
