"""The watchlist's settings and its reasons as sentences.

The numbers and the flags come from queries/watchlist/unit_flags.sql; this module only turns a
flagged row into the catalog's sentences, formatted for the chosen language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from sangkien import fmt, safe
from sangkien.i18n import t

# The potential of a unit's size: this quantile of its peers' updated initiatives per 1,000 members.
POTENTIAL_QUANTILES = (1.0, 0.9, 0.75, 0.5)
REASONS = ("is_low_rate", "is_behind_pace", "is_stalled", "is_below_guideline")


@dataclass(frozen=True)
class Settings:
    """Thresholds of the watchlist; passed to the query as named parameters."""

    band_pct: float = 0.10  # "about the national average" = within ±10% of the national rate
    peer_count: int = 10  # units of the same kind closest in members that set the potential
    potential_quantile: float = 1.0  # 1.0 = the best of those peers
    pace_days: int = 14  # the recent pace is the daily average over this many days
    stall_days: int = 7  # stalled = no new submission for this many days

    @property
    def params(self) -> dict:
        return asdict(self)


def quantile_label(q: float, lang: str) -> str:
    return t(f"wl_quantile_{int(round(q * 100))}", lang)


def _name(row, lang: str, prefix: str = "") -> str:
    # the sentences are markdown: a name inside one is escaped text (sangkien/safe.py)
    return safe.md(row[f"{prefix}name_vi" if lang == "vi" else f"{prefix}name_en"])


def _benchmark(row, s: Settings, lang: str) -> str:
    potential = fmt.number(row["potential_per_1000_members"], lang, 1)
    if s.potential_quantile >= 1.0:
        return t("wl_bench_best", lang, peer=_name(row, lang, "best_peer_"), k=int(row["count_peers"]), potential=potential)
    return t("wl_bench_quantile", lang, q=quantile_label(s.potential_quantile, lang), k=int(row["count_peers"]), potential=potential)


def low_rate_sentence(row, s: Settings, lang: str) -> str:
    national = row["national_achieved_pct"]
    key = "wl_reason_rate_about" if row["is_about_national"] else "wl_reason_rate_below"
    return t(
        key,
        lang,
        pct=fmt.percent(row["achieved_registered_pct"], lang),
        count=fmt.number(row["count_submitted"], lang),
        target=fmt.number(row["registered_target"], lang),
        national=fmt.percent(national, lang),
        low=fmt.percent(national * (1 - s.band_pct), lang),
        high=fmt.percent(national * (1 + s.band_pct), lang),
        per1000=fmt.number(row["count_per_1000_members"], lang, 1),
        benchmark=_benchmark(row, s, lang),
        count_potential=fmt.number(row["count_potential"], lang),
    )


def pace_sentence(row, s: Settings, lang: str) -> str:
    if row["is_closed"]:
        return t(
            "wl_reason_pace_closed",
            lang,
            count=fmt.number(row["count_submitted"], lang),
            target=fmt.number(row["registered_target"], lang),
            pct=fmt.percent(row["achieved_registered_pct"], lang),
            remaining=fmt.number(row["count_remaining"], lang),
        )
    forecast = ""
    if pd.notna(row["forecast_at"]):
        forecast = t("wl_forecast_after", lang, date=fmt.day(row["forecast_at"], lang))
    return t(
        "wl_reason_pace",
        lang,
        remaining=fmt.number(row["count_remaining"], lang),
        needed=fmt.number(row["needed_per_day"], lang, 1),
        days=fmt.number(row["days_left"], lang),
        window=fmt.number(row["pace_window_days"], lang),
        recent=fmt.number(row["recent_per_day"] or 0, lang, 1),
        close=fmt.day(row["closes_at"], lang),
        forecast=forecast,
    )


def stalled_sentence(row, s: Settings, lang: str) -> str:
    if pd.isna(row["last_submitted_day"]):
        return t("wl_reason_stalled_never", lang, days=s.stall_days)
    return t("wl_reason_stalled", lang, days=s.stall_days, last=fmt.day(row["last_submitted_day"], lang))


def guideline_sentence(row, s: Settings, lang: str) -> str:
    return t(
        "wl_reason_guideline",
        lang,
        registered=fmt.number(row["registered_target"], lang),
        guideline=fmt.number(row["guideline_target"], lang),
        ratio=fmt.percent(row["guideline_ratio"], lang, 0),
        members=fmt.number(row["members_estimate"], lang),
        gap=fmt.number(-row["registered_minus_guideline"], lang),
    )


SENTENCES = {
    "is_low_rate": low_rate_sentence,
    "is_behind_pace": pace_sentence,
    "is_stalled": stalled_sentence,
    "is_below_guideline": guideline_sentence,
}


def reasons(row, s: Settings, lang: str) -> list[str]:
    """Every reason that applies to one row of watchlist/unit_flags, as sentences with numbers."""
    return [SENTENCES[flag](row, s, lang) for flag in REASONS if bool(row[flag])]
