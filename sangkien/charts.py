"""Chart builders: one place for colours, fonts, separators and the as-of stamp on charts.

Colours come from the Okabe-Ito palette, which stays distinguishable for colour-blind viewers
and on a washed-out projector.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien import fmt
from sangkien.i18n import t

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#6B6B6B",
}
FONT = dict(family="Noto Sans, Segoe UI, Arial, sans-serif", size=16)


def base_layout(fig: go.Figure, title: str, stamp: str, lang: str, height: int = 440) -> go.Figure:
    fig.update_layout(
        title=dict(text=f"{title}<br><sup>{stamp}</sup>", x=0, xanchor="left", font=dict(size=20)),
        separators=fmt.PLOTLY_SEPARATORS[lang],
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=80, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        plot_bgcolor="white",
        hovermode="x unified",
    )
    fig.update_xaxes(showgrid=False, linecolor="#999")
    fig.update_yaxes(gridcolor="#e5e5e5", tickformat=",d", rangemode="tozero")
    return fig


def national_curve(daily: pd.DataFrame, national_target: int, stamp: str, lang: str) -> go.Figure:
    """Cumulative updated initiatives against the straight-line pace and the national target."""
    fig = go.Figure()
    fig.add_scatter(
        x=daily["day"],
        y=daily["pace_count_cum"],
        name=t("series_pace", lang),
        mode="lines",
        line=dict(color=OKABE_ITO["grey"], dash="dash", width=2),
        hovertemplate="%{y:,.0f}<extra></extra>",
    )
    fig.add_scatter(
        x=daily["day"],
        y=daily["count_submitted_cum"],
        name=t("series_cumulative", lang),
        mode="lines",
        line=dict(color=OKABE_ITO["blue"], width=4),
        hovertemplate="%{y:,d}<extra></extra>",
    )
    fig.add_hline(
        y=national_target,
        line=dict(color=OKABE_ITO["vermillion"], width=2, dash="dot"),
        annotation_text=t("series_target", lang, target=fmt.number(national_target, lang)),
        annotation_position="top left",
    )
    base_layout(fig, t("chart_national_title", lang), stamp, lang)
    fig.update_xaxes(tickformat="%d/%m/%Y" if lang == "vi" else "%d %b %Y")
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig


# --- charts: progress (bars, tile map, unit detail) ---
# --- charts: targets ---
# --- charts: leaderboards ---
# --- charts: watchlist ---
# --- charts: composition ---
