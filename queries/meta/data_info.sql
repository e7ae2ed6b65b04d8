-- Facts about the loaded data: version, last change, source.
-- One row per meta key. Parameters: none.
with
final as (
    select key, value from meta
)
select * from final order by key
