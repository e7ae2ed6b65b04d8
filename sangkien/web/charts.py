"""Chart builders: one place for colours, fonts, separators and the as-of stamp on charts.

Colours come from the Okabe-Ito palette, which stays distinguishable for colour-blind viewers
and on a washed-out projector. Plotly renders a subset of HTML in labels, hovers and titles, so
every name that reaches a chart goes through safe.html() (escaped text, never a tag or a link).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sangkien.campaign import status
from sangkien.core import fmt, safe
from sangkien.core.i18n import t

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#6B6B6B",
}
FONT = dict(family="Noto Sans, Segoe UI, Arial, sans-serif", size=16)


def base_layout(fig: go.Figure, title: str, stamp: str, lang: str, height: int = 440, wrap: int | None = None) -> go.Figure:
    """The shared look; the title is text (markup in a unit's name is shown as typed), broken into
    lines of about `wrap` characters when given."""
    text = _wrap(title, wrap) if wrap else safe.html(title)  # _wrap escapes each word
    fig.update_layout(
        title=dict(text=f"{text}<br><sup>{safe.html(stamp)}</sup>", x=0, xanchor="left", font=dict(size=20)),
        separators=fmt.PLOTLY_SEPARATORS[lang],
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=80, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        plot_bgcolor="white",
        hovermode="x unified",
    )
    fig.update_xaxes(showgrid=False, linecolor="#999")
    fig.update_yaxes(gridcolor="#e5e5e5", tickformat=",d", rangemode="tozero")
    return fig


# --- outliers: one rule for every value axis that one or two units could squash ---
@dataclass(frozen=True)
class Bounds:
    """A value axis set from the bulk of the data; values outside [low, high] are outliers,
    drawn at the edge with their true value written on them."""

    low: float
    high: float

    def is_outlier(self, values) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        return np.isfinite(v) & ((v > self.high) | (v < self.low))

    def clip(self, values) -> np.ndarray:
        return np.clip(np.asarray(values, dtype=float), self.low, self.high)


CLIP_GAIN = 1.5  # an outlier is cut at the axis edge only when drawing it whole would stretch the axis more


def robust_bounds(values, include=(0.0,), min_count: int = 5) -> Bounds:
    """The axis bounds the bulk of `values` needs: Tukey's fences (Q1 − 1.5·IQR, Q3 + 1.5·IQR)
    mark the outliers, and the bounds reach the most extreme value inside the fences, never
    short of the reference values in `include` (zero, the target line, the pace line).

    A value beyond the fences is drawn whole when that keeps the bulk on at least two thirds of
    the axis (the axis grows by at most CLIP_GAIN): cutting a bar that would fit only hides its
    length (9 units, the largest 2.511 against 2.106: no outlier worth a broken bar).

    With fewer than `min_count` values nothing is an outlier. Missing values are ignored.
    """
    every = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float)
    v = every = every[np.isfinite(every)]
    if len(v) >= min_count:
        q1, q3 = np.quantile(v, [0.25, 0.75])
        spread = 1.5 * (q3 - q1)
        inside = v[(v >= q1 - spread) & (v <= q3 + spread)]
        v = inside if len(inside) else v
    refs = [float(x) for x in include if x is not None and np.isfinite(x)]
    low = min([*v.tolist(), *refs], default=0.0)
    high = max([*v.tolist(), *refs], default=1.0)
    if len(every) and high > low:
        span = high - low
        top, bottom = float(every.max()), float(every.min())
        if top > high and top - low <= CLIP_GAIN * span:
            high = top
        if bottom < low and high - bottom <= CLIP_GAIN * span:
            low = bottom
    return Bounds(float(low), float(high) if high > low else float(low) + 1.0)


OUTLIER_MARK = "⟫"  # written beside a value drawn at the edge of the axis
OUTLIER_PATTERN = dict(shape="/", fgcolor="white", size=8, solidity=0.3, fillmode="overlay")


def outlier_text(text: str) -> str:
    """The true value of a bar or point drawn at the axis edge: "2.065,2% ⟫"."""
    return f"{text} {OUTLIER_MARK}"


def add_bars(fig: go.Figure, outlier, points: dict, marker: dict, **common) -> None:
    """Add a bar trace whose `outlier` bars (already clipped to the edge in points["x"]) are a
    second, hatched trace in the same legend group and slot, so the legend swatch and the other
    bars keep their plain colour. `points` holds the per-bar arrays (x, y, text, customdata...)."""
    outlier = np.asarray(outlier, dtype=bool)
    show = common.pop("showlegend", True)
    group = common.pop("offsetgroup", None)  # grouped bars (several series) need one per series
    for beyond in (False, True):
        rows = outlier == beyond
        if beyond and not rows.any():
            continue
        picked = {k: [v for v, keep in zip(values, rows, strict=True) if keep] for k, values in points.items()}
        colour = marker.get("color")
        if isinstance(colour, (list, tuple, np.ndarray, pd.Series)):
            colour = [c for c, keep in zip(colour, rows, strict=True) if keep]
        trace_marker = {**marker, "color": colour, **({"pattern": OUTLIER_PATTERN} if beyond else {})}
        fig.add_bar(
            **picked,
            **common,
            marker=trace_marker,
            legendgroup=common.get("name"),
            offsetgroup=group,
            showlegend=show and not beyond,
        )


def curve_against_pace(daily: pd.DataFrame, pace_name: str, lang: str) -> go.Figure:
    """A cumulative count (count_submitted_cum) against a straight-line pace (pace_count_cum)."""
    fig = go.Figure()
    fig.add_scatter(
        x=daily["day"],
        y=daily["pace_count_cum"],
        name=pace_name,
        mode="lines",
        line=dict(color=OKABE_ITO["grey"], dash="dash", width=2),
        hovertemplate="%{fullData.name}: %{y:,.0f}<extra></extra>",  # unified hover: each value named
    )
    fig.add_scatter(
        x=daily["day"],
        y=daily["count_submitted_cum"],
        name=t("series_cumulative", lang),
        mode="lines",
        line=dict(color=OKABE_ITO["blue"], width=4),
        hovertemplate="%{fullData.name}: %{y:,d}<extra></extra>",
    )
    return fig


def target_line(fig: go.Figure, target: float, label_key: str, lang: str) -> None:
    """A dotted vermillion line across `fig` at `target`, labelled (`label_key` with {target}) at its left end."""
    fig.add_hline(
        y=target,
        line=dict(color=OKABE_ITO["vermillion"], width=2, dash="dot"),
        annotation_text=t(label_key, lang, target=fmt.number(target, lang)),
        annotation_position="top left",
    )


def national_curve(daily: pd.DataFrame, national_target: int, stamp: str, lang: str) -> go.Figure:
    """Cumulative updated initiatives against the straight-line pace and the national target."""
    fig = curve_against_pace(daily, t("series_pace", lang), lang)
    target_line(fig, national_target, "series_target", lang)
    base_layout(fig, t("chart_national_title", lang), stamp, lang, height=480)
    # below the plot, so it never covers the title's as-of stamp
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0))
    fig.update_xaxes(tickformat="%d/%m/%Y" if lang == "vi" else "%d %b %Y")
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig


# --- honest lengths: bars as long as their values, on linear axes from zero ---
# A value more than DWARF_RATIO times the next largest gets a panel of its own: drawn on one axis,
# the rest would be under a fifth of its length and hard to compare. Below that, one axis for all
# (Thanh Hóa's 603.500 is drawn 2,7 times as long as TP Hồ Chí Minh's 224.473, as it is).
DWARF_RATIO = 5.0
DWARF_MOST = 3  # at most this many values leave the main panel


def dwarfs(values, most: int = DWARF_MOST) -> np.ndarray:
    """Which values dwarf the rest: the fewest largest magnitudes (k <= `most`) such that the k-th
    is more than DWARF_RATIO times the next one (a unit at 50.000 among units under 10.000). None among
    fewer than 4 values, and never so many that fewer than 2 are left. Missing values never dwarf."""
    v = np.abs(np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float))
    mask = np.zeros(len(v), dtype=bool)
    finite = np.flatnonzero(np.isfinite(v))
    if len(finite) < 4:
        return mask
    order = finite[np.argsort(-v[finite], kind="stable")]
    ranked = v[order]
    for k in range(1, min(most, len(order) - 2) + 1):
        if ranked[k] > 0 and ranked[k - 1] > DWARF_RATIO * ranked[k]:
            mask[order[:k]] = True
            break
    return mask


def panel_runs(mask) -> list[tuple[list[int], bool]]:
    """The rows (in display order) of each panel: runs of rows that dwarf the rest or not. A
    board is sorted, so the dwarfs sit at its ends: at most three panels; an unsorted frame whose
    dwarfs are scattered is drawn as one panel (still linear from zero, still whole)."""
    mask = [bool(m) for m in mask]
    runs: list[tuple[list[int], bool]] = []
    for i, own in enumerate(mask):
        if runs and runs[-1][1] == own:
            runs[-1][0].append(i)
        else:
            runs.append(([i], own))
    if len(runs) > 3 or not any(own for _, own in runs):
        return [(list(range(len(mask))), False)]
    return runs


def _tick_texts(column: str, ticks, lang: str) -> list[str]:
    """Axis labels by the column's fmt rule; shares with the decimals the ticks need."""
    if fmt.format_of(column).kind == "percent":
        digits = percent_digits(ticks)
        return [fmt.percent(v, lang, digits) for v in ticks]
    if fmt.format_of(column).kind == "signed":
        return [fmt.signed(v, lang) if v else "0" for v in ticks]
    digits = 0 if all(float(v).is_integer() for v in ticks) else 1
    return [fmt.number(v, lang, digits) for v in ticks]


def honest_hbars(
    values,
    labels: list[str],
    groups: list,
    styles: dict,
    texts: list[str],
    details: list[str],
    tick_texts,
    lang: str,
    *,
    hovertemplate: str,
    bar_px: int = 34,
    pad_share: float = 0.3,
) -> go.Figure:
    """Horizontal bars, one row per value in the given order, each exactly as long as its value
    on a linear axis through zero (no clipping, no log axis). Values that dwarf the rest
    (`dwarfs`) get a panel of their own, with its own linear axis from zero, titled as such
    (`_own_scale_titles`), so the rest keep a readable length.

    `groups[i]` picks the bar's legend entry and colour from `styles` ({group: (name, colour)},
    legend order); `texts` are the values written beside the bars (formatted by fmt), `details`
    the hover's customdata; `tick_texts(ticks)` labels an axis's ticks. The figure's height is
    set from the rows (`bar_px` a row); the caller applies base_layout with it.
    """
    from plotly.subplots import make_subplots

    values = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float)
    runs = panel_runs(dwarfs(values))
    gap_px = 56  # room for an upper panel's tick labels and its title
    height = max(320, 140 + bar_px * len(values) + gap_px * (len(runs) - 1))
    fig = make_subplots(
        rows=len(runs),
        cols=1,
        row_heights=[len(rows) for rows, _ in runs],
        vertical_spacing=gap_px / max(height - 110, 1) if len(runs) > 1 else 0.0,
    )
    shown: set = set()
    own_axes: list[str] = []
    for r, (rows, own) in enumerate(runs, start=1):
        for key, (name, colour) in styles.items():
            picked = [i for i in rows if groups[i] == key]
            if not picked:
                continue
            fig.add_bar(
                x=[values[i] for i in picked],
                y=[labels[i] for i in picked],
                text=[texts[i] for i in picked],
                customdata=[details[i] for i in picked],
                orientation="h",
                name=name,
                marker=dict(color=colour),
                legendgroup=str(key),
                showlegend=key not in shown,
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=15),
                hovertemplate=hovertemplate,
                row=r,
                col=1,
            )
            shown.add(key)
        part = values[rows]
        part = part[np.isfinite(part)]
        low, high = min(0.0, float(part.min(initial=0.0))), max(0.0, float(part.max(initial=0.0)))
        pad = pad_share * ((high - low) or 1.0)  # room for the value written outside the longest bar
        ticks = nice_ticks(high, count=4, low=low) if high > low else [0.0]
        fig.update_xaxes(
            range=[low - (pad if low < 0 else 0.0), high + (pad if high > 0 or low == 0 else 0.0)],
            type="linear",
            tickmode="array",
            tickvals=ticks,
            ticktext=tick_texts(ticks),
            row=r,
            col=1,
        )
        fig.update_yaxes(categoryorder="array", categoryarray=[labels[i] for i in rows], autorange="reversed", row=r, col=1)
        if own and len(runs) > 1:
            own_axes.append(f"xaxis{r if r > 1 else ''}")
    # which axes are a panel's own scale (read by _own_scale_titles and the tests)
    fig.update_layout(height=height, meta={"own_scale_axes": own_axes, "panels": len(runs)})
    return fig


