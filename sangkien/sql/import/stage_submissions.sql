-- Submissions: every row read, checked, typed and compared with the stored row; one row per row
-- read in temp table `staged`, with its action (insert, update, unchanged, rejected, blank, totals,
-- superseded) and its problems. Parameters: $campaign_id $opens_at $closes_at $now $max_id $max_name $bad_chars.

-- ids that occur more than once, with the position of their last occurrence (a hash
-- aggregate: far cheaper than ranking a million ids that occur once); a small table
create or replace temp table repeated as
select submission_id, max(_file * 1000000000000 + _k) as last_position
from incoming
where not is_blank and not is_totals and submission_id is not null
group by submission_id
having count(*) > 1;

-- the stored rows of the ids in the files, fetched first: joined to every incoming row, the
-- whole of submissions would be probed with a hash table of the incoming rows, every column
create or replace temp table old_rows as
select s.submission_id, s.unit_code, s.grassroots_union, s.submitted_at, s.author_is_leader, s.sector, s.field, s.status,
    s.review_started_at, s.reviewed_at, s.applied_at, s.rewarded_at, s.benefit_vnd
from submissions as s
semi join incoming as i on i.submission_id = s.submission_id
where s.campaign_id = $campaign_id;

create or replace temp table staged as
with
-- not materialized: a copy of every row would be spilled to disk and read twice; the second
-- use reads three narrow columns again
ranked as not materialized (
    select i.*,
        case
            when i.is_blank then 'blank'
            when i.is_totals then 'totals'
            when i.submission_id is null then 'candidate'
            when r.last_position > i._file * 1000000000000 + i._k then 'superseded'
            else 'candidate'
        end as disposition
    from incoming as i
    left join repeated as r on r.submission_id = i.submission_id
),
typed as (
    select
        r._file, r._k, r.submission_id, r.unit, r.unit_code, r.submitted_at, r.status, r.sector, r.author_is_leader,
        r.field, r.benefit_vnd, r.review_started_at, r.reviewed_at, r.applied_at, r.rewarded_at,
        r.grassroots_union, mt.value as grassroots_text,
        f.has_benefit, f.has_leader, f.has_field, f.has_grassroots, f.benefit_factor,
        coalesce(uc.unit_code, un.unit_code) as unit_resolved,
        coalesce(un.suggestions, uc.suggestions) as unit_suggestions,
        parse_ts(r.submitted_at) as t_sub,
        parse_ts(r.review_started_at) as f_rs,
        parse_ts(r.reviewed_at) as f_rv,
        parse_ts(r.applied_at) as f_ap,
        parse_ts(r.rewarded_at) as f_rw,
        ms.value as status_code,
        mse.value as sector_code,
        mb.value as leader_word,
        mf.value as field_code,
        amount_text(r.benefit_vnd) as benefit_text,
        o.submission_id is not null as is_known,
        o.unit_code as o_unit_code, o.grassroots_union as o_grassroots_union, o.submitted_at as o_submitted_at,
        o.author_is_leader as o_author_is_leader, o.sector as o_sector, o.field as o_field, o.status as o_status,
        o.review_started_at as o_rs, o.reviewed_at as o_rv, o.applied_at as o_ap, o.rewarded_at as o_rw,
        o.benefit_vnd as o_benefit_vnd
    from ranked as r
    join file_info as f using (_file)
    left join map_unit as un on un.raw = r.unit
    left join map_unit as uc on uc.raw = r.unit_code
    left join map_status as ms on ms.raw = r.status
    left join map_sector as mse on mse.raw = r.sector
    left join map_boolean as mb on mb.raw = r.author_is_leader
    left join map_field as mf on mf.raw = r.field
    left join map_text as mt on mt.raw = r.grassroots_union
    left join old_rows as o on o.submission_id = r.submission_id
    where r.disposition = 'candidate'
),
needs as (
    select *,
        status_code in ('under_review', 'valid', 'invalid', 'applied', 'rewarded') as need_rs,
        status_code in ('valid', 'invalid', 'applied', 'rewarded') as need_rv,
        status_code in ('applied', 'rewarded') as need_ap,
        status_code = 'rewarded' as need_rw,
        try_cast(round(parse_amount(benefit_text) * benefit_factor) as bigint) as benefit_value
    from typed
),
given as (
    -- stage dates from the file, only for the stages the status implies
    select *,
        case when need_rs then f_rs end as g_rs,
        case when need_rv then f_rv end as g_rv,
        case when need_ap then f_ap end as g_ap,
        case when need_rw then f_rw end as g_rw
    from needs
),
checks as (
    select *,
        case when submission_id is null then problem('submission_id', null, 'missing_id', null) end as p0,
        case when unit is null and unit_code is null then problem('unit', null, 'missing_unit', null)
                when unit_resolved is null then problem(case when unit is not null then 'unit' else 'unit_code' end,
                    coalesce(unit, unit_code), 'unknown_unit', unit_suggestions) end as p1,
        case when submitted_at is null then problem('submitted_at', null, 'missing_date', null)
                when t_sub is null then problem('submitted_at', submitted_at, 'bad_date', null)
                when t_sub < $opens_at then problem('submitted_at', submitted_at, 'before_open', strftime($opens_at, '%d/%m/%Y %H:%M'))
                when t_sub > $closes_at then problem('submitted_at', submitted_at, 'after_close', strftime($closes_at, '%d/%m/%Y %H:%M'))
                when t_sub > $now then problem('submitted_at', submitted_at, 'future', null) end as p2,
        case when status is null then problem('status', null, 'missing_status', null)
                when status_code is null then problem('status', status, 'bad_status', null) end as p3,
        case when sector is not null and sector_code is null then problem('sector', sector, 'bad_sector', null)
                when sector is null and o_sector is null then problem('sector', null, 'missing_sector', null) end as p4,
        case when has_leader and author_is_leader is not null and leader_word is null then problem('author_is_leader', author_is_leader, 'bad_bool', null) end as p5,
        case when has_benefit and benefit_vnd is not null and benefit_value is null then problem('benefit_vnd', benefit_vnd, 'bad_number', null) end as p6,
        case when need_rs and review_started_at is not null and f_rs is null then problem('review_started_at', review_started_at, 'bad_date', null)
                when g_rs > $now then problem('review_started_at', review_started_at, 'future', null)
                when g_rs < t_sub then problem('review_started_at', review_started_at, 'stage_order', 'submitted_at') end as p7,
        case when need_rv and reviewed_at is not null and f_rv is null then problem('reviewed_at', reviewed_at, 'bad_date', null)
                when g_rv > $now then problem('reviewed_at', reviewed_at, 'future', null)
                when g_rv < greatest(t_sub, g_rs) then problem('reviewed_at', reviewed_at, 'stage_order',
                    case when g_rs > t_sub then 'review_started_at' else 'submitted_at' end) end as p8,
        case when need_ap and applied_at is not null and f_ap is null then problem('applied_at', applied_at, 'bad_date', null)
                when g_ap > $now then problem('applied_at', applied_at, 'future', null)
                when g_ap < greatest(t_sub, g_rs, g_rv) then problem('applied_at', applied_at, 'stage_order',
                    case when g_rv >= greatest(t_sub, g_rs) then 'reviewed_at' when g_rs > t_sub then 'review_started_at' else 'submitted_at' end) end as p9,
        case when need_rw and rewarded_at is not null and f_rw is null then problem('rewarded_at', rewarded_at, 'bad_date', null)
                when g_rw > $now then problem('rewarded_at', rewarded_at, 'future', null)
                when g_rw < greatest(t_sub, g_rs, g_rv, g_ap) then problem('rewarded_at', rewarded_at, 'stage_order',
                    case when g_ap >= greatest(t_sub, g_rs, g_rv) then 'applied_at' when g_rv >= greatest(t_sub, g_rs) then 'reviewed_at'
                        when g_rs > t_sub then 'review_started_at' else 'submitted_at' end) end as p10,
        -- text that is stored: ids and names within their length limits (sangkien/ingest/limits.py),
        -- ids without control or bidi characters (names are cleaned of them in map_text)
        case when length(submission_id) > $max_id then problem('submission_id', submission_id, 'too_long', cast($max_id as varchar))
                when regexp_matches(submission_id, $bad_chars) then problem('submission_id', submission_id, 'bad_chars', null) end as p11,
        case when length(grassroots_union) > $max_name
                then problem('grassroots_union', grassroots_union, 'too_long', cast($max_name as varchar)) end as p12,
        least($now, $closes_at) as fallback_at,
        least(g_rv, g_ap, g_rw) as ub_rs,
        least(g_ap, g_rw) as ub_rv,
        g_rw as ub_ap
    from given
),
checked as (
    select *,
        case when p0 is null and p1 is null and p2 is null and p3 is null and p4 is null and p5 is null and p6 is null and p7 is null and p8 is null and p9 is null and p10 is null
                and p11 is null and p12 is null then null
            else list_filter([p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12], lambda x: x is not null) end as problems
    from checks
),
kept as (
    -- a stage date: the file's, else the stored one if it still fits, else filled below
    select *,
        case when need_rs then coalesce(g_rs, case when o_rs >= t_sub and (ub_rs is null or o_rs <= ub_rs) then o_rs end) end as c_rs,
        case when need_rv then coalesce(g_rv, case when o_rv >= t_sub and (ub_rv is null or o_rv <= ub_rv) then o_rv end) end as c_rv,
        case when need_ap then coalesce(g_ap, case when o_ap >= t_sub and (ub_ap is null or o_ap <= ub_ap) then o_ap end) end as c_ap,
        case when need_rw then coalesce(g_rw, case when o_rw >= t_sub then o_rw end) end as c_rw
    from checked
),
filled as (
    -- an implied earlier stage takes the next known later date; the latest stage with no date
    -- at all is dated when it was first seen (the import, or the close of the campaign)
    select *,
        case when need_rw then coalesce(c_rw, fallback_at) end as x_rw
    from kept
),
filled2 as (
    select *, case when need_ap then coalesce(c_ap, x_rw, fallback_at) end as x_ap from filled
),
filled3 as (
    select *, case when need_rv then coalesce(c_rv, x_ap, fallback_at) end as x_rv from filled2
),
filled4 as (
    select *, case when need_rs then coalesce(c_rs, x_rv, fallback_at) end as x_rs from filled3
),
ordered as (
    select *, case when x_rs is not null then greatest(x_rs, t_sub) end as n_rs from filled4
),
ordered2 as (
    select *, case when x_rv is not null then greatest(x_rv, n_rs) end as n_rv from ordered
),
ordered3 as (
    select *, case when x_ap is not null then greatest(x_ap, n_rv) end as n_ap from ordered2
),
ordered4 as (
    select *, case when x_rw is not null then greatest(x_rw, n_ap) end as n_rw from ordered3
),
final as (
    select
        _file, _k, problems, is_known,
        submission_id,
        unit_resolved as n_unit_code,
        case when has_grassroots then grassroots_text else o_grassroots_union end as n_grassroots_union,
        t_sub as n_submitted_at,
        case when has_leader then coalesce(leader_word = 'true', false) else coalesce(o_author_is_leader, false) end as n_author_is_leader,
        coalesce(sector_code, o_sector) as n_sector,
        case when has_field then case when field is null then null else coalesce(field_code, 'other') end else o_field end as n_field,
        status_code as n_status,
        n_rs, n_rv, n_ap, n_rw,
        case when has_benefit then benefit_value else o_benefit_vnd end as n_benefit_vnd,
        o_unit_code, o_grassroots_union, o_submitted_at, o_author_is_leader, o_sector, o_field, o_status, o_rs, o_rv, o_ap, o_rw, o_benefit_vnd
    from ordered4
)
select
    _file, _k, problems, submission_id,
    n_unit_code, n_grassroots_union, n_submitted_at, n_author_is_leader, n_sector, n_field, n_status, n_rs, n_rv, n_ap, n_rw, n_benefit_vnd,
    case
        when problems is not null then 'rejected'
        when not is_known then 'insert'
        when n_unit_code is not distinct from o_unit_code
            and n_grassroots_union is not distinct from o_grassroots_union
            and n_submitted_at is not distinct from o_submitted_at
            and n_author_is_leader is not distinct from o_author_is_leader
            and n_sector is not distinct from o_sector
            and n_field is not distinct from o_field
            and n_status is not distinct from o_status
            and n_rs is not distinct from o_rs
            and n_rv is not distinct from o_rv
            and n_ap is not distinct from o_ap
            and n_rw is not distinct from o_rw
            and n_benefit_vnd is not distinct from o_benefit_vnd then 'unchanged'
        else 'update'
    end as action
from final
union all
-- blank, totals and superseded rows stay in the table so every row read is accounted for
select _file, _k, null, null, null, null, null, null, null, null, null, null, null, null, null, null, disposition
from ranked
where disposition <> 'candidate';

-- their rows are in staged now: memory back for the refresh
drop table repeated;
drop table old_rows;
