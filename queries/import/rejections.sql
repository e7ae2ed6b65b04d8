-- The rejected rows of one imported file with the reason for each problem found.
-- One row per problem (a row may have several). Parameters: import_id.
with
rejected as (
    select *
    from import_rejections
    where import_id = $import_id
),
final as (
    select import_id, file_name, row_number, column_name, value, reason_code, detail
    from rejected
)
select * from final order by row_number, column_name
