-- Every unit's progress status at a minute: the one verdict (unit_status_as_of in
-- queries/_macros/50_status.sql), with the unit's names and the figures its reason sentence quotes.
-- One row per unit in scope, most serious first (status_rank, then the projected shortfall).
-- Parameters: $campaign_id, $as_of, $scope (unit codes or null).
with
final as (
    select *
    from unit_status_as_of($campaign_id, $as_of, $scope)
)
select *
from final
order by status_rank desc, shortfall desc nulls last, name_vi collate vi
