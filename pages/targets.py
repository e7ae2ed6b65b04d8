"""Chỉ tiêu: registered targets against the guideline (10% of estimated members), and the
initiatives updated against the registered target, per unit and by band."""

import pandas as pd
import streamlit as st

from sangkien.core import fmt, i18n, safe
from sangkien.storage import db
from sangkien.web import chart_data, chrome, compare, controls, filters, links, tables
from sangkien.web.charts import targets as charts

SUMMARY_NAMES = 10  # names a summary sentence lists before "and n more"
# the guideline lists' short headers
SHORT_HEADERS = {"unit_short": "tg_col_unit", "guideline_target": "tg_col_guideline_short", "registered_target": "tg_col_registered_short"}

f = chrome.page_start("page_targets")
lang = f.lang
name_col = i18n.name_col(lang)
short_col = "short_vi" if lang == "vi" else "name_en"

controls.kind_control(f)
controls.group_control(f, st.columns(2)[0])
scope = filters.scope(f)
if scope == []:
    st.info(f.t("empty_no_units"))
    st.stop()

totals = db.run("targets/scope_totals", scope=scope, **f.params).iloc[0]
margins = db.run("targets/unit_margins", scope=scope, **f.params)
if margins.empty:
    st.info(f.t("empty_no_units"))
    st.stop()
st.caption(f.t("tg_scope", n=fmt.number(totals["count_units"], lang)))


def band_name(band) -> str:
    return f.t(f"tg_band_{band}") if isinstance(band, str) else "–"


def show_table(frame: pd.DataFrame, columns: list[str], csv_name: str, max_rows: int = 16, headers: dict[str, str] | None = None) -> None:
    """Whole short lists, a scroll bar for long ones; margins carry their sign, bands their name,
    changes since the comparison minute theirs; each unit's name links to its page (the file
    holds the name)."""
    if frame.empty:
        st.caption(f.t("tg_none"))
        return
    names = {"unit": name_col, "unit_short": short_col}
    shown = {("unit_link" if col in names else col): f.t((headers or {}).get(col, f"tg_col_{col}")) for col in columns}
    linked = next(names[col] for col in columns if col in names)
    frame = frame.assign(unit_link=links.unit_urls(frame["unit_code"], frame[linked]))
    if "achieved_band" in columns:  # a band is text either way: shown and exported by its name
        frame = frame.assign(achieved_band=[band_name(band) for band in frame["achieved_band"]])
    if "change_pct_text" in columns:
        frame = frame.assign(change_pct_text=compare.points_texts(frame["change_achieved_registered_pct"], lang))
    # the numbers stay narrow; a text (a band, a change in points) and the unit's name take the room
    # they need, or what is left (tables.fit_widths)
    texts = {"unit_link", "achieved_band", "change_pct_text"}
    config = {col: {} if col in texts else {"width": 76} for col in shown} | {"unit_link": links.link_column(shown["unit_link"])}
    for col in ("change_count_submitted", "change_pct_text"):
        config[col] = config.get(col, {}) | {"help": compare.since(f)}
    raw = {"unit_link": linked, "change_pct_text": "change_achieved_registered_pct"}
    csv = {raw.get(col, col): label for col, label in shown.items()}
    tables.table(frame, shown, lang, f"{csv_name}-{f.as_of:%Y%m%d-%H%M}", rows=max_rows, pinned=True, config=config, csv_columns=csv)


def listed(frame: pd.DataFrame, margins: bool = True) -> str:
    """'Hòa Bình +3.927, Tuyên Quang +3.008 …' with at most SUMMARY_NAMES names (no margin for a 0)."""
    names = [
        f"{safe.md(row[name_col])} {fmt.signed(row['registered_minus_guideline'], lang)}" if margins else safe.md(row[name_col])
        for _, row in frame.iterrows()
    ]
    if len(names) <= SUMMARY_NAMES:
        return safe.join(", ", names)
    return f.t("tg_summary_more", names=safe.join(", ", names[:SUMMARY_NAMES]), n=fmt.number(len(names) - SUMMARY_NAMES, lang))


