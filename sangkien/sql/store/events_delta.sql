-- The incremental refresh's first part (store.apply_changes): the events and the daily rollup
-- after submissions changed. <old> holds the changed rows as they were, <new> the inserted and
-- updated rows as they are; <old_events>, <upd_events> and <ins_events> are event_rows.sql over
-- <old>, _new_upd and _new_ins. Leaves _day_keys (the combination x days whose rollup changed)
-- for the running totals.
create or replace temp view _new_upd as
select n.* from {new} as n semi join {old} as o on o.campaign_id = n.campaign_id and o.submission_id = n.submission_id;
create or replace temp view _new_ins as
select n.* from {new} as n anti join {old} as o on o.campaign_id = n.campaign_id and o.submission_id = n.submission_id;
create or replace temp table _ev_old as {old_events};
create or replace temp table _ev_upd as {upd_events};
create or replace temp table _ev_del as select * from _ev_old except all select * from _ev_upd;
create or replace temp table _ev_add as
select * from (select * from _ev_upd except all select * from _ev_old)
union all
select * from ({ins_events});
-- Identical events are interchangeable, so removing any n of them removes "these n".
delete from submission_events where rowid in (
    select rid from (
        select e.rowid as rid, d.n_delete,
            row_number() over (
                partition by e.campaign_id, e.unit_code, e.event, e.event_at, e.sector, e.author_is_leader, e.benefit_vnd
                order by e.rowid
            ) as k
        from submission_events as e
        join (select *, count(*) as n_delete from _ev_del group by all) as d
            on e.campaign_id = d.campaign_id and e.unit_code = d.unit_code and e.event = d.event
            and e.event_at = d.event_at and e.sector = d.sector and e.author_is_leader = d.author_is_leader
            and e.benefit_vnd is not distinct from d.benefit_vnd
    )
    where k <= n_delete
);
insert into submission_events select * from _ev_add order by event_at;
create or replace temp table _add_day as
select campaign_id, unit_code, cast(event_at as date) as day, sector, author_is_leader, event,
    count(*) as count_events, sum(benefit_vnd) as benefit_vnd
from _ev_add
group by all;
create or replace temp table _del_day as
select distinct campaign_id, unit_code, cast(event_at as date) as day, sector, author_is_leader, event from _ev_del;
create or replace temp table _day_keys as
select campaign_id, unit_code, sector, author_is_leader, event, day from _add_day
union
select campaign_id, unit_code, sector, author_is_leader, event, day from _del_day;
-- A day that only gained events is its old row plus the gains (a sum stays null only when
-- both parts are null); a day that lost some is counted again from the events.
create or replace temp table _day_rows as
select a.campaign_id, a.unit_code, a.day, a.sector, a.author_is_leader, a.event,
    coalesce(r.count_events, 0) + a.count_events as count_events,
    case when r.benefit_vnd is null then a.benefit_vnd when a.benefit_vnd is null then r.benefit_vnd
        else r.benefit_vnd + a.benefit_vnd end as benefit_vnd
from _add_day as a
left join rollup_unit_day as r
    on r.campaign_id = a.campaign_id and r.unit_code = a.unit_code and r.sector = a.sector
    and r.author_is_leader = a.author_is_leader and r.event = a.event and r.day = a.day
where not exists (
    select 1 from _del_day as d
    where d.campaign_id = a.campaign_id and d.unit_code = a.unit_code and d.sector = a.sector
        and d.author_is_leader = a.author_is_leader and d.event = a.event and d.day = a.day
)
union all
select e.campaign_id, e.unit_code, cast(e.event_at as date) as day, e.sector, e.author_is_leader, e.event,
    count(*) as count_events, sum(e.benefit_vnd) as benefit_vnd
from submission_events as e
semi join _del_day as d
    on e.campaign_id = d.campaign_id and e.unit_code = d.unit_code and e.sector = d.sector
    and e.author_is_leader = d.author_is_leader and e.event = d.event and cast(e.event_at as date) = d.day
group by all;
delete from rollup_unit_day as r using _day_keys as k
where r.campaign_id = k.campaign_id and r.unit_code = k.unit_code and r.sector = k.sector
    and r.author_is_leader = k.author_is_leader and r.event = k.event and r.day = k.day;
insert into rollup_unit_day select * from _day_rows order by day, unit_code;
