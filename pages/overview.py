"""Tổng quan: headline figures, the national curve against the target, and the top 10."""

import streamlit as st

from sangkien.campaign import status
from sangkien.core import fmt, i18n
from sangkien.storage import db
from sangkien.web import chart_data, chrome, compare, drill, links, status_view, tables
from sangkien.web.charts import overview as charts

f = chrome.page_start("page_overview")

kpis = db.run("overview/kpis", **f.params).iloc[0]
lang = f.lang

daily = db.run("overview/national_daily", **f.params)
# the same headline query at the comparison minute: each card's change since then
was = db.run("overview/kpis", campaign_id=f.campaign_id, as_of=f.compare_as_of).iloc[0] if f.compare_as_of else None


def change(col: str, points: bool = False) -> str | None:
    if was is None:
        return None
    return (compare.points_delta if points else compare.count_delta)(kpis[col] - was[col], lang)


c1, c2, c3, c4 = st.columns(4)
compare.kpi(
    c1,
    f,
    f.t("kpi_updated"),
    fmt.number(kpis["count_submitted"], lang),
    f.t("kpi_of_target", pct=fmt.percent(kpis["achieved_national_pct"], lang), target=fmt.number(kpis["national_target"], lang)),
    change("count_submitted"),
    help=f.t("kpi_updated_help"),
    trend=daily["count_submitted_cum"].dropna().tolist()[-120:],
)
compare.kpi(
    c2,
    f,
    f.t("kpi_registered"),
    fmt.number(kpis["registered_target"], lang),
    f.t("kpi_registered_delta", pct=fmt.percent(kpis["achieved_registered_pct"], lang)),
    change("achieved_registered_pct", points=True),
)
compare.kpi(
    c3,
    f,
    f.t("kpi_valid"),
    fmt.number(kpis["count_valid"], lang),
    f.t("kpi_valid_delta", n=fmt.number(kpis["count_under_review"], lang)),
    change("count_valid"),
)
compare.kpi(
    c4,
    f,
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
moves = compare.status_moves(f)  # the status query at two minutes: who entered a risk, who left
if moves is not None:
    st.markdown(moves.line)

# the curve, then the top 10 under it: both get the page's width (beside the curve the top 10
# with its status and the change since the comparison minute cut every unit's name)
chart_data.show_chart(
    charts.national_curve(daily, int(kpis["national_target"]), f.stamp, lang), f"tong-quan-luy-ke-{f.as_of:%Y%m%d-%H%M}", f
)
top = db.run("leaderboard/top_units", limit=10, **f.params)
# each unit's status from the status query's rows above (the rule evaluated once per view)
top = top.merge(units[["unit_code", "status"]], on="unit_code", how="left", validate="one_to_one")
top = top.assign(
    status_name=top["status"].map(lambda code: status.name(code, lang)),
    unit_link=links.unit_urls(top["unit_code"], top[i18n.name_col(lang)]),
)
columns_change = {}
if moves is not None:  # the change since the comparison minute, and the places moved
    top = top.merge(moves.frame[["unit_code", "change_submitted"]], on="unit_code", how="left", validate="one_to_one")
    ranks = db.run("leaderboard/rank_change", compare_as_of=f.compare_as_of, scope=None, **f.params)
    ranks = ranks[ranks["metric"] == "count_submitted"][["unit_code", "rank_moved"]]
    top = top.merge(ranks, on="unit_code", how="left", validate="one_to_one")
    top["moved"] = [compare.moved(n, lang) for n in top["rank_moved"]]
    columns_change = {"change_submitted": f.t("cmp_col_change"), "moved": f.t("cmp_col_moved")}
st.subheader(f.t("top10_title"))
st.caption(f.stamp)
columns = {
    "rank_submitted": f.t("col_rank"),
    "unit_link": f.t("col_unit"),
    "status_name": f.t("col_status_name"),
    "count_submitted": f.t("col_count_submitted"),
    **columns_change,
    "achieved_registered_pct": f.t("prog_col_achieved"),  # the short header, as on Tiến độ
}
narrow = {
    "rank_submitted": st.column_config.Column(width=56),
    "count_submitted": st.column_config.Column(width="small"),
    "unit_link": links.link_column(f.t("col_unit")),
    "change_submitted": st.column_config.Column(width="small", help=compare.since(f)),
    "moved": st.column_config.Column(width=56, help=compare.since(f)),
}
tables.table(
    top,
    columns,
    lang,
    f"top10-{f.as_of:%Y%m%d-%H%M}",
    config=narrow,
    csv_columns={"rank_submitted": None, "unit": f.t("col_unit"), "status_name": None, "count_submitted": None}
    | dict.fromkeys(columns_change)
    | {"achieved_registered_pct": None},
    styles={"status_name": status_view.cell_css(lang)},
)

drill.section(f)
