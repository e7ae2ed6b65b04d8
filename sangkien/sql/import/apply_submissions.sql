-- Submissions: the staged inserts and updates into `submissions`; chg_old and chg_new keep the
-- rows before and after for store.apply_changes. Parameter: $campaign_id.
-- a view cannot take parameters: the campaign travels in a one-row table
create or replace temp table import_campaign as select cast($campaign_id as varchar) as campaign_id;
create or replace temp view chg_new as
select
    submission_id, (select campaign_id from import_campaign) as campaign_id, n_unit_code as unit_code, n_grassroots_union as grassroots_union,
    n_submitted_at as submitted_at, n_author_is_leader as author_is_leader, n_sector as sector, n_field as field, n_status as status,
    n_rs as review_started_at, n_rv as reviewed_at, n_ap as applied_at, n_rw as rewarded_at, n_benefit_vnd as benefit_vnd
from staged
where action in ('insert', 'update');

create or replace temp table chg_old as
select s.*
from submissions as s
semi join staged as g on g.submission_id = s.submission_id and g.action = 'update'
where s.campaign_id = $campaign_id;

delete from submissions as s using chg_old as o where s.campaign_id = o.campaign_id and s.submission_id = o.submission_id;
insert into submissions by name select * from chg_new;
