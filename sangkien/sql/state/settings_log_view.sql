-- The history of the emulation scoring (state.reader_views adds it when the state file has the
-- table): times in Vietnam time, as every other view of reader_views.sql.
create or replace temp view emulation_settings_log as
select * replace (changed_at + interval 7 hour as changed_at) from s.main.emulation_settings_log;
