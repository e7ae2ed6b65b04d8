"""Cảnh báo: the units that most need a call. The progress findings are exactly the units whose
progress status (sangkien/campaign/status.py) is at risk or stalled, missed after the close, first and by
their projected shortfall; the other findings follow, each reason in a sentence with its numbers;
the full findings, a chart and the figures below."""

import html
import re

import pandas as pd
import streamlit as st

from sangkien.campaign import status, watchlist
from sangkien.core import fmt, i18n
from sangkien.web import chart_data, chrome, controls, filters, links, tables
from sangkien.web.charts import watchlist as charts

NEW_CSS = (
    "<style>.wl-new{display:inline-block;margin-left:0.4rem;padding:0 0.45rem;border-radius:0.6rem;font-size:0.8rem;"
    "font-weight:700;background:#0072B2;color:#fff;vertical-align:middle}.wl-open{margin-top:0.3rem;font-size:0.9rem}</style>"
)

f = chrome.page_start("page_watchlist")
lang = f.lang

st.markdown(f.t("wl_intro"))
controls.kind_control(f)
controls.group_control(f, st.columns([2, 3])[0])

# The other findings' thresholds live in widgets below; their current values also title the
# collapsed section. No setting here changes a progress status (its rule is fixed).
defaults = watchlist.Settings()
state = st.session_state


def _quantile(raw: str) -> float:
    value = float(raw)
    if value not in watchlist.POTENTIAL_QUANTILES:
        raise ValueError(", ".join(str(q) for q in watchlist.POTENTIAL_QUANTILES))
    return value


# the thresholds are in the link (band, peers, quantile, summary): a link opens the same list
on_band = links.bind("wl_band", "band", round(defaults.band_pct * 100), links.int_in(0, 30), lang)
on_peers = links.bind("wl_peers", "peers", defaults.peer_count, links.int_in(2, 30), lang)
on_quantile = links.bind("wl_quantile", "quantile", defaults.potential_quantile, _quantile, lang)
on_summary = links.bind("wl_summary", "summary", watchlist.SUMMARY_COUNT, links.int_in(5, 30), lang)
band, peers = state["wl_band"], state["wl_peers"]
title = f.t("wl_settings", band=fmt.percent(band / 100, lang, 0), k=peers)
with st.expander(title):
    c1, c2, c3, c4 = st.columns(4)
    c1.slider(f.t("wl_set_band"), 0, 30, key="wl_band", help=f.t("wl_set_band_help"), on_change=on_band)
    c2.number_input(f.t("wl_set_peers"), 2, 30, key="wl_peers", on_change=on_peers)
    c3.selectbox(
        f.t("wl_set_quantile"),
        watchlist.POTENTIAL_QUANTILES,
        key="wl_quantile",
        format_func=lambda q: watchlist.quantile_label(q, lang),
        on_change=on_quantile,
    )
    c4.number_input(f.t("wl_set_summary"), 5, 30, key="wl_summary", on_change=on_summary)
    settings = watchlist.Settings(
        band_pct=state["wl_band"] / 100, peer_count=int(state["wl_peers"]), potential_quantile=float(state["wl_quantile"])
    )
    definitions = st.container()

question = (f.campaign_id, f.as_of, filters.scope(f), settings, lang)
units = watchlist.flags(*question[:4])
if units.empty:
    st.info(f.t("empty_no_units"))
    st.stop()

rule = watchlist.rule()
definitions.markdown(
    f.t(
        "wl_definitions",
        n_units=fmt.number(units["count_units_national"].iloc[0], lang),
        band=fmt.percent(settings.band_pct, lang, 0),
        below=fmt.percent(settings.below_ratio, lang, 0),
        margin=fmt.percent(settings.potential_margin, lang, 0),
        q=watchlist.quantile_label(settings.potential_quantile, lang),
        k=settings.peer_count,
        pace=settings.pace_days,
        ratio=fmt.percent(units["guideline_ratio"].iloc[0], lang, 0),
        window=rule["window_days"],
        stall=rule["stall_days"],
        risk=fmt.percent(rule["ramp_risk_ratio"], lang, 0),
        ramp_watch=fmt.percent(rule["ramp_watch_ratio"], lang, 0),
        watch=fmt.percent(rule["watch_below_pct"], lang, 0),
    )
)

