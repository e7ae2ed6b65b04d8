"""Thành phần: who the initiatives come from (direct workers vs leaders, by sector), how far they
get (updated -> valid -> applied -> rewarded), and whose initiatives are rewarded."""

import streamlit as st

from sangkien.core import fmt, i18n, safe
from sangkien.storage import db
from sangkien.web import chart_data, chrome, controls, filters, tables
from sangkien.web.charts import composition as charts

f = chrome.page_start("page_composition")
lang = f.lang

st.markdown(f.t("cp_intro"))
controls.kind_control(f)
controls.group_control(f, st.columns([2, 3])[0])
scope = filters.scope(f)

rows = db.run("composition/sector_author", **f.params, scope=scope)
everyone = rows[(rows["sector"] == "all") & (rows["author_group"] == "all")].iloc[0]
if everyone["count_submitted"] == 0:
    st.info(f.t("cp_empty"))
    st.stop()

by_author = rows[rows["sector"] == "all"].set_index("author_group")
non_leader, leader = by_author.loc["non_leader"], by_author.loc["leader"]
c1, c2, c3 = st.columns(3)
tables.kpi(
    c1,
    f.t("cp_metric_non_leader"),
    fmt.percent(everyone["non_leader_pct"], lang),
    f.t(
        "cp_metric_non_leader_delta",
        n=fmt.number(everyone["count_submitted_non_leader"], lang),
        total=fmt.number(everyone["count_submitted"], lang),
    ),
    help=f.t("cp_metric_non_leader_help"),
)
for col, key, row in ((c2, "cp_metric_reward_non_leader", non_leader), (c3, "cp_metric_reward_leader", leader)):
    tables.kpi(
        col,
        f.t(key),
        fmt.percent(row["rewarded_valid_pct"], lang),
        f.t("cp_metric_reward_delta", n=fmt.number(row["count_rewarded"], lang), valid=fmt.number(row["count_valid"], lang)),
        help=f.t("cp_metric_reward_help"),
    )

groups = db.run("meta/groups").set_index("group_id")
name_col = i18n.name_col(lang)
scope_name = safe.md(groups.loc[f.group, name_col]) if f.group else f.t("cp_scope_nation")
if f.kind != "all":
    scope_name = f"{scope_name}, {f.t(f'kind_{f.kind}')}"
st.markdown(f.t("cp_headline", pct=fmt.percent(everyone["non_leader_pct"], lang), scope=scope_name))
sectors = rows[(rows["sector"] != "all") & (rows["author_group"] == "non_leader") & (rows["count_valid"] > 0)]
if non_leader["count_valid"] and leader["count_valid"] and not sectors.empty:
    lowest = sectors.sort_values("rewarded_valid_pct").iloc[0]
    st.markdown(
        f.t(
            "cp_reward_gap",
            non_leader=fmt.percent(non_leader["rewarded_valid_pct"], lang),
            leader=fmt.percent(leader["rewarded_valid_pct"], lang),
            sector=f.t(f"cp_sector_{lowest['sector']}")[:1].lower() + f.t(f"cp_sector_{lowest['sector']}")[1:],
            sector_rate=fmt.percent(lowest["rewarded_valid_pct"], lang),
        )
    )

chart_data.show_chart(charts.composition_sectors(rows, f.stamp, lang), f"thanh-phan-khu-vuc-{f.as_of:%Y%m%d-%H%M}", f)

# the further views, drawn when their tab is open
flow_tab, units_tab = chrome.sections("cp_view", [f.t("cp_tab_flow"), f.t("cp_units_title")])
with flow_tab:
    if flow_tab.open:
        left, right = st.columns(2)
        chart_data.show_chart(
            charts.composition_funnel(rows, f.stamp, lang), f"thanh-phan-cac-buoc-{f.as_of:%Y%m%d-%H%M}", f, container=left
        )
        chart_data.show_chart(
            charts.composition_reward_rates(rows, f.stamp, lang), f"thanh-phan-ty-le-khen-thuong-{f.as_of:%Y%m%d-%H%M}", f, container=right
        )
with units_tab:
    if units_tab.open:
        st.caption(f"{f.t('cp_units_note')} {f.stamp}")
        units = db.run("composition/unit_authors", **f.params, scope=scope)
        # shown formatted, sorted and exported as raw numbers
        columns = {
            "unit": "col_unit",
            "count_submitted": "col_count_submitted",
            "count_submitted_non_leader": "cp_col_non_leader",
            "non_leader_pct": "cp_col_non_leader_pct",
            "rewarded_valid_non_leader_pct": "cp_col_reward_non_leader",
            "rewarded_valid_leader_pct": "cp_col_reward_leader",
        }
        tables.table(units, {col: f.t(key) for col, key in columns.items()}, lang, f"thanh-phan-don-vi-{f.as_of:%Y%m%d-%H%M}")
