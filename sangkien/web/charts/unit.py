"""The unit detail page's charts: one unit's cumulative curve, its daily bars, where its
submissions stand, its grassroots unions and its rank over time."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

from sangkien.campaign import status
from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.overview import curve_against_pace, target_line
from sangkien.web.charts.style import HOVER_DAY, OKABE_ITO, base_layout, day_ticks, wrap_label

STATUS_COLOURS = {
    "awaiting_review": OKABE_ITO["grey"],
    "under_review": OKABE_ITO["orange"],
    "invalid": OKABE_ITO["vermillion"],
    "valid": OKABE_ITO["sky"],
    "applied": OKABE_ITO["blue"],
    "rewarded": OKABE_ITO["green"],
}


def unit_cumulative(daily: pd.DataFrame, registered_target: float, stamp: str, lang: str) -> go.Figure:
    """One unit's cumulative submissions against its registered target's straight-line pace."""
    fig = curve_against_pace(daily, t("prog_series_unit_pace", lang), lang)
    if registered_target == registered_target:  # not NaN
        target_line(fig, registered_target, "prog_line_registered", lang)
    base_layout(fig, t("prog_unit_cum_title", lang), stamp, lang, height=440)
    shown = daily[daily["count_submitted_cum"].notna()]
    if len(shown):
        # zoom on the campaign so far (the whole pace line stays there to zoom out to)
        last = shown.iloc[-1]
        days = pd.to_datetime(daily["day"])
        end = pd.Timestamp(last["day"]) + max(pd.Timedelta(days=7), (pd.Timestamp(last["day"]) - days.iloc[0]) * 0.05)
        top = max(float(last["count_submitted_cum"]), float(last["pace_count_cum"]), 1.0)
        if registered_target == registered_target and registered_target <= top * 1.3:
            top = max(top, float(registered_target))
        fig.update_xaxes(range=[days.iloc[0], end])
        fig.update_yaxes(range=[0, top * 1.12])
    # the legend under the plot: above it, it would cover the as-of stamp in a half-width column
    fig.update_layout(margin=dict(l=10, r=10, t=80, b=10), legend=dict(orientation="h", y=-0.12, yanchor="top", x=0, xanchor="left"))
    fig.update_xaxes(tickformat=day_ticks(lang))
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig


@figcache.cached
def unit_curve(daily: pd.DataFrame, registered_target: float, row: pd.Series, as_of, stamp: str, lang: str) -> go.Figure:
    """unit_cumulative with the unit's projection to the close (add_projection) drawn
    on it before the figure is shared: a shared figure is never changed."""
    return add_projection(unit_cumulative(daily, registered_target, stamp, lang), row, as_of, lang)


@figcache.cached
def unit_daily_bars(daily: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """One unit's submissions per day up to the as-of day."""
    shown = daily[daily["count_submitted_day"].notna()]
    fig = go.Figure()
    fig.add_bar(
        x=shown["day"],
        y=shown["count_submitted_day"],
        marker_color=OKABE_ITO["blue"],
        name=t("prog_series_daily", lang),
        hovertemplate=HOVER_DAY + ": %{y:,d}<extra></extra>",
    )
    base_layout(fig, t("prog_unit_daily_title", lang), stamp, lang, height=440)
    fig.update_layout(margin=dict(l=10, r=10, t=80, b=10), bargap=0.1, showlegend=False)
    fig.update_xaxes(tickformat=day_ticks(lang))
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig


