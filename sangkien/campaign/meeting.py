"""The report for a regional meeting: a group's blocks of text, written to be read aloud, each
with its chart and table. The meeting page, its presentation mode, the PowerPoint/Excel/CSV
exports and `python -m sangkien export` all draw the same report, so they say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from sangkien.campaign import export, status, watchlist
from sangkien.core import fmt, safe
from sangkien.core.i18n import t, t_text
from sangkien.storage import db

RATE_BAND = watchlist.Settings().band_pct  # "at the national rate": the watchlist's one setting (the seed)
# The watchlist's findings the meeting still names, beside the progress status: separate
# dimensions (registration, the article's "trung bình, dưới tiềm năng"), never a progress verdict.
# Its progress findings (behind pace, stalled, well below the others) are the status's to say.
OTHER_FINDINGS = ("below_potential_at_average", "below_guideline")
# The statuses a meeting names its units for: neither done nor on course.
CONCERNS = ("watch", "at_risk", "stalled", "missed")


@dataclass
class Block:
    key: str
    title: str
    lines: list[str]
    chart: export.Chart | None = None
    table: export.Table | None = None
    table_on_slide: bool = False  # also a table slide in the deck and in presentation mode


@dataclass
class Report:
    group_id: str
    group_name: str
    title: str
    stamp: str
    lang: str
    is_demo: bool
    cover_lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    summary: pd.Series | None = None
    window_days: int | None = None  # the status rule's window of recent days (status_rule() in queries/_macros/)

    def tables(self) -> list[export.Table]:
        return [b.table for b in self.blocks if b.table is not None]

    def deck(self) -> export.Deck:
        slides: list[export.Slide] = []
        for block in self.blocks:
            if block.chart is not None:
                slides.append(export.Slide(block.title, block.lines, chart=block.chart))
                if block.table_on_slide and block.table is not None:
                    slides.append(export.Slide(block.table.title, [], table=block.table))
            elif block.table_on_slide and block.table is not None:
                slides.append(export.Slide(block.title, block.lines, table=block.table))
            else:
                slides.append(export.Slide(block.title, block.lines))
        return export.Deck(self.title, self.cover_lines, self.stamp, slides, self.lang, footer=f"{self.group_name} · {self.stamp}")

    def pptx(self) -> bytes:
        return export.pptx_bytes(self.deck())

    def xlsx(self) -> bytes:
        # the cover lines are markdown: Excel gets their text
        plain = [safe.unmd(line.replace("**", "")) for line in self.cover_lines[1:]]
        return export.xlsx_bytes(self.tables(), [self.title, *plain], self.lang)

    def file_stem(self) -> str:
        return export.file_stem(f"{self.group_name} {self.stamp}")


def _name(row, lang: str) -> str:
    """A unit's name as text, for tables and charts."""
    return safe.plain(row["name_vi"] if lang == "vi" else row["name_en"])


def _md_name(row, lang: str) -> str:
    """A unit's name inside a sentence: the sentences are markdown (page, PowerPoint)."""
    return safe.md(_name(row, lang))


def _names(frame: pd.DataFrame, lang: str) -> str:
    return safe.join(", ", (_md_name(r, lang) for _, r in frame.iterrows()))


def _items(frame: pd.DataFrame, key: str, lang: str, value) -> str:
    return safe.join(", ", (t(key, lang, unit=_md_name(r, lang), value=value(r)) for _, r in frame.iterrows()))


def by_status(units: pd.DataFrame) -> pd.DataFrame:
    """The units most serious first, as status.frame orders them: status_rank, then the projected
    shortfall (largest first), then the name."""
    return units.sort_values(["status_rank", "shortfall", "name_order"], ascending=[False, False, True], na_position="last")


def status_counts(units: pd.DataFrame, lang: str) -> str:
    """ "Nguy cơ không đạt: **4**; Đúng tiến độ: **7**": each status of the rows with its count,
    most serious first (the counts are the rows', so they add up to the units)."""
    return safe.join("; ", (t("mt_status_count", lang, status=status.name(code, lang), k=k) for code, k in status.counts(units)))


