"""Tiến độ theo đơn vị: each unit's share of its registered target against the expected pace, a
tile map of Vietnam (63 provinces, or the 34 of the 2025 merger) and the figures table.

A click on a tile or a bar opens the unit's detail page; in the 34-province view it lists the
former provinces the merged one is made of, and a click on one of those opens its detail.
"""

import streamlit as st

from sangkien.campaign import status
from sangkien.core import fmt, i18n, safe
from sangkien.storage import db
from sangkien.web import chart_data, chrome, compare, controls, filters, links, status_view, tables, tiles
from sangkien.web.charts import progress as charts

# One kind at a time: 63 provinces and 19 central unions are different in size and nature, and
# the tile map and the 63/34 view only make sense for provinces. No kind in the URL (= "all" on
# other pages) therefore shows the provinces here.
KINDS = ["province", "sector", "corporation"]
CHART_CONFIG = {"displayModeBar": False}

f = chrome.page_start("page_progress")
lang = f.lang


def open_unit(code: str) -> None:
    """Go to the unit's detail page with every other filter of this view kept."""
    st.switch_page("pages/unit_detail.py", query_params={**st.query_params.to_dict(), "unit": code})


def at_both_minutes(query: str, scope, code_col: str):
    """The rows of `query` at the as-of minute; with a comparison minute, each row's count and share
    of its registered target then (the same query run at that minute) and the change since."""
    rows = db.run(query, scope=scope, **f.params)
    if f.compare_as_of and not rows.empty:
        before = db.run(query, scope=scope, campaign_id=f.campaign_id, as_of=f.compare_as_of)
        rows = compare.both_minutes(rows, before, code_col, ["count_submitted", "achieved_registered_pct"])
    return rows


def figures_table(frame, name_col: str, merged: bool, key: str, csv_name: str) -> None:
    """The figures of every row, numbers formatted by fmt but still sortable as numbers, and their
    CSV. A unit's name links to its page (a merged province has none); with a comparison minute
    the change since then (count and share of the target) follows the count and the share, in
    place of the fixed 7-day change."""
    name_key = name_col if merged else "unit_link"
    columns = {name_key: f.t("prog_col_province_2025" if merged else "prog_col_unit"), "status_name": f.t("status_column")}
    if merged:
        columns["count_units"] = f.t("prog_col_count_units")
    comparing = "change_count_submitted" in frame.columns
    columns |= {
        "count_submitted": f.t("prog_col_count_submitted"),
        **({"change_count_submitted": f.t("cmp_col_change")} if comparing else {}),
        "achieved_registered_pct": f.t("prog_col_achieved"),
        **({"change_pct_text": f.t("cmp_col_pct_change")} if comparing else {}),
        "progress_pct": f.t("prog_col_progress"),
        "registered_target": f.t("prog_col_registered"),
        "guideline_target": f.t("prog_col_guideline"),
        "count_per_1000_members": f.t("prog_col_per_1000"),
        **({} if comparing else {"change_submitted_7d": f.t("prog_col_change_7d")}),
    }
    config = {
        "unit_link": links.link_column(columns[name_key]),
        "change_count_submitted": st.column_config.Column(help=compare.since(f)),
        "change_pct_text": st.column_config.Column(help=compare.since(f)),
        "achieved_registered_pct": st.column_config.NumberColumn(help=f.t("prog_help_achieved")),
        # the bar only: its printed label could not follow Vietnamese number formats
        "progress_pct": st.column_config.ProgressColumn(
            min_value=0.0, max_value=1.0, format=" ", width="small", help=f.t("prog_help_progress")
        ),
        "guideline_target": st.column_config.NumberColumn(help=f.t("prog_help_guideline")),
        "count_per_1000_members": st.column_config.NumberColumn(help=f.t("prog_help_per_1000")),
        "change_submitted_7d": st.column_config.NumberColumn(help=f.t("prog_help_change_7d")),
    }
    shown = frame.assign(progress_pct=frame["achieved_registered_pct"], status_name=frame["status"].map(lambda c: status.name(c, lang)))
    if not merged:
        shown["unit_link"] = links.unit_urls(frame["unit_code"], frame[name_col])
    if comparing:
        shown["change_pct_text"] = compare.points_texts(frame["change_achieved_registered_pct"], lang)
    # the file: the name, and the raw change of the share (the progress bar repeats the share: left out)
    raw = {name_key: name_col, "change_pct_text": "change_achieved_registered_pct"}
    tables.table(
        shown,
        columns,
        lang,
        f"{csv_name}-{f.as_of:%Y%m%d-%H%M}",
        key=key,
        rows=15,
        pinned=True,
        config=config,
        formats={"progress_pct": None},
        csv_columns={raw.get(col, col): label for col, label in columns.items() if col != "progress_pct"},
        csv_frame=shown,
        styles={"status_name": status_view.cell_css(lang)},
    )


