"""The weekly pack's content for one scope at one minute: headline figures, the change over the
last 7 days, the units that newly became at risk or stalled and those that recovered (status.changes:
queries/status/unit_status_change.sql, the pages' comparison), the top and bottom of the scope.

Everything is plain text here (names as they are, numbers formatted by sangkien/core/fmt.py);
html_body.py escapes for HTML, docx_file.py writes Word runs. One content, three surfaces, so
the message, its plain-text part and the báo cáo say the same.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd

from sangkien.campaign import status
from sangkien.campaign.scope import Scope
from sangkien.core import fmt, safe
from sangkien.core.i18n import t_text
from sangkien.storage import db

PERIOD_DAYS = 7
TOP_N = 5
JOINER = "\u2060"  # WORD JOINER: invisible, and it keeps mail clients from reading a name as a link


def inert(value) -> str:
    """A name from users or imported files (a group's, a unit's) as plain text no mail client turns
    into a link or an address: a word joiner before every "@", ":" and ".". The message's renderers
    (html_body.py) put every name a pack lists in `names` through it, at the end (the catalogue's
    formatting would strip the joiners); the reports' own words and numbers stay as they are."""
    text = safe.plain(value)
    for ch in "@:.":
        text = text.replace(ch, JOINER + ch)
    return text


def names_in(chosen: Scope, units: pd.DataFrame) -> tuple[str, ...]:
    """The names from users or files a pack may quote: the scope's, its units' (both languages)."""
    found = {safe.plain(chosen.name_vi), safe.plain(chosen.name_en)}
    for column in ("name_vi", "name_en"):
        if column in units:
            found |= {safe.plain(v) for v in units[column].dropna()}
    return tuple(sorted((n for n in found if n), key=len, reverse=True))


@dataclass
class Grid:
    """A table: pre-formatted cells; `numeric` columns align right; `total` is the last row."""

    columns: list[str]
    rows: list[list[str]]
    total: list[str] | None = None
    numeric: tuple[int, ...] = ()


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    grid: Grid | None = None


@dataclass
class Pack:
    subject: str
    title: str
    scope_name: str
    stamp: str
    lang: str
    link: str
    headline: list[str]
    sections: list[Section]
    is_demo: bool = False
    figures: dict = field(default_factory=dict)  # the numbers behind the sentences (tests read them)
    names: tuple[str, ...] = ()  # names from users or files it quotes (names_in): rendered inert


def latest_campaign() -> pd.Series:
    """The most recent campaign's row (meta/campaigns)."""
    campaigns = db.run("meta/campaigns")
    if campaigns.empty:
        raise LookupError("no campaign in the database")
    return campaigns.iloc[0]


def dashboard_link(base_url: str, chosen: Scope, as_of: datetime, lang: str = "vi") -> str:
    """The shareable link of the dashboard at this scope and minute (the URL filters of
    sangkien/web/filters.py); empty without a base URL."""
    if not base_url:
        return ""
    query = {**chosen.url_query, "as_of": as_of.strftime("%Y-%m-%dT%H:%M")}
    if lang != "vi":
        query["lang"] = lang
    path = "don-vi" if chosen.kind == "unit" else ""
    return f"{base_url.rstrip('/')}/{path}?{urllib.parse.urlencode(query)}"


def _unit(row, lang: str) -> str:
    return safe.plain(row["name_en"] if lang == "en" and row["name_en"] else row["name_vi"])


def _kpis(campaign_id: str, as_of: datetime, chosen: Scope) -> pd.Series:
    return db.run("overview/kpis", campaign_id=campaign_id, as_of=as_of, scope=chosen.scope).iloc[0]