first = units.iloc[0]
st.markdown(
    f.t(
        "wl_in_view",
        n=fmt.number(len(units), lang),
        registered=fmt.number(first["registered_target_in_view"], lang),
        count=fmt.number(first["count_submitted_in_view"], lang),
        pct=fmt.percent(first["achieved_in_view_pct"], lang),
    )
)
# the counters: one per status of the moment's vocabulary (in its colour), then the other findings
closed = bool(first["is_closed"])
st.html(watchlist.status_counts_html(units, closed, lang))
risky = int(units["is_progress_risk"].sum())
cols = st.columns(4)
tables.kpi(
    cols[0], f.t("wl_metric_flagged"), f"{fmt.number(risky, lang)}/{fmt.number(len(units), lang)}", help=f.t("wl_metric_flagged_help")
)
for col, code in zip(cols[1:], watchlist.OTHER_REASONS, strict=True):
    tables.kpi(col, watchlist.label(code, lang), fmt.number(int(units[f"is_{code}"].sum()), lang), help=f.t(f"wl_help_{code}"))

# --- the priority list: the units to call first, every finding in a sentence -----------------
cards = watchlist.cards_at(*question, int(state.get("wl_summary", watchlist.SUMMARY_COUNT)))
listed = len(watchlist.listed(units))
if len(cards) < listed:  # cut at the list's length: the heading says of how many, the caption where the rest are
    st.subheader(f.t("wl_summary_title_cut", n=fmt.number(len(cards), lang), total=fmt.number(listed, lang)))
    rest = f.t("wl_summary_rest", rest=fmt.number(listed - len(cards), lang), list=f.t("wl_list_title"), field=f.t("wl_set_summary"))
    st.caption(f"{rest} · {f.stamp}")
else:
    st.subheader(f.t("wl_summary_title", n=fmt.number(len(cards), lang)))
    st.caption(f.stamp)
if not risky:
    st.success(f.t("wl_summary_none_closed" if closed else "wl_summary_none"), icon=":material/check_circle:")
st.html(watchlist.CARD_CSS + NEW_CSS)
# "mới": on the list now (a progress risk or another finding) but not at the comparison minute
was_listed: set[str] = set()
if f.compare_as_of:
    before = watchlist.flags(f.campaign_id, f.compare_as_of, question[2], settings)
    was_listed = set(watchlist.listed(before)["unit_code"])
    st.caption(f.t("wl_new_note", moment=fmt.moment(f.compare_as_of, lang)))
halves = st.columns(2)
for i, card in enumerate(cards):  # one element per card: the browser draws a dozen, not fifty
    code = re.search(r'data-unit="([^"]+)"', card).group(1)
    code = html.unescape(code)
    if f.compare_as_of and code not in was_listed:
        card = card.replace("</h4>", f' <span class="wl-new">{html.escape(f.t("wl_new_badge"))}</span></h4>', 1)
    link = f'<div class="wl-open"><a href="{html.escape(links.unit_url(code))}" target="_self">{html.escape(f.t("wl_open_unit"))}</a></div>'
    halves[i % 2].container(border=True).html(card[: -len("</div>")] + link + "</div>")

