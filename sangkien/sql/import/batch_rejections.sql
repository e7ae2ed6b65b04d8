-- The rejections of one import batch (all its files), for the result shown and --rejections.
select file_name, row_number, column_name, value, reason_code, detail
from import_rejections
where import_id like $batch || '-%'
order by import_id, row_number, column_name;
