-- Initiatives updated per day in the 60 days up to the as-of minute, so that after an import an
-- official sees at once whether a day is missing from the exports.
-- One row per day (a day without any update is a row with 0), never before the portal opened.
-- Parameters: $campaign_id, $as_of, $scope.
with
days as (
    select cast(unnest(range(cast($as_of as date) - 59, cast($as_of as date) + 1, interval 1 day)) as date) as day
),
opened as (
    select cast(opens_at as date) as first_day from campaigns where campaign_id = $campaign_id
),
counted as (
    select day, cast(sum(count_events) as bigint) as count_submitted
    from events_as_of($campaign_id, $as_of, $scope)
    where event = 'submitted' and day >= cast($as_of as date) - 59
    group by day
),
final as (
    select d.day, coalesce(c.count_submitted, 0) as count_submitted
    from days as d
    cross join opened as o
    left join counted as c using (day)
    where d.day >= o.first_day
)
select * from final order by day
