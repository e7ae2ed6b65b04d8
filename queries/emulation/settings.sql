-- Stored criteria weights and grade thresholds of the monthly emulation ranking.
-- One row per setting of the campaign (none until someone saves them; the app's defaults
-- apply to missing settings). Parameters: $campaign_id.
with
final as (
    select setting, value, updated_by, updated_at
    from emulation_settings
    where campaign_id = $campaign_id
)
select * from final order by setting
