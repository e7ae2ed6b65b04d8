-- The state database's own tables: who may change what (sangkien/campaign/auth.py), and the history of it.
-- Times are UTC; readers see them in Vietnam time (reader_views.sql).
create table if not exists users (
    email varchar primary key,
    role varchar not null check (role in ('viewer', 'editor', 'admin')),
    granted_by varchar not null,
    granted_at timestamp not null
);
create table if not exists user_log (
    email varchar not null,
    action varchar not null,
    role varchar,
    changed_by varchar not null,
    changed_at timestamp not null
);
