"""Thành phần: who the initiatives come from (direct workers vs leaders, by sector), how far they
get (updated -> valid -> applied -> rewarded), and whose initiatives are rewarded."""

import streamlit as st

from sangkien.core import fmt, i18n, safe
from sangkien.storage import db
from sangkien.web import chart_data, chrome, compare, controls, filters, links, tables
from sangkien.web.charts import composition as charts

f = chrome.page_start("page_composition")
lang = f.lang

st.markdown(f.t("cp_intro"))
controls.kind_control(f)
controls.group_control(f, st.columns([2, 3])[0])
scope = filters.scope(f)

rows = db.run("composition/sector_author", **f.params, scope=scope)
everyone = rows[(rows["sector"] == "all") & (rows["author_group"] == "all")].iloc[0]
# the same query at the comparison minute: each card's change since then
was = db.run("composition/sector_author", campaign_id=f.campaign_id, as_of=f.compare_as_of, scope=scope) if f.compare_as_of else None
if everyone["count_submitted"] == 0:
    st.info(f.t("cp_empty"))
    st.stop()

by_author = rows[rows["sector"] == "all"].set_index("author_group")
non_leader, leader = by_author.loc["non_leader"], by_author.loc["leader"]


def change(author_group: str, col: str) -> str | None:
    """The change of a share since the comparison minute, in percentage points (None without one)."""
    if was is None:
        return None
    then = was[(was["sector"] == "all") & (was["author_group"] == author_group)].iloc[0]
    return compare.points_delta(by_author.loc[author_group, col] - then[col], lang)


c1, c2, c3 = st.columns(3)
compare.kpi(
    c1,
    f,
    f.t("cp_metric_non_leader"),
    fmt.percent(everyone["non_leader_pct"], lang),
    f.t(
        "cp_metric_non_leader_delta",
        n=fmt.number(everyone["count_submitted_non_leader"], lang),
        total=fmt.number(everyone["count_submitted"], lang),
    ),
    change("all", "non_leader_pct"),
    help=f.t("cp_metric_non_leader_help"),
)
for col, key, group in ((c2, "cp_metric_reward_non_leader", "non_leader"), (c3, "cp_metric_reward_leader", "leader")):
    row = by_author.loc[group]
    compare.kpi(
        col,
        f,
        f.t(key),
        fmt.percent(row["rewarded_valid_pct"], lang),
        f.t("cp_metric_reward_delta", n=fmt.number(row["count_rewarded"], lang), valid=fmt.number(row["count_valid"], lang)),
        change(group, "rewarded_valid_pct"),
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
        comparing = f.compare_as_of is not None
        if comparing:  # the change since the comparison minute: the same query then
            before = db.run("composition/unit_authors", campaign_id=f.campaign_id, as_of=f.compare_as_of, scope=scope)
            units = compare.both_minutes(units, before, "unit_code", ["count_submitted", "non_leader_pct"])
            units["change_pct_text"] = compare.points_texts(units["change_non_leader_pct"], lang)
        # each name links to the unit's page (the short name in Vietnamese: the figures need the
        # room; the file holds the full name); shown formatted, sorted and exported as raw numbers
        units["unit_link"] = links.unit_urls(units["unit_code"], units["short_vi" if lang == "vi" else "name_en"])
        columns = {
            "unit_link": "col_unit",
            "count_submitted": "col_count_submitted",
            **({"change_count_submitted": "cmp_col_change"} if comparing else {}),
            "count_submitted_non_leader": "cp_col_non_leader",
            "non_leader_pct": "cp_col_non_leader_pct",
            **({"change_pct_text": "cp_col_non_leader_pct_change"} if comparing else {}),
            "rewarded_valid_non_leader_pct": "cp_col_reward_non_leader",
            "rewarded_valid_leader_pct": "cp_col_reward_leader",
        }
        headers = {col: f.t(key) for col, key in columns.items()}
        raw = {"unit_link": "unit", "change_pct_text": "change_non_leader_pct"}
        tables.table(
            units,
            headers,
            lang,
            f"thanh-phan-don-vi-{f.as_of:%Y%m%d-%H%M}",
            pinned=True,
            config={
                # the name whole, on one line (tables.fit_widths)
                "unit_link": links.link_column(headers["unit_link"]),
                "change_count_submitted": {"help": compare.since(f)},
                "change_pct_text": {"help": compare.since(f)},
            },
            csv_columns={raw.get(col, col): label for col, label in headers.items()},
        )
