"""The progress page's charts: each unit's share of its registered target as bars, and Vietnam
as a tile map, both in the colours of the units' progress status, with the same hover."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sangkien.campaign import status
from sangkien.core import fmt, safe
from sangkien.core.i18n import t
from sangkien.web import figcache
from sangkien.web.charts.bars import by_group
from sangkien.web.charts.scale import label_positions, nice_ticks, percent_digits
from sangkien.web.charts.style import OKABE_ITO, base_layout, lines

INSIDE_FROM = 0.55  # a bar longer than this share of the axis has its value written inside it
TARGET_LINE_FROM = 0.2  # the 100% line (and an axis reaching it) once a bar or the pace is a fifth of the way there


def _hover_reason(text: str, width: int = 60) -> str:
    """A status's reason sentence broken into hover lines of about `width` characters, escaped."""
    return "<br>".join(safe.html(line) for line in lines(str(text), width))


def _status_groups(lang: str, marker: dict | None = None, textfont: dict | None = None) -> dict:
    """A trace per progress status, in the vocabulary's order: its name, legend group and colour
    (status.COLORS; text on a tile in status.TEXT_ON)."""
    groups = {
        code: dict(name=status.name(code, lang), legendgroup=code, marker=dict(marker or {}, color=status.COLORS[code]))
        for code in status.ORDER
    }
    if textfont is not None:
        for code, group in groups.items():
            group["textfont"] = dict(textfont, color=status.TEXT_ON[code])
    return groups


def _status_hover(name: str, code: str, reason: str | None, pct: float, count, target, lang: str, digits: int = 1) -> str:
    """The hover of a bar or a tile: the unit, its status and why, its share and counts."""
    why = f"<br>{_hover_reason(reason)}" if reason else ""
    return (
        f"<b>{safe.html(name)}</b><br><b>{safe.html(status.name(code, lang))}</b>{why}<br>"
        f"{fmt.percent(pct, lang, digits)} {t('prog_hover_of_registered', lang)} · "
        + t("prog_hover_counts", lang, count=fmt.number(count, lang), target=fmt.number(target, lang))
    )


@figcache.cached
def progress_bars(frame: pd.DataFrame, code_col: str, label_col: str, stamp: str, lang: str) -> go.Figure:
    """Achieved share of the registered target per unit, best first, each bar in the colour of the
    unit's progress status (status.COLORS; the legend in the vocabulary's order), with the 100%
    line and the straight-line pace as a reference line (not a verdict).

    `frame` comes from progress/unit_progress or progress/province_2025_progress (sorted there)
    with `status` and, optionally, `status_reason` (the sentence shown on hover); each bar carries
    its code as customdata so a click can open the unit. Every bar is drawn whole on a linear axis
    from zero. The 100% line (and an axis reaching it) is drawn once a bar or the pace is
    TARGET_LINE_FROM of the way there: in the portal's first hours an axis to 100% would make
    every bar too short to see. Each value is written right of its bar and of the lines, with the
    decimals it needs (fmt.percent: 99,97%, never 100,0%).
    """
    frame = frame[frame["achieved_registered_pct"].notna()]
    names = frame[label_col].astype(str).map(safe.html)
    pct = frame["achieved_registered_pct"].astype(float)
    expected = float(frame["expected_pct"].iloc[0]) if len(frame) else 0.0
    with_target = max(float(pct.max()) if len(pct) else 0.0, expected) >= TARGET_LINE_FROM
    lines = (expected, 1.0) if with_target else (expected,)
    high = max([float(pct.max()) if len(pct) else 0.0, *lines, 1e-4])
    ticks = nice_ticks(high)
    axis_top = max(high, ticks[-1]) * 1.45  # room for the labels right of the longest bar
    # the axis's decimals (more in the first hours, when every share is a fraction of 1%); labels one at least
    tick_digits = percent_digits(ticks)
    digits = max(1, tick_digits)
    labels = [f"{fmt.percent(v, lang, digits)} · {fmt.number(c, lang)}" for v, c in zip(pct, frame["count_submitted"], strict=True)]
    reasons = frame["status_reason"] if "status_reason" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    fig = go.Figure()
    hovers = [
        _status_hover(n, code, r, v, c, g, lang, digits) if code in status.ORDER else None
        for n, code, r, v, c, g in zip(
            frame[label_col], frame["status"], reasons, pct, frame["count_submitted"], frame["registered_target"], strict=True
        )
    ]
    by_group(
        fig.add_bar,
        frame["status"],
        _status_groups(lang),
        {"x": pct, "y": names, "customdata": frame[code_col], "hovertext": hovers},
        orientation="h",
        hovertemplate="%{hovertext}<extra></extra>",
    )
    # legend entries for the reference lines, drawn as shapes below
    references = [("prog_line_target", "dot", "#333333")] if with_target else []
    for key, dash, colour in [*references, ("prog_line_pace", "dash", OKABE_ITO["grey"])]:
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=dict(color=colour, dash=dash, width=2),
            name=t(key, lang, pct=fmt.percent(expected, lang, digits)),
            hoverinfo="skip",
        )
    # the values: right after the bar, or right of a line that would run through the text; a bar
    # reaching past INSIDE_FROM of the axis has its value inside, at its end (on a phone's ~200 px
    # plot, "603,5% · 603.500" beside the longest bar would run off the chart)
    inside = (pct >= INSIDE_FROM * axis_top).to_numpy()
    outside_x = label_positions(pct.to_numpy(), lines, axis_top)
    for within, x, position in ((False, outside_x, "middle right"), (True, pct.to_numpy() - 0.01 * axis_top, "middle left")):
        rows = inside == within
        if not rows.any():
            continue
        colours = [status.TEXT_ON.get(code, "#222") if within else "#222" for code in frame["status"][rows]]
        fig.add_scatter(
            x=x[rows],
            y=names[rows],
            mode="text",
            text=[label for label, keep in zip(labels, rows, strict=True) if keep],
            textposition=position,
            textfont=dict(size=13, color=colours),
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
        )
    per_bar = 22 if len(frame) > 30 else 34  # 63 bars must fit a screen; a dozen can breathe
    height = 150 + per_bar * max(len(frame), 3)
    base_layout(fig, t("prog_bars_title", lang), stamp, lang, height=height)
    fig.update_layout(
        barmode="overlay",
        bargap=0.2,
        hovermode="closest",
        showlegend=True,
        margin=dict(l=10, r=20, t=80, b=40),
        # under the axis, where it may take as many rows as a phone needs without covering the
        # title (the tile map beside the bars carries the same legend at its top)
        legend=dict(
            orientation="h",
            y=-70 / (height - 120),
            yanchor="top",
            x=0,
            xanchor="left",
            font=dict(size=14),
            tracegroupgap=0,
            title=dict(text=safe.html(t("status_legend_title", lang)) + ":", font=dict(size=14)),
        ),
    )
    fig.update_xaxes(
        range=[0, axis_top],
        tickmode="array",
        tickvals=ticks,
        ticktext=[fmt.percent(v, lang, tick_digits) for v in ticks],
        showgrid=True,
        gridcolor="#e5e5e5",
        title=t("prog_axis_pct", lang),
    )
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(names), autorange="reversed", tickfont=dict(size=13), automargin=True, gridcolor=None
    )
    if with_target:
        fig.add_vline(x=1.0, line=dict(color="#333333", dash="dot", width=2), layer="below")
    fig.add_vline(x=expected, line=dict(color=OKABE_ITO["grey"], dash="dash", width=2), layer="below")
    return fig


