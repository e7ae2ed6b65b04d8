-- The incremental refresh's first part (store.apply_changes): the events and the daily rollup
-- after submissions changed. <old> holds the changed rows as they were, <new> the inserted and
-- updated rows as they are; <old_events>, <upd_events> and <ins_events> are event_rows.sql over
-- <old>, _new_upd and _new_ins. Leaves _day_from (per combination, the first day whose rollup
-- changed) for the running totals.
create or replace temp view _new_upd as
select n.* from {new} as n semi join {old} as o on o.campaign_id = n.campaign_id and o.submission_id = n.submission_id;
create or replace temp view _new_ins as
select n.* from {new} as n anti join {old} as o on o.campaign_id = n.campaign_id and o.submission_id = n.submission_id;
create or replace temp table _ev_old as {old_events};
create or replace temp table _ev_upd as {upd_events};
create or replace temp table _ev_del as select * from _ev_old except all select * from _ev_upd;
-- A view, read twice (the insert and the day sums): cheaper than keeping millions of new events
-- in a temporary table under the import's memory limit.
create or replace temp view _ev_add as
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
