"""`python -m sangkien watchlist`: the flagged units, one row per unit and reason, for scheduled
use (a weekly mail, a meeting pack)."""

from __future__ import annotations

import json

from sangkien.campaign import watchlist
from sangkien.cli import common


def add_parser(sub) -> None:
    common.add_unit_list_options(sub.add_parser("watchlist", help="the units to watch, one row per unit and reason (CSV or JSON)"))


def run(args) -> int:
    return common.list_units(args, lambda campaign_id, moment, scope: _file(watchlist.flags(campaign_id, moment, scope), args))


def _file(flags, args) -> bytes:
    frame = watchlist.findings(flags, watchlist.Settings(), args.lang)
    if args.format == "json":
        return (json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return watchlist.findings_csv(frame)
