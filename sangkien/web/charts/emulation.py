"""The emulation page's chart: a unit's monthly rank in its kind, each month's marker in its grade's colour."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.style import OKABE_ITO, base_layout, wrap_label

GRADE_COLOURS = {"A": OKABE_ITO["green"], "B": OKABE_ITO["blue"], "C": OKABE_ITO["orange"], "D": OKABE_ITO["vermillion"]}


@figcache.cached
def emulation_rank_history(history: pd.DataFrame, title: str, stamp: str, lang: str) -> go.Figure:
    """A unit's monthly rank in its kind (1 at the top); the marker's colour is the month's grade.

    `history` holds one unit's rows of emulation/monthly_scores with a `grade_label` column. The
    x axis spans exactly the ranked months (none before the portal opened); grades are a legend,
    not text on the markers, so twenty months never crowd their labels.
    """
    fig = go.Figure()
    months = pd.to_datetime(history["month_start"])
    fig.add_scatter(
        x=months,
        y=history["rank_in_kind"],
        mode="lines",
        line=dict(color="#9a9a9a", width=3),
        hoverinfo="skip",
        showlegend=False,
    )
    for grade, colour in GRADE_COLOURS.items():
        rows = history[history["grade"] == grade]
        if rows.empty:
            continue
        fig.add_scatter(
            x=pd.to_datetime(rows["month_start"]),
            y=rows["rank_in_kind"],
            mode="markers",
            marker=dict(size=14, color=colour, line=dict(color="white", width=1)),
            name=t(f"em_grade_{grade}", lang),  # the grade itself; a row's own label (over the A quota) is in its hover
            customdata=rows[["score", "count_units_in_kind", "grade_label"]],
            hovertemplate="%{x|%m/%Y}: %{y}/%{customdata[1]} · %{customdata[0]:.1f} · %{customdata[2]}<extra></extra>",
            cliponaxis=False,
        )
    # a long unit and kind name takes lines of ~40 characters, which a phone's width holds
    # (base_layout breaks it; markup stays text)
    lines = wrap_label(title, 40).count("<br>") + 1
    base_layout(fig, title, stamp, lang, height=420 + 24 * (lines - 1), wrap=40)
    count = int(history["count_units_in_kind"].max()) if len(history) else 1
    fig.update_yaxes(autorange=False, range=[count + 0.5, 0.5], title=t("em_axis_rank", lang), tickformat=",d", rangemode="normal")
    if len(months):
        n_months = months.dt.to_period("M").nunique()
        step = -(-n_months // 5)  # at most five month ticks: "01/2022" five times fits a phone's width
        ticks = sorted(set(months))[::step]
        fig.update_xaxes(
            range=[months.min() - pd.Timedelta(days=12), months.max() + pd.Timedelta(days=12)],
            tickmode="array",
            tickvals=ticks,
            ticktext=[f"{m:%m/%Y}" for m in ticks],
            tickangle=0,
        )
    fig.update_layout(
        hovermode="closest",
        showlegend=True,
        margin=dict(l=10, r=20, t=80 + 24 * (lines - 1), b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, title=dict(text=t("em_col_grade", lang) + ":")),
    )
    return fig
