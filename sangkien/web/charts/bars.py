"""Traces one per group (a status, a band) and honest bars: as long as their values, on linear
axes from zero, a value that dwarfs the rest in a panel of its own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sangkien.core.i18n import t
from sangkien.web.charts.scale import nice_ticks


def by_group(add, keys, groups: dict, columns: dict, **common) -> None:
    """One trace per group, added by `add` (fig.add_bar, fig.add_scatter) in the order of `groups`
    ({key: the trace's own properties: name, colour, legend group}), holding the rows whose entry
    in `keys` is that key, in row order; a group without rows adds no trace (and no legend entry).
    `columns` are the values per row (x, y, text, customdata...): a pandas Series is picked as a
    Series, anything else as a list. `common` goes to every trace."""
    keys = list(keys)
    for key, own in groups.items():
        rows = [k == key for k in keys]
        if not any(rows):
            continue
        add(**{name: _pick(values, rows) for name, values in columns.items()}, **own, **common)


def _pick(values, rows: list[bool]):
    if isinstance(values, pd.Series):
        return values[np.asarray(rows, dtype=bool)]
    return [v for v, keep in zip(values, rows, strict=True) if keep]


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
    text_size: int = 15,
    tick_count: int = 4,
    tick_gap: float = 0.0,
) -> go.Figure:
    """Horizontal bars, one row per value in the given order, each exactly as long as its value
    on a linear axis through zero (no clipping, no log axis). Values that dwarf the rest
    (`dwarfs`) get a panel of their own, with its own linear axis from zero, titled as such
    (`own_scale_titles`), so the rest keep a readable length.

    `groups[i]` picks the bar's legend entry and colour from `styles` ({group: (name, colour)},
    legend order); `texts` are the values written beside the bars (formatted by fmt), `details`
    the hover's customdata; `tick_texts(ticks)` labels an axis's ticks (about `tick_count` of
    them, none nearer its neighbour than `tick_gap` of the drawn axis: a phone's narrow plot keeps
    its tick labels level and apart). `pad_share` of the span is left beyond each end for the values written there
    (`text_size` px type). The figure's height is set from the rows (`bar_px` a row); the
    caller applies base_layout with it.
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
        by_group(
            fig.add_bar,
            [groups[i] for i in rows],
            {
                key: dict(name=name, marker=dict(color=colour), legendgroup=str(key), showlegend=key not in shown)
                for key, (name, colour) in styles.items()
            },
            {
                "x": [values[i] for i in rows],
                "y": [labels[i] for i in rows],
                "text": [texts[i] for i in rows],
                "customdata": [details[i] for i in rows],
            },
            orientation="h",
            textposition="outside",
            cliponaxis=False,
            textfont=dict(size=text_size),
            hovertemplate=hovertemplate,
            row=r,
            col=1,
        )
        shown |= {key for key in styles if key in {groups[i] for i in rows}}
        part = values[rows]
        part = part[np.isfinite(part)]
        low, high = min(0.0, float(part.min(initial=0.0))), max(0.0, float(part.max(initial=0.0)))
        pad = pad_share * ((high - low) or 1.0)  # room for the value written outside the longest bar
        ticks = nice_ticks(high, count=tick_count, low=low) if high > low else [0.0]
        drawn = [low - (pad if low < 0 else 0.0), high + (pad if high > 0 or low == 0 else 0.0)]
        ticks = spread(ticks, tick_gap * (drawn[1] - drawn[0]))
        fig.update_xaxes(
            range=drawn,
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
    # which axes are a panel's own scale (read by own_scale_titles and the tests)
    fig.update_layout(height=height, meta={"own_scale_axes": own_axes, "panels": len(runs)})
    return fig


def spread(ticks: list[float], gap: float) -> list[float]:
    """The ticks kept from zero outwards, each at least `gap` from the last kept (zero always)."""
    kept = [0.0] if 0.0 in ticks else []
    for side in (sorted(v for v in ticks if v > 0), sorted((v for v in ticks if v < 0), reverse=True)):
        last = 0.0 if kept else None
        for v in side:
            if last is None or abs(v - last) >= gap:
                kept.append(v)
                last = v
    return sorted(kept)


def own_scale_titles(fig: go.Figure, lang: str) -> None:
    """Title the axis of every panel that holds values dwarfing the rest: "its own scale"."""
    for name in (fig.layout.meta or {}).get("own_scale_axes", []):
        fig.layout[name].title = dict(text=t("chart_own_scale", lang), font=dict(size=13))
