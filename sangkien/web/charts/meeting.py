"""The meeting page's chart: a block's bars (the numbers its PowerPoint chart gets), each unit's
bar in its progress status's colour when the block has statuses."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.campaign import status
from sangkien.core import fmt, safe
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.bars import by_group
from sangkien.web.charts.scale import nice_ticks
from sangkien.web.charts.style import FONT, OKABE_ITO, base_layout, magnify


def _series(name: str, colour) -> dict:
    """A trace's name, colour and hover: the category, the value, the series's name."""
    return dict(marker_color=colour, name=safe.html(name), hovertemplate=f"%{{y}}: %{{customdata}}<extra>{safe.html(name)}</extra>")


# the top margin with the legend on top: the title (pinned), its stamp, then 1 or 2 legend rows
_TOP_ON_TOP = {1: 135, 2: 185}


def legend_rows(chart, entries: int) -> int:
    """The rows the legend takes on a slide's half: up to three short entries in one."""
    return 1 if entries <= 3 and chart.statuses is None else 2


def _label_size(chart, height: int | None, font_size: int, legend_on_top: bool) -> int:
    """The printed values' type: font_size - 2, smaller (not under 12) when the bars of a
    category stand too close for it, so that two values never overlap (a region of 11 units
    with two series on a 1280x720 slide)."""
    series = max(1, len(chart.series))
    if height is None or series == 1 or not chart.categories:
        return font_size - 2
    entries = len(chart.legend()) + 1 if chart.statuses is not None else series
    top = _TOP_ON_TOP[legend_rows(chart, entries)] if legend_on_top else 80
    plot = height - top - 10 - 2.6 * font_size  # less the tick labels under the axis
    centres = plot / len(chart.categories) * (1 - 0.12) / series  # the distance between two bars' centres
    return int(max(12, min(font_size - 2, (centres - 2) / 1.25)))  # a line of type is ~1.25 its size


def _too_dense(chart, height: int | None, font_size: int, legend_on_top: bool) -> bool:
    """Whether the bars of a category stand too close even for 12 px values (a region of 14
    units with two series on a 1280x720 slide): then each category's values are written once,
    together, after its longest bar (in the legend's order)."""
    series = max(1, len(chart.series))
    if height is None or series == 1 or not chart.categories:
        return False
    entries = len(chart.legend()) + 1 if chart.statuses is not None else series
    top = _TOP_ON_TOP[legend_rows(chart, entries)] if legend_on_top else 80
    plot = height - top - 10 - 2.6 * font_size
    centres = plot / len(chart.categories) * (1 - 0.12) / series
    return (centres - 2) / 1.25 < 12


