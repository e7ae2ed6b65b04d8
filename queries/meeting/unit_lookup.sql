-- Units for names or codes a person typed, matched on the alias table (names already reduced
-- to alias keys by sangkien.reference.alias_key) or on the unit code itself.
-- One row per matched input. Parameters: $keys (alias keys), $codes (upper-cased inputs).
with
final as (
    select alias_key as lookup, unit_code
    from unit_aliases
    where list_contains($keys, alias_key)
    union
    select upper(unit_code) as lookup, unit_code
    from units
    where list_contains($codes, upper(unit_code))
)
select * from final order by lookup