def show_members(row) -> None:
    """The former provinces a merged one is made of, each with a link to its detail page."""
    members = at_both_minutes("progress/unit_progress", list(row["unit_codes"]), "unit_code")
    st.markdown(f.t("prog_members_title", name=safe.md(row[name_col]), n=fmt.number(row["count_units"], lang)))
    st.caption(f.stamp)
    figures_table(members, label_col, False, key=f"prog_members_{row[code_col]}", csv_name=f"tien-do-tinh-{row[code_col]}")
    for code, name in zip(members["unit_code"], members[label_col], strict=True):
        st.page_link(
            "pages/unit_detail.py",
            label=f.t("prog_open_unit", name=safe.md(name)),
            icon=":material/location_city:",
            query_params={**st.query_params.to_dict(), "unit": code},
        )


kind_labels = {k: f.t(f"kind_{k}") for k in KINDS}
kind = controls.url_choice(f, "kind", KINDS, kind_labels, "unit_kind", default="province") or "province"
c_group, c_view = st.columns(2)
controls.group_control(f, c_group)
merged = kind == "province" and controls.provinces_control(f, c_view) == "34"
hint = "prog_click_hint_34" if merged else "prog_click_hint" if kind == "province" else "prog_click_hint_bars"
st.caption(f"{f.t('prog_kind_help')} {f.t(hint)}")

scope = filters.scope(filters.with_filters(f, kind=kind))
if scope is not None and not scope:
    st.info(f.t("empty_no_units"))
    st.stop()

if merged:
    code_col = "province_2025_code"
    frame = at_both_minutes("progress/province_2025_progress", scope, code_col)
else:
    code_col = "unit_code"
    frame = at_both_minutes("progress/unit_progress", scope, code_col)
if frame.empty:
    st.info(f.t("empty_no_units"))
    st.stop()
label_col = "label_vi" if lang == "vi" else "name_en"
name_col = i18n.name_col(lang)

first = frame.iloc[0]
# the one status of every row drawn, and why (status.reason); the charts get no list or dict cells
drawn = status_view.drawn(frame)
chart_frame = frame.drop(columns=["unit_codes", "worst_member"], errors="ignore").assign(status_reason=status_view.reasons(frame, lang))
counts = status_view.counts_text(drawn, lang)
total = fmt.number(len(drawn), lang)
st.markdown(f.t("prog_status_counts_34", total=total, counts=counts) if merged else f.t("status_counts_line", total=total, counts=counts))

view = "34" if merged else "63"
chosen = None
if kind == "province":
    left, right = st.columns([2, 3])
    with left:
        placed = tiles.place(view, chart_frame, code_col, name_col, lang)
        event = chart_data.show_chart(
            charts.tile_map(placed, view, f.stamp, lang),
            f"tien-do-ban-do-{view}-{f.as_of:%Y%m%d-%H%M}",
            f,
            on_select="rerun",
            selection_mode="points",
            key=f"prog_tiles_{view}",
            width="content",
            config=CHART_CONFIG,
        )
        st.caption(f.t("prog_tiles_note"))
        chosen = chart_data.clicked_code(event)
    bars_box = right
else:
    bars_box = st.container()
with bars_box:
    event = chart_data.show_chart(
        charts.progress_bars(chart_frame, code_col, label_col, f.stamp, lang),
        f"tien-do-{kind}-{view}-{f.as_of:%Y%m%d-%H%M}",
        f,
        on_select="rerun",
        selection_mode="points",
        key=f"prog_bars_{kind}_{view}",
    )
    chosen = chart_data.clicked_code(event) or chosen
# under the charts: what each colour means, and what the pace line is (a reference, not a verdict)
st.html(
    status_view.legend_html(
        list(drawn["status"]),
        lang,
        f.t("prog_legend_note_34" if merged else "prog_legend_note" if kind == "province" else "prog_legend_note_bars"),
    )
)
pace = dict(pct=fmt.percent(first["expected_pct"], lang), open=fmt.day(f.opens_at, lang), close=fmt.day(f.closes_at, lang))
st.caption(f.t("prog_pace_reference", **pace))

if chosen and not merged:
    open_unit(chosen)
# In the 34 view a click lists the former provinces of the merged one, once per click (reruns
# caused by other widgets keep the selection but must not reopen the dialog).
if merged and chosen != st.session_state.get("_prog_members_for"):
    st.session_state["_prog_members_for"] = chosen
    row = frame[frame[code_col] == chosen]
    if chosen and not row.empty:
        st.dialog(safe.md(row.iloc[0][name_col]), width="large")(show_members)(row.iloc[0])

st.subheader(f.t("prog_table_title"))
st.caption(" · ".join(part for part in (f.stamp, f.t("prog_table_caption"), compare.since(f)) if part))
figures_table(frame, label_col, merged, key=f"prog_table_{kind}_{view}", csv_name="tien-do-34-tinh" if merged else f"tien-do-{kind}")
