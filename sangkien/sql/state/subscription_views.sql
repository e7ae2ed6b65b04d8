-- The e-mailed reports' tables as readers see them (state.reader_views, when the state file has
-- them): times in Vietnam time, as every other view of reader_views.sql.
create or replace temp view subscriptions as
select * replace (created_at + interval 7 hour as created_at) from s.main.subscriptions;

create or replace temp view subscription_log as
select * replace (changed_at + interval 7 hour as changed_at) from s.main.subscription_log;

create or replace temp view deliveries as
select * replace (claimed_at + interval 7 hour as claimed_at, sent_at + interval 7 hour as sent_at) from s.main.deliveries;

create or replace temp view alert_state as
select * replace (noted_at + interval 7 hour as noted_at) from s.main.alert_state;
