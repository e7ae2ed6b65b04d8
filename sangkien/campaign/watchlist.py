"""The watchlist's settings, its findings as sentences, and its findings as one table.

The numbers, the flags and the order of calls come from queries/watchlist/unit_flags.sql: the
progress findings are exactly the units whose progress status (sangkien/campaign/status.py, decided once in
queries/_macros/) is at_risk or stalled, or missed after the close; the other findings (below
the kind's level, at the average but below potential, registered below the guideline) are separate
dimensions that never count as, or outrank, a progress status. This module turns a flagged row
into the catalog's sentences for the chosen language (a progress finding's sentence is the
status's reason, the same words as every other surface), and lays the findings out as one row per
unit and reason, the same for the page, the meeting report and the CLI.
"""

from __future__ import annotations

import html as _html
from dataclasses import asdict, dataclass
from datetime import datetime

import pandas as pd

from sangkien.campaign import status
from sangkien.core import fmt, safe
from sangkien.core.i18n import t
from sangkien.storage import db

# The potential of a unit's size: this quantile of its peers' updated initiatives per 1,000
# members (outliers beyond the kind's Tukey fence are left out of the peers first).
POTENTIAL_QUANTILES = (1.0, 0.9, 0.75, 0.5)
# Reason codes, in the order a unit's reasons are told; the flag column is "is_" + code. A unit has
# at most one progress reason: its status, when it is one of status.PROGRESS_RISK.
PROGRESS_REASONS = status.PROGRESS_RISK
OTHER_REASONS = ("below_average", "below_potential_at_average", "below_guideline")
REASONS = PROGRESS_REASONS + OTHER_REASONS
SUMMARY_COUNT = 12  # the page opens on the units that most need a call


@dataclass(frozen=True)
class Settings:
    """Thresholds of the watchlist's other findings; passed to the query as named parameters. The
    meeting report uses the same defaults: one setting, not a copy. None of them changes a
    progress status: its rule is fixed (`status_rule()` in queries/_macros/)."""

    band_pct: float = 0.10  # "at the national average" = within ±10% of the national rate (the seed)
    peer_count: int = 10  # units of the same kind closest in members: the peers
    potential_quantile: float = 1.0  # 1.0 = the best of those peers (outliers left out)
    potential_margin: float = 0.15  # "below potential" = more than 15% short of it
    below_ratio: float = 0.4  # "well below the others" = under 40% of the median of its kind (and in its lowest quarter)
    pace_days: int = 14  # "well below the others" is judged once the portal has been open this many days

    @property
    def params(self) -> dict:
        return asdict(self)

    @property
    def stall_days(self) -> int:
        """The days without a new submission that make a unit stalled: the status rule's, not a setting."""
        return int(rule()["stall_days"])


def rule() -> dict:
    """The progress status's fixed constants (`status_rule()` in queries/_macros/)."""
    return db.run("status/rule").iloc[0].to_dict()


def flags(campaign_id: str, as_of: datetime, scope: list[str] | None, settings: Settings | None = None) -> pd.DataFrame:
    """One row per unit in scope with every measure, flag and the severity (watchlist/unit_flags)."""
    return db.run("watchlist/unit_flags", campaign_id=campaign_id, as_of=as_of, scope=scope, **(settings or Settings()).params)


def quantile_label(q: float, lang: str) -> str:
    return t(f"wl_quantile_{int(round(q * 100))}", lang)


def unit_name(row, lang: str, prefix: str = "") -> str:
    """The unit's name in the language, as plain text (tables, CSV, slides)."""
    return safe.plain(row[f"{prefix}name_vi" if lang == "vi" else f"{prefix}name_en"])


def _name(row, lang: str, prefix: str = "") -> str:
    # the sentences are markdown: a name inside one is escaped text (sangkien/core/safe.py)
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


def guideline_sentence(row, s: Settings, lang: str) -> str:
    return t(
        "wl_reason_guideline",
        lang,
        **_numbers(row, lang, registered="registered_target", guideline="guideline_target", members="members_estimate"),
        ratio=fmt.percent(row["guideline_ratio"], lang, 0),
        gap=fmt.number(-row["registered_minus_guideline"], lang),
    )


def status_sentence(row, s: Settings, lang: str) -> str:
    """A progress finding: the status's name and its reason (sangkien/campaign/status.py), the same words
    as every surface, as markdown."""
    return f"**{status.name(row['status'], lang)}.** " + safe.md(status.reason(row, lang))


SENTENCES = {
    **dict.fromkeys(PROGRESS_REASONS, status_sentence),
    "below_average": average_sentence,
    "below_potential_at_average": potential_sentence,
    "below_guideline": guideline_sentence,
}


def label(code: str, lang: str) -> str:
    """A finding's short name: a progress finding is named by its status."""
    return status.name(code, lang) if code in PROGRESS_REASONS else t(f"wl_label_{code}", lang)


def reason_codes(row) -> list[str]:
    """The reasons that apply to one row of watchlist/unit_flags, in telling order."""
    return [code for code in REASONS if bool(row[f"is_{code}"])]


def reasons(row, s: Settings, lang: str) -> list[str]:
    """Every reason that applies to one row of watchlist/unit_flags, as sentences with numbers."""
    return [SENTENCES[code](row, s, lang) for code in reason_codes(row)]


def plain(sentence: str) -> str:
    """A sentence without its markdown (emphasis, escapes), for tables, CSV and slides."""
    return safe.unmd(sentence.replace("**", ""))


FINDING_COLUMNS = ["rank", "unit_code", "unit", "status", "reason", "shortfall", "severity", "detail"]


