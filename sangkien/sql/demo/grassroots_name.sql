-- Plausible grassroots union names (sangkien/ingest/demo_data.py): number k of a unit always gets the same
-- name. The braced names are demo.py's name lists, written in as SQL list literals.
create temp macro grassroots_name(place, sector, k) as (
    'Công đoàn ' || case
        when place = '' then {branches}[1 + k % 6] || ' ' || sector || ' ' || {cities}[1 + (k // 6) % 16]
        when k % 6 = 0 then 'Công ty Cổ phần ' || {companies}[1 + (k // 6) % 16] || ' ' || place
        when k % 6 = 1 then 'Trường THPT ' || {people}[1 + (k // 6) % 16]
        when k % 6 = 2 then 'Bệnh viện ' || {hospitals}[1 + (k // 6) % 16] || ' ' || place
        when k % 6 = 3 then 'Công ty TNHH ' || {companies}[1 + (k // 6 + 5) % 16] || ' ' || place
        when k % 6 = 4 then 'Trường Tiểu học ' || {people}[1 + (k // 6 + 3) % 16]
        else 'Trường Mầm non ' || {kindergartens}[1 + (k // 6) % 16]
    end || case when k >= 96 then ' số ' || cast(k // 96 + 1 as varchar) else '' end
);
