"""The report for a regional meeting: a group's blocks of text, written to be read aloud, each
with its chart and table. The meeting page, its presentation mode, the PowerPoint/Excel/CSV
exports and `python -m sangkien export` all draw the same report, so they say the same thing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from sangkien import db, export, fmt, i18n, safe, watchlist
from sangkien.i18n import t

RATE_BAND = watchlist.Settings().band_pct  # "at the national rate": the watchlist's one setting (the seed)


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
    return ", ".join(_md_name(r, lang) for _, r in frame.iterrows())


def _items(frame: pd.DataFrame, key: str, lang: str, value) -> str:
    return ", ".join(t(key, lang, unit=_md_name(r, lang), value=value(r)) for _, r in frame.iterrows())


@db.memo()  # shared by sessions: the same group, minute and language give the same report
def build(
    campaign_id: str,
    as_of: datetime,
    group_id: str,
    lang: str = "vi",
    scope: list[str] | None = None,
    campaign_name: str = "",
    is_demo: bool = False,
) -> Report | None:
    """The report for one group at one minute; None when the group does not exist or is empty."""
    params = {"campaign_id": campaign_id, "as_of": as_of, "scope": scope, "group_id": group_id}
    summary = db.run("meeting/group_summary", rate_band=RATE_BAND, **params)
    if summary.empty or not summary["count_units"].iloc[0]:
        return None
    s = summary.iloc[0]
    units = db.run("meeting/unit_progress", rate_band=RATE_BAND, **params)
    # the registration block: the units with a target, in the order unit_progress gives them
    margins = units[units["guideline_side"].notna()].sort_values("margin_order").reset_index(drop=True)
    settings = watchlist.Settings()
    flags = watchlist.flags(campaign_id, as_of, list(units["unit_code"]), settings)

    stamp = fmt.stamp(as_of, lang)
    group_name = safe.plain(s["name_vi"] if lang == "vi" else (s["name_en"] or s["name_vi"]))
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
        title=t("mt_deck_title", lang, group=group_name, stamp=stamp),
        stamp=stamp,
        lang=lang,
        is_demo=is_demo,
        cover_lines=[line for line in cover if line],
        summary=s,
    )
    report.blocks = [
        _registered_block(s, margins, n, lang),
        _updated_block(s, units, stamp, lang),
        _units_block(s, units, lang),
        _ranks_block(units, int(s["count_units_nation"]), lang, has_updates=bool(s["count_submitted"])),
        _watch_block(flags, units, settings, lang),
    ]
    return report


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
    ]
    for side in ("about", "above", "below"):
        part = units[units["rate_band"] == side].sort_values("achieved_registered_pct", ascending=False)
        if len(part):
            items = _items(part, "mt_upd_item", lang, lambda r: fmt.percent(r["achieved_registered_pct"], lang))
            lines.append(t(f"mt_upd_units_{side}", lang, items=items, band=band))
    lines.append(t("mt_upd_non_leader", lang, pct=fmt.percent(s["non_leader_pct"], lang)))
    order = units.sort_values("achieved_registered_pct", ascending=False)
    chart = export.Chart(
        title=t("mt_chart_rate", lang),
        categories=[_name(r, lang) for _, r in order.iterrows()] + [t("mt_nation", lang)],
        series=[(t("mt_series_rate", lang), order["achieved_registered_pct"].tolist() + [s["achieved_registered_nation_pct"]])],
        number_format=export.FMT_PCT,
        highlight=len(order),
    )
    return Block("updated", t("mt_block_updated", lang), lines, chart)


def _units_block(s: pd.Series, units: pd.DataFrame, lang: str) -> Block:
    top, bottom = units.iloc[0], units.iloc[-1]
    lines = [t("mt_units_members_note", lang)]
    if s["count_submitted"]:
        lead = t(
            "mt_units_lead",
            lang,
            top=_md_name(top, lang),
            top_count=fmt.number(top["count_submitted"], lang),
            top_pct=fmt.percent(top["achieved_registered_pct"], lang),
            bottom=_md_name(bottom, lang),
            bottom_count=fmt.number(bottom["count_submitted"], lang),
            bottom_pct=fmt.percent(bottom["achieved_registered_pct"], lang),
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
            ("count_submitted", t("mt_col_submitted", lang)),
            ("registered_target", t("mt_col_registered", lang)),
            ("achieved_registered_pct", t("mt_col_achieved", lang)),
            ("count_valid", t("mt_col_valid", lang)),
            ("non_leader_pct", t("mt_col_non_leader", lang)),
            ("count_per_1000_members", t("mt_col_per_1000", lang)),
        ],
        totals=("count_submitted", "registered_target", "count_valid"),
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
            ("rank_submitted", t("mt_col_rank_submitted", lang)),
            ("rank_achieved_registered", t("mt_col_rank_achieved", lang)),
            ("rank_per_1000", t("mt_col_rank_members", lang)),
            ("rank_registered", t("mt_col_rank_registered", lang)),
        ],
    )
    return Block("ranks", t("mt_block_ranks", lang, n=of), lines, None, table, table_on_slide=True)


def _watch_block(flags: pd.DataFrame, units: pd.DataFrame, settings: watchlist.Settings, lang: str) -> Block:
    """The watchlist's judgement (sangkien/watchlist.py) inside the group: one line per reason
    naming its units, most serious first, and the findings table the page and the CLI share."""
    order = dict(zip(units["unit_code"], units["name_order"], strict=True))
    flags = flags.assign(name_order=flags["unit_code"].map(order)).sort_values(["severity_rank", "name_order"], na_position="last")
    closed = bool(flags["is_closed"].any())
    lines = []
    for code in watchlist.REASONS:
        part = flags[flags[f"is_{code}"].fillna(False).astype(bool)]
        if len(part):
            key = "mt_watch_behind_pace_closed" if code == "behind_pace" and closed else f"mt_watch_{code}"
            lines.append(t(key, lang, units=_names(part, lang), days=settings.stall_days))
    if not lines:
        lines.append(t("mt_watch_none", lang))
    frame = watchlist.findings(flags, settings, lang)
    frame = frame.assign(reason=[t(f"wl_label_{code}", lang) for code in frame["reason"]])[["unit", "reason", "detail"]]
    table = export.Table(
        "can-luu-y",
        t("mt_block_watch", lang),
        frame,
        [("unit", t("mt_col_unit", lang)), ("reason", t("mt_col_reason", lang)), ("detail", t("mt_col_detail", lang))],
    )
    return Block("watch", t("mt_block_watch", lang), lines, None, table)


class CliError(ValueError):
    """A command-line argument that names nothing in the database; the message says what to use."""


def resolve(campaign: str | None, group: str | None, region: str | None, as_of: str | None):
    """The campaign row, group id (None when neither a group nor a region is given) and as-of
    minute that command-line arguments name; CliError with a message when one names nothing."""
    campaigns = db.run("meta/campaigns")
    if campaigns.empty:
        raise CliError("no campaign in the database")
    ids = campaigns["campaign_id"].tolist()
    campaign_id = campaign or ids[0]
    if campaign_id not in ids:
        raise CliError(f"unknown campaign {campaign_id!r}; one of: {', '.join(ids)}")
    row = campaigns.set_index("campaign_id").loc[campaign_id]
    groups_frame = db.run("meeting/groups")
    if region is not None:
        regions = groups_frame[groups_frame["kind"] == "region"]
        wanted = {region.upper(), f"VUNG-{region.upper()}"}
        match = regions[regions["group_id"].str.upper().isin(wanted)]
        if match.empty:
            codes = ", ".join(g.removeprefix("VUNG-") for g in regions["group_id"])
            raise CliError(f"unknown region {region!r}; one of: {codes}")
        group = match["group_id"].iloc[0]
    if group is not None and group not in set(groups_frame["group_id"]):
        raise CliError(f"unknown group {group!r}; one of: {', '.join(groups_frame['group_id'])}")
    if as_of is None:
        moment = pd.Timestamp(row["last_event_at"]).to_pydatetime().replace(second=0, microsecond=0)
    else:
        try:
            moment = datetime.strptime(as_of, "%Y-%m-%dT%H:%M")
        except ValueError:
            raise CliError(f"--as-of must look like 2022-04-20T08:00, not {as_of!r}") from None
    return campaign_id, row, group, moment


def cli(group: str | None, region: str | None, as_of: str | None, kind: str, out: Path, lang: str, campaign: str | None) -> int:
    """`python -m sangkien export`: the meeting report of a group or a region as PPTX, XLSX or CSV
    files, for scheduled use. Returns the exit status; problems are reported on stderr."""
    try:
        campaign_id, row, group, moment = resolve(campaign, group, region, as_of)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    name = row[i18n.name_col(lang)]
    report = build(campaign_id, moment, group, lang, campaign_name=name, is_demo=bool(row["is_demo"]))
    if report is None:
        print(f"the group {group!r} has no units", file=sys.stderr)
        return 2
    out = Path(out)
    written: list[Path] = []
    if kind in ("pptx", "xlsx"):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(report.pptx() if kind == "pptx" else report.xlsx())
        written.append(out)
    else:
        # one file per table: beside OUT when it names a .csv file, inside OUT when it is a folder
        folder, stem = (out.parent, out.stem + "-") if out.suffix.lower() == ".csv" else (out, "")
        folder.mkdir(parents=True, exist_ok=True)
        for table in report.tables():
            path = folder / f"{stem}{table.name}.csv"
            path.write_bytes(export.table_csv(table, lang))
            written.append(path)
    for path in written:
        safe.echo(path)  # a name the caller chose: control characters shown, not sent
    return 0
