-- The accounting of each file of an import: count_read = inserted + updated + unchanged + rejected + skipped.
select _file, count(*) as count_read,
    count(*) filter (where action = 'insert') as count_inserted,
    count(*) filter (where action = 'update') as count_updated,
    count(*) filter (where action = 'unchanged') as count_unchanged,
    count(*) filter (where action = 'rejected') as count_rejected,
    count(*) filter (where action = 'blank') as count_blank,
    count(*) filter (where action = 'totals') as count_totals,
    count(*) filter (where action = 'superseded') as count_superseded
from staged
group by _file;
