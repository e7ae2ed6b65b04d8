"""Alerts: what changed in a scope since the last alert a subscription sent.

Each unit's status now (status.frame: the one verdict the pages show) is compared with the status
last alerted for it (the subscription's alert_state): a unit that enters a progress risk (at risk,
stalled; after the close: missed) or moves between them, and one that leaves them (recovered), is
named with the reason sentence the pages show. The scope passing 50% or 100% of its registered
target, and the nation passing its national target (1.000.000), are milestones, each said once.
Nothing changed: nothing to say (and nothing is sent).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from sangkien.campaign import status
from sangkien.campaign.reports.content import Grid, Pack, Section, latest_campaign, names_in
from sangkien.campaign.scope import Scope
from sangkien.core import fmt, safe
from sangkien.core.i18n import t_text
from sangkien.storage import db

MILESTONES = (0.5, 1.0)  # shares of the scope's registered target
PASSED = "passed"


@dataclass
class Alert:
    items: dict[str, str]  # the state to remember: unit code -> status, "milestone:<x>" -> passed
    changed: list[tuple[str, str | None, str]] = field(default_factory=list)  # (item, was, is)
    pack: Pack | None = None  # the message, when something changed

    def digest(self, since: str = "") -> str:
        """A short key of what changed (and of the state it changed from), the same in two runs
        that see the same change: the delivery slot of an alert."""
        text = json.dumps([self.changed, since], ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def current(chosen: Scope, as_of: datetime) -> tuple[pd.DataFrame, pd.Series, dict[str, str]]:
    """The units' statuses, the scope's headline figures and the items to remember, at `as_of`."""
    campaign = latest_campaign()
    campaign_id = str(campaign["campaign_id"])
    units = status.frame(campaign_id, as_of, chosen.scope)
    kpis = db.run("overview/kpis", campaign_id=campaign_id, as_of=as_of, scope=chosen.scope).iloc[0]
    items = {str(r["unit_code"]): str(r["status"]) for _, r in units.iterrows()}
    pct = kpis["achieved_registered_pct"]
    for mark in MILESTONES:
        if pd.notna(pct) and pct >= mark:
            items[f"milestone:{int(mark * 100)}"] = PASSED
    target = campaign["national_target"]
    if chosen.kind == "nation" and pd.notna(target) and (kpis["count_submitted"] or 0) >= target:
        items[f"milestone:{int(target)}"] = PASSED
    return units, kpis, items


def evaluate(chosen: Scope, as_of: datetime, known: dict[str, str], lang: str = "vi") -> Alert:
    """What to say now against `known` (the last alerted state; empty: nothing said yet)."""
    units, kpis, items = current(chosen, as_of)
    alert = Alert(items)
    risk = set(status.PROGRESS_RISK)
    entered, left = [], []
    for _, row in units.iterrows():
        code, now = str(row["unit_code"]), str(row["status"])
        was = known.get(code)
        if now in risk and was != now:
            entered.append(row)
            alert.changed.append((code, was, now))
        elif was in risk and now not in risk:
            left.append(row)
            alert.changed.append((code, was, now))
    passed = [item for item in items if item.startswith("milestone:") and known.get(item) != PASSED]
    alert.changed += [(item, None, PASSED) for item in sorted(passed)]
    if alert.changed:
        alert.pack = _pack(chosen, as_of, lang, known, entered, left, sorted(passed), kpis)
        alert.pack.names = names_in(chosen, units)
    return alert


def _milestone_line(item: str, chosen: Scope, kpis: pd.Series, lang: str) -> str:
    value = int(item.split(":", 1)[1])
    if value in (50, 100):
        return t_text(
            "al_milestone_pct",
            lang,
            scope=chosen.name(lang),
            mark=fmt.percent(value / 100, lang, 0),
            pct=fmt.percent(kpis["achieved_registered_pct"], lang),
            count=fmt.number(kpis["count_submitted"], lang),
        )
    return t_text("al_milestone_count", lang, mark=fmt.number(value, lang), count=fmt.number(kpis["count_submitted"], lang))


def _pack(chosen, as_of, lang, known, entered, left, passed, kpis) -> Pack:
    scope_name = chosen.name(lang)
    lines = []
    if entered:
        lines.append(t_text("al_entered", lang, k=len(entered)))
    if left:
        lines.append(t_text("al_left", lang, k=len(left)))
    lines += [_milestone_line(item, chosen, kpis, lang) for item in passed]
    rows = []
    for row in [*entered, *left]:
        was = known.get(str(row["unit_code"]))
        rows.append(
            [
                safe.plain(row["name_en"] if lang == "en" and row["name_en"] else row["name_vi"]),
                str(status.name(was, lang)) if was in status.ORDER else "–",
                str(status.name(row["status"], lang)),
                status.reason(row, lang),
            ]
        )
    grid = (
        Grid([t_text("rp_col_unit", lang), t_text("rp_col_was", lang), t_text("rp_col_is", lang), t_text("rp_col_reason", lang)], rows)
        if rows
        else None
    )
    moment = fmt.moment(as_of, lang)
    return Pack(
        subject=t_text("al_subject", lang, scope=scope_name, moment=moment),
        title=t_text("al_title", lang, scope=scope_name),
        scope_name=scope_name,
        stamp=fmt.stamp(as_of, lang),
        lang=lang,
        link="",
        headline=[],
        sections=[Section(t_text("al_section", lang), lines, grid)],
        figures={"entered": [str(r["unit_code"]) for r in entered], "left": [str(r["unit_code"]) for r in left], "milestones": passed},
    )