@figcache.cached
def meeting_bars(
    chart, stamp: str, lang: str, height: int | None = None, font_size: int = 16, legend_on_top: bool = False, scale: float = 1.0
) -> go.Figure:
    """A meeting block's bar chart (an export.Chart: the same numbers the PowerPoint chart gets),
    units down the side in the report's order, values printed on the bars (never shrunk below
    font_size - 2: a projector needs them readable; `legend_on_top` leaves the bars more height).

    Honest lengths: a linear axis from zero that reaches the longest bar (no bar is clipped); the
    printed values are fmt's text (99,97% never reads 100,0%). A chart with `statuses` colours each
    unit's bar by its progress status (status.COLORS, one legend entry per status drawn, in the
    vocabulary's order); its highlighted category (the nation) is grey. Laid out at `height`,
    then drawn `scale` times larger (style.magnify: a slide on a screen larger than 1280×720)."""
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"], OKABE_ITO["sky"]]
    label_size = _label_size(chart, height, font_size, legend_on_top)
    together = _too_dense(chart, height, font_size, legend_on_top)
    is_pct = chart.number_format.endswith("%")
    categories = [safe.html(c) for c in chart.categories]
    fig = go.Figure()
    for k, (name, values) in enumerate(chart.series):
        values = [None if v is None or pd.isna(v) else float(v) for v in values]
        texts = [fmt.percent(v, lang) if is_pct else fmt.number(v, lang) for v in values]
        common = dict(
            orientation="h",
            textposition="none" if together else "outside",
            textfont=dict(size=label_size),
            cliponaxis=False,
            offsetgroup=str(k),  # one slot per series: a status's trace shares its series' slot
        )
        if chart.statuses is not None:
            # one trace per status (its legend entry), then the reference (the nation) in grey
            groups = [(code, status.name(code, lang), status.COLORS[code]) for code in chart.legend()]
            groups.append((None, t("mt_nation", lang), OKABE_ITO["grey"]))
            by_group(
                fig.add_bar,
                chart.statuses,
                {code: _series(label, colour) for code, label, colour in groups},
                {"y": categories, "x": values, "text": texts, "customdata": texts},
                **common,
            )
            continue
        colour = [colours[k % len(colours)]] * len(values)
        if chart.highlight is not None:
            colour[chart.highlight] = OKABE_ITO["grey"]
        fig.add_bar(y=categories, x=values, text=texts, customdata=texts, **_series(name, colour), **common)
    if together:
        written = [[fmt.percent(v, lang) if is_pct else fmt.number(v, lang) for v in values] for _, values in chart.series]
        longest = [
            max([float(v) for _, values in chart.series if (v := values[i]) is not None and not pd.isna(v)] or [0.0])
            for i in range(len(categories))
        ]
        fig.add_scatter(
            x=longest,
            y=categories,
            mode="text",
            text=[" · ".join(texts[i] for texts in written) for i in range(len(categories))],
            textposition="middle right",
            textfont=dict(size=font_size - 2, color="#222"),
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
        )
    rows = len(chart.categories) * max(1, len(chart.series))
    height = height or max(360, 140 + 28 * rows)
    base_layout(fig, chart.title, stamp, lang, height=height)
    legend_entries = len(chart.legend()) + 1 if chart.statuses is not None else len(chart.series)
    fig.update_layout(
        barmode="group",
        bargap=0.25 if label_size >= font_size - 2 else 0.12,
        hovermode="closest",
        font=dict(FONT, size=font_size),
        showlegend=legend_entries > 1,
        # under the axis's tick labels (about 2 lines of type below the plot), never over them
        legend=dict(orientation="h", yanchor="top", y=-2.2 * font_size / max(120, height - 90), xanchor="left", x=0, traceorder="normal"),
        margin=dict(l=10, r=20, t=80, b=10),
        uniformtext=dict(minsize=label_size, mode="show"),
    )
    if legend_on_top and legend_entries > 1:
        # the title pinned to the top edge, the legend's rows stacked up from the bars beneath it:
        # left to Plotly, the title sits mid-margin and a two-row legend covers its as-of line
        fig.update_layout(
            title=dict(y=1.0, yref="container", yanchor="top", pad=dict(t=34)),
            legend=dict(yanchor="bottom", y=1.0, xanchor="left", x=0),
            margin=dict(t=_TOP_ON_TOP[legend_rows(chart, legend_entries)]),
        )
    fig.update_yaxes(
        categoryorder="array", categoryarray=categories, autorange="reversed", tickformat=None, showgrid=False, automargin=True
    )
    # linear from zero to the longest bar, with room on the right for the printed values
    every = [float(v) for _, values in chart.series for v in values if v is not None and not pd.isna(v)]
    top = max([0.0, *every]) or 1.0
    fig.update_xaxes(
        tickformat=".0%" if is_pct else ",d",
        gridcolor="#e5e5e5",
        showgrid=True,
        range=[0, top * (1.65 if together else 1.3)],  # the values written together take more room
        tickmode="array",
        tickvals=nice_ticks(top, count=2 if together else 4),  # the axis is longer: fewer ticks keep apart
        tickangle=0,  # a projector's type stays level: four ticks leave room for "12.000"
        automargin=True,
    )
    return magnify(fig, scale)