def weekly(chosen: Scope, as_of: datetime, lang: str = "vi", base_url: str = "") -> Pack:
    """The weekly pack of `chosen` at `as_of` (Vietnam time), in `lang`."""
    campaign = latest_campaign()
    campaign_id = str(campaign["campaign_id"])
    before = as_of - timedelta(days=PERIOD_DAYS)
    now_k, before_k = _kpis(campaign_id, as_of, chosen), _kpis(campaign_id, before, chosen)
    changes = status.changes(campaign_id, as_of, before, chosen.scope)
    changes = changes.assign(reason=[status.reason(r, lang) for _, r in changes.iterrows()])
    scope_name = chosen.name(lang)
    stamp = fmt.stamp(as_of, lang)
    moment = fmt.moment(as_of, lang)
    n = lambda v: fmt.number(v, lang)  # noqa: E731
    pct = lambda v: fmt.percent(v, lang)  # noqa: E731
    new = int(now_k["count_submitted"] or 0) - int(before_k["count_submitted"] or 0)
    gained = (now_k["achieved_registered_pct"] or 0) - (before_k["achieved_registered_pct"] or 0)
    figures = {
        "campaign_id": campaign_id,
        "as_of": as_of,
        "count_submitted": int(now_k["count_submitted"] or 0),
        "count_submitted_before": int(before_k["count_submitted"] or 0),
        "registered_target": int(now_k["registered_target"] or 0),
        "count_valid": int(now_k["count_valid"] or 0),
        "achieved_registered_pct": now_k["achieved_registered_pct"],
        "new_submitted": new,
        "gained_pct": gained,
        "new_risk": changes.loc[changes["is_new_risk"].fillna(False).astype(bool), "unit_code"].tolist(),
        "recovered": changes.loc[changes["is_recovered"].fillna(False).astype(bool), "unit_code"].tolist(),
    }
    headline = [
        t_text(
            "rp_head_count",
            lang,
            count=n(now_k["count_submitted"]),
            target=n(now_k["registered_target"]),
            pct=pct(now_k["achieved_registered_pct"]),
        ),
        t_text("rp_head_valid", lang, valid=n(now_k["count_valid"]), units=n(now_k["count_units"]), active=n(now_k["count_units_active"])),
    ]
    if chosen.kind == "nation":
        headline.append(t_text("rp_head_nation", lang, target=n(campaign["national_target"]), pct=pct(now_k["achieved_national_pct"])))
    sections = [
        _overview_section(now_k, before_k, before, lang),
        _change_section(changes, new, gained, before, lang),
        _status_section(changes, lang),
        _ranking_section(changes, lang),
    ]
    title = t_text("rp_title", lang, scope=scope_name)
    return Pack(
        subject=t_text("rp_subject", lang, scope=scope_name, moment=moment),
        title=title,
        scope_name=scope_name,
        stamp=stamp,
        lang=lang,
        link="",
        headline=headline,
        sections=sections,
        is_demo=bool(campaign["is_demo"]),
        figures=figures,
        names=names_in(chosen, changes),
    )


def _overview_section(now_k, before_k, before: datetime, lang: str) -> Section:
    n = lambda v: fmt.number(v, lang)  # noqa: E731
    rows = []
    for key, column in (
        ("rp_row_submitted", "count_submitted"),
        ("rp_row_valid", "count_valid"),
        ("rp_row_registered", "registered_target"),
        ("rp_row_active", "count_units_active"),
    ):
        a, b = now_k[column] or 0, before_k[column] or 0
        rows.append([t_text(key, lang), n(a), n(b), fmt.signed(a - b, lang)])
    a, b = now_k["achieved_registered_pct"], before_k["achieved_registered_pct"]
    rows.append([t_text("rp_row_pct", lang), fmt.percent(a, lang), fmt.percent(b, lang), _points(a, b, lang)])
    grid = Grid(
        [
            t_text("rp_col_measure", lang),
            t_text("rp_col_now", lang),
            t_text("rp_col_before", lang, day=fmt.day(before, lang)),
            t_text("rp_col_change", lang),
        ],
        rows,
        numeric=(1, 2, 3),
    )
    return Section(t_text("rp_sec_overview", lang), [], grid)


def _points(a, b, lang: str) -> str:
    if pd.isna(a) or pd.isna(b):
        return "–"
    value = fmt.number(abs(a - b) * 100, lang, 1)
    return t_text("rp_points", lang, sign="+" if a >= b else "−", value=value)