def _own_scale_titles(fig: go.Figure, lang: str) -> None:
    """Title the axis of every panel that holds values dwarfing the rest: "its own scale"."""
    for name in (fig.layout.meta or {}).get("own_scale_axes", []):
        fig.layout[name].title = dict(text=t("chart_own_scale", lang), font=dict(size=13))


# --- charts: progress (bars, tile map, unit detail) ---
STATUS_COLOURS = {
    "awaiting_review": OKABE_ITO["grey"],
    "under_review": OKABE_ITO["orange"],
    "invalid": OKABE_ITO["vermillion"],
    "valid": OKABE_ITO["sky"],
    "applied": OKABE_ITO["blue"],
    "rewarded": OKABE_ITO["green"],
}


def nice_ticks(high: float, count: int = 5, low: float = 0.0) -> list[float]:
    """Round tick values from `low` up to `high` (1, 2, 2.5 or 5 times a power of ten apart), so
    that an axis stretched for text beyond `high` shows no tick where no bar can reach."""
    span = max(high - low, 1e-12)
    raw = span / max(count, 1)
    power = 10 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= 0.75 * raw)
    first = np.ceil(low / step) * step
    return [float(round(v, 10)) + 0.0 for v in np.arange(first, high + step * 1e-9, step)]


def percent_digits(values, most: int = 3) -> int:
    """The fewest decimals (of a percent) that write every value of `values` (shares) exactly,
    up to `most`: 0 for ticks of 0%, 20%, 40%; 2 for the 0,02% steps of the portal's first hours."""
    shares = [float(v) * 100 for v in values]
    return next((d for d in range(most) if all(abs(round(v, d) - v) < 1e-9 for v in shares)), most)


