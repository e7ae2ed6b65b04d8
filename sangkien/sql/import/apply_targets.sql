-- Registered targets: the staged inserts and updates into `targets`. Parameter: $campaign_id.
delete from targets as t using staged as s
where t.campaign_id = $campaign_id and t.unit_code = s.unit_code and s.action = 'update';
insert into targets by name
select cast($campaign_id as varchar) as campaign_id, unit_code, n_registered_target as registered_target,
    n_guideline_target as guideline_target, n_registered_at as registered_at
from staged
where action in ('insert', 'update');
