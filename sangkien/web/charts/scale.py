"""Value axes: where they end (robust_bounds: one rule for every axis that one or two units
could squash), their round ticks, the decimals a share's ticks need, and where a value's label
starts so that no reference line crosses it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sangkien.core import fmt


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


def outlier_text(text: str) -> str:
    """The true value of a bar or point drawn at the axis edge: "2.065,2% ⟫"."""
    return f"{text} {OUTLIER_MARK}"


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


def label_positions(ends: np.ndarray, lines, axis_top: float, label_share: float = 0.3) -> np.ndarray:
    """Where a bar's value label starts: just after the bar, unless a vertical line lies within the
    label's width (about `label_share` of the axis, generous for a half-page chart), then just
    after that line, so no label is crossed by a line."""
    pad = 0.015 * axis_top
    out = np.asarray(ends, dtype=float) + pad
    for line in sorted(lines):
        crossed = (out - pad <= line + pad) & (out + label_share * axis_top >= line)
        out = np.where(crossed & (out <= line + pad), line + pad, out)
    return out


def tick_texts(column: str, ticks, lang: str) -> list[str]:
    """Axis labels by the column's fmt rule; shares with the decimals the ticks need."""
    if fmt.format_of(column).kind == "percent":
        digits = percent_digits(ticks)
        return [fmt.percent(v, lang, digits) for v in ticks]
    if fmt.format_of(column).kind == "signed":
        return [fmt.signed(v, lang) if v else "0" for v in ticks]
    digits = 0 if all(float(v).is_integer() for v in ticks) else 1
    return [fmt.number(v, lang, digits) for v in ticks]
