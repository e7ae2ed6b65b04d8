"""The composition page's charts: who updates initiatives in each sector (direct workers or
leaders), the funnel from updated to rewarded, and each group's reward rate."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.style import OKABE_ITO, base_layout, wrap_label

COMPOSITION_AUTHOR_COLOURS = {"non_leader": OKABE_ITO["blue"], "leader": OKABE_ITO["orange"]}
COMPOSITION_SECTORS = ("state", "non_state", "fdi", "public_service")


@figcache.cached
def composition_sectors(rows: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """Each sector's initiatives updated as 100%: direct workers against leaders, with the shares
    written on the bars and the sector's count in its label.

    `rows` comes from composition/sector_author.
    """
    totals = rows[rows["author_group"] == "all"].set_index("sector").reindex(list(COMPOSITION_SECTORS))
    counts = totals["count_submitted"]
    # in lines of ~20 characters: "Có vốn đầu tư nước ngoài (FDI) · 23.237" fits a phone beside its bar
    names = [
        wrap_label(f"{t(f'cp_sector_{s}', lang)} · {fmt.number(n, lang)}", 20) for s, n in zip(COMPOSITION_SECTORS, counts, strict=True)
    ]
    fig = go.Figure()
    for group in ("non_leader", "leader"):
        part = rows[rows["author_group"] == group].set_index("sector").reindex(list(COMPOSITION_SECTORS))
        share = part["count_submitted"] / totals["count_submitted"].where(totals["count_submitted"] > 0)
        fig.add_bar(
            x=share,
            y=names,
            orientation="h",
            name=t(f"cp_author_{group}", lang),
            marker_color=COMPOSITION_AUTHOR_COLOURS[group],
            text=[fmt.percent(v, lang) for v in share],
            customdata=part["count_submitted"],
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(size=16),
            hovertemplate="%{y}: %{customdata:,d} (%{x:.1%})<extra>%{fullData.name}</extra>",
        )
    base_layout(fig, t("cp_chart_sector_title", lang), stamp, lang, height=400)
    fig.update_layout(barmode="stack", hovermode="closest", bargap=0.3, margin=dict(l=10, r=10, t=120, b=30))
    fig.update_layout(legend=dict(y=1.0, yanchor="bottom", x=0, xanchor="left", traceorder="normal"))
    fig.update_xaxes(tickformat=".0%", range=[0, 1], showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=16), automargin=True)
    return fig


@figcache.cached
def composition_funnel(rows: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """Updated -> valid -> applied -> rewarded (cumulative events), each stage with its count and
    its share of the initiatives updated.

    `rows` comes from composition/sector_author (the all-sectors, all-authors row).
    """
    stages = ("submitted", "valid", "applied", "rewarded")
    row = rows[(rows["sector"] == "all") & (rows["author_group"] == "all")].iloc[0]
    counts = [int(row[f"count_{s}"]) for s in stages]
    # the count and its share in two lines: beside a narrow bar it fits a phone's width
    texts = [fmt.number(counts[0], lang)] + [f"{fmt.number(n, lang)}<br>{fmt.percent(n / max(counts[0], 1), lang)}" for n in counts[1:]]
    fig = go.Figure()
    fig.add_funnel(
        y=[t(f"cp_stage_{s}", lang) for s in stages],
        x=counts,
        marker_color=[OKABE_ITO["blue"], OKABE_ITO["sky"], OKABE_ITO["green"], OKABE_ITO["orange"]],
        text=texts,
        textinfo="text",
        # inside the wide bars, beside the narrow ones where the text would not fit
        textposition=["inside" if n >= 0.6 * max(counts[0], 1) else "outside" for n in counts],
        cliponaxis=False,
        textfont=dict(size=16),
        insidetextfont=dict(size=16, color="white"),
        hovertemplate="%{y}: %{x:,d}<extra></extra>",
        connector=dict(line=dict(color="#bbb", width=1)),
    )
    base_layout(fig, t("cp_chart_funnel_title", lang), stamp, lang, height=460)
    fig.update_layout(hovermode="closest", showlegend=False, margin=dict(l=10, r=10, t=90, b=20))
    # bars are centred on zero: leave room on the right for the text beside the narrow bars
    widest = max(counts) or 1
    fig.update_xaxes(range=[-0.52 * widest, 1.2 * widest], visible=False)
    fig.update_yaxes(tickfont=dict(size=16), automargin=True)
    return fig


@figcache.cached
def composition_reward_rates(rows: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """Reward rate (rewarded / valid) of direct workers against leaders, all sectors then each sector.

    `rows` comes from composition/sector_author.
    """
    order = ("all", *COMPOSITION_SECTORS)
    names = [wrap_label(t("cp_all_sectors" if s == "all" else f"cp_sector_{s}", lang)) for s in order]
    fig = go.Figure()
    for group in ("non_leader", "leader"):
        part = rows[rows["author_group"] == group].set_index("sector").reindex(list(order))
        fig.add_bar(
            x=part["rewarded_valid_pct"],
            y=names,
            orientation="h",
            name=t(f"cp_author_{group}", lang),
            marker_color=COMPOSITION_AUTHOR_COLOURS[group],
            text=[fmt.percent(v, lang) for v in part["rewarded_valid_pct"]],
            textposition="outside",
            cliponaxis=False,
            textfont=dict(size=15),
            hovertemplate="%{y}: %{x:.1%}<extra>%{fullData.name}</extra>",
        )
    base_layout(fig, t("cp_chart_reward_title", lang), stamp, lang, height=460, wrap=30)  # half a page: the title in lines
    fig.update_layout(barmode="group", hovermode="closest", bargap=0.25, margin=dict(l=10, r=40, t=130, b=40))
    fig.update_layout(legend=dict(y=1.0, yanchor="bottom", x=0, xanchor="left", traceorder="normal"))
    fig.update_xaxes(tickformat=".0%", title=t("cp_axis_reward_rate", lang), showgrid=True, gridcolor="#e5e5e5", rangemode="tozero")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=15), automargin=True)
    return fig
