-- One unit's rank among the units of its kind over time, by cumulative submissions: at the end
-- of every week (Sunday 23:59) since the portal opened and at the as-of minute itself.
-- Ties share a rank. One row per week end up to the as-of day, then the as-of day.
-- Parameters: $campaign_id, $as_of, $scope (unit codes or null), $unit_code.
with
campaign as (
    select * from campaigns where campaign_id = $campaign_id
),
peers as (
    select unit_code
    from units
    where kind = (select kind from units where unit_code = $unit_code)
        and ($scope is null or list_contains($scope, unit_code))
),
days as (
    select cast(d as date) as day
    from campaign as c,
        range(cast(c.opens_at as date), cast($as_of as date) + interval 1 day, interval 1 day) as r(d)
    where cast($as_of as timestamp) >= c.opens_at
),
daily as (
    -- whole days from the rollup, the as-of day up to the minute (the as-of rule)
    select e.day, e.unit_code, sum(e.count_events) as count_submitted_day
    from events_as_of($campaign_id, $as_of, $scope) as e
    join peers as p on p.unit_code = e.unit_code
    where e.event = 'submitted'
    group by all
),
cumulative as (
    select
        d.day,
        p.unit_code,
        sum(coalesce(x.count_submitted_day, 0)) over (partition by p.unit_code order by d.day) as count_submitted_cum
    from days as d
    cross join peers as p
    left join daily as x on x.day = d.day and x.unit_code = p.unit_code
),
ranked as (
    select
        day,
        unit_code,
        count_submitted_cum,
        rank() over (partition by day order by count_submitted_cum desc) as rank_in_kind,
        count(*) over (partition by day) as count_units_in_kind
    from cumulative
    -- ISO day 7 is Sunday: the end of each week, plus the as-of day
    where isodow(day) = 7 or day = cast($as_of as date)
),
final as (
    select
        day,
        day = cast($as_of as date) as is_as_of_day,
        cast(count_submitted_cum as bigint) as count_submitted_cum,
        cast(rank_in_kind as bigint) as rank_in_kind,
        cast(count_units_in_kind as bigint) as count_units_in_kind
    from ranked
    where unit_code = $unit_code
)
select * from final order by day
