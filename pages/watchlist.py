"""Cảnh báo: the units that most need a call, most serious first, each with every reason that
applies in sentences with its numbers; the full findings, a chart and the figures below."""

import pandas as pd
import streamlit as st

from sangkien import charts, fmt, i18n, ui, watchlist

f = ui.page_start("page_watchlist")
lang = f.lang

st.markdown(f.t("wl_intro"))
ui.kind_control(f)
ui.group_control(f, st.columns([2, 3])[0])

# The thresholds live in widgets below; their current values also title the collapsed section.
defaults = watchlist.Settings()
state = st.session_state
band = state.get("wl_band", round(defaults.band_pct * 100))
tolerance = state.get("wl_tolerance", round(defaults.pace_tolerance * 100))
peers = state.get("wl_peers", defaults.peer_count)
pace = state.get("wl_pace", defaults.pace_days)
stall = state.get("wl_stall", defaults.stall_days)
title = f.t(
    "wl_settings", band=fmt.percent(band / 100, lang, 0), k=peers, tol=fmt.percent(tolerance / 100, lang, 0), pace=pace, stall=stall
)
with st.expander(title):
    c1, c2, c3, c4 = st.columns(4)
    c1.slider(f.t("wl_set_band"), 0, 30, round(defaults.band_pct * 100), key="wl_band", help=f.t("wl_set_band_help"))
    c2.slider(
        f.t("wl_set_tolerance"), 10, 80, round(defaults.pace_tolerance * 100), 5, key="wl_tolerance", help=f.t("wl_set_tolerance_help")
    )
    c3.number_input(f.t("wl_set_peers"), 2, 30, defaults.peer_count, key="wl_peers")
    c4.selectbox(
        f.t("wl_set_quantile"), watchlist.POTENTIAL_QUANTILES, key="wl_quantile", format_func=lambda q: watchlist.quantile_label(q, lang)
    )
    c1, c2, c3, _ = st.columns(4)
    c1.number_input(f.t("wl_set_pace"), 3, 90, defaults.pace_days, key="wl_pace")
    c2.number_input(f.t("wl_set_stall"), 1, 60, defaults.stall_days, key="wl_stall")
    c3.number_input(f.t("wl_set_summary"), 5, 30, watchlist.SUMMARY_COUNT, key="wl_summary")
    settings = watchlist.Settings(
        band_pct=state["wl_band"] / 100,
        peer_count=int(state["wl_peers"]),
        potential_quantile=float(state["wl_quantile"]),
        pace_tolerance=state["wl_tolerance"] / 100,
        pace_days=int(state["wl_pace"]),
        stall_days=int(state["wl_stall"]),
    )
    definitions = st.container()

question = (f.campaign_id, f.as_of, ui.scope(f), settings, lang)
units = watchlist.flags(*question[:4])
if units.empty:
    st.info(f.t("empty_no_units"))
    st.stop()

definitions.markdown(
    f.t(
        "wl_definitions",
        n_units=fmt.number(units["count_units_national"].iloc[0], lang),
        band=fmt.percent(settings.band_pct, lang, 0),
        tol=fmt.percent(settings.pace_tolerance, lang, 0),
        below=fmt.percent(settings.below_ratio, lang, 0),
        margin=fmt.percent(settings.potential_margin, lang, 0),
        q=watchlist.quantile_label(settings.potential_quantile, lang),
        k=settings.peer_count,
        pace=settings.pace_days,
        stall=settings.stall_days,
        ratio=fmt.percent(units["guideline_ratio"].iloc[0], lang, 0),
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
labels = {code: f.t(f"wl_label_{code}") for code in watchlist.REASONS}
cols = [c for _ in range(2) for c in st.columns(3)]
ui.kpi(
    cols[0],
    f.t("wl_metric_flagged"),
    f"{fmt.number(int((units['count_progress_reasons'] > 0).sum()), lang)}/{fmt.number(len(units), lang)}",
    help=f.t("wl_metric_flagged_help"),
)
for col, code in zip(cols[1:], watchlist.REASONS, strict=True):  # two rows of three: labels whole
    ui.kpi(col, labels[code], fmt.number(int(units[f"is_{code}"].sum()), lang), help=f.t(f"wl_help_{code}", days=settings.stall_days))

# --- the priority list: the units to call first, every reason in a sentence -----------------
cards = watchlist.cards_at(*question, int(state.get("wl_summary", watchlist.SUMMARY_COUNT)))
st.subheader(f.t("wl_summary_title", n=fmt.number(len(cards), lang)))
st.caption(f.stamp)
if not (units["count_progress_reasons"] > 0).any():
    st.success(f.t("wl_summary_none"), icon=":material/check_circle:")
halves = st.columns(2)
for i, card in enumerate(cards):  # one element per card: the browser draws a dozen, not fifty
    halves[i % 2].container(border=True).markdown(card)

# --- the rest on demand: every finding, the chart, the figures (one is drawn at a time) ---
found_tab, chart_tab, figures_tab = ui.sections("wl_view", [f.t("wl_list_title"), f.t("wl_tab_chart"), f.t("wl_table_title")])
with found_tab:
    if found_tab.open:
        st.caption(f.stamp)
        found = watchlist.findings_at(*question)
        shown_reasons = st.pills(
            f.t("wl_show_reasons"), list(watchlist.REASONS), selection_mode="multi", default=list(watchlist.REASONS), format_func=labels.get
        )
        found = found[found["reason"].isin(shown_reasons or [])]
        if found.empty:
            st.success(f.t("wl_none_flagged"), icon=":material/check_circle:")
        else:
            ui.table(
                found.assign(reason=found["reason"].map(labels)),
                {"rank": f.t("wl_col_rank"), "unit": f.t("col_unit"), "reason": f.t("wl_col_reason")}
                | {"severity": f.t("wl_col_severity"), "detail": f.t("wl_col_detail")},
                lang,
                f"canh-bao-ly-do-{f.as_of:%Y%m%d-%H%M}",
                config={
                    "rank": {"width": "small"},
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
        st.plotly_chart(charts.watchlist_rates(units, units[name_col], settings.band_pct, f.stamp, lang), width="stretch")


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
        shown = units.assign(forecast=[_forecast(row) for row in units[forecast_columns].itertuples(index=False)])
        ui.table(
            shown,
            {
                "unit": f.t("col_unit"),
                "achieved_registered_pct": f.t("wl_col_rate"),
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
            csv_columns=dict.fromkeys(["unit", "achieved_registered_pct", "kind_median_pct", "count_per_1000_members"])
            | dict.fromkeys(["potential_per_1000_members", "needed_per_day", "recent_per_day"])
            | {"forecast_at": f.t("wl_col_forecast"), "last_submitted_day": None},
        )
