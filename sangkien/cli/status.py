"""`python -m sangkien status`: every unit's progress status and why, one row per unit (CSV or JSON)."""

from __future__ import annotations

import json

from sangkien.campaign import status
from sangkien.campaign.export import neutralise
from sangkien.cli import common


def add_parser(sub) -> None:
    common.add_unit_list_options(sub.add_parser("status", help="every unit's progress status and why, one row per unit (CSV or JSON)"))


def run(args) -> int:
    return common.list_units(args, lambda campaign_id, moment, scope: _file(status.frame(campaign_id, moment, scope), args))


def _file(frame, args) -> bytes:
    rows = status.table(frame, args.lang)
    if args.format == "json":
        records = json.loads(rows.to_json(orient="records", force_ascii=False))
        return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    safe_rows = rows.copy()
    for col in ("unit_code", "unit", "reason"):
        safe_rows[col] = safe_rows[col].map(neutralise)
    return safe_rows.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
