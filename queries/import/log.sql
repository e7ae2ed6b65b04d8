-- The import log of a campaign: every file imported, newest first, with its exact accounting
-- (count_read = inserted + updated + unchanged + rejected + skipped).
-- One row per imported file. Parameters: campaign_id (as_of and scope do not apply: the log
-- is about files, not about the campaign's figures).
with
imports_of_campaign as (
    select *
    from imports
    where campaign_id = $campaign_id
),
final as (
    select
        import_id,
        batch_id,
        kind,
        file_name,
        file_sha256,
        imported_by,
        started_at,
        finished_at,
        count_read,
        count_inserted,
        count_updated,
        count_unchanged,
        count_rejected,
        count_skipped,
        data_version
    from imports_of_campaign
)
select * from final order by finished_at desc, import_id desc
