-- The importer's macros (sangkien/ingest/importer.py defines them on each import's connection).
-- The placeholder blank_chars (in braces) is replaced by importer.BLANK_CHARS before the statements run.
create or replace temp macro clean(x) as nullif(trim(x), '');
create or replace temp macro clean_full(x) as nullif(trim(x, '{blank_chars}'), '');
create or replace temp macro fold(x) as
    trim(regexp_replace(lower(strip_accents(replace(replace(nfc_normalize(coalesce(x, '')), 'đ', 'd'), 'Đ', 'D'))), '[^0-9a-z]+', ' ', 'g'));
-- Dates: dd/mm/yyyy [HH:MM[:SS]] (also - and .), HH:MM dd/mm/yyyy, ISO 8601 (an offset is
-- converted to Vietnam time), Excel serial day numbers; cut to the minute. A value without a
-- digit is no date: DuckDB's strptime reads 'infinity', '-infinity' and 'epoch' as 1900-01-01.
create or replace temp macro parse_ts(s) as date_trunc('minute', case
    when s is null or not regexp_matches(s, '\d') then null
    when regexp_matches(s, '^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$')
        then cast(timezone('Asia/Ho_Chi_Minh', try_cast(s as timestamptz)) as timestamp)
    else coalesce(
        try_strptime(s, ['%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y', '%H:%M %d/%m/%Y', '%H:%M:%S %d/%m/%Y',
            '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M', '%d-%m-%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y']),
        case when regexp_matches(s, '^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$') then try_cast(s as timestamp) end,
        case when try_cast(s as double) between 20000 and 80000
            then timestamp '1899-12-30' + to_minutes(cast(round(try_cast(s as double) * 1440) as bigint)) end
    )
end);
create or replace temp macro amount_text(s) as
    replace(replace(replace(replace(replace(replace(replace(lower(s), ' ', ''), chr(160), ''), 'vnđ', ''), 'vnd', ''), 'đồng', ''), 'đ', ''), 'dong', '');
-- Whole numbers: 1.234.567, 1,234,567, 1234567 (dots or commas in groups of three are thousands),
-- 1.234,5 / 1,234.5 / 12,5 are decimals, rounded. Negative numbers are refused.
create or replace temp macro parse_amount(a) as case
    when a is null then null
    when regexp_full_match(a, '\d{1,3}(\.\d{3})+') then try_cast(replace(a, '.', '') as double)
    when regexp_full_match(a, '\d{1,3}(,\d{3})+') then try_cast(replace(a, ',', '') as double)
    when regexp_full_match(a, '\d+') then try_cast(a as double)
    when regexp_full_match(a, '\d{1,3}(\.\d{3})*,\d+') then try_cast(replace(replace(a, '.', ''), ',', '.') as double)
    when regexp_full_match(a, '\d{1,3}(,\d{3})*\.\d+') then try_cast(replace(a, ',', '') as double)
    when regexp_full_match(a, '\d+[.,]\d+') then try_cast(replace(a, ',', '.') as double)
    when regexp_full_match(a, '\d+(\.\d+)?e\+?\d+') then try_cast(a as double)
end;
create or replace temp macro problem(f, v, c, d) as
    struct_pack(column_key := cast(f as varchar), cell := cast(v as varchar), code := cast(c as varchar), detail := cast(d as varchar));
