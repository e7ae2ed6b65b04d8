-- Every group name a new or renamed custom group must not repeat (sangkien/campaign/groups.py): the state's
-- custom groups and the data's regions and clusters (`d`, attached by state.writing()).
select group_id, name_vi from unit_groups
union all
select group_id, name_vi from d.unit_groups where kind <> 'custom'
