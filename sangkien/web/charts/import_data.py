"""The import page's chart: initiatives updated per day, days with none marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.style import HOVER_DAY, OKABE_ITO, base_layout, day_ticks


@figcache.cached
def import_daily_counts(daily: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """Initiatives updated per day over the last 60 days; days with none stand out in vermillion.

    `daily` comes from import/daily_counts (one row per day, zeros included). After an import,
    a working day with no update usually means a missing export.
    """
    fig = go.Figure()
    fig.add_bar(
        x=daily["day"],
        y=daily["count_submitted"],
        name=t("imp_chart_series", lang),
        marker_color=OKABE_ITO["blue"],
        hovertemplate=HOVER_DAY + ": %{y:,d}<extra></extra>",
    )
    empty = daily[daily["count_submitted"] == 0]
    if len(empty):
        fig.add_scatter(
            x=empty["day"],
            y=[0] * len(empty),
            mode="markers",
            name=t("imp_chart_empty", lang),
            marker=dict(color=OKABE_ITO["vermillion"], symbol="x", size=14, line=dict(width=2)),
            hovertemplate=HOVER_DAY + ": 0<extra></extra>",
            cliponaxis=False,
        )
    base_layout(fig, t("imp_chart_title", lang), stamp, lang, height=360)
    fig.update_xaxes(tickformat=day_ticks(lang, year=False))
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig
