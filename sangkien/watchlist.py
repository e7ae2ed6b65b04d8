"""The watchlist's settings, its reasons as sentences, and its findings as one table.

The numbers, the flags and the severity come from queries/watchlist/unit_flags.sql; this module
turns a flagged row into the catalog's sentences for the chosen language, and lays the findings
out as one row per unit and reason, the same for the page, the meeting report and the CLI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from sangkien import db, fmt, safe
from sangkien.i18n import t

# The potential of a unit's size: this quantile of its peers' updated initiatives per 1,000
# members (outliers beyond the kind's Tukey fence are left out of the peers first).
POTENTIAL_QUANTILES = (1.0, 0.9, 0.75, 0.5)
# Reason codes, in the order a unit's reasons are told; the flag column is "is_" + code.
REASONS = ("behind_pace", "below_average", "below_potential_at_average", "stalled", "below_guideline")
PROGRESS_REASONS = REASONS[:-1]
SUMMARY_COUNT = 12  # the page opens on the units that most need a call


@dataclass(frozen=True)
class Settings:
    """Thresholds of the watchlist; passed to the query as named parameters. The meeting report
    uses the same defaults: one setting, not a copy."""

    band_pct: float = 0.10  # "at the national average" = within ±10% of the national rate (the seed)
    peer_count: int = 10  # units of the same kind closest in members: the peers
    potential_quantile: float = 1.0  # 1.0 = the best of those peers (outliers left out)
    potential_margin: float = 0.15  # "below potential" = more than 15% short of it
    below_ratio: float = 0.4  # "well below the others" = under 40% of the median of its kind (and in its lowest quarter)
    pace_tolerance: float = 0.5  # behind pace = half short of the expected share and of the rate needed
    pace_days: int = 14  # the recent pace is the daily average over this many days
    stall_days: int = 7  # stalled = no new submission for this many days

    @property
    def params(self) -> dict:
        return asdict(self)


def flags(campaign_id: str, as_of: datetime, scope: list[str] | None, settings: Settings | None = None) -> pd.DataFrame:
    """One row per unit in scope with every measure, flag and the severity (watchlist/unit_flags)."""
    return db.run("watchlist/unit_flags", campaign_id=campaign_id, as_of=as_of, scope=scope, **(settings or Settings()).params)


def quantile_label(q: float, lang: str) -> str:
    return t(f"wl_quantile_{int(round(q * 100))}", lang)


def unit_name(row, lang: str, prefix: str = "") -> str:
    """The unit's name in the language, as plain text (tables, CSV, slides)."""
    return safe.plain(row[f"{prefix}name_vi" if lang == "vi" else f"{prefix}name_en"])


def _name(row, lang: str, prefix: str = "") -> str:
    # the sentences are markdown: a name inside one is escaped text (sangkien/safe.py)
    return safe.md(row[f"{prefix}name_vi" if lang == "vi" else f"{prefix}name_en"])


def _benchmark(row, s: Settings, lang: str) -> str:
    potential = fmt.number(row["potential_per_1000_members"], lang, 1)
    if s.potential_quantile >= 1.0:
        return t("wl_bench_best", lang, peer=_name(row, lang, "best_peer_"), k=int(row["count_peers"]), potential=potential)
    return t("wl_bench_quantile", lang, q=quantile_label(s.potential_quantile, lang), k=int(row["count_peers"]), potential=potential)


def _standing(row, lang: str) -> dict[str, str]:
    """Where the unit stands, as several sentences say it: {pct} of its registered {target}, {count} updated."""
    return {
        "pct": fmt.percent(row["achieved_registered_pct"], lang),
        "count": fmt.number(row["count_submitted"], lang),
        "target": fmt.number(row["registered_target"], lang),
    }


def _numbers(row, lang: str, **columns: str) -> dict[str, str]:
    """{placeholder: column} -> {placeholder: the column's figure of `row` in the language}."""
    return {name: fmt.number(row[column], lang) for name, column in columns.items()}


def potential_sentence(row, s: Settings, lang: str) -> str:
    national = row["national_achieved_pct"]
    return t(
        "wl_reason_rate_about",
        lang,
        **_standing(row, lang),
        national=fmt.percent(national, lang),
        low=fmt.percent(national * (1 - s.band_pct), lang),
        high=fmt.percent(national * (1 + s.band_pct), lang),
        per1000=fmt.number(row["count_per_1000_members"], lang, 1),
        benchmark=_benchmark(row, s, lang),
        count_potential=fmt.number(row["count_potential"], lang),
    )


def average_sentence(row, s: Settings, lang: str) -> str:
    return t(
        "wl_reason_below_average",
        lang,
        **_standing(row, lang),
        median=fmt.percent(row["kind_median_pct"], lang),
        n=fmt.number(row["count_units_kind"], lang),
        kind=t(f"wl_kind_{row['kind']}", lang),
        ratio=fmt.percent(row["ratio_to_kind_median"], lang, 0),
    )