def _label_positions(ends: np.ndarray, lines, axis_top: float, label_share: float = 0.3) -> np.ndarray:
    """Where a bar's value label starts: just after the bar, unless a vertical line lies within the
    label's width (about `label_share` of the axis, generous for a half-page chart), then just
    after that line, so no label is crossed by a line."""
    pad = 0.015 * axis_top
    out = np.asarray(ends, dtype=float) + pad
    for line in sorted(lines):
        crossed = (out - pad <= line + pad) & (out + label_share * axis_top >= line)
        out = np.where(crossed & (out <= line + pad), line + pad, out)
    return out


TARGET_LINE_FROM = 0.2  # the 100% line (and an axis reaching it) once a bar or the pace is a fifth of the way there


def _hover_reason(text: str, width: int = 60) -> str:
    """A status's reason sentence broken into hover lines of about `width` characters, escaped."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "<br>".join(safe.html(x) for x in [*lines, line] if x)


def _status_hover(name: str, code: str, reason: str | None, pct: float, count, target, lang: str, digits: int = 1) -> str:
    """The hover of a bar or a tile: the unit, its status and why, its share and counts."""
    why = f"<br>{_hover_reason(reason)}" if reason else ""
    return (
        f"<b>{safe.html(name)}</b><br><b>{safe.html(status.name(code, lang))}</b>{why}<br>"
        f"{fmt.percent(pct, lang, digits)} {t('prog_hover_of_registered', lang)} · "
        + t("prog_hover_counts", lang, count=fmt.number(count, lang), target=fmt.number(target, lang))
    )


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
    for code in status.ORDER:
        rows = frame["status"] == code
        if not rows.any():
            continue
        fig.add_bar(
            x=pct[rows],
            y=names[rows],
            customdata=frame.loc[rows, code_col],
            hovertext=[
                _status_hover(n, code, r, v, c, g, lang, digits)
                for n, r, v, c, g in zip(
                    frame.loc[rows, label_col],
                    reasons[rows],
                    pct[rows],
                    frame.loc[rows, "count_submitted"],
                    frame.loc[rows, "registered_target"],
                    strict=True,
                )
            ],
            marker=dict(color=status.COLORS[code]),
            orientation="h",
            name=status.name(code, lang),
            legendgroup=code,
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
    # the values: right after the bar, or right of a line that would run through the text
    fig.add_scatter(
        x=_label_positions(pct.to_numpy(), lines, axis_top),
        y=names,
        mode="text",
        text=labels,
        textposition="middle right",
        textfont=dict(size=13, color="#222"),
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
    for code in status.ORDER:
        rows = tiles[inside & (tiles["status"] == code)]
        if rows.empty:
            continue
        fig.add_scatter(
            x=rows["col"],
            y=rows["row"],
            mode="markers+text",
            customdata=rows["code"],
            marker=dict(symbol="square", size=pitch - 3, color=status.COLORS[code], line=dict(width=0)),
            text=[_tile_label(v) for v in rows["label"]],
            textfont=dict(size=font_size, color=status.TEXT_ON[code]),
            hovertext=[
                _status_hover(n, code, r, p, c, g, lang)
                for n, r, p, c, g in zip(
                    rows["name"],
                    reasons[rows.index],
                    rows["achieved_registered_pct"],
                    rows["count_submitted"],
                    rows["registered_target"],
                    strict=True,
                )
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            name=status.name(code, lang),
            legendgroup=code,
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
    fig.update_xaxes(tickformat="%d/%m/%Y" if lang == "vi" else "%d %b %Y")
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig


def unit_daily_bars(daily: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """One unit's submissions per day up to the as-of day."""
    shown = daily[daily["count_submitted_day"].notna()]
    fig = go.Figure()
    fig.add_bar(
        x=shown["day"],
        y=shown["count_submitted_day"],
        marker_color=OKABE_ITO["blue"],
        name=t("prog_series_daily", lang),
        hovertemplate="%{x|%d/%m/%Y}: %{y:,d}<extra></extra>",
    )
    base_layout(fig, t("prog_unit_daily_title", lang), stamp, lang, height=440)
    fig.update_layout(margin=dict(l=10, r=10, t=80, b=10), bargap=0.1, showlegend=False)
    fig.update_xaxes(tickformat="%d/%m/%Y" if lang == "vi" else "%d %b %Y")
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig


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
    fig.update_xaxes(range=[0, top * 1.7], tickformat=",d", showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed", tickfont=dict(size=15), automargin=True)
    return fig


def unit_grassroots_bars(top: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """One unit's grassroots unions with the most submissions, most first."""
    names = top["grassroots_union"].astype(str).map(safe.html)
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
    base_layout(fig, t("prog_unit_grassroots_title", lang), stamp, lang, height=150 + 34 * max(len(top), 3))
    top_value = float(top["count_submitted"].max()) if len(top) else 1.0
    fig.update_layout(hovermode="closest", showlegend=False, margin=dict(l=10, r=20, t=90, b=10))
    fig.update_xaxes(range=[0, top_value * 1.45], tickformat=",d", showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(categoryorder="array", categoryarray=list(names), autorange="reversed", tickfont=dict(size=14), automargin=True)
    return fig


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
        hovertemplate="%{x|%d/%m/%Y}: " + t("prog_hover_rank", lang) + " %{y}/" + str(n_units) + " · %{text}<extra></extra>",
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
    fig.update_xaxes(tickformat="%d/%m/%Y" if lang == "vi" else "%d %b %Y")
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


# --- charts: targets ---
TARGET_BAND_COLOURS = {
    "lt25": OKABE_ITO["vermillion"],
    "25_50": OKABE_ITO["orange"],
    "50_100": OKABE_ITO["sky"],
    "ge100": OKABE_ITO["blue"],
}


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
    fig = honest_hbars(
        margin,
        [safe.html(str(name)) for name in labels],
        list(below),
        {False: (t("tg_legend_over", lang), OKABE_ITO["blue"]), True: (t("tg_legend_under", lang), OKABE_ITO["vermillion"])},
        [fmt.signed(v, lang) for v in margin],
        details,
        lambda ticks: [fmt.signed(v, lang) if v else "0" for v in ticks],
        lang,
        hovertemplate="<b>%{y} %{text}</b><br>%{customdata}<extra></extra>",
        bar_px=28,
        pad_share=0.25,
    )
    base_layout(fig, t("tg_chart_margin_title", lang), stamp, lang, height=fig.layout.height)
    fig.update_layout(barmode="relative", hovermode="closest", bargap=0.25, margin=dict(l=10, r=30, t=110, b=40))
    fig.update_layout(legend=dict(y=1.0, yanchor="bottom", x=0, xanchor="left", tracegroupgap=0))
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#333", zerolinewidth=2)
    last = f"xaxis{fig.layout.meta['panels'] if fig.layout.meta['panels'] > 1 else ''}"
    fig.layout[last].title = t("tg_axis_margin", lang)
    _own_scale_titles(fig, lang)
    fig.update_yaxes(tickfont=dict(size=15), automargin=True)
    return fig


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
    base_layout(fig, title, stamp, lang, height=150 + 46 * len(order))
    # the legend under the bars: above them it would wrap into the title on a phone
    fig.update_layout(barmode="stack", hovermode="closest", margin=dict(l=10, r=10, t=80, b=10))
    fig.update_layout(legend=dict(orientation="h", y=-0.1, yanchor="top", x=0, xanchor="left", traceorder="normal", font=dict(size=15)))
    fig.update_xaxes(tickformat=",d", showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=15), automargin=True)
    return fig


# --- charts: leaderboards ---
def _wrap_label(text: str, width: int = 26) -> str:
    """Break a long axis label in two at the space nearest its middle, so that half a page still
    leaves room for the bars."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if len(text) <= width or not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "<br>" + text[cut + 1 :]


def leaderboard_bars(board: pd.DataFrame, metric: str, title: str, stamp: str, lang: str) -> go.Figure:
    """One board (top, bottom or the full ranking) as horizontal bars in board order, each in its
    unit's status colour (status.COLORS, legend in the vocabulary's order).

    `board` holds rows of leaderboard/unit_metrics with a `label` column ("1. Thanh Hóa");
    values are labelled by the metric's rule (fmt: "35.728", "15,6%" never rounded up to a
    mark, "+1.223"). Every bar is as long as its value on a linear axis from zero
    (honest_hbars): Thanh Hóa's 603.500 is drawn 2,7 times as long as TP Hồ Chí Minh's 224.473;
    only a value that dwarfs the rest (DWARF_RATIO) is drawn whole in a panel of its own.
    """
    from sangkien.campaign import status

    values = board["metric_value"].astype(float)
    texts = [fmt.by_suffix(metric, v, lang) for v in values]
    codes = [code if isinstance(code, str) else "" for code in board["status"]] if "status" in board else [""] * len(board)
    styles = {code: (status.name(code, lang), status.COLORS[code]) for code in status.ORDER if code in set(codes)}
    if "" in codes:
        styles[""] = (t("lb_status_none", lang), OKABE_ITO["grey"])
    fig = honest_hbars(
        values,
        [_wrap_label(safe.html(label)) for label in board["label"]],
        codes,
        styles,
        texts,
        [f"{text} · {styles[code][0]}" for text, code in zip(texts, codes, strict=True)],
        lambda ticks: _tick_texts(metric, ticks, lang),
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
    _own_scale_titles(fig, lang)
    fig.update_yaxes(tickfont=dict(size=15), automargin=True)
    return fig


# --- charts: watchlist ---
def watchlist_rates(units: pd.DataFrame, labels: pd.Series, band_pct: float, stamp: str, lang: str) -> go.Figure:
    """Each unit's update rate (% of its registered target) against the national average band,
    with where its size says it could be (a hollow diamond) and a line showing the gap.

    `units` comes from watchlist/unit_flags; `labels` are the names on the axis.
    """
    units = units.assign(label=labels.astype(str).map(safe.html).to_numpy()).sort_values(
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
    # each rate written left of its marker, moved left of the national line when it would cross it
    fig.add_scatter(
        x=-_label_positions(-units["achieved_registered_pct"].to_numpy(dtype=float), (-national,), edge, label_share=0.22),
        y=units["label"],
        mode="text",
        text=[
            outlier_text(fmt.percent(v, lang)) if o else fmt.percent(v, lang)
            for v, o in zip(units["true_pct"], units["is_beyond"], strict=True)
        ],
        textposition="middle left",
        textfont=dict(size=14, color="#222"),
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )
    base_layout(fig, t("wl_chart_title", lang), stamp, lang, height=max(380, 230 + 34 * len(units)))
    # the legend stacks up from the plot's top edge: the top margin leaves it room under the title
    fig.update_layout(hovermode="closest", margin=dict(l=10, r=30, t=185, b=40))
    fig.update_layout(legend=dict(y=1.0, yanchor="bottom", x=0, xanchor="left"))
    fig.update_xaxes(
        tickformat=".0%",
        title=t("wl_axis_rate", lang),
        showgrid=True,
        gridcolor="#e5e5e5",
        range=[-0.06 * edge, edge * 1.06],
        tickmode="array",
        tickvals=nice_ticks(edge),
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(units["label"]),
        autorange="reversed",
        tickfont=dict(size=15),
        automargin=True,
    )
    return fig


# --- charts: composition ---
COMPOSITION_AUTHOR_COLOURS = {"non_leader": OKABE_ITO["blue"], "leader": OKABE_ITO["orange"]}
COMPOSITION_SECTORS = ("state", "non_state", "fdi", "public_service")


def _wrap(label: str, width: int = 18) -> str:
    """Break a long axis label into lines of about `width` characters (Plotly needs <br>)."""
    lines: list[str] = []
    for word in safe.html(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def composition_sectors(rows: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """Each sector's initiatives updated as 100%: direct workers against leaders, with the shares
    written on the bars and the sector's count in its label.

    `rows` comes from composition/sector_author.
    """
    totals = rows[rows["author_group"] == "all"].set_index("sector").reindex(list(COMPOSITION_SECTORS))
    counts = totals["count_submitted"]
    names = [f"{t(f'cp_sector_{s}', lang)} · {fmt.number(n, lang)}" for s, n in zip(COMPOSITION_SECTORS, counts, strict=True)]
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
    base_layout(fig, t("cp_chart_sector_title", lang), stamp, lang, height=360)
    fig.update_layout(barmode="stack", hovermode="closest", bargap=0.3, margin=dict(l=10, r=10, t=120, b=30))
    fig.update_layout(legend=dict(y=1.0, yanchor="bottom", x=0, xanchor="left", traceorder="normal"))
    fig.update_xaxes(tickformat=".0%", range=[0, 1], showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=16), automargin=True)
    return fig


def composition_funnel(rows: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """Updated -> valid -> applied -> rewarded (cumulative events), each stage with its count and
    its share of the initiatives updated.

    `rows` comes from composition/sector_author (the all-sectors, all-authors row).
    """
    stages = ("submitted", "valid", "applied", "rewarded")
    row = rows[(rows["sector"] == "all") & (rows["author_group"] == "all")].iloc[0]
    counts = [int(row[f"count_{s}"]) for s in stages]
    texts = [fmt.number(counts[0], lang)] + [f"{fmt.number(n, lang)} · {fmt.percent(n / max(counts[0], 1), lang)}" for n in counts[1:]]
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


def composition_reward_rates(rows: pd.DataFrame, stamp: str, lang: str) -> go.Figure:
    """Reward rate (rewarded / valid) of direct workers against leaders, all sectors then each sector.

    `rows` comes from composition/sector_author.
    """
    order = ("all", *COMPOSITION_SECTORS)
    names = [_wrap(t("cp_all_sectors" if s == "all" else f"cp_sector_{s}", lang)) for s in order]
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
    base_layout(fig, t("cp_chart_reward_title", lang), stamp, lang, height=460)
    fig.update_layout(barmode="group", hovermode="closest", bargap=0.25, margin=dict(l=10, r=40, t=130, b=40))
    fig.update_layout(legend=dict(y=1.0, yanchor="bottom", x=0, xanchor="left", traceorder="normal"))
    fig.update_xaxes(tickformat=".0%", title=t("cp_axis_reward_rate", lang), showgrid=True, gridcolor="#e5e5e5", rangemode="tozero")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=15), automargin=True)
    return fig


# --- charts: meeting ---
def meeting_bars(chart, stamp: str, lang: str, height: int | None = None, font_size: int = 16, legend_on_top: bool = False) -> go.Figure:
    """A meeting block's bar chart (an export.Chart: the same numbers the PowerPoint chart gets),
    units down the side in the report's order, values printed on the bars (never shrunk below
    font_size - 2: a projector needs them readable; `legend_on_top` leaves the bars more height).

    Honest lengths: a linear axis from zero that reaches the longest bar (no bar is clipped); the
    printed values are fmt's text (99,97% never reads 100,0%). A chart with `statuses` colours each
    unit's bar by its progress status (status.COLORS, one legend entry per status drawn, in the
    vocabulary's order); its highlighted category (the nation) is grey."""
    from sangkien.campaign import status

    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"], OKABE_ITO["sky"]]
    is_pct = chart.number_format.endswith("%")
    categories = [safe.html(c) for c in chart.categories]
    fig = go.Figure()
    for k, (name, values) in enumerate(chart.series):
        values = [None if v is None or pd.isna(v) else float(v) for v in values]
        texts = [fmt.percent(v, lang) if is_pct else fmt.number(v, lang) for v in values]
        common = dict(
            orientation="h",
            textposition="outside",
            textfont=dict(size=font_size - 2),
            cliponaxis=False,
            offsetgroup=str(k),  # one slot per series: a status's trace shares its series' slot
        )
        if chart.statuses is not None:
            # one trace per status (its legend entry), then the reference (the nation) in grey
            groups = [(code, status.name(code, lang), status.COLORS[code]) for code in chart.legend()]
            groups.append((None, t("mt_nation", lang), OKABE_ITO["grey"]))
            for code, label, colour in groups:
                rows = [i for i, c in enumerate(chart.statuses) if c == code]
                if not rows:
                    continue
                fig.add_bar(
                    y=[categories[i] for i in rows],
                    x=[values[i] for i in rows],
                    text=[texts[i] for i in rows],
                    customdata=[texts[i] for i in rows],
                    marker_color=colour,
                    name=safe.html(label),
                    hovertemplate=f"%{{y}}: %{{customdata}}<extra>{safe.html(label)}</extra>",
                    **common,
                )
            continue
        colour = [colours[k % len(colours)]] * len(values)
        if chart.highlight is not None:
            colour[chart.highlight] = OKABE_ITO["grey"]
        fig.add_bar(
            y=categories,
            x=values,
            text=texts,
            customdata=texts,
            marker_color=colour,
            name=safe.html(name),
            hovertemplate=f"%{{y}}: %{{customdata}}<extra>{safe.html(name)}</extra>",
            **common,
        )
    rows = len(chart.categories) * max(1, len(chart.series))
    height = height or max(360, 140 + 28 * rows)
    base_layout(fig, chart.title, stamp, lang, height=height)
    legend_entries = len(chart.legend()) + 1 if chart.statuses is not None else len(chart.series)
    fig.update_layout(
        barmode="group",
        bargap=0.25,
        hovermode="closest",
        font=dict(FONT, size=font_size),
        showlegend=legend_entries > 1,
        # under the axis's tick labels (about 2 lines of type below the plot), never over them
        legend=dict(orientation="h", yanchor="top", y=-2.2 * font_size / max(120, height - 90), xanchor="left", x=0, traceorder="normal"),
        margin=dict(l=10, r=20, t=80, b=10),
        uniformtext=dict(minsize=font_size - 2, mode="show"),
    )
    if legend_on_top and legend_entries > 1:
        # the title pinned to the top edge, the legend's rows stacked up from the bars beneath it:
        # left to Plotly, the title sits mid-margin and a two-row legend covers its as-of line
        fig.update_layout(
            title=dict(y=1.0, yref="container", yanchor="top", pad=dict(t=34)),
            legend=dict(yanchor="bottom", y=1.0, xanchor="left", x=0),
            margin=dict(t=185),
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
        range=[0, top * 1.3],
        tickmode="array",
        tickvals=nice_ticks(top, count=4),
        tickangle=0,  # a projector's type stays level: four ticks leave room for "12.000"
        automargin=True,
    )
    return fig