# --- the rest on demand: every finding, the chart, the figures (one is drawn at a time) ---
found_tab, chart_tab, figures_tab = chrome.sections("wl_view", [f.t("wl_list_title"), f.t("wl_tab_chart"), f.t("wl_table_title")])
with found_tab:
    if found_tab.open:
        st.caption(f.stamp)
        found = watchlist.findings_at(*question)
        present = [code for code in watchlist.REASONS if code in set(found["reason"])]
        # the reasons shown are in the link as `ly_do` (every reason when absent)
        shown_reasons = controls.url_pills(
            f, "ly_do", present, watchlist.REASONS, "wl_show_reasons", format_func=lambda c: watchlist.label(c, lang)
        )
        found = found[found["reason"].isin(shown_reasons)]
        if found.empty:
            st.success(f.t("wl_none_flagged"), icon=":material/check_circle:")
        else:
            tables.table(
                found.assign(
                    status=[status.name(c, lang) for c in found["status"]], reason=[watchlist.label(c, lang) for c in found["reason"]]
                ),
                {"rank": f.t("wl_col_rank"), "unit": f.t("col_unit"), "status": f.t("wl_col_status"), "reason": f.t("wl_col_reason")}
                | {"shortfall": f.t("wl_col_shortfall"), "severity": f.t("wl_col_severity"), "detail": f.t("wl_col_detail")},
                lang,
                f"canh-bao-ly-do-{f.as_of:%Y%m%d-%H%M}",
                config={
                    "rank": {"width": "small"},
                    "shortfall": {"help": f.t("wl_col_shortfall_help"), "width": "small"},
                    "severity": {"help": f.t("wl_col_severity_help"), "width": "small"},
                    "detail": {"width": "large"},
                },
                formats={"severity": "score"},
                csv_columns={c: "unit_code" if c == "unit_code" else None for c in watchlist.FINDING_COLUMNS},
                csv_frame=found,
            )

with chart_tab:
    if chart_tab.open:
        name_col = i18n.name_col(lang)
        chart_data.show_chart(
            charts.watchlist_rates(units, units[name_col], settings.band_pct, f.stamp, lang), f"canh-bao-bieu-do-{f.as_of:%Y%m%d-%H%M}", f
        )


def _forecast(row) -> str:
    if row.count_remaining == 0:
        return f.t("wl_reached")
    if row.is_closed or pd.isna(row.forecast_at):
        return f.t("wl_never")
    date = fmt.day(row.forecast_at, lang)
    return date if row.is_reached_before_close else f.t("wl_after_close", date=date)


with figures_tab:
    if figures_tab.open:
        st.caption(f.stamp)
        forecast_columns = ["count_remaining", "is_closed", "forecast_at", "is_reached_before_close"]
        shown = units.assign(
            forecast=[_forecast(row) for row in units[forecast_columns].itertuples(index=False)],
            status_name=[status.name(c, lang) for c in units["status"]],
        )
        tables.table(
            shown,
            {
                "unit": f.t("col_unit"),
                "status_name": f.t("wl_col_status"),
                "achieved_registered_pct": f.t("wl_col_rate"),
                "projected_pct": f.t("wl_col_projected"),
                "kind_median_pct": f.t("wl_col_kind_median"),
                "count_per_1000_members": f.t("wl_col_per1000"),
                "potential_per_1000_members": f.t("wl_col_potential"),
                "needed_per_day": f.t("wl_col_needed"),
                "recent_per_day": f.t("wl_col_recent"),
                "forecast": f.t("wl_col_forecast"),
                "last_submitted_day": f.t("wl_col_last"),
            },
            lang,
            f"canh-bao-{f.as_of:%Y%m%d-%H%M}",
            formats={"needed_per_day": "score", "recent_per_day": "score", "last_submitted_day": "day"},
            # the forecast as a minute (the as-of minute once reached, empty when the recent pace would
            # take over a century)
            csv_columns=dict.fromkeys(["unit"])
            | {"status": f.t("wl_col_status")}
            | dict.fromkeys(["achieved_registered_pct", "projected_pct", "kind_median_pct", "count_per_1000_members"])
            | dict.fromkeys(["potential_per_1000_members", "needed_per_day", "recent_per_day"])
            | {"forecast_at": f.t("wl_col_forecast"), "last_submitted_day": None},
        )
