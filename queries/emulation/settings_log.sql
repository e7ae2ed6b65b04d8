-- The history of a campaign's emulation scoring: every save with who made it, when (Vietnam
-- time) and each setting's value before and after (JSON objects; before is {} for the first
-- save). One row per save, newest first. Parameters: $campaign_id.
with
final as (
    select save_number, changed_at, changed_by, old_values, new_values
    from emulation_settings_log
    where campaign_id = $campaign_id
)
select * from final
order by save_number desc
