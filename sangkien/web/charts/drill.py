"""The drill's first level: each region's share of its units' registered targets as bars, each
carrying its region code (customdata) so that a click opens the region's provinces."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.core import fmt, safe
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.scale import nice_ticks, percent_digits
from sangkien.web.charts.style import OKABE_ITO, base_layout, wrap_label

INSIDE_FROM = 0.5  # a bar reaching past half the axis has its value written inside it


@figcache.cached
def region_bars(frame: pd.DataFrame, names: list[str], stamp: str, lang: str) -> go.Figure:
    """`frame` from drill/region_progress (best first), `names` each region's name in `lang`.

    On a phone the plot is ~200 px wide: names in lines of ~18 characters, a value written inside
    its bar when the bar reaches past INSIDE_FROM of the axis (after it otherwise, where half the
    axis is free for it), three ticks with the decimals they need."""
    shown = [wrap_label(str(n), 18) for n in names]
    pct = frame["achieved_registered_pct"].astype(float).fillna(0.0)
    labels = [f"{fmt.percent(v, lang)} · {fmt.number(c, lang)}" for v, c in zip(pct, frame["count_submitted"], strict=True)]
    high = float(pct.max()) if len(pct) else 0.01
    ticks = nice_ticks(max(high, 1e-4), count=3)
    axis_top = max(high, ticks[-1]) * 1.5
    fig = go.Figure()
    fig.add_bar(
        x=pct,
        y=shown,
        orientation="h",
        customdata=frame["region_code"],
        marker_color=OKABE_ITO["blue"],
        text=labels,
        textposition=["inside" if v >= INSIDE_FROM * axis_top else "outside" for v in pct],
        insidetextanchor="end",
        insidetextfont=dict(color="#FFFFFF"),
        outsidetextfont=dict(color="#222222"),
        constraintext="none",
        cliponaxis=False,
        textfont=dict(size=14),
        hovertext=[
            f"<b>{safe.html(n)}</b><br>{label}<br>" + t("drill_hover_units", lang, n=fmt.number(u, lang))
            for n, label, u in zip(names, labels, frame["count_units"], strict=True)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    rows = max(len(frame), 3)
    wrapped = any("<br>" in n for n in shown)
    base_layout(fig, t("drill_regions_title", lang), stamp, lang, height=150 + (52 if wrapped else 44) * rows)
    fig.update_layout(hovermode="closest", showlegend=False, margin=dict(l=10, r=20, t=90, b=10), clickmode="event+select")
    digits = percent_digits(ticks)
    fig.update_xaxes(range=[0, axis_top], tickvals=ticks, ticktext=[fmt.percent(v, lang, digits) for v in ticks], tickangle=0)
    fig.update_yaxes(categoryorder="array", categoryarray=shown, autorange="reversed", tickfont=dict(size=14), automargin=True)
    return fig
