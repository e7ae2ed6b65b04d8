"""The leaderboards page's chart: one board as honest bars in board order, each in its unit's
status colour, values written by the metric's rule."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.campaign import status
from sangkien.core import fmt, safe
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.bars import honest_hbars, own_scale_titles
from sangkien.web.charts.scale import tick_texts
from sangkien.web.charts.style import OKABE_ITO, base_layout, halve_label


@figcache.cached
def leaderboard_bars(board: pd.DataFrame, metric: str, title: str, stamp: str, lang: str) -> go.Figure:
    """One board (top, bottom or the full ranking) as horizontal bars in board order, each in its
    unit's status colour (status.COLORS, legend in the vocabulary's order).

    `board` holds rows of leaderboard/unit_metrics with a `label` column ("1. Thanh Hóa");
    values are labelled by the metric's rule (fmt: "35.728", "15,6%" never rounded up to a
    mark, "+1.223"). Every bar is as long as its value on a linear axis from zero
    (honest_hbars): Thanh Hóa's 603.500 is drawn 2,7 times as long as TP Hồ Chí Minh's 224.473;
    only a value that dwarfs the rest (DWARF_RATIO) is drawn whole in a panel of its own.
    """
    values = board["metric_value"].astype(float)
    texts = [fmt.by_suffix(metric, v, lang) for v in values]
    codes = [code if isinstance(code, str) else "" for code in board["status"]] if "status" in board else [""] * len(board)
    styles = {code: (status.name(code, lang), status.COLORS[code]) for code in status.ORDER if code in set(codes)}
    if "" in codes:
        styles[""] = (t("lb_status_none", lang), OKABE_ITO["grey"])
    fig = honest_hbars(
        values,
        [halve_label(safe.html(label)) for label in board["label"]],
        codes,
        styles,
        texts,
        [f"{text} · {styles[code][0]}" for text, code in zip(texts, codes, strict=True)],
        lambda ticks: tick_texts(metric, ticks, lang),
        lang,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
        bar_px=34,
        pad_share=0.3,
    )
    base_layout(fig, title, stamp, lang, height=fig.layout.height)
    fig.update_layout(barmode="relative", hovermode="closest", bargap=0.25, margin=dict(l=10, r=20, t=80, b=30))
    # the legend under the bars: above them it would run into the title on half a page
    fig.update_layout(legend=dict(orientation="h", y=0, yanchor="bottom", yref="container", x=0, xanchor="left", font=dict(size=14)))
    fig.update_layout(margin=dict(b=80), height=fig.layout.height + 50)
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#333")
    own_scale_titles(fig, lang)
    fig.update_yaxes(tickfont=dict(size=15), automargin=True)
    return fig
