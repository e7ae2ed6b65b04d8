-- The months of the monthly emulation ranking: every calendar month from the portal's opening
-- to the as-of minute (never past the close), with the days it had in the campaign, the days
-- counted so far, and whether it is ranked. A month with fewer than $min_month_days counted
-- days (e.g. 09/2023, the closing day alone) is not ranked: its share of the target is too
-- small for a month's score to mean anything; the page says so.
-- One row per month. Parameters: $campaign_id, $as_of, $min_month_days.
with
months as (
    select * from campaign_months($campaign_id, $as_of)
),
final as (
    select
        month_start,
        days_in_month,
        first_day,
        last_day,
        days_in_campaign,
        days_counted,
        is_complete,
        is_partial,
        days_counted >= $min_month_days as is_ranked
    from months
)
select * from final
order by month_start
