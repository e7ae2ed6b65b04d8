"""Xếp hạng: top and bottom units on five measures, within one unit kind (the 63 provinces first)
or across all units.

It opens on a measure that compares units of different sizes fairly (% of the registered
target), and keeps the measure (`measure`) and the kind (`kind`) in the URL; without `kind` it
ranks the provinces. Ties share a rank (rank(), computed in SQL), so a board may hold more than
BOARD_SIZE rows. Each row carries the unit's progress status (queries/_macros/'s rule, read
through the query), named and coloured as on every page (sangkien/campaign/status.py).
"""

from datetime import timedelta

import pandas as pd
import streamlit as st

from sangkien.campaign import status
from sangkien.core import fmt, i18n, safe
from sangkien.storage import db
from sangkien.web import chart_data, chrome, compare, controls, filters, links, status_view, tables
from sangkien.web.charts import leaderboards as charts

# The measure keys are the column names of leaderboard/unit_metrics; the user picks one of these,
# never a column name from the request. The fair ones first: a share of the unit's own target, then
# per 1,000 members; raw counts favour the largest units.
METRICS = ("achieved_registered_pct", "count_per_1000_members", "count_submitted", "count_valid", "change_submitted_7d")
DEFAULT_METRIC = METRICS[0]
KINDS = ("province", "sector", "corporation", "all")  # the page's order: units of one kind compare best
DEFAULT_KIND = KINDS[0]
BOARD_SIZE = 10
GROWTH_DAYS = 7  # fixed in the query: updated at as_of minus updated 7 days earlier

f = chrome.page_start("page_leaderboards")
lang = f.lang

# without `kind` in the URL this page ranks the provinces (other pages then show every unit)
f = filters.with_filters(f, kind=f.kind if "kind" in st.query_params else DEFAULT_KIND)
controls.url_choice(f, "kind", list(KINDS), {k: f.t(f"kind_{k}") for k in KINDS}, "unit_kind", default=DEFAULT_KIND)
metric = controls.url_option(f, "measure", list(METRICS), {m: f.t(f"lb_metric_{m}") for m in METRICS}, "lb_metric", DEFAULT_METRIC)
if f.group:
    st.info(f.t("lb_group_ignored"), icon=":material/info:")

scope = filters.scope(f, use_group=False)
ranked = db.run("leaderboard/unit_metrics", scope=scope, **f.params)
board = ranked[ranked["metric"] == metric].copy()
moved_header = {}
if f.compare_as_of:  # the places moved since the comparison minute (the same ranking at both minutes)
    change = db.run("leaderboard/rank_change", compare_as_of=f.compare_as_of, scope=scope, **f.params)
    change = change.loc[change["metric"] == metric, ["unit_code", "rank_moved"]]
    board = board.merge(change, on="unit_code", how="left", validate="one_to_one")
    board["moved"] = [compare.moved(n, lang) for n in board["rank_moved"]]
    moved_header = {"moved": f.t("cmp_col_moved")}
scope_name = f.t("lb_scope_all") if f.kind == "all" else f.t(f"kind_{f.kind}")
count_ranked = len(board)
since = fmt.moment(f.as_of - timedelta(days=GROWTH_DAYS), lang)
# every help text accepts `since`; only the growth metric's uses it
st.caption(f"{f.t('lb_scope', scope=scope_name, n=fmt.number(count_ranked, lang))} · {f.t(f'lb_help_{metric}', since=since)} · {f.stamp}")
if f.kind == "all" and metric in ("count_submitted", "count_valid", "change_submitted_7d"):
    st.caption(f.t("lb_mixed_counts"))
if board.empty:
    st.info(f.t("lb_empty"))
    st.stop()

# the chart axis shows "rank. short name"; tables show the full name
short_col = "short_vi" if lang == "vi" else "name_en"
board["label"] = [f"{fmt.number(rank, lang)}. {name}" for rank, name in zip(board["rank_top"], board[short_col], strict=True)]
metric_name = f.t(f"lb_metric_{metric}")


def show_board(title: str, rows: pd.DataFrame, csv_name: str, side_by_side: bool = False) -> None:
    """The board as a table with its CSV, then as bars (beside the table when it has the page to itself)."""
    st.subheader(title)
    table_col, chart_col = st.columns([2, 3], gap="large") if side_by_side else (st.container(), st.container())
    with table_col:
        codes = rows["status"].tolist()
        # each name links to the unit's page with this view's filters (a static table's cells are markdown)
        names = [links.unit_markdown(code, safe.md(name)) for code, name in zip(rows["unit_code"], rows[i18n.name_col(lang)], strict=True)]
        tables.table(
            rows.assign(status_name=[status.name(c, lang) if isinstance(c, str) else "–" for c in codes], unit_link=names),
            {"rank_top": f.t("lb_col_rank"), "unit_link": f.t("lb_col_unit"), "metric_value": metric_name}
            | {"status_name": f.t("status_column"), **moved_header},
            lang,
            f"{csv_name}-{metric}-{f.as_of:%Y%m%d-%H%M}",
            formats={"rank_top": None, "metric_value": metric},  # the value by its metric's rule
            static=True,
            markdown=("unit_link",),
            # the file carries the status's stable code, as the status command does
            csv_columns={
                "rank_top": None,
                "unit": f.t("lb_col_unit"),
                "metric_value": None,
                "status": f.t("status_column"),
            },
            styles={"status_name": status_view.cell_css(lang)},
        )
    chart_title = f.t("lb_chart_title", board=title, metric=metric_name)
    chart_data.show_chart(
        charts.leaderboard_bars(rows, metric, chart_title, f.stamp, lang),
        f"bieu-do-{csv_name}-{metric}-{f.as_of:%Y%m%d-%H%M}",
        f,
        container=chart_col,
    )


if count_ranked <= 2 * BOARD_SIZE:
    # Top and bottom boards would overlap: show the whole ranking once.
    show_board(f.t("lb_full"), board, "xep-hang", side_by_side=True)
else:
    top = board[board["rank_top"] <= BOARD_SIZE]
    bottom = board[board["rank_bottom"] <= BOARD_SIZE].sort_values(["rank_bottom", "rank_top"], kind="stable")
    if len(top) > BOARD_SIZE or len(bottom) > BOARD_SIZE:
        st.caption(f.t("lb_ties", n=BOARD_SIZE))
    top_col, bottom_col = st.columns(2, gap="large")
    with top_col:
        show_board(f.t("lb_top", n=BOARD_SIZE), top, "xep-hang-dau")
    with bottom_col:
        show_board(f.t("lb_bottom", n=BOARD_SIZE), bottom, "xep-hang-cuoi")
