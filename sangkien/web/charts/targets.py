"""The targets page's charts: each unit's registered target against the guideline (diverging
honest bars) and the units in each achievement band, by region or unit kind."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.core import fmt, safe
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.bars import honest_hbars, own_scale_titles
from sangkien.web.charts.scale import tick_texts
from sangkien.web.charts.style import OKABE_ITO, base_layout, wrap_label

TARGET_BAND_COLOURS = {
    "lt25": OKABE_ITO["vermillion"],
    "25_50": OKABE_ITO["orange"],
    "50_100": OKABE_ITO["sky"],
    "ge100": OKABE_ITO["blue"],
}


@figcache.cached
def targets_margin_bars(margins: pd.DataFrame, labels: pd.Series, stamp: str, lang: str) -> go.Figure:
    """Registered minus guideline target per unit as diverging bars, one row per unit.

    `margins` comes from targets/unit_margins (largest margin first); `labels` are the names on
    the axis. Over and under get two Okabe-Ito colours and the exact signed margin as text. Every
    bar is as long as its margin on a linear axis through zero (honest_hbars): a margin that
    dwarfs the rest is drawn whole in a panel of its own, never cut at the axis edge.
    """
    margin = margins["registered_minus_guideline"].astype(float)
    below = margins["is_below_guideline"].astype(bool)
    details = [
        f"{t('tg_col_registered_short', lang)} {fmt.number(r, lang)} · {t('tg_col_guideline_short', lang)} {fmt.number(g, lang)}"
        f"<br>{t('tg_col_members_estimate', lang)} {fmt.number(m, lang)}"
        for r, g, m in zip(margins["registered_target"], margins["guideline_target"], margins["members_estimate"], strict=True)
    ]
    # long names in lines of ~20 characters, and room beside the bars for the signed values: a
    # phone's plot is a third of a desktop's (~180 px): "−48.185" in 13 px type takes a third of
    # it, so a third of the axis is left beyond each end, and the ticks stay level and apart
    # (each a quarter of the axis from the next; every bar carries its exact value)
    names = [wrap_label(str(name), 20) for name in labels]
    wrapped = any("<br>" in name for name in names)
    fig = honest_hbars(
        margin,
        names,
        list(below),
        {False: (t("tg_legend_over", lang), OKABE_ITO["blue"]), True: (t("tg_legend_under", lang), OKABE_ITO["vermillion"])},
        [fmt.signed(v, lang) for v in margin],
        details,
        lambda ticks: tick_texts("registered_minus_guideline", ticks, lang),
        lang,
        hovertemplate="<b>%{y} %{text}</b><br>%{customdata}<extra></extra>",
        bar_px=40 if wrapped else 28,
        pad_share=1.0,
        text_size=13,
        tick_count=3,
        tick_gap=0.25,
    )
    base_layout(fig, t("tg_chart_margin_title", lang), stamp, lang, height=fig.layout.height)
    fig.update_layout(barmode="relative", hovermode="closest", bargap=0.25, margin=dict(l=10, r=30, t=110, b=40))
    fig.update_layout(legend=dict(y=1.0, yanchor="bottom", x=0, xanchor="left", tracegroupgap=0))
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#333", zerolinewidth=2)
    last = f"xaxis{fig.layout.meta['panels'] if fig.layout.meta['panels'] > 1 else ''}"
    fig.layout[last].title = dict(text=wrap_label(t("tg_axis_margin", lang), 20), font=dict(size=14))
    own_scale_titles(fig, lang)
    fig.update_yaxes(tickfont=dict(size=15), automargin=True)
    return fig


@figcache.cached
def band_count_bars(counts: pd.DataFrame, labels: dict, title: str, stamp: str, lang: str) -> go.Figure:
    """Stacked horizontal bars: units in each achievement band, one bar per region or unit kind.

    `counts` is one breakdown of targets/band_counts; `labels` maps breakdown_code to a name.
    """
    order = counts.drop_duplicates("breakdown_code").sort_values("breakdown_order")["breakdown_code"].tolist()
    fig = go.Figure()
    for band, rows in counts.sort_values("band_order").groupby("achieved_band", sort=False):
        rows = rows.set_index("breakdown_code").reindex(order)
        fig.add_bar(
            x=rows["count_units"],
            y=[safe.html(labels.get(code, code)) for code in order],
            orientation="h",
            name=t(f"tg_band_short_{band}", lang),
            customdata=[t(f"tg_band_{band}", lang)] * len(order),
            marker_color=TARGET_BAND_COLOURS[band],
            text=[fmt.number(v, lang) if v else "" for v in rows["count_units"]],
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(size=15),
            hovertemplate="%{y} · %{customdata}: %{x:,d}<extra></extra>",
        )
    height = 190 + 46 * len(order)
    base_layout(fig, title, stamp, lang, height=height)
    # the legend under the bars: above them it would wrap into the title on a phone. Its top sits
    # a tick label's height (~34 px) under the axis, whatever the chart's height (paper units).
    fig.update_layout(barmode="stack", hovermode="closest", margin=dict(l=10, r=10, t=80, b=100))
    legend_y = -34 / (height - 80 - 100)
    fig.update_layout(legend=dict(orientation="h", y=legend_y, yanchor="top", x=0, xanchor="left", traceorder="normal", font=dict(size=15)))
    fig.update_xaxes(tickformat=",d", showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=15), automargin=True)
    return fig