@figcache.cached
def unit_status_mix(mix: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """Where one unit's submissions stand: one bar per status, count and share as text."""
    names = [t(f"prog_status_{s}", lang) for s in mix["status"]]
    fig = go.Figure()
    fig.add_bar(
        x=mix["count_submissions"],
        y=names,
        orientation="h",
        marker_color=[STATUS_COLOURS[s] for s in mix["status"]],
        text=[f"{fmt.number(c, lang)} ({fmt.percent(p, lang)})" for c, p in zip(mix["count_submissions"], mix["share_pct"], strict=True)],
        textposition="outside",
        cliponaxis=False,
        textfont=dict(size=15),
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    base_layout(fig, t("prog_unit_status_title", lang), stamp, lang, height=380)
    top = float(mix["count_submissions"].max() or 1)
    fig.update_layout(hovermode="closest", showlegend=False, margin=dict(l=10, r=20, t=90, b=10))
    # room right of the longest bar for "6.011 (48,3%)", on a phone's narrow plot too
    fig.update_xaxes(range=[0, top * 2.1], tickformat=",d", showgrid=True, gridcolor="#e5e5e5", nticks=4)
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed", tickfont=dict(size=15), automargin=True)
    return fig


@figcache.cached
def unit_grassroots_bars(top: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """One unit's grassroots unions with the most submissions, most first."""
    # long names in lines of ~22 characters: half a page keeps room for the bars and their labels
    names = top["grassroots_union"].astype(str).map(lambda name: wrap_label(name, 22))
    lines_per_name = max([name.count("<br>") + 1 for name in names] or [1])
    fig = go.Figure()
    fig.add_bar(
        x=top["count_submitted"],
        y=names,
        orientation="h",
        marker_color=OKABE_ITO["blue"],
        text=[
            f"{fmt.number(c, lang)} ({fmt.percent(p, lang)})" for c, p in zip(top["count_submitted"], top["share_of_unit_pct"], strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
        textfont=dict(size=14),
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    row_px = max(34, 18 * lines_per_name + 8)
    base_layout(fig, t("prog_unit_grassroots_title", lang), stamp, lang, height=150 + row_px * max(len(top), 3))
    top_value = float(top["count_submitted"].max()) if len(top) else 1.0
    fig.update_layout(hovermode="closest", showlegend=False, margin=dict(l=10, r=20, t=90, b=10))
    # room right of the longest bar for its label ("1.851 (14,9%)")
    fig.update_xaxes(range=[0, top_value * 1.8], tickformat=",d", showgrid=True, gridcolor="#e5e5e5", nticks=4)
    fig.update_yaxes(categoryorder="array", categoryarray=list(names), autorange="reversed", tickfont=dict(size=14), automargin=True)
    return fig


@figcache.cached
def unit_rank_over_time(ranks: pd.DataFrame, kind_label: str, stamp: str, lang: str) -> go.Figure:
    """One unit's weekly rank among the units of its kind (1 at the top), ending at the as-of day."""
    n_units = int(ranks["count_units_in_kind"].max()) if len(ranks) else 1
    fig = go.Figure()
    fig.add_scatter(
        x=ranks["day"],
        y=ranks["rank_in_kind"],
        mode="lines+markers",
        line=dict(color=OKABE_ITO["blue"], width=3, shape="hv"),
        marker=dict(size=7),
        name=t("prog_series_rank", lang),
        text=[fmt.number(c, lang) for c in ranks["count_submitted_cum"]],
        hovertemplate=HOVER_DAY + ": " + t("prog_hover_rank", lang) + " %{y}/" + str(n_units) + " · %{text}<extra></extra>",
    )
    if len(ranks):
        last = ranks.iloc[-1]
        fig.add_annotation(
            x=last["day"],
            y=last["rank_in_kind"],
            text=f"<b>{int(last['rank_in_kind'])}/{n_units}</b>",
            showarrow=True,
            arrowhead=0,
            ax=0,
            ay=-28,
            font=dict(size=16),
        )
    base_layout(fig, t("prog_unit_rank_title", lang, kind=kind_label), stamp, lang, height=380)
    fig.update_layout(showlegend=False, hovermode="closest", margin=dict(l=10, r=30, t=100, b=10))
    fig.update_xaxes(tickformat=day_ticks(lang))
    step = 10 if n_units > 30 else 5 if n_units > 12 else 2
    fig.update_yaxes(
        range=[n_units + 0.5, 0.5],
        rangemode="normal",
        title=t("prog_axis_rank", lang),
        tickmode="array",
        # odd ranks for small kinds, else 1 and the round numbers
        tickvals=list(range(1, n_units + 1, 2)) if step == 2 else [1, *range(step, n_units + 1, step)],
    )
    return fig


def add_projection(fig: go.Figure, row, as_of: datetime, lang: str) -> go.Figure:
    """The projection on the unit's curve: a dashed line in the status's colour from the count now
    to the projected count at the close, beside the registered target's line; the view widened to
    the close so both ends show. Nothing is drawn after the close or before the opening."""
    if bool(row["is_closed"]) or bool(row["is_before_open"]) or pd.isna(row["projected_count"]):
        return fig
    start = pd.Timestamp(as_of).normalize()  # the curve's last point: the as-of day
    end = pd.Timestamp(row["closes_at"]).normalize()
    ends = [fmt.number(row["count_submitted"], lang), fmt.number(row["projected_count"], lang)]
    fig.add_scatter(
        x=[start, end],
        y=[float(row["count_submitted"]), float(row["projected_count"])],
        name=t("ud_series_projection", lang, window=fmt.number(row["window_days"], lang)),
        mode="lines+markers",
        line=dict(color=status.COLORS[row["status"]], dash="dash", width=3),
        marker=dict(size=[0, 9], color=status.COLORS[row["status"]]),
        customdata=ends,
        hovertemplate="%{x|%d/%m/%Y}: %{customdata}<extra>%{fullData.name}</extra>",
    )
    first = pd.Timestamp(row["opens_at"]).normalize()
    top = max(float(row["projected_count"]), float(row["registered_target"] or 0), float(row["count_submitted"]), 1.0)
    fig.update_xaxes(range=[first, end + max(pd.Timedelta(days=7), (end - first) * 0.03)])
    fig.update_yaxes(range=[0, top * 1.12])
    return fig
