"""The progress status: one verdict per unit per minute, read by every page, slide, file and command.

The rule lives once, in `unit_status_as_of` (queries/_macros/): it projects each unit to the
close from its own recent record and says by how much it will miss or make it. This module holds
what surrounds it: the ordered vocabulary (codes, names, one-line meanings), the one palette,
the reason sentence of each row, and the `status` command. A page, an export or a report never
decides a status itself: it reads the query through `frame()` or `changes()` and draws.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from sangkien.core import fmt
from sangkien.core.i18n import t, t_text
from sangkien.storage import db

# The vocabulary, best first: the order of every legend, table and file. Before the close a unit
# is one of BEFORE_CLOSE; from the close on, one of AFTER_CLOSE.
BEFORE_CLOSE = ("reached", "on_track", "watch", "at_risk", "stalled")
AFTER_CLOSE = ("made", "missed")
ORDER = BEFORE_CLOSE + AFTER_CLOSE
# The watchlist's progress findings are exactly these statuses.
PROGRESS_RISK = ("at_risk", "stalled", "missed")

# One palette for the statuses on every chart, map, slide and table: the Okabe-Ito colours,
# distinct for the common colour-blindnesses; blue is done, green on course, amber watch,
# vermillion at risk or missed, purple stalled.
COLORS = {
    "reached": "#0072B2",
    "made": "#0072B2",
    "on_track": "#009E73",
    "watch": "#E69F00",
    "at_risk": "#D55E00",
    "missed": "#D55E00",
    "stalled": "#CC79A7",
}
# A readable text colour on each fill (slides, table cells).
TEXT_ON = {code: ("#000000" if code in ("watch", "stalled", "on_track") else "#FFFFFF") for code in COLORS}
# The CLI's and the files' columns, in order (docs/watchlist.md "The status").
CLI_COLUMNS = ["unit_code", "unit", "kind", "status", "achieved_pct", "pace_pct", "projected_pct", "shortfall", "reason"]


def name(code: str, lang: str = "vi") -> str:
    """The status's name in the language ("Nguy cơ không đạt")."""
    return t(f"status_{code}", lang)


def meaning(code: str, lang: str = "vi", stall_days: int = 7) -> str:
    """The status's one-line meaning a leader can repeat."""
    return t(f"status_meaning_{code}", lang, days=stall_days) if code == "stalled" else t(f"status_meaning_{code}", lang)


def counts(frame: pd.DataFrame) -> list[tuple[str, int]]:
    """(status, number of rows) for every status present in a frame, the most serious first: the
    counts every sentence quotes (they add up to the rows drawn)."""
    tally = frame["status"].value_counts()
    return [(code, int(tally[code])) for code in reversed(ORDER) if code in tally.index]


def codes_in(frame: pd.DataFrame) -> list[str]:
    """The statuses present in a frame, in the vocabulary's order (a legend's entries)."""
    present = set(frame["status"].dropna())
    return [code for code in ORDER if code in present]


def frame(campaign_id: str, as_of: datetime, scope: list[str] | None = None) -> pd.DataFrame:
    """Every unit's status at a minute (queries/status/unit_status.sql), most serious first."""
    return db.run("status/unit_status", campaign_id=campaign_id, as_of=as_of, scope=scope)


def changes(campaign_id: str, as_of: datetime, compare_as_of: datetime, scope: list[str] | None = None) -> pd.DataFrame:
    """Every unit's status at two minutes (queries/status/unit_status_change.sql): what changed,
    who newly entered a progress risk (`is_new_risk`) and who recovered (`is_recovered`)."""
    return db.run("status/unit_status_change", campaign_id=campaign_id, as_of=as_of, compare_as_of=compare_as_of, scope=scope)


def unit_name(row, lang: str) -> str:
    return str(row["name_en" if lang == "en" else "name_vi"])


def reason(row, lang: str = "vi") -> str:
    """The plain-text sentence that says why `row` (one row of `frame`) has its status, with the
    figures: the same words on every page, slide, file and in the command's output."""
    code = row["status"]
    n = lambda column, digits=0: fmt.number(row[column], lang, digits)  # noqa: E731
    pct = fmt.percent(row["achieved_pct"], lang)
    if pd.isna(row["registered_target"]) or not row["registered_target"]:
        return t_text("status_reason_no_target", lang)
    common = {"count": n("count_submitted"), "target": n("registered_target"), "pct": pct}
    if code in ("reached", "made"):
        return t_text(f"status_reason_{code}", lang, **common)
    if code == "missed":
        return t_text("status_reason_missed", lang, **common, shortfall=n("shortfall"))
    if code == "stalled":
        return t_text("status_reason_stalled", lang, **common, days=int(row["stall_days"]))
    if bool(row["is_before_open"]):
        return t_text("status_reason_before_open", lang, open=fmt.day(row["opens_at"], lang))
    projection = {
        **common,
        "rate": fmt.number(row["recent_per_day"] if pd.notna(row["recent_per_day"]) else 0, lang, 1),
        "window": fmt.number(row["recent_window_days"], lang),
        "close": fmt.day(row["closes_at"], lang),
        "projected": n("projected_count"),
        "projected_pct": fmt.percent(row["projected_pct"], lang),
    }
    ramp = {
        "kind": t(f"status_kind_{row['kind']}", lang),
        "median": fmt.percent(row["kind_median_projected_pct"], lang),
    }
    if code in ("at_risk", "watch") and bool(row["is_kind_ramping"]):
        # judged against its kind while the kind ramps up: under this share of the kind's median
        ratio = row["ramp_risk_ratio"] if code == "at_risk" else row["ramp_watch_ratio"]
        return t_text(f"status_reason_{code}_ramp", lang, **projection, **ramp, ratio=fmt.percent(ratio, lang, 0), shortfall=n("shortfall"))
    if code == "at_risk":
        return t_text("status_reason_at_risk", lang, **projection, shortfall=n("shortfall"), needed=n("needed_per_day", 1))
    if code == "watch":
        margin = fmt.number(-row["shortfall"], lang)
        return t_text("status_reason_watch", lang, **projection, margin=margin, safe=fmt.percent(row["watch_below_pct"], lang, 0))
    return t_text("status_reason_on_track", lang, **projection, margin=fmt.number(max(0, -row["shortfall"]), lang))


def table(units: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The status rows as the command and the files carry them (CLI_COLUMNS): percentages as plain
    numbers without a % sign (never rounded up across 50% or 100%), the reason as plain text."""
    out = pd.DataFrame(
        {
            "unit_code": units["unit_code"],
            "unit": [unit_name(r, lang) for _, r in units.iterrows()],
            "kind": units["kind"],
            "status": units["status"],
            "achieved_pct": units["achieved_pct"].map(fmt.plain_percent),
            "pace_pct": units["pace_pct"].map(fmt.plain_percent),
            "projected_pct": units["projected_pct"].map(fmt.plain_percent),
            "shortfall": units["shortfall"].astype("Int64"),
            "reason": [reason(r, lang) for _, r in units.iterrows()],
        }
    )
    return out[CLI_COLUMNS].reset_index(drop=True)
