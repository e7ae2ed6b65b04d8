-- Every problem of the rejected rows into import_rejections, with the file's own row number and
-- column header. Parameters: $batch (the import batch id) $shown (a cell's characters kept).
insert into import_rejections
with found as (
    select _file, _k, unnest(problems) as pr from staged where action = 'rejected'
)
select $batch || '-' || cast(x._file + 1 as varchar) as import_id, f.file_name, n._row as row_number,
    coalesce(nullif(h.header, ''), x.pr.column_key) as column_name,
    case when length(x.pr.cell) > $shown then left(x.pr.cell, $shown) || '…' else x.pr.cell end as value, x.pr.code as reason_code,
    coalesce(nullif(hd.header, ''), x.pr.detail) as detail
from found as x
join row_numbers as n on n._file = x._file and n._k = x._k
join file_info as f on f._file = x._file
left join file_headers as h on h._file = x._file and h.field = x.pr.column_key
left join file_headers as hd on hd._file = x._file and hd.field = x.pr.detail and x.pr.code = 'stage_order'
order by x._file, row_number;
