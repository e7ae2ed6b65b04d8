-- One setting of the meta table (data_version, last_changed_at, ...).
insert or replace into meta values ($key, $value)
