-- Whether the database has the import log tables (databases built before them have none yet).
-- One row. Parameters: none.
with
found as (
    select count(*) as count_tables
    from duckdb_tables()
    where table_name in ('imports', 'import_rejections')
),
final as (
    select count_tables = 2 as has_import_log from found
)
select * from final
