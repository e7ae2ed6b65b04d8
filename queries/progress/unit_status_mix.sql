-- Where one unit's submissions stand as of a minute: each submission in exactly one status
-- (awaiting review, under review, invalid, valid, applied, rewarded; applied ones were valid,
-- rewarded ones were applied), so the counts add up to the submissions.
-- One row per status, in review order. Parameters: $campaign_id, $as_of, $scope, $unit_code.
with
unit_as_of as (
    select *
    from unit_counts_as_of($campaign_id, $as_of, list_value($unit_code))
    where $scope is null or list_contains($scope, $unit_code)
),
statuses as (
    select 1 as status_order, 'awaiting_review' as status, count_awaiting_review as count_submissions, count_submitted from unit_as_of
    union all
    select 2, 'under_review', count_under_review, count_submitted from unit_as_of
    union all
    select 3, 'invalid', count_invalid, count_submitted from unit_as_of
    union all
    select 4, 'valid', count_valid - count_applied, count_submitted from unit_as_of
    union all
    select 5, 'applied', count_applied - count_rewarded, count_submitted from unit_as_of
    union all
    select 6, 'rewarded', count_rewarded, count_submitted from unit_as_of
),
final as (
    select
        status_order,
        status,
        cast(count_submissions as bigint) as count_submissions,
        share(count_submissions, count_submitted) as share_pct
    from statuses
)
select * from final order by status_order
