-- The incremental refresh's second part (store.apply_changes): the daily rollup after the
-- events changed (events_delta.sql, events_insert.sql). Leaves _day_from (per combination, the
-- first day whose rollup changed) for the running totals and rollup_unit_totals.
create or replace temp table _add_day as
select campaign_id, unit_code, cast(event_at as date) as day, sector, author_is_leader, event,
    count(*) as count_events, sum(benefit_vnd) as benefit_vnd
from _ev_add
group by all;
create or replace temp table _del_day as
select distinct campaign_id, unit_code, cast(event_at as date) as day, sector, author_is_leader, event from _ev_del;
create or replace temp table _day_from as
select campaign_id, unit_code, sector, author_is_leader, event, min(day) as changed_from
from (
    select campaign_id, unit_code, sector, author_is_leader, event, day from _add_day
    union all
    select campaign_id, unit_code, sector, author_is_leader, event, day from _del_day
)
group by all;
-- A day that lost events is counted again from the events (its gains included); it is gone
-- when none are left.
delete from rollup_unit_day as r using _del_day as d
where r.campaign_id = d.campaign_id and r.unit_code = d.unit_code and r.sector = d.sector
    and r.author_is_leader = d.author_is_leader and r.event = d.event and r.day = d.day;
insert into rollup_unit_day
select e.campaign_id, e.unit_code, cast(e.event_at as date) as day, e.sector, e.author_is_leader, e.event,
    count(*) as count_events, sum(e.benefit_vnd) as benefit_vnd
from submission_events as e
semi join _del_day as d
    on e.campaign_id = d.campaign_id and e.unit_code = d.unit_code and e.sector = d.sector
    and e.author_is_leader = d.author_is_leader and e.event = d.event and cast(e.event_at as date) = d.day
group by all
order by day, unit_code;
-- A day that only gained events is its old row plus the gains (a sum stays null only when
-- both parts are null), or a new row when it had none: updated in place, not deleted and
-- written again.
merge into rollup_unit_day as r
using (
    select a.*
    from _add_day as a
    anti join _del_day as d
        on a.campaign_id = d.campaign_id and a.unit_code = d.unit_code and a.sector = d.sector
        and a.author_is_leader = d.author_is_leader and a.event = d.event and a.day = d.day
    order by a.day, a.unit_code
) as a
on r.campaign_id = a.campaign_id and r.unit_code = a.unit_code and r.sector = a.sector
    and r.author_is_leader = a.author_is_leader and r.event = a.event and r.day = a.day
when matched then update set
    count_events = r.count_events + a.count_events,
    benefit_vnd = case when r.benefit_vnd is null then a.benefit_vnd when a.benefit_vnd is null then r.benefit_vnd
        else r.benefit_vnd + a.benefit_vnd end
when not matched then insert (campaign_id, unit_code, day, sector, author_is_leader, event, count_events, benefit_vnd)
    values (a.campaign_id, a.unit_code, a.day, a.sector, a.author_is_leader, a.event, a.count_events, a.benefit_vnd)