# Two views, one drawn at a time: the registration against the guideline (a time-independent
# comparison, made when units registered) and where each unit stands at the chosen minute.
guideline_tab, achieved_tab = chrome.sections("tg_view", [f.t("tg_guideline_header"), f.t("tg_achieved_header")])
with guideline_tab:
    if guideline_tab.open:
        st.markdown(f.t("tg_guideline_note"))
        count_units = fmt.number(totals["count_units"], lang)
        c1, c2, c3 = st.columns(3)
        tables.kpi(
            c1,
            f.t("tg_kpi_registered"),
            fmt.number(totals["registered_target"], lang),
            f.t("tg_kpi_registered_delta", guideline=fmt.number(totals["guideline_target"], lang)),
        )
        tables.kpi(
            c2,
            f.t("tg_kpi_at_or_above"),
            f.t("tg_kpi_units", n=fmt.number(totals["count_units_at_or_above_guideline"], lang), total=count_units),
        )
        tables.kpi(
            c3, f.t("tg_kpi_below"), f.t("tg_kpi_units", n=fmt.number(totals["count_units_below_guideline"], lang), total=count_units)
        )

        over = margins[margins["registered_minus_guideline"] > 0]
        equal = margins[margins["registered_minus_guideline"] == 0]
        below = margins[margins["is_below_guideline"]].iloc[::-1]  # the largest shortfall first
        lines = []
        if not over.empty:
            lines.append(
                f.t("tg_summary_over", n=fmt.number(totals["count_units_over_guideline"], lang), total=count_units, names=listed(over))
            )
        if not equal.empty:
            lines.append(f.t("tg_summary_equal_n", n=fmt.number(len(equal), lang), total=count_units, names=listed(equal, margins=False)))
        if not below.empty:
            lines.append(
                f.t("tg_summary_below", n=fmt.number(totals["count_units_below_guideline"], lang), total=count_units, names=listed(below))
            )
        st.markdown("\n".join(f"- {line}" for line in lines))

        labels = margins[short_col]
        chart_data.show_chart(charts.targets_margin_bars(margins, labels, f.stamp, lang), f"chi-tieu-chenh-lech-{f.as_of:%Y%m%d-%H%M}", f)
        columns = ["unit_short", "guideline_target", "registered_target", "registered_minus_guideline"]
        # one list under the other, each at the page's width: side by side, half the page at 1280
        # px could not hold a long name beside its three figures
        at_or_above = margins[~margins["is_below_guideline"]]
        st.markdown(f"**{f.t('tg_table_above', n=fmt.number(len(at_or_above), lang))}**")
        show_table(at_or_above, columns, "chi-tieu-dat-dinh-huong", headers=SHORT_HEADERS)
        st.markdown(f"**{f.t('tg_table_below', n=fmt.number(len(below), lang))}**")
        show_table(below, columns, "chi-tieu-duoi-dinh-huong", headers=SHORT_HEADERS)
        st.caption(f"{f.t('tg_guideline_note_short')} {f.stamp}")

with achieved_tab:
    if achieved_tab.open:
        st.caption(f"{f.t('tg_achieved_note')} {f.stamp}")
        if f.compare_as_of:  # the scope's change since the comparison minute: its totals query then
            then = db.run("targets/scope_totals", scope=scope, campaign_id=f.campaign_id, as_of=f.compare_as_of).iloc[0]
            added = fmt.number(totals["count_submitted"] - then["count_submitted"], lang)
            points = compare.signed_points(totals["achieved_registered_pct"] - then["achieved_registered_pct"], lang)
            st.markdown(f.t("tg_cmp_line", since=compare.since(f), added=added, points=points))
        bands = db.run("targets/band_counts", scope=scope, **f.params)
        regions = bands[bands["breakdown"] == "region"]
        region_names = regions["breakdown_vi" if lang == "vi" else "breakdown_en"]
        # Only the central unions (TW) belong to no region group, so they have no English name.
        region_labels = {
            code: name if pd.notna(name) else f.t("tg_region_TW")
            for code, name in zip(regions["breakdown_code"], region_names, strict=True)
        }
        kinds = bands[bands["breakdown"] == "kind"]
        kind_labels = {code: f.t(f"kind_{code}") for code in kinds["breakdown_code"]}
        # Full width each: side by side, the long region names would leave the bars no room. A breakdown
        # with one bar repeats the other, so it is left out (the kinds stay when both have one).
        if len(region_labels) > 1:
            chart_data.show_chart(
                charts.band_count_bars(regions, region_labels, f.t("tg_chart_bands_region"), f.stamp, lang),
                f"chi-tieu-theo-vung-{f.as_of:%Y%m%d-%H%M}",
                f,
            )
        if len(kind_labels) > 1 or len(region_labels) <= 1:
            chart_data.show_chart(
                charts.band_count_bars(kinds, kind_labels, f.t("tg_chart_bands_kind"), f.stamp, lang),
                f"chi-tieu-theo-khoi-{f.as_of:%Y%m%d-%H%M}",
                f,
            )

        st.markdown(f"**{f.t('tg_table_achieved')}**")
        achieved = margins.sort_values(["achieved_registered_pct", "count_submitted"], ascending=False, na_position="last")
        columns = [
            "unit_short",
            "registered_target",
            "count_submitted",
            "achieved_registered_pct",
            "submitted_minus_registered",
            "achieved_band",
        ]
        if f.compare_as_of:  # the change since the comparison minute: the same query then, beside the count and the share
            before = db.run("targets/unit_margins", scope=scope, campaign_id=f.campaign_id, as_of=f.compare_as_of)
            achieved = compare.both_minutes(achieved, before, "unit_code", ["count_submitted", "achieved_registered_pct"])
            columns[3:4] = ["change_count_submitted", "achieved_registered_pct", "change_pct_text"]
        show_table(
            achieved,
            columns,
            "chi-tieu-muc-dat",
            max_rows=20,
            headers={"unit_short": "tg_col_unit", "change_count_submitted": "cmp_col_change", "change_pct_text": "cmp_col_pct_change"},
        )
