"""The overview's curve: updated initiatives against the straight-line pace and the target (the
curve and the target line also draw a unit's own, in unit.py)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.style import OKABE_ITO, base_layout, day_ticks


def curve_against_pace(daily: pd.DataFrame, pace_name: str, lang: str) -> go.Figure:
    """A cumulative count (count_submitted_cum) against a straight-line pace (pace_count_cum)."""
    fig = go.Figure()
    fig.add_scatter(
        x=daily["day"],
        y=daily["pace_count_cum"],
        name=pace_name,
        mode="lines",
        line=dict(color=OKABE_ITO["grey"], dash="dash", width=2),
        hovertemplate="%{fullData.name}: %{y:,.0f}<extra></extra>",  # unified hover: each value named
    )
    fig.add_scatter(
        x=daily["day"],
        y=daily["count_submitted_cum"],
        name=t("series_cumulative", lang),
        mode="lines",
        line=dict(color=OKABE_ITO["blue"], width=4),
        hovertemplate="%{fullData.name}: %{y:,d}<extra></extra>",
    )
    return fig


def target_line(fig: go.Figure, target: float, label_key: str, lang: str) -> None:
    """A dotted vermillion line across `fig` at `target`, labelled (`label_key` with {target}) at its left end."""
    fig.add_hline(
        y=target,
        line=dict(color=OKABE_ITO["vermillion"], width=2, dash="dot"),
        annotation_text=t(label_key, lang, target=fmt.number(target, lang)),
        annotation_position="top left",
    )


@figcache.cached
def national_curve(daily: pd.DataFrame, national_target: int, stamp: str, lang: str) -> go.Figure:
    """Cumulative updated initiatives against the straight-line pace and the national target."""
    fig = curve_against_pace(daily, t("series_pace", lang), lang)
    target_line(fig, national_target, "series_target", lang)
    base_layout(fig, t("chart_national_title", lang), stamp, lang, height=480)
    # below the plot, so it never covers the title's as-of stamp
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0))
    fig.update_xaxes(tickformat=day_ticks(lang))
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig
