"""The drill's first level: each region's share of its units' registered targets as bars, each
carrying its region code (customdata) so that a click opens the region's provinces."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.core import fmt, safe
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.scale import nice_ticks
from sangkien.web.charts.style import OKABE_ITO, base_layout


@figcache.cached
def region_bars(frame: pd.DataFrame, names: list[str], stamp: str, lang: str) -> go.Figure:
    """`frame` from drill/region_progress (best first), `names` each region's name in `lang`."""
    shown = [safe.html(n) for n in names]
    pct = frame["achieved_registered_pct"].astype(float).fillna(0.0)
    labels = [f"{fmt.percent(v, lang)} · {fmt.number(c, lang)}" for v, c in zip(pct, frame["count_submitted"], strict=True)]
    fig = go.Figure()
    fig.add_bar(
        x=pct,
        y=shown,
        orientation="h",
        customdata=frame["region_code"],
        marker_color=OKABE_ITO["blue"],
        text=labels,
        textposition="outside",
        cliponaxis=False,
        textfont=dict(size=14),
        hovertext=[
            f"<b>{n}</b><br>{label}<br>" + t("drill_hover_units", lang, n=fmt.number(u, lang))
            for n, label, u in zip(shown, labels, frame["count_units"], strict=True)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    base_layout(fig, t("drill_regions_title", lang), stamp, lang, height=150 + 44 * max(len(frame), 3))
    high = float(pct.max()) if len(pct) else 0.01
    ticks = nice_ticks(max(high, 1e-4))
    fig.update_layout(hovermode="closest", showlegend=False, margin=dict(l=10, r=20, t=90, b=10), clickmode="event+select")
    fig.update_xaxes(range=[0, max(high, ticks[-1]) * 1.5], tickvals=ticks, ticktext=[fmt.percent(v, lang, 0) for v in ticks])
    fig.update_yaxes(categoryorder="array", categoryarray=shown, autorange="reversed", tickfont=dict(size=14), automargin=True)
    return fig
