"""`python -m sangkien watchlist`: the flagged units, one row per unit and reason, for scheduled
use (a weekly mail, a meeting pack)."""

from __future__ import annotations

import json
import sys

from sangkien.campaign import watchlist
from sangkien.cli import common


def add_parser(sub) -> None:
    common.add_unit_list_options(sub.add_parser("watchlist", help="the units to watch, one row per unit and reason (CSV or JSON)"))


def run(args) -> int:
    try:
        campaign_id, moment, scope = common.unit_scope(args)
    except common.CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    frame = watchlist.findings(watchlist.flags(campaign_id, moment, scope), watchlist.Settings(), args.lang)
    if args.format == "json":
        data = (json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    else:
        data = watchlist.findings_csv(frame)
    common.write_output(data, args.out)
    return 0