def findings(units: pd.DataFrame, s: Settings, lang: str) -> pd.DataFrame:
    """One row per flagged unit and reason, the unit to call first first: `rank` is the unit's
    place in the order of calls (1 = first), `status` its progress status, `reason` a code of
    REASONS (a progress reason is the status itself), `shortfall` the status's projected shortfall
    (after the close the initiatives missing; negative = the margin), `severity` the weight of the
    other findings, `detail` the sentence the page shows."""
    rows = []
    for _, row in listed(units).iterrows():
        for code in reason_codes(row):
            rows.append(
                {
                    "rank": int(row["severity_rank"]),
                    "unit_code": row["unit_code"],
                    "unit": unit_name(row, lang),
                    "status": row["status"],
                    "reason": code,
                    "shortfall": row["shortfall"],
                    "severity": float(row["severity"]),
                    "detail": plain(SENTENCES[code](row, s, lang)),
                }
            )
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    frame["shortfall"] = frame["shortfall"].astype("Int64")
    return frame


@db.memo()
def findings_at(campaign_id: str, as_of: datetime, scope: list[str] | None, settings: Settings, lang: str) -> pd.DataFrame:
    """`findings` of `flags(...)`, built once per (question, data version) for every session:
    the sentences of every flagged unit cost more than the query's cached result. Read-only."""
    return findings(flags(campaign_id, as_of, scope, settings), settings, lang)


def card(row, s: Settings, lang: str) -> str:
    """One unit's card on the priority list as HTML (st.html; every text escaped): its place and
    name, its status in the status's colour, and every finding in a sentence with its figures."""
    code = row["status"]
    badge = (
        f'<span class="wl-badge" style="background:{status.COLORS[code]};color:{status.TEXT_ON[code]}">'
        f"{safe.html(status.name(code, lang))}</span>"
    )
    others = [label(c, lang) for c in reason_codes(row) if c not in PROGRESS_REASONS]
    if others and code not in PROGRESS_REASONS:  # the weight that ordered it among the other findings
        others.insert(0, t("wl_severity", lang, score=fmt.number(row["severity"], lang, 1)))
    tags = " · ".join(others)
    items = "".join(f"<li>{safe.html(plain(sentence))}</li>" for sentence in reasons(row, s, lang))
    return (
        f'<div class="wl-card" data-unit="{_html.escape(str(row["unit_code"]))}" data-status="{code}" '
        f'style="border-left:6px solid {status.COLORS[code]};padding-left:0.75rem">'
        f'<h4 style="margin:0 0 0.25rem 0;padding:0">{int(row["severity_rank"])}. {safe.html(unit_name(row, lang))}</h4>'
        f'<div style="font-size:0.9rem">{badge}'
        + (f' <span style="color:#555">· {safe.html(tags)}</span>' if tags else "")
        + f'</div><ul style="margin:0.4rem 0 0 0;padding-left:1.2rem">{items}</ul></div>'
    )


CARD_CSS = (
    "<style>.wl-badge{display:inline-block;padding:0.05rem 0.5rem;border-radius:0.6rem;font-weight:600}"
    ".wl-card li{margin:0.15rem 0}</style>"
)


def listed(units: pd.DataFrame) -> pd.DataFrame:
    """The units on the priority list (a progress risk or another finding), in the order of calls."""
    return units[units["severity_rank"].notna()].sort_values("severity_rank")


@db.memo()
def cards_at(campaign_id: str, as_of: datetime, scope: list[str] | None, settings: Settings, lang: str, count: int) -> list[str]:
    """The priority list: the HTML of the `count` units to call first (`card`), in the order of
    calls: the progress risks first, most serious status then largest shortfall; the units with
    other findings only after them. Built once per (question, data version), like `findings_at`."""
    units = flags(campaign_id, as_of, scope, settings)
    top = listed(units).head(count)
    return [card(row, settings, lang) for _, row in top.iterrows()]


def status_counts_html(units: pd.DataFrame, closed: bool, lang: str) -> str:
    """The counters: how many units in view have each status of the moment's vocabulary (best
    first), each in the status's colour with its one-line meaning (st.html; every text escaped)."""
    vocabulary = status.AFTER_CLOSE if closed else status.BEFORE_CLOSE
    counts = units["status"].value_counts()
    stall = int(units["stall_days"].iloc[0]) if len(units) else 7
    chips = "".join(
        f'<div class="wl-count" data-status="{code}" title="{_html.escape(status.meaning(code, lang, stall))}" '
        f'style="border-top:6px solid {status.COLORS[code]};padding:0.3rem 0.6rem;border-radius:0.4rem;'
        f'background:#f6f6f6;min-width:8.5rem;flex:1 1 8.5rem">'
        f'<div style="font-size:0.9rem">{safe.html(status.name(code, lang))}</div>'
        f'<div style="font-size:1.6rem;font-weight:600;line-height:1.3">{fmt.number(int(counts.get(code, 0)), lang)}</div>'
        f'<div style="font-size:0.75rem;color:#444">{safe.html(status.meaning(code, lang, stall))}</div></div>'
        for code in vocabulary
    )
    heading = safe.html(t("wl_status_counts", lang, n=fmt.number(len(units), lang)))
    return (
        f'<div class="wl-counts"><div style="font-weight:600;margin-bottom:0.3rem">{heading}</div>'
        f'<div style="display:flex;flex-wrap:wrap;gap:0.5rem">{chips}</div></div>'
    )


def findings_csv(frame: pd.DataFrame) -> bytes:
    """The findings as the CLI writes them: UTF-8 with a BOM, comma-separated, FINDING_COLUMNS."""
    from sangkien.campaign.export import neutralise

    out = frame[FINDING_COLUMNS].copy()
    for col in ("unit_code", "unit", "status", "reason", "detail"):
        out[col] = out[col].map(neutralise)
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
