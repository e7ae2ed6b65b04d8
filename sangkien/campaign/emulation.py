"""The monthly emulation ranking's scoring: criteria weights and grade thresholds, stored per
campaign in emulation_settings of the state database (who/when, UTC), with defaults until saved.
Only editors and admins may save them (sangkien/campaign/auth.py; checked in `save`).

The scores themselves are computed in queries/emulation/monthly_scores.sql from these values.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path

import pandas as pd

from sangkien.campaign import auth
from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.storage import db, schema, state
from sangkien.storage.state import ChangeError

CRITERIA = ("target", "members", "valid", "non_leader")
GRADES = ("A", "B", "C", "D")
# A month with fewer counted days than this is not ranked (09/2023 held the closing day alone):
# its share of the target is so small that any update scores thousands of percent.
MIN_MONTH_DAYS = 7


@dataclass(frozen=True)
class Settings:
    w_target: float = 40.0
    w_members: float = 20.0
    w_valid: float = 20.0
    w_non_leader: float = 20.0
    grade_a_min: float = 85.0
    grade_b_min: float = 70.0
    grade_c_min: float = 55.0
    # at most this % of a kind's units are graded A (Xuất sắc) in a month, the best ranked first
    # (emulation practice caps its top grade by a share; 100 = the threshold alone)
    grade_a_share: float = 20.0
    # the target gate: in the campaign's last ranked month a unit that ends below its registered
    # target (status missed; before the close at_risk or stalled) is graded Khá at best
    target_gate: bool = True

    @property
    def params(self) -> dict:
        """The named parameters of emulation/monthly_scores."""
        return asdict(self)

    def weight(self, criterion: str) -> float:
        return getattr(self, f"w_{criterion}")

    def weight_share(self, criterion: str) -> float:
        total = sum(self.weight(c) for c in CRITERIA)
        return self.weight(criterion) / total if total else 0.0

    def threshold(self, grade: str) -> float | None:
        return getattr(self, f"grade_{grade.lower()}_min", None)

    def check(self) -> None:
        """Raise ChangeError with a catalog key when the values cannot rank anything sensibly."""
        weights = [self.weight(c) for c in CRITERIA]
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ChangeError("em_err_weights")
        a, b, c = self.grade_a_min, self.grade_b_min, self.grade_c_min
        if not (100 >= a > b > c >= 0):
            raise ChangeError("em_err_thresholds")
        if not (0 <= self.grade_a_share <= 100):
            raise ChangeError("em_err_share")


@dataclass(frozen=True)
class Stored:
    settings: Settings
    updated_by: str | None = None
    updated_at: datetime | None = None


def load(campaign_id: str) -> Stored:
    """The campaign's stored settings; defaults for any not stored (or no table at all)."""
    if not bool(db.run("emulation/settings_table")["has_table"].iloc[0]):
        return Stored(Settings())
    rows = db.run("emulation/settings", campaign_id=campaign_id)
    names = {f.name for f in fields(Settings)}
    values = {r["setting"]: _typed(r["setting"], r["value"]) for _, r in rows.iterrows() if r["setting"] in names}
    if not values:
        return Stored(Settings())
    latest = rows.sort_values("updated_at").iloc[-1]
    return Stored(Settings(**values), latest["updated_by"], latest["updated_at"].to_pydatetime())


def _typed(setting: str, value) -> float | bool:
    """A stored value (a number in emulation_settings) as its setting's type: the gate is a switch."""
    return bool(value) if setting == "target_gate" else float(value)


def save(
    campaign_id: str, settings: Settings, updated_by: str | None = None, now: datetime | None = None, path: Path | None = None
) -> None:
    """Store every setting for the campaign with who and when; editors and admins only.

    `updated_by` names the author for scripts; in the web app the signed-in user is recorded.
    `now` is UTC. A save writes the small state database, not the data.
    """
    who = auth.require("editor", "auth_act_emulation", updated_by, path).who
    settings.check()
    now = state.minute(now)
    with state.writing(path) as con:
        con.execute(schema.create_statement("emulation_settings_log"))  # a state file made before the history
        old = dict(
            con.execute(
                "select setting, value from emulation_settings where campaign_id = $c order by setting", {"c": campaign_id}
            ).fetchall()
        )
        new = {name: float(value) for name, value in settings.params.items()}
        for name, value in new.items():
            con.execute(
                "insert or replace into emulation_settings values ($campaign_id, $setting, $value, $who, $now)",
                {"campaign_id": campaign_id, "setting": name, "value": value, "who": who, "now": now},
            )
        number = con.execute("select count(*) + 1 from emulation_settings_log where campaign_id = $c", {"c": campaign_id}).fetchone()[0]
        con.execute(
            "insert into emulation_settings_log values ($campaign_id, $number, $who, $now, $old, $new)",
            {"campaign_id": campaign_id, "number": number, "who": who, "now": now, "old": json.dumps(old), "new": json.dumps(new)},
        )


def history(campaign_id: str, labels: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """Every save of the campaign's scoring, newest first: when (Vietnam time), who, and what
    changed ("Label: 40 → 30"; all values for the first save). `labels`: setting -> label."""
    if not bool(db.run("emulation/settings_table")["has_table"].iloc[0]):
        return pd.DataFrame(columns=["changed_at", "changed_by", "changes"])
    log = db.run("emulation/settings_log", campaign_id=campaign_id)
    changes = []
    for old_text, new_text in zip(log["old_values"], log["new_values"], strict=True):
        old, new = json.loads(old_text), json.loads(new_text)
        parts = [
            f"{labels.get(k, k)}: {fmt.number(old[k], lang) + ' → ' if k in old else ''}{fmt.number(v, lang)}"
            for k, v in new.items()
            if old.get(k) != v
        ]
        changes.append("; ".join(parts) or "–")
    return pd.DataFrame({"changed_at": log["changed_at"], "changed_by": log["changed_by"], "changes": changes})


def default_month(months: pd.DataFrame):
    """The month a ranking opens on: the last ranked month that is complete at the as-of minute
    (at the close, 08/2023), else the last ranked month (the campaign's first weeks); None when
    no month is ranked yet. `months` comes from emulation/months."""
    ranked = months[months["is_ranked"].astype(bool)]
    if ranked.empty:
        return None
    complete = ranked[ranked["is_complete"].astype(bool)]
    return (complete if len(complete) else ranked)["month_start"].iloc[-1]


def month_label(month) -> str:
    """ "04/2022" in both languages (how the portal and the emulation reports name a month)."""
    return f"{month:%m/%Y}"


def days_label(days: float, lang: str = "vi") -> str:
    """Days counted in a month: "24" when whole, "19,3" while the as-of day runs."""
    return fmt.number(days, lang, 0 if float(days).is_integer() else 1)


def movement_label(change, lang: str = "vi") -> str:
    """A rank change since the previous month: "▲ 3" up, "▼ 2" down, "=" same, "–" first month."""
    if pd.isna(change):
        return t("em_first", lang)
    change = int(change)
    if change > 0:
        return t("em_up", lang, n=fmt.number(change, lang))
    if change < 0:
        return t("em_down", lang, n=fmt.number(-change, lang))
    return t("em_same", lang)
