"""Chi tiết đơn vị: one unit's progress status and why, with the projection; its curve against its
registered target with the projection to the close, its daily updates, where its initiatives
stand in review, its leading grassroots unions and its weekly rank among its peers. Without a
unit in the URL it opens on the unit to call first."""

import streamlit as st

from sangkien.campaign import status, unit_detail
from sangkien.core import fmt, i18n, safe
from sangkien.storage import db
from sangkien.web import chart_data, chrome, controls, downloads, filters, tables
from sangkien.web.charts import unit as charts

# the figures behind the two daily charts, by the headers their legends use
DAILY_LABELS = {
    "day": "axis_day",
    "count_submitted_day": "prog_series_daily",
    "count_submitted_cum": "series_cumulative",
    "pace_count_cum": "prog_series_unit_pace",
}

f = chrome.page_start("page_unit_detail")
lang = f.lang

picker, _ = st.columns([2, 3])
first = None if f.unit else unit_detail.first_unit(f.campaign_id, f.as_of, filters.scope(f))
unit = controls.unit_control(f if first is None else filters.with_filters(f, unit=first["unit_code"]), picker)
if unit is None:
    st.info(f.t("ud_prompt"), icon=":material/location_city:")
    st.page_link("pages/progress.py", label=f.t("ud_open_progress"), icon=":material/bar_chart:")
    st.stop()
if first is not None:
    st.caption(f.t("ud_opened_first", status=status.name(first["status"], lang)))

# The detail of one unit is not limited by the kind or group filters: it was chosen by name.
params = {**f.params, "unit_code": unit}
summary = db.run("progress/unit_summary", **params)
if summary.empty:
    st.info(f.t("ud_no_data"))
    st.stop()
s = summary.iloc[0]
kind_in = f.t(f"prog_kind_in_{s['kind']}")

st.subheader(safe.md(s[i18n.name_col(lang)]))

# the status and why, then the projection behind it
panel, *projection_columns = st.columns([2, 1, 1, 1])
panel.html(unit_detail.status_html(s, lang))
for column, (label, figure, line, help_text) in zip(projection_columns, unit_detail.projection_cards(s, lang), strict=False):
    tables.kpi(column, label, figure, line, help=help_text)


def num(col: str) -> str:
    return fmt.number(s[col], lang)


def pct(col: str) -> str:
    return fmt.percent(s[col], lang)


rank_overall = f.t("ud_delta_rank_overall", rank=num("rank_overall"), n=num("count_units_overall"))
cards = (  # label, figure, the grey line under it, help
    (
        "ud_metric_count",
        num("count_submitted"),
        f.t("ud_delta_7d", n=fmt.signed(s["change_submitted_7d"], lang)),
        f.t("prog_help_change_7d"),
    ),
    ("ud_metric_achieved", pct("achieved_registered_pct"), f.t("ud_delta_expected", pct=pct("expected_pct")), f.t("ud_help_expected")),
    ("ud_metric_registered", num("registered_target"), f.t("ud_delta_guideline", n=num("guideline_target")), f.t("prog_help_guideline")),
    ("ud_metric_rank", f"{num('rank_in_kind')}/{num('count_units_in_kind')}", rank_overall, f.t("ud_help_rank", kind=kind_in)),
    (
        "ud_metric_non_leader",
        pct("non_leader_pct"),
        f.t("ud_delta_non_leader", n=num("count_submitted_non_leader")),
        f.t("ud_help_non_leader"),
    ),
)
for column, (label, figure, line, help_text) in zip(st.columns(5), cards, strict=True):
    tables.kpi(column, f.t(label), figure, line, help=help_text)

st.caption(
    f.t(
        "ud_members_line",
        rate=fmt.number(s["count_per_1000_members"], lang, 1),
        members=fmt.number(s["members_estimate"], lang),
    )
)

daily = db.run("progress/unit_daily", **params)
left, right = st.columns(2)
curve = charts.unit_curve(daily, float(s["registered_target"]), s, f.as_of, f.stamp, lang)
chart_data.show_chart(curve, f"{unit}-luy-ke-{f.as_of:%Y%m%d-%H%M}", f, container=left)
chart_data.show_chart(charts.unit_daily_bars(daily, f.stamp, lang), f"{unit}-theo-ngay-{f.as_of:%Y%m%d-%H%M}", f, container=right)
# the chart draws the pace to the close; the CSV stops at the as-of day like the counts
downloads.download_csv(
    daily[daily["count_submitted_cum"].notna()],
    f"don-vi-{unit}-theo-ngay-{f.as_of:%Y%m%d-%H%M}",
    lang,
    {col: f.t(key) for col, key in DAILY_LABELS.items()},
    list(DAILY_LABELS),
)

mix = db.run("progress/unit_status_mix", **params)
top = db.run("progress/unit_grassroots_top", limit=10, **params)
left, right = st.columns(2)
chart_data.show_chart(charts.unit_status_mix(mix, f.stamp, lang), f"{unit}-trang-thai-{f.as_of:%Y%m%d-%H%M}", f, container=left)
chart_data.show_chart(charts.unit_grassroots_bars(top, f.stamp, lang), f"{unit}-co-so-{f.as_of:%Y%m%d-%H%M}", f, container=right)

ranks = db.run("progress/unit_rank_weekly", **params)
chart_data.show_chart(charts.unit_rank_over_time(ranks, kind_in, f.stamp, lang), f"{unit}-thu-hang-{f.as_of:%Y%m%d-%H%M}", f)
