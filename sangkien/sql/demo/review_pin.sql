-- Make exactly `valid` of a unit's submissions (the earliest) reviewed and valid by `at`, and none
-- of the others reviewed by then (a published review count, demo.REVIEW_PINS).
update submissions as s
set
    reviewed_at = case when o.k <= $valid
        then least(coalesce(s.reviewed_at, $at), $at)
        else greatest(coalesce(s.reviewed_at, $at + interval 3 day), $at + interval 1 day) end,
    benefit_vnd = case when o.k <= $valid then coalesce(s.benefit_vnd, 50000000) else s.benefit_vnd end,
    status = case when o.k <= $valid then 'valid' else s.status end
from (
    select submission_id, row_number() over (order by submitted_at, submission_id) as k
    from submissions
    where unit_code = $unit and submitted_at <= $at
) as o
where s.submission_id = o.submission_id;