def _change_section(changes: pd.DataFrame, new: int, gained, before: datetime, lang: str) -> Section:
    lines = [
        t_text("rp_change_new", lang, new=fmt.number(new, lang), days=PERIOD_DAYS, day=fmt.day(before, lang)),
        t_text("rp_change_pct", lang, points=_points(gained, 0, lang)),
    ]
    counts = "; ".join(t_text("rp_status_count", lang, status=status.name(code, lang), k=k) for code, k in status.counts(changes))
    lines.append(t_text("rp_change_status", lang, counts=counts))
    return Section(t_text("rp_sec_change", lang, days=PERIOD_DAYS), lines)


def _status_section(changes: pd.DataFrame, lang: str) -> Section:
    new_risk = changes[changes["is_new_risk"].fillna(False).astype(bool)]
    recovered = changes[changes["is_recovered"].fillna(False).astype(bool)]
    lines = []
    if new_risk.empty and recovered.empty:
        lines.append(t_text("rp_status_none", lang, days=PERIOD_DAYS))
    if len(new_risk):
        lines.append(t_text("rp_status_new_risk", lang, k=len(new_risk)))
    if len(recovered):
        lines.append(t_text("rp_status_recovered", lang, k=len(recovered)))
    rows = []
    for _, r in pd.concat([new_risk, recovered]).iterrows():
        before = status.name(r["status_before"], lang) if isinstance(r["status_before"], str) else "–"
        rows.append([_unit(r, lang), before, str(status.name(r["status"], lang)), r["reason"]])
    grid = (
        Grid([t_text("rp_col_unit", lang), t_text("rp_col_was", lang), t_text("rp_col_is", lang), t_text("rp_col_reason", lang)], rows)
        if rows
        else None
    )
    return Section(t_text("rp_sec_status", lang), lines, grid)


def _ranking_section(changes: pd.DataFrame, lang: str) -> Section:
    """The top and bottom TOP_N units by the share of their registered target, with the scope's total."""
    judged = changes[changes["achieved_pct"].notna()].sort_values(["achieved_pct", "name_vi"], ascending=[False, True])
    if len(judged) > 2 * TOP_N:
        shown = pd.concat([judged.head(TOP_N), judged.tail(TOP_N)])
        lines = [t_text("rp_rank_top_bottom", lang, n=TOP_N, total=len(judged))]
    else:
        shown = judged
        lines = [t_text("rp_rank_all", lang, total=len(judged))]
    n = lambda v: fmt.number(v, lang)  # noqa: E731
    rows = [
        [
            str(int(i + 1)),
            _unit(r, lang),
            str(status.name(r["status"], lang)),
            n(r["count_submitted"]),
            n(r["registered_target"]),
            fmt.percent(r["achieved_pct"], lang),
            fmt.signed(r["change_submitted"], lang),
        ]
        for i, (_, r) in zip(_positions(judged, shown), shown.iterrows(), strict=True)
    ]
    count, target = changes["count_submitted"].sum(), changes["registered_target"].sum()
    total = [
        "",
        t_text("rp_total", lang, n=len(changes)),
        "",
        n(count),
        n(target),
        fmt.percent(count / target if target else None, lang),
        fmt.signed(changes["change_submitted"].sum(), lang),
    ]
    columns = [
        t_text("rp_col_rank", lang),
        t_text("rp_col_unit", lang),
        t_text("rp_col_is", lang),
        t_text("rp_col_submitted", lang),
        t_text("rp_col_registered", lang),
        t_text("rp_col_pct", lang),
        t_text("rp_col_week", lang, days=PERIOD_DAYS),
    ]
    return Section(t_text("rp_sec_ranking", lang), lines, Grid(columns, rows, total, numeric=(0, 3, 4, 5, 6)))


def _positions(judged: pd.DataFrame, shown: pd.DataFrame) -> list[int]:
    order = {code: i for i, code in enumerate(judged["unit_code"])}
    return [order[c] for c in shown["unit_code"]]
