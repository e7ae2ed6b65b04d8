-- A new state file takes over the custom groups an older data file (`d`) kept (sangkien/storage/state.py _migrate).
insert into s.unit_groups select * from d.unit_groups where kind = 'custom';
insert into s.unit_group_members
select m.* from d.unit_group_members as m
semi join d.unit_groups as g on g.group_id = m.group_id and g.kind = 'custom';
