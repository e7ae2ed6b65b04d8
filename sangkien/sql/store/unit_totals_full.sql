-- Set-up of unit_totals.sql for a whole rebuild: every campaign of <span> from its first day,
-- every unit with events.
delete from rollup_unit_totals;
create or replace temp table _tot_from as select campaign_id, first_day as from_day from {span};
create or replace temp table _tot_units as select distinct campaign_id, unit_code from rollup_unit_day;
