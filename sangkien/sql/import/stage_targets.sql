-- Registered targets: every row read, checked and compared with the stored target, into temp
-- table `staged`. Parameters: $campaign_id $now $members_factor.
create or replace temp table staged as
with
resolved as (
    select i.*, coalesce(uc.unit_code, un.unit_code) as unit_resolved, coalesce(un.suggestions, uc.suggestions) as unit_suggestions
    from incoming as i
    left join map_unit as un on un.raw = i.unit
    left join map_unit as uc on uc.raw = i.unit_code
),
ranked as materialized (
    select *,
        case
            when is_blank then 'blank'
            when is_totals then 'totals'
            when unit_resolved is null then 'candidate'
            when row_number() over (partition by unit_resolved, is_blank or is_totals order by _file desc, _k desc) > 1 then 'superseded'
            else 'candidate'
        end as disposition
    from resolved
),
typed as (
    select r.*, f.has_registered_at,
        amount_text(r.registered_target) as target_text, f.target_factor,
        parse_ts(r.registered_at) as t_reg,
        o.unit_code is not null as is_known, o.registered_target as o_registered_target, o.guideline_target as o_guideline_target,
        o.registered_at as o_registered_at,
        cast(round(u.members_estimate * c.guideline_ratio) as integer) as guideline_default,
        u.members_estimate
    from ranked as r
    join file_info as f using (_file)
    left join targets as o on o.campaign_id = $campaign_id and o.unit_code = r.unit_resolved
    left join units as u on u.unit_code = r.unit_resolved
    left join campaigns as c on c.campaign_id = $campaign_id
    where r.disposition = 'candidate'
),
valued as (
    select *, try_cast(round(parse_amount(target_text) * target_factor) as integer) as target_value from typed
),
checks as (
    select *,
        case when unit is null and unit_code is null then problem('unit', null, 'missing_unit', null)
                when unit_resolved is null then problem(case when unit is not null then 'unit' else 'unit_code' end,
                    coalesce(unit, unit_code), 'unknown_unit', unit_suggestions) end as p0,
        case when registered_target is null then problem('registered_target', null, 'missing_number', null)
                when target_value is null then problem('registered_target', registered_target, 'bad_number', null)
                -- plausibility: a unit cannot register more initiatives than it has members
                when target_value > members_estimate * $members_factor
                    then problem('registered_target', registered_target, 'above_members', cast(members_estimate as varchar)) end as p1,
        case when registered_at is not null and t_reg is null then problem('registered_at', registered_at, 'bad_date', null)
                when t_reg > $now then problem('registered_at', registered_at, 'future', null) end as p2
    from valued
),
checked as (
    select *,
        case when p0 is null and p1 is null and p2 is null then null
            else list_filter([p0, p1, p2], lambda x: x is not null) end as problems
    from checks
)
select _file, _k, problems, unit_resolved as unit_code, target_value as n_registered_target,
    coalesce(o_guideline_target, guideline_default) as n_guideline_target,
    case when has_registered_at then coalesce(t_reg, o_registered_at) else o_registered_at end as n_registered_at,
    case
        when problems is not null then 'rejected'
        when not is_known then 'insert'
        when target_value is not distinct from o_registered_target
            and (case when has_registered_at then coalesce(t_reg, o_registered_at) else o_registered_at end) is not distinct from o_registered_at
            then 'unchanged'
        else 'update'
    end as action
from checked
union all
select _file, _k, null, null, null, null, null, disposition from ranked where disposition <> 'candidate';