def _tile_label(label: str) -> str:
    """Two short lines fit a tile better than one long one: "Quảng<br>Ninh"."""
    head, _, tail = safe.html(label).partition(" ")
    return f"{head}<br>{tail}" if tail else head


@figcache.cached
def tile_map(tiles: pd.DataFrame, view: str, stamp: str, lang: str) -> go.Figure:
    """Vietnam as a grid of equal squares, one per province, coloured by its progress status.

    `tiles` is a layout from sangkien.web.tiles joined to the progress rows: row, col, label, code,
    name, status, achieved_registered_pct, count_submitted, registered_target and optionally
    status_reason (null when out of scope). The colours are the bars' (status.COLORS), one trace
    per status so the legend lists them in the vocabulary's order; in the 34-province view a
    merged province has the worst status of its former provinces (the query's), and the legend's
    title says so. The figure has a fixed size so tiles stay square.
    """
    pitch = 46 if view == "63" else 60
    n_cols, n_rows = int(tiles["col"].max()) + 1, int(tiles["row"].max()) + 1
    margin = dict(l=10, r=10, t=175, b=10, autoexpand=False)
    inside = tiles["status"].notna() & tiles["achieved_registered_pct"].notna()
    font_size = 11 if view == "63" else 13
    fig = go.Figure()
    out = tiles[~inside]
    if len(out):
        fig.add_scatter(
            x=out["col"],
            y=out["row"],
            mode="markers+text",
            marker=dict(symbol="square", size=pitch - 3, color="#e3e3e3", line=dict(width=0)),
            text=[_tile_label(v) for v in out["label"]],
            textfont=dict(size=font_size, color="#777777"),
            hovertext=out["name"].map(safe.html),
            hovertemplate="%{hovertext}<br>" + t("prog_tiles_out_of_scope", lang) + "<extra></extra>",
            showlegend=False,
        )
    reasons = tiles["status_reason"] if "status_reason" in tiles.columns else pd.Series(None, index=tiles.index, dtype=object)
    placed = tiles[inside]
    by_group(
        fig.add_scatter,
        placed["status"],
        _status_groups(lang, marker=dict(symbol="square", size=pitch - 3, line=dict(width=0)), textfont=dict(size=font_size)),
        {
            "x": placed["col"],
            "y": placed["row"],
            "customdata": placed["code"],
            "text": [_tile_label(v) for v in placed["label"]],
            "hovertext": [
                _status_hover(n, code, r, p, c, g, lang) if code in status.ORDER else None
                for n, code, r, p, c, g in zip(
                    placed["name"],
                    placed["status"],
                    reasons[placed.index],
                    placed["achieved_registered_pct"],
                    placed["count_submitted"],
                    placed["registered_target"],
                    strict=True,
                )
            ],
        },
        mode="markers+text",
        hovertemplate="%{hovertext}<extra></extra>",
    )
    base_layout(fig, t(f"prog_tiles_title_{view}", lang), stamp, lang, height=margin["t"] + margin["b"] + n_rows * pitch)
    legend_title = t("prog_tiles_legend_34" if view == "34" else "status_legend_title", lang)
    fig.update_layout(
        width=margin["l"] + margin["r"] + n_cols * pitch,
        margin=margin,
        hovermode="closest",
        title=dict(font=dict(size=18)),
        dragmode=False,
        showlegend=True,
        # under the title, above the tiles: the same colours and words as the bars' legend
        legend=dict(
            orientation="h",
            y=1.0,
            yanchor="bottom",
            x=0,
            xanchor="left",
            font=dict(size=13),
            tracegroupgap=0,
            title=dict(text=safe.html(legend_title) + ":", side="top", font=dict(size=13)),
            itemsizing="constant",
        ),
    )
    fig.update_xaxes(range=[-0.5, n_cols - 0.5], visible=False, fixedrange=True)
    fig.update_yaxes(range=[n_rows - 0.5, -0.5], visible=False, fixedrange=True, rangemode="normal")
    return fig
