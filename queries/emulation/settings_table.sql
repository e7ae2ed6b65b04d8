-- Whether this database has the emulation settings table (databases built before it did not).
-- One row. Parameters: none.
with
final as (
    select count(*) > 0 as has_table
    from duckdb_tables()
    where table_name = 'emulation_settings'
)
select * from final
