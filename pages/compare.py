"""So sánh hai thời điểm: one scope (unit kind, group) at the as-of minute and at the comparison
minute side by side: the headline figures at each (overview/kpis run at both minutes), the units'
statuses at each (the one verdict at two minutes: status.changes), and every unit's figures at
both with the change, the units whose status changed first. Both minutes are in the URL
(`as_of`, `so_sanh`)."""

import pandas as pd
import streamlit as st

from sangkien.campaign import status
from sangkien.core import fmt, i18n
from sangkien.storage import db
from sangkien.web import chrome, compare, controls, filters, links, status_view, tables

f = chrome.page_start("page_compare")
lang = f.lang

st.markdown(f.t("cmp_intro"))
controls.kind_control(f)
controls.group_control(f, st.columns([2, 3])[0])
if not f.compare_as_of:
    st.info(f.t("cmp_choose"), icon=":material/compare_arrows:")
    st.stop()
scope = filters.scope(f)
if scope == []:
    st.info(f.t("empty_no_units"))
    st.stop()

now = db.run("overview/kpis", scope=scope, **f.params).iloc[0]
was = db.run("overview/kpis", campaign_id=f.campaign_id, as_of=f.compare_as_of, scope=scope).iloc[0]
changes = compare.status_moves(f, scope)
units = changes.frame
risk_now, risk_was = int(units["is_progress_risk"].sum()), int(units["status_before"].isin(status.PROGRESS_RISK).sum())

# the two minutes side by side, and the change
headers = (fmt.moment(f.compare_as_of, lang), fmt.moment(f.as_of, lang), f.t("cmp_change_header"))
rows = (
    ("kpi_updated", "count_submitted", False),
    ("cmp_kpi_achieved", "achieved_registered_pct", True),
    ("kpi_valid", "count_valid", False),
)
side = st.columns(3)
for col, header in zip(side, headers, strict=True):
    col.markdown(f"**{header}**")
for label, column, points in rows:
    before, after = was[column], now[column]
    show = (lambda v: fmt.percent(v, lang)) if points else (lambda v: fmt.number(v, lang))
    tables.kpi(side[0], f.t(label), show(before))
    tables.kpi(side[1], f.t(label), show(after))
    delta = (compare.points_delta if points else compare.count_delta)(after - before, lang)
    growth = None if points else compare.growth_delta(after, before, lang)  # the count's change as a share of the earlier count
    # the change itself with a true minus ("−1"); the chip's delta keeps the ASCII sign st.metric reads
    shown_delta = delta if points or delta is None else fmt.signed(after - before, lang)
    side[2].metric(f.t(label), shown_delta or "–", growth, border=True, delta_description=compare.since(f) if growth else None)
tables.kpi(side[0], f.t("cmp_kpi_risk"), f"{fmt.number(risk_was, lang)}/{fmt.number(len(units), lang)}")
tables.kpi(side[1], f.t("cmp_kpi_risk"), f"{fmt.number(risk_now, lang)}/{fmt.number(len(units), lang)}")
side[2].metric(f.t("cmp_kpi_risk"), fmt.signed(risk_now - risk_was, lang), border=True)
before_counts = status_view.counts_text(units[["status_before"]].rename(columns={"status_before": "status"}).dropna(), lang)
st.markdown(f.t("cmp_status_at", moment=headers[0], counts=before_counts))
st.markdown(f.t("cmp_status_at", moment=headers[1], counts=status_view.counts_text(units, lang)))
st.markdown(changes.line)

name_col = i18n.name_col(lang)
shown = units.assign(
    # the short name in Vietnamese ("CĐ Thông tin và Truyền thông"): a phone's pinned column holds it
    unit_link=links.unit_urls(units["unit_code"], units["short_vi" if lang == "vi" and "short_vi" in units else name_col]),
    status_was=[status.name(c, lang) if isinstance(c, str) else "–" for c in units["status_before"]],
    status_now=[status.name(c, lang) for c in units["status"]],
    change_pct_text=[compare.signed_points(v, lang) for v in units["change_achieved_pct"]],
)
st.subheader(f.t("cmp_table_title"))
st.caption(f"{f.t('cmp_table_note')} ({compare.since(f)}) · {f.stamp}")
columns = {
    "unit_link": f.t("col_unit"),
    "status_was": f.t("cmp_col_status_was"),
    "status_now": f.t("cmp_col_status_now"),
    "count_submitted_before": f.t("cmp_col_count_was"),
    "count_submitted": f.t("cmp_col_count_now"),
    "change_submitted": f.t("cmp_col_change"),
    "achieved_pct_before": f.t("cmp_col_pct_was"),
    "achieved_pct": f.t("cmp_col_pct_now"),
    "change_pct_text": f.t("cmp_col_pct_change"),
}
tables.table(
    shown,
    columns,
    lang,
    f"so-sanh-{f.compare_as_of:%Y%m%d-%H%M}-{f.as_of:%Y%m%d-%H%M}",
    key="cmp_table",
    rows=15,
    pinned=True,
    config={"unit_link": links.link_column(f.t("col_unit"), width="medium")},
    csv_columns={"unit_code": "unit_code", "unit": f.t("col_unit"), "status_before": columns["status_was"], "status": columns["status_now"]}
    | dict.fromkeys(["count_submitted_before", "count_submitted", "change_submitted", "achieved_pct_before", "achieved_pct"])
    | {"change_achieved_pct": columns["change_pct_text"]},
    csv_frame=pd.DataFrame(shown),
)