GRADE_COLOURS = {"A": OKABE_ITO["green"], "B": OKABE_ITO["blue"], "C": OKABE_ITO["orange"], "D": OKABE_ITO["vermillion"]}


def emulation_rank_history(history: pd.DataFrame, title: str, stamp: str, lang: str) -> go.Figure:
    """A unit's monthly rank in its kind (1 at the top); the marker's colour is the month's grade.

    `history` holds one unit's rows of emulation/monthly_scores with a `grade_label` column. The
    x axis spans exactly the ranked months (none before the portal opened); grades are a legend,
    not text on the markers, so twenty months never crowd their labels.
    """
    fig = go.Figure()
    months = pd.to_datetime(history["month_start"])
    fig.add_scatter(
        x=months,
        y=history["rank_in_kind"],
        mode="lines",
        line=dict(color="#9a9a9a", width=3),
        hoverinfo="skip",
        showlegend=False,
    )
    for grade, colour in GRADE_COLOURS.items():
        rows = history[history["grade"] == grade]
        if rows.empty:
            continue
        fig.add_scatter(
            x=pd.to_datetime(rows["month_start"]),
            y=rows["rank_in_kind"],
            mode="markers",
            marker=dict(size=14, color=colour, line=dict(color="white", width=1)),
            name=t(f"em_grade_{grade}", lang),  # the grade itself; a row's own label (over the A quota) is in its hover
            customdata=rows[["score", "count_units_in_kind", "grade_label"]],
            hovertemplate="%{x|%m/%Y}: %{y}/%{customdata[1]} · %{customdata[0]:.1f} · %{customdata[2]}<extra></extra>",
            cliponaxis=False,
        )
    # a long unit and kind name takes two lines (base_layout breaks it; markup stays text)
    lines = _wrap(title, 70).count("<br>") + 1
    base_layout(fig, title, stamp, lang, height=420 + 24 * (lines - 1), wrap=70)
    count = int(history["count_units_in_kind"].max()) if len(history) else 1
    fig.update_yaxes(autorange=False, range=[count + 0.5, 0.5], title=t("em_axis_rank", lang), tickformat=",d", rangemode="normal")
    if len(months):
        n_months = months.dt.to_period("M").nunique()
        step = 1 if n_months <= 8 else 2 if n_months <= 14 else 3
        ticks = sorted(set(months))[::step]
        fig.update_xaxes(
            range=[months.min() - pd.Timedelta(days=12), months.max() + pd.Timedelta(days=12)],
            tickmode="array",
            tickvals=ticks,
            ticktext=[f"{m:%m/%Y}" for m in ticks],
            tickangle=0,
        )
    fig.update_layout(
        hovermode="closest",
        showlegend=True,
        margin=dict(l=10, r=20, t=80 + 24 * (lines - 1), b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, title=dict(text=t("em_col_grade", lang) + ":")),
    )
    return fig


# --- charts: import ---
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
        hovertemplate="%{x|%d/%m/%Y}: %{y:,d}<extra></extra>",
    )
    empty = daily[daily["count_submitted"] == 0]
    if len(empty):
        fig.add_scatter(
            x=empty["day"],
            y=[0] * len(empty),
            mode="markers",
            name=t("imp_chart_empty", lang),
            marker=dict(color=OKABE_ITO["vermillion"], symbol="x", size=14, line=dict(width=2)),
            hovertemplate="%{x|%d/%m/%Y}: 0<extra></extra>",
            cliponaxis=False,
        )
    base_layout(fig, t("imp_chart_title", lang), stamp, lang, height=360)
    fig.update_xaxes(tickformat="%d/%m" if lang == "vi" else "%d %b")
    fig.update_yaxes(title=t("axis_initiatives", lang))
    return fig


# --- shared built figures: every builder above, cached by its inputs (sangkien/web/figcache.py) ---
from sangkien.web import figcache  # noqa: E402

figcache.install(globals())
