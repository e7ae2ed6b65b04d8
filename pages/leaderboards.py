"""Xếp hạng: top and bottom units on five metrics, nationwide or within one unit kind.

Ties share a rank (rank(), computed in SQL), so a board may hold more than BOARD_SIZE rows.
"""

from datetime import timedelta

import pandas as pd
import streamlit as st

from sangkien import charts, db, fmt, ui
from sangkien.charts import OKABE_ITO

# The metric keys are the column names of leaderboard/unit_metrics; the user picks one of these,
# never a column name from the request.
METRICS = ("count_submitted", "count_valid", "count_per_1000_members", "achieved_registered_pct", "change_submitted_7d")
BOARD_SIZE = 10
GROWTH_DAYS = 7  # fixed in the query: updated at as_of minus updated 7 days earlier

f = ui.page_start("page_leaderboards")
lang = f.lang

ui.kind_control(f)
metric = st.segmented_control(
    f.t("lb_metric"),
    METRICS,
    selection_mode="single",
    default=METRICS[0],
    key="lb_metric",
    format_func=lambda key: f.t(f"lb_metric_{key}"),
)
if metric not in METRICS:  # a second click deselects a segmented control
    metric = METRICS[0]
if f.group:
    st.info(f.t("lb_group_ignored"), icon=":material/info:")

scope = ui.scope(f, use_group=False)
ranked = db.run("leaderboard/unit_metrics", scope=scope, **f.params)
board = ranked[ranked["metric"] == metric].copy()
scope_name = f.t("lb_scope_all") if f.kind == "all" else f.t(f"kind_{f.kind}")
count_ranked = len(board)
since = fmt.moment(f.as_of - timedelta(days=GROWTH_DAYS), lang)
# every help text accepts `since`; only the growth metric's uses it
st.caption(f"{f.t('lb_scope', scope=scope_name, n=fmt.number(count_ranked, lang))} · {f.t(f'lb_help_{metric}', since=since)} · {f.stamp}")
if board.empty:
    st.info(f.t("lb_empty"))
    st.stop()

# the chart axis shows "rank. short name"; tables show the full name
short_col = "short_vi" if lang == "vi" else "name_en"
board["label"] = [f"{fmt.number(rank, lang)}. {name}" for rank, name in zip(board["rank_top"], board[short_col], strict=True)]
metric_name = f.t(f"lb_metric_{metric}")


def show_board(title: str, rows: pd.DataFrame, colour: str, csv_name: str, side_by_side: bool = False) -> None:
    """The board as a table with its CSV, then as bars (beside the table when it has the page to itself)."""
    st.subheader(title)
    table_col, chart_col = st.columns([2, 3], gap="large") if side_by_side else (st.container(), st.container())
    with table_col:
        ui.table(
            rows,
            {"rank_top": f.t("lb_col_rank"), "unit": f.t("lb_col_unit"), "metric_value": metric_name},
            lang,
            f"{csv_name}-{metric}-{f.as_of:%Y%m%d-%H%M}",
            formats={"rank_top": None, "metric_value": metric},  # the value by its metric's rule
            static=True,
        )
    chart_title = f.t("lb_chart_title", board=title, metric=metric_name)
    chart_col.plotly_chart(charts.leaderboard_bars(rows, metric, colour, chart_title, f.stamp, lang), width="stretch")


if count_ranked <= 2 * BOARD_SIZE:
    # Top and bottom boards would overlap: show the whole ranking once.
    show_board(f.t("lb_full"), board, OKABE_ITO["blue"], "xep-hang", side_by_side=True)
else:
    top = board[board["rank_top"] <= BOARD_SIZE]
    bottom = board[board["rank_bottom"] <= BOARD_SIZE].sort_values(["rank_bottom", "rank_top"], kind="stable")
    if len(top) > BOARD_SIZE or len(bottom) > BOARD_SIZE:
        st.caption(f.t("lb_ties", n=BOARD_SIZE))
    top_col, bottom_col = st.columns(2, gap="large")
    with top_col:
        show_board(f.t("lb_top", n=BOARD_SIZE), top, OKABE_ITO["blue"], "xep-hang-dau")
    with bottom_col:
        show_board(f.t("lb_bottom", n=BOARD_SIZE), bottom, OKABE_ITO["vermillion"], "xep-hang-cuoi")
