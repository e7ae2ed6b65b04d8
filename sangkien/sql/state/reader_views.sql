-- Run on each reader cursor when a state file exists (sangkien/storage/state.py reader_views): the tables'
-- usual names over the data (`d`) and the state (`s`), so queries/ does not know where a table
-- lives. Stored UTC times are shown in Vietnam time (UTC+7, no daylight saving time).
use d;

-- the data's regions and clusters, and the state's custom groups
create or replace temp view unit_groups as
select * from d.main.unit_groups where kind <> 'custom'
union all
select * replace (created_at + interval 7 hour as created_at) from s.main.unit_groups;

create or replace temp view unit_group_members as
select m.* from d.main.unit_group_members as m
where m.group_id not in (select group_id from d.main.unit_groups where kind = 'custom')
union all
select * from s.main.unit_group_members;

create or replace temp view unit_group_log as
select * replace (changed_at + interval 7 hour as changed_at) from s.main.unit_group_log;

create or replace temp view emulation_settings as
select * replace (updated_at + interval 7 hour as updated_at) from s.main.emulation_settings;

create or replace temp view users as
select * replace (granted_at + interval 7 hour as granted_at) from s.main.users;

create or replace temp view user_log as
select * replace (changed_at + interval 7 hour as changed_at) from s.main.user_log;
