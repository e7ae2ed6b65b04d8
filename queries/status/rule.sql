-- The progress status's fixed constants (status_rule() in queries/_macros/50_status.sql): what the pages,
-- the watchlist's definitions and docs/watchlist.md quote. One row.
-- Parameters: none.
with
final as (
    select * from status_rule()
)
select * from final
