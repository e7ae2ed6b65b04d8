-- The e-mailed reports' tables in the state database (sangkien/campaign/subscriptions.py), made
-- by the first write that needs them. Times are UTC; readers see them in Vietnam time
-- (sangkien/sql/state/subscription_views.sql).
create table if not exists subscriptions (
    subscription_id integer primary key,
    recipients varchar[] not null,
    scope varchar not null,
    report varchar not null check (report in ('weekly', 'alerts')),
    schedule varchar not null check (schedule in ('weekly', 'daily', 'data', 'run')),
    day varchar check (day is null or day in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
    at_time varchar,
    lang varchar not null check (lang in ('vi', 'en')),
    created_by varchar not null,
    created_at timestamp not null
);
-- Every change to a subscription (add, remove) with who made it and when.
create table if not exists subscription_log (
    subscription_id integer not null,
    action varchar not null,
    detail varchar not null,
    changed_by varchar not null,
    changed_at timestamp not null
);
-- One row per subscription and due slot ("2022-04-25T07:30" Vietnam time for a weekly or daily
-- report, "data:<version>" for each new data version, "alert:<digest>" for an alert): the key
-- that makes two `deliver` runs send once. status: sending (claimed), sent, failed (retried by
-- the next run).
create table if not exists deliveries (
    subscription_id integer not null,
    slot varchar not null,
    status varchar not null check (status in ('sending', 'sent', 'failed')),
    attempts integer not null,
    claimed_at timestamp not null,
    sent_at timestamp,
    message_id varchar,
    detail varchar,
    primary key (subscription_id, slot)
);
-- What an alerts subscription last said of each unit (its status) and of each milestone.
create table if not exists alert_state (
    subscription_id integer not null,
    item varchar not null,
    value varchar not null,
    noted_at timestamp not null,
    primary key (subscription_id, item)
);
