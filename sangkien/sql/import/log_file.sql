-- One file of an import in the log.
insert into imports values ($import_id, $batch_id, $kind, $campaign_id, $file_name, $sha, $who, $started_at, $finished_at,
    $read, $inserted, $updated, $unchanged, $rejected, $skipped, $version);
