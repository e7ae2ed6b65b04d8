-- Each unit's status at two minutes ($compare_as_of before $as_of): what changed, who newly
-- entered a progress risk (at risk, stalled, missed) and who left one. The comparisons on the
-- pages and the e-mailed reports read this one query. One row per unit in scope, the units whose
-- status changed first, worse first.
-- Parameters: $campaign_id, $as_of, $compare_as_of, $scope (unit codes or null).
with
now_ as (
    select * from unit_status_as_of($campaign_id, $as_of, $scope)
),
before_ as (
    select unit_code, status, status_rank, achieved_pct, projected_pct, shortfall, count_submitted, is_progress_risk
    from unit_status_as_of($campaign_id, $compare_as_of, $scope)
),
final as (
    select
        n.*,
        b.status as status_before,
        b.status_rank as status_rank_before,
        b.achieved_pct as achieved_pct_before,
        b.projected_pct as projected_pct_before,
        b.count_submitted as count_submitted_before,
        n.count_submitted - b.count_submitted as change_submitted,
        n.achieved_pct - b.achieved_pct as change_achieved_pct,
        n.status is distinct from b.status as is_status_changed,
        n.is_progress_risk and not coalesce(b.is_progress_risk, false) as is_new_risk,
        coalesce(b.is_progress_risk, false) and not n.is_progress_risk as is_recovered,
        sign(n.status_rank - coalesce(b.status_rank, n.status_rank)) as status_direction
    from now_ as n
    left join before_ as b on b.unit_code = n.unit_code
)
select *
from final
order by is_status_changed desc, status_rank desc, shortfall desc nulls last, name_vi collate vi
