-- Monthly emulation ranking (xếp loại thi đua hàng tháng) from the portal's results.
-- For each month and unit: four criteria, their points on 0-100, the weighted score, the
-- grade, the rank among units of the same kind in scope, and the movement since last month.
--   target:      updated in the month / the month's share of the registered target (the
--                target spread evenly over the campaign's minutes); 100 points at >= 100%
--   members:     updated in the month per 1,000 members (estimate); points by position among
--                the units of the same kind that month: 100 for the best, 0 for the last, 0 with
--                no update (a position, not a ratio, so one very large unit does not flatten the rest)
--   valid:       valid / (valid + invalid) of the reviews concluded in the month; points = %
--   non_leader:  share of the month's updates by authors without a leadership post; points = %
-- Months (campaign_months in queries/_macros/30_calendar.sql) run from the portal's opening to the as-of minute,
-- never past the close. A partial month (the opening month, the as-of month, the closing
-- month) is scored on the days it had: its share of the target covers those days only. A
-- month with fewer than $min_month_days counted days is not ranked (emulation/months says so).
-- Grades: Xuất sắc (A) needs a score of at least $grade_a_min AND a rank within the top
-- $grade_a_share % of the units of its kind in scope that month (at least one unit when the share
-- is above 0; units tied at the last place of the quota all keep it), as emulation practice caps
-- its top grade by a share of the units; a unit over the quota with an A score is graded B and
-- marked is_over_quota. B, C and D are thresholds alone ($grade_b_min, $grade_c_min).
-- The target gate ($target_gate): in the campaign's last ranked month (the last month with at
-- least $min_month_days days, counted over the whole campaign), a unit whose progress status at
-- $as_of (unit_status_as_of) says it ends below its registered target -- missed after the close;
-- at_risk or stalled before it, the projection -- cannot be graded A or B: it is graded C at best
-- (gate_status says why; is_gate_lowered when the gate lowered its grade). Gated units take no
-- place in the A quota, which goes to the next units of the kind.
-- One row per ranked month x unit in scope. Rank 1 = best; rank_change > 0 = moved up since
-- the previous ranked month.
-- Parameters: $campaign_id, $as_of, $scope, $min_month_days, $w_target, $w_members, $w_valid,
-- $w_non_leader (non-negative weights), $grade_a_min, $grade_b_min, $grade_c_min (thresholds),
-- $grade_a_share (0-100, % of a kind's units that may be graded A), $target_gate (boolean).
with
months as (
    select month_start, days_in_month, days_counted, is_complete, is_partial, target_share
    from campaign_months($campaign_id, $as_of)
    where days_counted >= $min_month_days
),
last_month as (
    -- the campaign's last ranked month, whatever the as-of minute
    select max(month_start) as month_start
    from campaign_months($campaign_id, (select closes_at from campaigns where campaign_id = $campaign_id))
    where days_counted >= $min_month_days
),
gated as (
    select unit_code, status as gate_status
    from unit_status_as_of($campaign_id, $as_of, $scope)
    where $target_gate and status in ('missed', 'at_risk', 'stalled')
),
units_in_scope as (
    select u.unit_code, u.name_vi, u.name_en, u.kind, u.members_estimate, t.registered_target
    from units as u
    left join targets as t on t.unit_code = u.unit_code and t.campaign_id = $campaign_id
    where $scope is null or list_contains($scope, u.unit_code)
),
monthly_events as (
    -- null where the month had none of these events (the rollup has a row for every day)
    select
        cast(date_trunc('month', day) as date) as month_start,
        unit_code,
        nullif(sum(count_submitted), 0) as count_submitted,
        nullif(sum(count_submitted_non_leader), 0) as count_submitted_non_leader,
        nullif(sum(count_valid), 0) as count_valid,
        nullif(sum(count_invalid), 0) as count_invalid
    from unit_events_as_of($campaign_id, $as_of, $scope)
    group by all
),
criteria as (
    select
        m.month_start,
        m.days_in_month,
        m.days_counted,
        m.is_complete,
        m.is_partial,
        u.unit_code,
        u.name_vi,
        u.name_en,
        u.kind,
        u.registered_target * m.target_share as month_target,
        coalesce(e.count_submitted, 0) as count_submitted,
        share(coalesce(e.count_submitted, 0), u.registered_target * m.target_share) as month_target_pct,
        per_1000(coalesce(e.count_submitted, 0), u.members_estimate) as count_per_1000_members,
        share(e.count_valid, coalesce(e.count_valid, 0) + coalesce(e.count_invalid, 0)) as valid_pct,
        share(e.count_submitted_non_leader, e.count_submitted) as non_leader_pct
    from months as m
    cross join units_in_scope as u
    left join monthly_events as e on e.month_start = m.month_start and e.unit_code = u.unit_code
),
points as (
    -- a criterion with no basis in the month (no review concluded, no update) earns 0 points
    select
        *,
        100 * least(1, coalesce(month_target_pct, 0)) as target_points,
        case
            when coalesce(count_per_1000_members, 0) = 0 then 0
            else 100 * (1 - percent_rank() over (partition by month_start, kind order by count_per_1000_members desc nulls last))
        end as members_points,
        100 * coalesce(valid_pct, 0) as valid_points,
        100 * coalesce(non_leader_pct, 0) as non_leader_points
    from criteria
),
scored as (
    select
        *,
        round(
            ($w_target * target_points + $w_members * members_points + $w_valid * valid_points + $w_non_leader * non_leader_points)
            / nullif($w_target + $w_members + $w_valid + $w_non_leader, 0),
            1
        ) as score
    from points
),
gate as (
    select
        sc.*,
        g.gate_status is not null and sc.month_start = lm.month_start as is_gated,
        case when sc.month_start = lm.month_start then g.gate_status end as gate_status
    from scored as sc
    cross join last_month as lm
    left join gated as g using (unit_code)
),
ranked as (
    select
        *,
        rank() over (partition by month_start, kind order by score desc nulls last) as rank_in_kind,
        -- the A quota's order: gated units after every other unit of the kind
        rank() over (partition by month_start, kind order by is_gated, score desc nulls last) as rank_for_quota,
        count(*) over (partition by month_start, kind) as count_units_in_kind,
        -- how many of the kind may be graded A: the share, rounded down, and at least one
        case when $grade_a_share > 0 then greatest(1, floor($grade_a_share / 100.0 * count_units_in_kind)) else 0 end
            as count_grade_a_max
    from gate
),
final as (
    select
        * exclude (is_within_quota, rank_for_quota),
        case
            when score >= $grade_a_min and is_within_quota then 'A'
            when score >= $grade_b_min and not is_gated then 'B'
            when score >= $grade_c_min then 'C'
            else 'D'
        end as grade,
        score >= $grade_a_min and not is_within_quota and not is_gated as is_over_quota,
        is_gated and score >= $grade_b_min as is_gate_lowered,
        lag(rank_in_kind) over (partition by unit_code order by month_start) as rank_previous,
        lag(rank_in_kind) over (partition by unit_code order by month_start) - rank_in_kind as rank_change
    from (select *, not is_gated and rank_for_quota <= count_grade_a_max as is_within_quota from ranked)
)
select * from final
order by month_start, kind, rank_in_kind, name_vi collate vi
