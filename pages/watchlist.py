"""Cảnh báo: the units that need attention, each with every reason that applies, in sentences."""

import pandas as pd
import streamlit as st

from sangkien import charts, db, export, fmt, safe, ui, watchlist

f = ui.current_filters()
lang = f.lang
ui.header(f, "page_watchlist")
if ui.before_open(f):
    st.stop()

st.markdown(f.t("wl_intro"))
ui.kind_control(f)
ui.group_control(f, st.columns([2, 3])[0])

# The thresholds live in widgets below; their current values also title the collapsed section.
defaults = watchlist.Settings()
band = st.session_state.get("wl_band", round(defaults.band_pct * 100))
peers = st.session_state.get("wl_peers", defaults.peer_count)
pace = st.session_state.get("wl_pace", defaults.pace_days)
stall = st.session_state.get("wl_stall", defaults.stall_days)
with st.expander(f.t("wl_settings", band=fmt.percent(band / 100, lang, 0), k=peers, pace=pace, stall=stall)):
    c1, c2, c3, c4, c5 = st.columns(5)
    c1.slider(f.t("wl_set_band"), 0, 30, round(defaults.band_pct * 100), key="wl_band", help=f.t("wl_set_band_help"))
    c2.number_input(f.t("wl_set_peers"), 2, 30, defaults.peer_count, key="wl_peers")
    c3.selectbox(
        f.t("wl_set_quantile"), watchlist.POTENTIAL_QUANTILES, key="wl_quantile", format_func=lambda q: watchlist.quantile_label(q, lang)
    )
    c4.number_input(f.t("wl_set_pace"), 3, 90, defaults.pace_days, key="wl_pace")
    c5.number_input(f.t("wl_set_stall"), 1, 60, defaults.stall_days, key="wl_stall")
    settings = watchlist.Settings(
        band_pct=st.session_state["wl_band"] / 100,
        peer_count=int(st.session_state["wl_peers"]),
        potential_quantile=float(st.session_state["wl_quantile"]),
        pace_days=int(st.session_state["wl_pace"]),
        stall_days=int(st.session_state["wl_stall"]),
    )
    definitions = st.container()

units = db.run("watchlist/unit_flags", **f.params, scope=ui.scope(f), **settings.params)
if units.empty:
    st.info(f.t("empty_no_units"))
    st.stop()

definitions.markdown(
    f.t(
        "wl_definitions",
        n_units=fmt.number(units["count_units_national"].iloc[0], lang),
        band=fmt.percent(settings.band_pct, lang, 0),
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
labels = {reason: f.t(f"wl_label_{reason}") for reason in watchlist.REASONS}
flagged = units[units["count_reasons"] > 0]
cols = st.columns(1 + len(watchlist.REASONS))
cols[0].metric(
    f.t("wl_metric_flagged"),
    f"{fmt.number(len(flagged), lang)}/{fmt.number(len(units), lang)}",
    help=f.t("wl_metric_flagged_help"),
    border=True,
)
for col, reason in zip(cols[1:], watchlist.REASONS, strict=True):
    col.metric(
        labels[reason], fmt.number(int(units[reason].sum()), lang), help=f.t(f"wl_help_{reason}", days=settings.stall_days), border=True
    )

st.subheader(f.t("wl_list_title"))
st.caption(f.stamp)
shown_reasons = st.pills(
    f.t("wl_show_reasons"), list(watchlist.REASONS), selection_mode="multi", default=list(watchlist.REASONS), format_func=labels.get
)
shown = flagged[flagged[list(shown_reasons)].any(axis=1)] if shown_reasons else flagged.iloc[0:0]
if shown.empty:
    st.success(f.t("wl_none_flagged"), icon=":material/check_circle:")
name_col = "name_vi" if lang == "vi" else "name_en"
halves = st.columns(2)
for i, (_, row) in enumerate(shown.iterrows()):
    with halves[i % 2].container(border=True):
        st.markdown(f"#### {safe.md(row[name_col])}")
        st.markdown("\n".join(f"- {sentence}" for sentence in watchlist.reasons(row, settings, lang)))

st.plotly_chart(charts.watchlist_rates(units, units[name_col], settings.band_pct, f.stamp, lang), width="stretch")

st.subheader(f.t("wl_table_title"))
st.caption(f.stamp)


def _forecast(row) -> str:
    if row["count_remaining"] == 0:
        return f.t("wl_reached")
    if pd.isna(row["forecast_at"]):
        return f.t("wl_never")
    date = fmt.day(row["forecast_at"], lang)
    return date if row["is_reached_before_close"] else f.t("wl_after_close", date=date)


table = pd.DataFrame(
    {
        f.t("col_unit"): units[name_col],
        f.t("wl_col_rate"): [fmt.percent(v, lang) for v in units["achieved_registered_pct"]],
        f.t("wl_col_per1000"): [fmt.number(v, lang, 1) for v in units["count_per_1000_members"]],
        f.t("wl_col_potential"): [fmt.number(v, lang, 1) for v in units["potential_per_1000_members"]],
        f.t("wl_col_needed"): [fmt.number(v, lang, 1) for v in units["needed_per_day"]],
        f.t("wl_col_recent"): [fmt.number(v, lang, 1) for v in units["recent_per_day"]],
        f.t("wl_col_forecast"): [_forecast(row) for _, row in units.iterrows()],
        f.t("wl_col_last"): [fmt.day(v, lang) if pd.notna(v) else "–" for v in units["last_submitted_day"]],
    }
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={label: st.column_config.TextColumn(alignment="right") for label in table.columns[1:6]},
)
# the same columns as raw values: the forecast as a minute (the as-of minute once reached, empty
# when the recent pace would take over a century)
raw = [name_col, "achieved_registered_pct", "count_per_1000_members", "potential_per_1000_members", "needed_per_day", "recent_per_day"]
raw += ["forecast_at", "last_submitted_day"]
export.download_csv(units, f"canh-bao-{f.as_of:%Y%m%d-%H%M}", lang, dict(zip(raw, table.columns, strict=True)), raw)
