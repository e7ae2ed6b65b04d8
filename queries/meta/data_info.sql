-- Facts about the loaded data: version, last change, source.
-- One row per meta key. Parameters: none.
select key, value from meta order by key