def _with_status(units: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rows with the status's name (status_name) and reason sentence (status_reason) in `lang`."""
    return units.assign(
        status_name=[status.name(code, lang) for code in units["status"]],
        status_reason=[status.reason(row, lang) for _, row in units.iterrows()],
    )


def nearest_group(groups: pd.DataFrame, as_of: datetime) -> str | None:
    """The group (meeting/groups' rows) whose recorded meeting is nearest `as_of`, before or
    after; None when no group has a recorded meeting."""
    held = groups[groups["meeting_at"].notna() & (groups["count_units"] > 0)]
    if held.empty:
        return None
    distance = (pd.to_datetime(held["meeting_at"]) - pd.Timestamp(as_of)).abs()
    return str(held.loc[distance.idxmin(), "group_id"])


@db.memo()  # shared by sessions: the same group, minute and language give the same report
def build(
    campaign_id: str,
    as_of: datetime,
    group_id: str,
    lang: str = "vi",
    scope: list[str] | None = None,
    campaign_name: str = "",
    is_demo: bool = False,
    scope_name: tuple[str, str] | None = None,
) -> Report | None:
    """The report for one group at one minute; None when the group does not exist or is empty.

    A scope that is not a stored group (sangkien/campaign/scope.py: the nation, a kind, one unit)
    comes as its `Scope.meeting_id` (SCOPE:NATION, SCOPE:KIND:PROVINCE, SCOPE:UNIT:<CODE>) with its
    (Vietnamese, English) name as `scope_name`."""
    params = {"campaign_id": campaign_id, "as_of": as_of, "scope": scope, "group_id": group_id}
    summary = db.run("meeting/group_summary", rate_band=RATE_BAND, **params)
    if summary.empty or not summary["count_units"].iloc[0]:
        return None
    s = summary.iloc[0]
    units = _with_status(db.run("meeting/unit_progress", rate_band=RATE_BAND, **params), lang)
    # the registration block: the units with a target, in the order unit_progress gives them
    margins = units[units["guideline_side"].notna()].sort_values("margin_order").reset_index(drop=True)
    settings = watchlist.Settings()
    flags = watchlist.flags(campaign_id, as_of, list(units["unit_code"]), settings)

    stamp = fmt.stamp(as_of, lang)
    names = scope_name or (s["name_vi"], s["name_en"])
    group_name = safe.plain(names[0] if lang == "vi" else (names[1] or names[0]))
    n = int(s["count_units"])
    cover = [
        t("mt_cover_group", lang, group=safe.md(group_name), n=n, units=_names(units.sort_values("name_order"), lang)),
        t("mt_cover_campaign", lang, campaign=safe.md(campaign_name)) if campaign_name else "",
        stamp,
        t("mt_cover_scope", lang, n=fmt.number(s["count_units_nation"], lang)),
        t("demo_badge", lang) if is_demo else "",
    ]
    report = Report(
        group_id=group_id,
        group_name=group_name,
        title=t_text("mt_deck_title", lang, group=group_name, stamp=stamp),
        stamp=stamp,
        lang=lang,
        is_demo=is_demo,
        cover_lines=[line for line in cover if line],
        summary=s,
        window_days=int(units["window_days"].iloc[0]),
    )
    report.blocks = [
        _registered_block(s, margins, n, lang),
        _updated_block(s, units, stamp, lang),
        _units_block(s, units, lang),
        _ranks_block(units, int(s["count_units_nation"]), lang, has_updates=bool(s["count_submitted"])),
        _watch_block(flags, units, settings, lang, is_closed=bool(units["is_closed"].any())),
    ]
    return report


def for_scope(campaign_id: str, as_of: datetime, chosen, lang: str = "vi", campaign_name: str = "", is_demo: bool = False) -> Report | None:
    """The report of any scope (sangkien/campaign/scope.py's Scope): a region's or a group's own, or
    the nation's, a kind's, one unit's (`export --scope`, the e-mailed weekly pack)."""
    name = None if chosen.group_id is not None else (chosen.name_vi, chosen.name_en)
    return build(campaign_id, as_of, chosen.meeting_id, lang, campaign_name=campaign_name, is_demo=is_demo, scope_name=name)


def _registered_block(s: pd.Series, margins: pd.DataFrame, n: int, lang: str) -> Block:
    share, floor = s["registered_share_pct"], s["registered_share_floor_pct"]
    lines = [
        t(
            "mt_reg_total" if share > floor else "mt_reg_total_exact",
            lang,
            n=n,
            registered=fmt.number(s["registered_target"], lang),
            floor=fmt.percent(floor, lang, 0),
            share=fmt.percent(share, lang),
            nation=fmt.number(s["registered_target_nation"], lang),
        )
    ]
    above = margins[margins["guideline_side"] == "above"]
    at = margins[margins["guideline_side"] == "at"]
    below = margins[margins["guideline_side"] == "below"]
    ratio = fmt.percent(s["guideline_ratio"], lang, 0)
    if len(above):
        items = _items(above, "mt_reg_above_item", lang, lambda r: fmt.number(r["registered_minus_guideline"], lang))
        lines.append(t("mt_reg_above", lang, k=len(above), n=n, items=items))
    if len(at):
        lines.append(t("mt_reg_at", lang, units=_names(at, lang)))
    if len(below):
        items = _items(below, "mt_reg_below_item", lang, lambda r: fmt.number(-r["registered_minus_guideline"], lang))
        lines.append(t("mt_reg_below", lang, k=len(below), n=n, ratio=ratio, items=items))
    else:
        lines.append(t("mt_reg_none_below", lang, ratio=ratio))
    chart = export.Chart(
        title=t("mt_chart_registered", lang),
        categories=[_name(r, lang) for _, r in margins.iterrows()],
        series=[
            (t("mt_series_registered", lang), margins["registered_target"].tolist()),
            (t("mt_series_guideline", lang, ratio=ratio), margins["guideline_target"].tolist()),
        ],
        number_format=export.FMT_COUNT,
    )
    table = export.Table(
        "chi-tieu-dang-ky",
        t("mt_block_registered", lang),
        margins.assign(unit=[_name(r, lang) for _, r in margins.iterrows()]),
        [
            ("unit", t("mt_col_unit", lang)),
            ("registered_target", t("mt_col_registered", lang)),
            ("guideline_target", t("mt_col_guideline", lang, ratio=ratio)),
            ("registered_minus_guideline", t("mt_col_margin", lang)),
        ],
        totals=("registered_target", "guideline_target", "registered_minus_guideline"),
    )
    return Block("registered", t("mt_block_registered", lang), lines, chart, table)


def _updated_block(s: pd.Series, units: pd.DataFrame, stamp: str, lang: str) -> Block:
    band = fmt.percent(RATE_BAND, lang, 0)
    if not s["count_submitted"]:
        return Block("updated", t("mt_block_updated", lang), [t("mt_upd_none", lang, stamp=stamp)])
    nation_pct = fmt.percent(s["achieved_registered_nation_pct"], lang)
    closed = bool(units["is_closed"].any())
    lines = [
        t(
            "mt_upd_total",
            lang,
            stamp=stamp,
            count=fmt.number(s["count_submitted"], lang),
            pct=fmt.percent(s["achieved_registered_pct"], lang),
            share=fmt.percent(s["submitted_share_pct"], lang),
        ),
        t(
            f"mt_upd_group_{s['rate_band'] or 'about'}",
            lang,
            pct=fmt.percent(s["achieved_registered_pct"], lang),
            nation=nation_pct,
            count=fmt.number(s["count_submitted_nation"], lang),
            registered=fmt.number(s["registered_target_nation"], lang),
            band=band,
        ),
        # the progress verdict of each unit: the one status (unit_status_as_of), counted from the rows
        t("mt_status_summary_closed" if closed else "mt_status_summary", lang, n=len(units), counts=status_counts(units, lang)),
    ]
    # the units of each status that needs attention, most serious first (done or on course: counted only;
    # the chart beside shows every unit in its status's colour)
    for code in [c for c in reversed(status.codes_in(units)) if c in CONCERNS]:
        part = units[units["status"] == code].sort_values("achieved_registered_pct", ascending=False)
        items = safe.join(
            ", ",
            (
                t("mt_status_item", lang, unit=_md_name(r, lang), pct=fmt.percent(r["achieved_registered_pct"], lang))
                for _, r in part.iterrows()
            ),
        )
        lines.append(t("mt_status_units", lang, status=status.name(code, lang), items=items))
    lines.append(t("mt_upd_non_leader", lang, pct=fmt.percent(s["non_leader_pct"], lang)))
    order = units.sort_values("achieved_registered_pct", ascending=False)
    chart = export.Chart(
        title=t("mt_chart_rate", lang),
        categories=[_name(r, lang) for _, r in order.iterrows()] + [t("mt_nation", lang)],
        series=[(t("mt_series_rate", lang), order["achieved_registered_pct"].tolist() + [s["achieved_registered_nation_pct"]])],
        number_format=export.FMT_PCT,
        highlight=len(order),
        statuses=[*order["status"].tolist(), None],
    )
    return Block("updated", t("mt_block_updated", lang), lines, chart)


def _units_block(s: pd.Series, units: pd.DataFrame, lang: str) -> Block:
    lines = [t("mt_units_members_note", lang)]
    # highest and lowest by the measure the sentence quotes: the share of the registered target
    judged = units[units["achieved_registered_pct"].notna()].sort_values(["achieved_registered_pct", "name_order"], ascending=[False, True])
    if s["count_submitted"] and len(judged):
        top, bottom = judged.iloc[0], judged.iloc[-1]
        lead = t(
            "mt_units_lead",
            lang,
            top=_md_name(top, lang),
            top_count=fmt.number(top["count_submitted"], lang),
            top_pct=fmt.percent(top["achieved_registered_pct"], lang),
            top_status=status.name(top["status"], lang),
            bottom=_md_name(bottom, lang),
            bottom_count=fmt.number(bottom["count_submitted"], lang),
            bottom_pct=fmt.percent(bottom["achieved_registered_pct"], lang),
            bottom_status=status.name(bottom["status"], lang),
        )
        valid = t("mt_units_valid", lang, count=fmt.number(s["count_valid"], lang), pct=fmt.percent(s["valid_share_pct"], lang))
        lines = [lead, valid, *lines]
    chart = export.Chart(
        title=t("mt_chart_units", lang),
        categories=[_name(r, lang) for _, r in units.iterrows()],
        series=[
            (t("mt_series_submitted", lang), units["count_submitted"].tolist()),
            (t("mt_series_valid", lang), units["count_valid"].tolist()),
        ],
        number_format=export.FMT_COUNT,
    )
    table = export.Table(
        "tien-do-don-vi",
        t("mt_table_units", lang),
        units.assign(unit=[_name(r, lang) for _, r in units.iterrows()]),
        [
            ("unit", t("mt_col_unit", lang)),
            ("status_name", t("status_column", lang)),
            ("count_submitted", t("mt_col_submitted", lang)),
            ("registered_target", t("mt_col_registered", lang)),
            ("achieved_registered_pct", t("mt_col_achieved", lang)),
            ("count_valid", t("mt_col_valid", lang)),
            ("non_leader_pct", t("mt_col_non_leader", lang)),
            ("count_per_1000_members", t("mt_col_per_1000", lang)),
        ],
        totals=("count_submitted", "registered_target", "count_valid"),
        fills={"status_name": "status"},
    )
    return Block("units", t("mt_block_units", lang), lines, chart, table, table_on_slide=True)


def _ranks_block(units: pd.DataFrame, count_nation: int, lang: str, has_updates: bool = True) -> Block:
    best = units.sort_values(["rank_submitted"]).iloc[0]
    worst = units.sort_values(["rank_submitted"]).iloc[-1]
    of = fmt.number(count_nation, lang)
    lines = [
        t("mt_rank_intro", lang, n=of),
        t(
            "mt_rank_best",
            lang,
            unit=_md_name(best, lang),
            rank=int(best["rank_submitted"]),
            rank_pct=int(best["rank_achieved_registered"]),
            rank_members=int(best["rank_per_1000"]),
            n=of,
        ),
        t(
            "mt_rank_worst",
            lang,
            unit=_md_name(worst, lang),
            rank=int(worst["rank_submitted"]),
            rank_pct=int(worst["rank_achieved_registered"]),
            rank_members=int(worst["rank_per_1000"]),
            n=of,
        ),
    ]
    if not has_updates:  # every unit shares first place: no best or worst to name
        lines = lines[:1]
    table = export.Table(
        "thu-hang",
        t("mt_block_ranks", lang, n=of),
        units.assign(unit=[_name(r, lang) for _, r in units.iterrows()]),
        [
            ("unit", t("mt_col_unit", lang)),
            ("status_name", t("status_column", lang)),
            ("rank_submitted", t("mt_col_rank_submitted", lang)),
            ("rank_achieved_registered", t("mt_col_rank_achieved", lang)),
            ("rank_per_1000", t("mt_col_rank_members", lang)),
            ("rank_registered", t("mt_col_rank_registered", lang)),
        ],
        fills={"status_name": "status"},
    )
    return Block("ranks", t("mt_block_ranks", lang, n=of), lines, None, table, table_on_slide=True)


def _watch_block(flags: pd.DataFrame, units: pd.DataFrame, settings: watchlist.Settings, lang: str, is_closed: bool = False) -> Block:
    """Who needs attention: first the progress status (the one rule: every unit whose status is
    not done or on course, most serious first, with the reason sentence and its projection),
    then the watchlist's other findings (OTHER_FINDINGS), named as separate dimensions. One table
    row per unit and finding, each with the unit's status."""
    ranked = by_status(units)
    concern = ranked[ranked["status"].isin(CONCERNS)]
    lines = []
    if len(concern):
        lines.append(t("mt_watch_progress", lang, k=len(concern), n=len(units)))
        lines += [
            t(
                "mt_watch_progress_item",
                lang,
                unit=_md_name(r, lang),
                status=status.name(r["status"], lang),
                reason=safe.md(r["status_reason"]),
            )
            for _, r in concern.iterrows()
        ]
    else:
        lines.append(
            t(
                "mt_watch_progress_none_closed" if is_closed else "mt_watch_progress_none",
                lang,
                n=len(units),
                counts=status_counts(units, lang),
            )
        )
    order = dict(zip(units["unit_code"], units["name_order"], strict=True))
    flags = flags.assign(name_order=flags["unit_code"].map(order)).sort_values(["severity_rank", "name_order"], na_position="last")
    others = []
    for code in OTHER_FINDINGS:
        column = f"is_{code}"
        part = flags[flags[column].fillna(False).astype(bool)] if column in flags else flags.iloc[0:0]
        if len(part):
            others.append(t(f"mt_watch_{code}", lang, units=_names(part, lang)))
    if others:
        lines += [t("mt_watch_other", lang), *others]
    names = dict(zip(units["unit_code"], units["status_name"], strict=True))
    codes = dict(zip(units["unit_code"], units["status"], strict=True))
    rows = [
        {
            "unit_code": r["unit_code"],
            "unit": _name(r, lang),
            "status": r["status"],
            "status_name": r["status_name"],
            "reason": t("mt_watch_label_progress", lang),
            "detail": r["status_reason"],
        }
        for _, r in concern.iterrows()
    ]
    frame = watchlist.findings(flags, settings, lang)
    for _, r in frame[frame["reason"].isin(OTHER_FINDINGS)].iterrows():
        rows.append(
            {
                "unit_code": r["unit_code"],
                "unit": r["unit"],
                "status": codes.get(r["unit_code"]),
                "status_name": names.get(r["unit_code"]),
                "reason": t(f"wl_label_{r['reason']}", lang),
                "detail": r["detail"],
            }
        )
    table = export.Table(
        "can-luu-y",
        t("mt_block_watch", lang),
        pd.DataFrame(rows, columns=["unit_code", "unit", "status", "status_name", "reason", "detail"]),
        [
            ("unit", t("mt_col_unit", lang)),
            ("status_name", t("status_column", lang)),
            ("reason", t("mt_col_reason", lang)),
            ("detail", t("mt_col_detail", lang)),
        ],
        fills={"status_name": "status"},
    )
    return Block("watch", t("mt_block_watch", lang), lines, None, table)
