"""The watchlist page's chart: each unit's update rate against the national band, with where
its size says it could be."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sangkien.campaign import status
from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.scale import label_positions, nice_ticks, outlier_text, robust_bounds
from sangkien.web.charts.style import OKABE_ITO, base_layout, wrap_label


@figcache.cached
def watchlist_rates(units: pd.DataFrame, labels: pd.Series, band_pct: float, stamp: str, lang: str) -> go.Figure:
    """The rates chart (_rates) with the page's honest numbers: a progress risk's marker in its
    status's colour, and every hover's share written by fmt.percent (Plotly's ".1%" shows 99,97%
    as 100,0%)."""
    fig = _rates(units, labels, band_pct, stamp, lang)
    by_label = {wrap_label(str(name), NAME_WIDTH): row for name, (_, row) in zip(labels.astype(str), units.iterrows(), strict=True)}
    for trace in fig.data:
        if trace.customdata is None or trace.y is None:
            continue
        rows = [by_label.get(y) for y in trace.y]
        trace.customdata = [fmt.percent(v, lang) if v == v else "–" for v in trace.customdata]
        trace.hovertemplate = "%{y}: %{customdata}<extra>%{fullData.name}</extra>"
        if trace.name == t("wl_series_rate_flagged", lang) and all(r is not None for r in rows):
            trace.marker.color = [status.COLORS[r["status"]] for r in rows]
    return fig


LABEL_ROOM = 0.3  # the share of the drawn axis a rate's label needs beside its markers on a phone
NAME_WIDTH = 16  # names in lines of ~16 characters: a phone's plot keeps ~200 px


def _few(ticks: list[float]) -> list[float]:
    """At most three ticks (every other one of more): "200%" and "400%" stay apart on a phone."""
    return ticks if len(ticks) <= 3 else ticks[::2]


def _rates(units: pd.DataFrame, labels: pd.Series, band_pct: float, stamp: str, lang: str) -> go.Figure:
    """Each unit's update rate (% of its registered target) against the national average band,
    with where its size says it could be (a hollow diamond) and a line showing the gap.

    `units` comes from watchlist/unit_flags; `labels` are the names on the axis.
    """
    # names in lines of ~NAME_WIDTH characters: a phone keeps room for the rates beside them
    units = units.assign(label=labels.astype(str).map(lambda name: wrap_label(name, NAME_WIDTH)).to_numpy()).sort_values(
        "achieved_registered_pct", ascending=False, na_position="last"
    )
    potential_pct = units["count_potential"] / units["registered_target"].where(units["registered_target"] > 0)
    national = float(units["national_achieved_pct"].iloc[0]) if len(units) else 0.0
    # the axis follows the bulk of the rates; a unit far beyond is drawn at the edge, value written
    rates = units["achieved_registered_pct"].astype(float)
    bounds = robust_bounds(pd.concat([rates, potential_pct]), include=(0.0, national * (1 + band_pct)))
    edge = bounds.high * 1.04
    true_potential, potential_pct = potential_pct, potential_pct.clip(upper=edge)
    units = units.assign(true_pct=rates, achieved_registered_pct=rates.clip(upper=edge), is_beyond=bounds.is_outlier(rates))
    fig = go.Figure()
    fig.add_vrect(
        x0=national * (1 - band_pct),
        x1=national * (1 + band_pct),
        fillcolor="#d9d9d9",
        opacity=0.6,
        line_width=0,
        layer="below",
    )
    fig.add_vline(x=national, line=dict(color=OKABE_ITO["grey"], width=2, dash="dash"))
    # the band has no legend entry of its own: a grey square stands for it
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker=dict(symbol="square", size=16, color="#c4c4c4"),
        name=t("wl_band_label", lang, national=fmt.percent(national, lang), band=fmt.percent(band_pct, lang, 0)),
    )
    gap_x, gap_y = [], []
    for label, rate, pot in zip(units["label"], units["achieved_registered_pct"], potential_pct, strict=True):
        if pd.notna(rate) and pd.notna(pot) and pot > rate:
            gap_x += [rate, pot, None]
            gap_y += [label, label, None]
    fig.add_scatter(x=gap_x, y=gap_y, mode="lines", line=dict(color=OKABE_ITO["orange"], width=2), hoverinfo="skip", showlegend=False)
    fig.add_scatter(
        x=potential_pct,
        y=units["label"],
        mode="markers",
        name=t("wl_series_potential", lang),
        marker=dict(symbol="diamond-open", size=15, color=OKABE_ITO["orange"], line=dict(width=3)),
        customdata=true_potential,
        hovertemplate="%{y}: %{customdata:.1%}<extra>%{fullData.name}</extra>",
    )
    for flagged, colour, key in ((False, OKABE_ITO["blue"], "wl_series_rate"), (True, OKABE_ITO["vermillion"], "wl_series_rate_flagged")):
        rows = units[(units["count_progress_reasons"] > 0) == flagged]
        fig.add_scatter(
            x=rows["achieved_registered_pct"],
            y=rows["label"],
            mode="markers",
            name=t(key, lang),
            marker=dict(size=16, color=colour, symbol="circle" if not flagged else "square"),
            customdata=rows["true_pct"],
            hovertemplate="%{y}: %{customdata:.1%}<extra>%{fullData.name}</extra>",
        )
    # each rate written beside its own marker where the room holds it (left of it, else right
    # of it, up to the diamond or the axis's end), else beside the row's outermost marker (left
    # of the leftmost, else right of the rightmost); moved past the national line when it would
    # cross it. The text hangs off an invisible marker of the markers' size, so Plotly keeps it a
    # marker's width away in pixels (a phone's plot is ~200 px: the room is judged as a share of
    # the drawn axis, LABEL_ROOM)
    rate = units["achieved_registered_pct"].to_numpy(dtype=float)
    pot = potential_pct.to_numpy(dtype=float)
    low, high = -0.24 * edge, edge * 1.06  # the drawn axis (update_xaxes below)
    room = LABEL_ROOM * (high - low)
    leftmost, rightmost = np.fmin(rate, pot), np.fmax(rate, pot)
    left_of_rate = rate - np.where(pot < rate, pot, low) >= room
    right_of_rate = np.where(pot > rate, pot, high) - rate >= room
    on_left = left_of_rate | (~right_of_rate & (leftmost - low >= room))
    anchor = np.where(left_of_rate | right_of_rate, rate, np.where(on_left, leftmost, rightmost))
    texts = [
        outlier_text(fmt.percent(v, lang)) if o else fmt.percent(v, lang)
        for v, o in zip(units["true_pct"], units["is_beyond"], strict=True)
    ]
    placed = (
        (on_left, -label_positions(-anchor, (-national,), edge, label_share=0.22), "middle left"),
        (~on_left, label_positions(anchor, (national,), edge, label_share=0.22), "middle right"),
    )
    for rows, x, position in placed:
        fig.add_scatter(
            x=x[rows],
            y=units["label"][rows],
            mode="markers+text",
            marker=dict(size=16, opacity=0),
            text=[text for text, keep in zip(texts, rows, strict=True) if keep],
            textposition=position,
            textfont=dict(size=14, color="#222"),
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
        )
    most_lines = int(units["label"].str.count("<br>").max() + 1) if len(units) else 1
    row_px = max(34, 17 * most_lines + 10)  # a name of three lines never touches the next
    base_layout(fig, t("wl_chart_title", lang), stamp, lang, height=max(380, 230 + row_px * len(units)), wrap=40)
    # the legend stacks up from the plot's top edge: the top margin leaves it room under the title
    # the top margin holds the title (two lines on a phone), its stamp, then the legend's four rows
    fig.update_layout(hovermode="closest", margin=dict(l=10, r=30, t=225, b=60))
    fig.update_layout(title=dict(y=1.0, yref="container", yanchor="top", pad=dict(t=34)))  # pinned above the legend
    fig.update_layout(legend=dict(y=1.0, yanchor="bottom", x=0, xanchor="left"))
    fig.update_xaxes(
        tickformat=".0%",
        title=dict(text=wrap_label(t("wl_axis_rate", lang), 18), font=dict(size=14)),  # in lines: a phone's plot is narrow
        showgrid=True,
        gridcolor="#e5e5e5",
        range=[low, high],  # room left of zero for a low rate's label, off the names
        tickmode="array",
        tickvals=_few(nice_ticks(edge, count=3)),  # few round ticks: they stay apart on a phone
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(units["label"]),
        autorange="reversed",
        tickfont=dict(size=14),
        automargin=True,
    )
    return fig