def pace_sentence(row, s: Settings, lang: str) -> str:
    if row["is_closed"]:
        return t(
            "wl_reason_pace_closed",
            lang,
            **_standing(row, lang),
            remaining=fmt.number(row["count_remaining"], lang),
        )
    forecast = ""
    if pd.notna(row["forecast_at"]):
        forecast = t("wl_forecast_after", lang, date=fmt.day(row["forecast_at"], lang))
    return t(
        "wl_reason_pace",
        lang,
        pct=fmt.percent(row["achieved_registered_pct"], lang),
        expected=fmt.percent(row["expected_pct"], lang),
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
        **_numbers(row, lang, registered="registered_target", guideline="guideline_target", members="members_estimate"),
        ratio=fmt.percent(row["guideline_ratio"], lang, 0),
        gap=fmt.number(-row["registered_minus_guideline"], lang),
    )


SENTENCES = {
    "behind_pace": pace_sentence,
    "below_average": average_sentence,
    "below_potential_at_average": potential_sentence,
    "stalled": stalled_sentence,
    "below_guideline": guideline_sentence,
}


def reason_codes(row) -> list[str]:
    """The reasons that apply to one row of watchlist/unit_flags, in telling order."""
    return [code for code in REASONS if bool(row[f"is_{code}"])]


def reasons(row, s: Settings, lang: str) -> list[str]:
    """Every reason that applies to one row of watchlist/unit_flags, as sentences with numbers."""
    return [SENTENCES[code](row, s, lang) for code in reason_codes(row)]


def plain(sentence: str) -> str:
    """A sentence without its markdown (emphasis, escapes), for tables, CSV and slides."""
    return safe.unmd(sentence.replace("**", ""))


FINDING_COLUMNS = ["rank", "unit_code", "unit", "reason", "severity", "detail"]


def findings(units: pd.DataFrame, s: Settings, lang: str) -> pd.DataFrame:
    """One row per flagged unit and reason, most serious unit first: `rank` is the unit's rank by
    severity (1 = most serious), `reason` a code of REASONS, `detail` the sentence the page shows."""
    rows = []
    for _, row in units[units["severity_rank"].notna()].sort_values("severity_rank").iterrows():
        for code in reason_codes(row):
            rows.append(
                {
                    "rank": int(row["severity_rank"]),
                    "unit_code": row["unit_code"],
                    "unit": unit_name(row, lang),
                    "reason": code,
                    "severity": float(row["severity"]),
                    "detail": plain(SENTENCES[code](row, s, lang)),
                }
            )
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


@db.memo()
def findings_at(campaign_id: str, as_of: datetime, scope: list[str] | None, settings: Settings, lang: str) -> pd.DataFrame:
    """`findings` of `flags(...)`, built once per (question, data version) for every session:
    the sentences of every flagged unit cost more than the query's cached result. Read-only."""
    return findings(flags(campaign_id, as_of, scope, settings), settings, lang)


@db.memo()
def cards_at(campaign_id: str, as_of: datetime, scope: list[str] | None, settings: Settings, lang: str, count: int) -> list[str]:
    """The priority list: markdown of the `count` most serious units' cards, most serious first,
    one element each (heading, the severity line with the reasons' labels, then every reason in a
    sentence). Built once per (question, data version), like `findings_at`."""
    units = flags(campaign_id, as_of, scope, settings)
    top = units[units["severity_rank"].notna()].sort_values("severity_rank").head(count)
    cards = []
    for _, row in top.iterrows():
        score = fmt.number(row["severity"], lang, 1)
        tags = f"{t('wl_severity', lang, score=score)} · " + " · ".join(t(f"wl_label_{c}", lang) for c in reason_codes(row))
        body = "\n".join(f"- {sentence}" for sentence in reasons(row, settings, lang))
        cards.append(f"#### {int(row['severity_rank'])}. {safe.md(unit_name(row, lang))}\n\n:small[:gray[{tags}]]\n\n{body}")
    return cards


def findings_csv(frame: pd.DataFrame) -> bytes:
    """The findings as the CLI writes them: UTF-8 with a BOM, comma-separated, FINDING_COLUMNS."""
    from sangkien.export import neutralise

    out = frame[FINDING_COLUMNS].copy()
    for col in ("unit_code", "unit", "reason", "detail"):
        out[col] = out[col].map(neutralise)
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def cli(
    as_of: str | None, kind: str | None, group: str | None, region: str | None, form: str, out: Path | None, lang: str, campaign: str | None
) -> int:
    """`python -m sangkien watchlist`: the flagged units, one row per unit and reason, for
    scheduled use (a weekly mail, a meeting pack). Returns the exit status."""
    import json
    import sys

    from sangkien import meeting

    try:
        campaign_id, _, group, moment = meeting.resolve(campaign, group, region, as_of)
    except meeting.CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    codes: set[str] | None = None
    if kind is not None:
        units = db.run("meta/units")
        codes = set(units.loc[units["kind"] == kind, "unit_code"])
    if group is not None:
        members = set(db.run("meta/groups").set_index("group_id").loc[group, "unit_codes"])
        codes = members if codes is None else codes & members
    scope = None if codes is None else sorted(codes)
    frame = findings(flags(campaign_id, moment, scope), Settings(), lang)
    if form == "json":
        data = (json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    else:
        data = findings_csv(frame)
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        safe.echo(out, file=sys.stderr)
    return 0
