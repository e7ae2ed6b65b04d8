"""Tổng quan: headline figures, the national curve against the target, and the top 10."""

import streamlit as st

from sangkien.campaign import status
from sangkien.core import fmt
from sangkien.storage import db
from sangkien.web import chart_data, chrome, status_view, tables
from sangkien.web.charts import overview as charts

f = chrome.page_start("page_overview")

kpis = db.run("overview/kpis", **f.params).iloc[0]
lang = f.lang

daily = db.run("overview/national_daily", **f.params)
c1, c2, c3, c4 = st.columns(4)
tables.kpi(
    c1,
    f.t("kpi_updated"),
    fmt.number(kpis["count_submitted"], lang),
    f.t("kpi_of_target", pct=fmt.percent(kpis["achieved_national_pct"], lang), target=fmt.number(kpis["national_target"], lang)),
    help=f.t("kpi_updated_help"),
    trend=daily["count_submitted_cum"].dropna().tolist()[-120:],
)
tables.kpi(
    c2,
    f.t("kpi_registered"),
    fmt.number(kpis["registered_target"], lang),
    f.t("kpi_registered_delta", pct=fmt.percent(kpis["achieved_registered_pct"], lang)),
)
tables.kpi(
    c3, f.t("kpi_valid"), fmt.number(kpis["count_valid"], lang), f.t("kpi_valid_delta", n=fmt.number(kpis["count_under_review"], lang))
)
tables.kpi(
    c4,
    f.t("kpi_below_guideline"),
    f"{fmt.number(kpis['count_units_below_guideline'], lang)}/{fmt.number(kpis['count_units'], lang)}",
    f.t("kpi_at_or_above", n=fmt.number(kpis["count_units_at_or_above_guideline"], lang)),
    help=f.t("kpi_guideline_help"),
)
st.markdown(f.t("non_leader_line", pct=fmt.percent(kpis["non_leader_pct"], lang)))
# every unit's progress status (the status query: the one verdict), counted from its rows
units = status.frame(f.campaign_id, f.as_of)
st.markdown(f.t("status_counts_line", total=fmt.number(len(units), lang), counts=status_view.counts_text(units, lang)))
st.html(status_view.legend_html(list(units["status"]), lang))

left, right = st.columns([1, 1])  # the top 10 needs room for its status column
with left:
    chart_data.show_chart(
        charts.national_curve(daily, int(kpis["national_target"]), f.stamp, lang), f"tong-quan-luy-ke-{f.as_of:%Y%m%d-%H%M}", f
    )
with right:
    top = db.run("leaderboard/top_units", limit=10, **f.params)
    # each unit's status from the status query's rows above (the rule evaluated once per view)
    top = top.merge(units[["unit_code", "status"]], on="unit_code", how="left", validate="one_to_one")
    top = top.assign(status_name=top["status"].map(lambda code: status.name(code, lang)))
    st.subheader(f.t("top10_title"))
    st.caption(f.stamp)
    columns = {
        "rank_submitted": f.t("col_rank"),
        "unit": f.t("col_unit"),
        "status_name": f.t("col_status_name"),
        "count_submitted": f.t("col_count_submitted"),
        "achieved_registered_pct": f.t("prog_col_achieved"),  # the short header: the column fits beside the chart
    }
    narrow = {"rank_submitted": st.column_config.Column(width=56), "count_submitted": st.column_config.Column(width="small")}
    tables.table(
        top,
        columns,
        lang,
        f"top10-{f.as_of:%Y%m%d-%H%M}",
        config=narrow,
        styles={"status_name": status_view.cell_css(lang)},
        fit_px=390,  # half the page at 1280 px
    )
