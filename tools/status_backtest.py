"""The progress status's backtest (docs/watchlist.md "Backtest"): `python tools/status_backtest.py [--db PATH]`.

At each moment of MOMENTS, on the database (the default demo by default), the status of every
unit through the status query (queries/status/unit_status.sql, the one rule): how many are at
risk or stalled, how many of those end below their registered target (status `missed` after the
close), and how many of the units that end below target were warned then. Then, scanning weekly
from the opening, the first moment each unit that ends below target was warned, and in how many of
the weekly scans it was. Prints the markdown tables the doc holds (tests/test_status_backtest.py
checks that the doc's tables equal this output).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from sangkien.campaign import status  # noqa: E402
from sangkien.core import fmt
from sangkien.storage import db

MOMENTS = [
    datetime(2022, 1, 15, 8, 0),
    datetime(2022, 4, 20, 8, 0),
    datetime(2022, 9, 1, 8, 0),
    datetime(2022, 11, 15, 13, 37),
    datetime(2023, 3, 1, 8, 0),
    datetime(2023, 8, 1, 8, 0),
]
WARNED = ("at_risk", "stalled")  # a warning before the close


def _moment(value: datetime) -> str:
    return f"{value:%d/%m/%Y %H:%M}"


def backtest(campaign_id: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per moment, one row per unit that ends below target), computed by the status query."""
    campaign = (
        db.run("meta/campaigns").iloc[0] if campaign_id is None else db.run("meta/campaigns").set_index("campaign_id").loc[campaign_id]
    )
    campaign_id = campaign_id or campaign["campaign_id"]
    opens, closes = pd.Timestamp(campaign["opens_at"]).to_pydatetime(), pd.Timestamp(campaign["closes_at"]).to_pydatetime()
    final = status.frame(campaign_id, closes + timedelta(minutes=1))
    missed = set(final.loc[final["status"] == "missed", "unit_code"])
    moments = []
    for at in MOMENTS:
        frame = status.frame(campaign_id, at)
        warned = set(frame.loc[frame["status"].isin(WARNED), "unit_code"])
        moments.append(
            {
                "moment": _moment(at),
                "warned": len(warned),
                "warned_end_below": len(warned & missed),
                "end_below": len(missed),
                "end_below_warned": len(missed & warned),
            }
        )
    scans = []
    at = datetime.combine((opens + timedelta(days=7)).date(), datetime.min.time()).replace(hour=8)
    while at < closes:
        frame = status.frame(campaign_id, at)
        scans.append((at, set(frame.loc[frame["status"].isin(WARNED), "unit_code"])))
        at += timedelta(days=7)
    names = final.set_index("unit_code")
    units = []
    for code in final.loc[final["status"] == "missed", "unit_code"]:  # the largest shortfall first
        hits = [at for at, warned in scans if code in warned]
        first = hits[0] if hits else None
        # the first scan from which every later scan warned it
        steady = next((at for i, (at, _) in enumerate(scans) if all(code in w for _, w in scans[i:])), None)
        units.append(
            {
                "unit": names.loc[code, "name_vi"],
                "final_pct": fmt.percent(names.loc[code, "achieved_pct"], "vi"),
                "first_warned": _moment(first) if first else "–",
                "days_before_close": (closes - first).days if first else None,
                "warned_scans": f"{len(hits)}/{len(scans)}",
                "warned_since": _moment(steady) if steady else "–",
            }
        )
    return pd.DataFrame(moments), pd.DataFrame(units)


def markdown(moments: pd.DataFrame, units: pd.DataFrame) -> str:
    """The two tables as docs/watchlist.md holds them."""
    lines = [
        "| moment | at risk or stalled (of 82) | of them end below target | units that end below target | of those, warned then |",
        "|---|---|---|---|---|",
    ]
    for r in moments.itertuples(index=False):
        lines.append(f"| {r.moment} | {r.warned} | {r.warned_end_below} | {r.end_below} | {r.end_below_warned} |")
    lines += [
        "",
        "| unit that ends below target | final | first warned (weekly scan, 08:00) | days before the close | scans warned | warned at every scan since |",
        "|---|---|---|---|---|---|",
    ]
    for r in units.itertuples(index=False):
        days = "–" if r.days_before_close is None or pd.isna(r.days_before_close) else str(int(r.days_before_close))
        lines.append(f"| {r.unit} | {r.final_pct} | {r.first_warned} | {days} | {r.warned_scans} | {r.warned_since} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the database (default: SANGKIEN_DB or data/sangkien.duckdb)")
    args = parser.parse_args()
    if args.db:
        os.environ["SANGKIEN_DB"] = args.db
    sys.stdout.write(markdown(*backtest()))


if __name__ == "__main__":
    main()
