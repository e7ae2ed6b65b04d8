-- The Sáng kiến database contract. Documented column by column in docs/data-model.md.
-- Timestamps are Vietnam local time (UTC+7), stored without zone, to the minute.

create table campaigns (
    campaign_id varchar primary key,
    name_vi varchar not null,
    name_en varchar not null,
    opens_at timestamp not null,
    closes_at timestamp not null,
    national_target integer not null,
    guideline_ratio double not null,
    is_demo boolean not null default false
);

create table units (
    unit_code varchar primary key,
    name_vi varchar not null,
    name_en varchar not null,
    short_vi varchar not null,
    kind varchar not null check (kind in ('province', 'sector', 'corporation')),
    region_code varchar not null,
    region_vi varchar not null,
    province_gso_code varchar,
    province_2025_code varchar,
    province_2025_vi varchar,
    members_estimate integer not null,
    lat double,
    lon double
);

create table unit_aliases (
    alias varchar not null,
    alias_key varchar primary key,
    unit_code varchar not null
);

create table unit_groups (
    group_id varchar primary key,
    name_vi varchar not null,
    name_en varchar,
    kind varchar not null check (kind in ('region', 'cluster', 'custom')),
    created_by varchar,
    created_at timestamp
);

-- The moment a group's meeting was held, when it has one (e.g. Hội nghị Thái Nguyên, 08:00
-- 20/4/2022): choosing the group on the meeting page offers this minute as the as-of.
create table group_meetings (
    group_id varchar primary key,
    meeting_at timestamp not null
);

create table unit_group_members (
    group_id varchar not null,
    unit_code varchar not null,
    primary key (group_id, unit_code)
);

create table targets (
    campaign_id varchar not null,
    unit_code varchar not null,
    registered_target integer not null,
    guideline_target integer not null,
    registered_at timestamp,
    primary key (campaign_id, unit_code)
);

create table submissions (
    submission_id varchar not null,
    campaign_id varchar not null,
    unit_code varchar not null,
    grassroots_union varchar,
    submitted_at timestamp not null,
    author_is_leader boolean not null,
    sector varchar not null check (sector in ('state', 'non_state', 'fdi', 'public_service')),
    field varchar,
    status varchar not null
        check (status in ('updated', 'under_review', 'valid', 'invalid', 'applied', 'rewarded')),
    review_started_at timestamp,
    reviewed_at timestamp,
    applied_at timestamp,
    rewarded_at timestamp,
    benefit_vnd bigint
);

-- One row per status change of a submission, ordered by event_at so that the partial day of
-- an as-of query reads only a few row groups.
create table submission_events (
    campaign_id varchar not null,
    unit_code varchar not null,
    event varchar not null,
    event_at timestamp not null,
    sector varchar not null,
    author_is_leader boolean not null,
    benefit_vnd bigint
);

-- One row per campaign x unit x day x sector x leader flag x event (whole days).
create table rollup_unit_day (
    campaign_id varchar not null,
    unit_code varchar not null,
    day date not null,
    sector varchar not null,
    author_is_leader boolean not null,
    event varchar not null,
    count_events bigint not null,
    benefit_vnd bigint
);

-- Dense running totals: one row per campaign x day x unit x sector x leader flag x event,
-- for every day of the campaign, with the counts through the end of that day. An as-of query
-- reads one day of it (a point lookup) plus the partial day from submission_events, so its
-- cost does not grow with the number of submissions.
create table rollup_unit_cum (
    campaign_id varchar not null,
    day date not null,
    unit_code varchar not null,
    sector varchar not null,
    author_is_leader boolean not null,
    event varchar not null,
    cum_count bigint not null,
    cum_benefit_vnd hugeint
);

-- Per campaign x day x unit, the whole unit's events (no sector or leader dimension): the day's
-- counts and the running totals through the end of that day, dense over every day of the
-- campaign for every unit with events (~82 units x ~600 days, whatever the number of
-- submissions). The per-unit as-of questions read one day of it (unit_totals_as_of) or its
-- days (unit_events_as_of) instead of rollup_unit_cum / rollup_unit_day. Built from
-- rollup_unit_day by store.refresh_derived and store.apply_changes.
create table if not exists rollup_unit_totals (
    campaign_id varchar not null,
    day date not null,
    unit_code varchar not null,
    count_submitted bigint not null,
    count_submitted_non_leader bigint not null,
    count_review_started bigint not null,
    count_valid bigint not null,
    count_invalid bigint not null,
    count_applied bigint not null,
    count_rewarded bigint not null,
    benefit_vnd_applied hugeint not null,
    cum_count_submitted bigint not null,
    cum_count_submitted_non_leader bigint not null,
    cum_count_review_started bigint not null,
    cum_count_valid bigint not null,
    cum_count_invalid bigint not null,
    cum_count_applied bigint not null,
    cum_count_rewarded bigint not null,
    cum_benefit_vnd_applied hugeint not null
);

-- One row per campaign: the span of its data, kept by store.touch_version on every change so
-- the app never scans the events to find the latest minute.
create table if not exists campaign_stats (
    campaign_id varchar primary key,
    first_event_at timestamp,
    last_event_at timestamp,
    count_submissions bigint not null
);

create table meta (
    key varchar primary key,
    value varchar not null
);

-- Monthly emulation ranking: criteria weights and grade thresholds chosen in the app, one row
-- per campaign x setting, with who saved them and when. Databases built before this table
-- existed use the defaults of sangkien/campaign/emulation.py, and saving creates the table.
create table if not exists emulation_settings (
    campaign_id varchar not null,
    setting varchar not null,
    value double not null,
    updated_by varchar not null,
    updated_at timestamp not null,
    primary key (campaign_id, setting)
);

-- Every save of a campaign's emulation scoring (sangkien/campaign/emulation.py save): who, when (UTC), and
-- every setting's value before and after, as JSON objects {"w_target": 40.0, ...} (before: {} for
-- the first save). Like unit_group_log for groups; read by queries/emulation/settings_log.sql.
create table if not exists emulation_settings_log (
    campaign_id varchar not null,
    save_number integer not null,  -- 1, 2, ... per campaign: saves within one minute keep their order
    changed_by varchar not null,
    changed_at timestamp not null,
    old_values varchar not null,
    new_values varchar not null
);

-- Every change to a custom group (create, update) with who made it and when.
create table if not exists unit_group_log (
    group_id varchar not null,
    action varchar not null,
    name_vi varchar,
    unit_codes varchar[],
    changed_by varchar not null,
    changed_at timestamp not null
);

-- Every file imported (sangkien/ingest/importer.py), one row per file: who, when, its hash and the
-- exact accounting: count_read = inserted + updated + unchanged + rejected + skipped.
create table if not exists imports (
    import_id varchar primary key,
    batch_id varchar not null,
    kind varchar not null check (kind in ('submissions', 'targets')),
    campaign_id varchar not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    imported_by varchar not null,
    started_at timestamp not null,
    finished_at timestamp not null,
    count_read bigint not null,
    count_inserted bigint not null,
    count_updated bigint not null,
    count_unchanged bigint not null,
    count_rejected bigint not null,
    count_skipped bigint not null,
    data_version varchar not null
);

-- One row per problem found in a rejected row of an imported file (a row may have several).
create table if not exists import_rejections (
    import_id varchar not null,
    file_name varchar not null,
    row_number bigint not null,
    column_name varchar,
    value varchar,
    reason_code varchar not null,
    detail varchar
);
