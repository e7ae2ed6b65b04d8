"""Deterministic demo database: the 2022 campaign as the Confederation reported it.

The published figures (seed article and later reports, data/checkpoints.toml) are pinned as
cumulative counts of units at a few instants ("knots"); everything between knots is a plausible
shape (weekday rhythm, Tết dip, deadline surges, unit-specific pace). Rows are generated inside DuckDB
(sangkien/sql/demo/); Python only computes the small unit x day count matrix.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from sangkien.core import reference
from sangkien.core.checkpoints import figure, figures
from sangkien.ingest.demo_data import (
    AT_NATIONAL_RATE,
    AWAY_FROM_NATIONAL_RATE,
    CAMPAIGN,
    CAMPAIGN_ID,
    CLOSES_AT,
    DEFAULT_ROWS,
    DEFAULT_SEED,
    EARLY_LEADER_SHARE,
    FINAL_RATIO_KIND,
    FINAL_RATIO_MEDIAN,
    FINAL_RATIO_RANGE,
    FINAL_RATIO_SIGMA,
    GROUP_REST,
    KNOTS,
    NATIONAL,
    OPENS_AT,
    PINNED,
    REGISTERED_SHAPE,
    REGISTERED_TOTAL,
    REVIEW_PINS,
    TIMING_SIGMA,
    TOP10_CAP,
    TQ_RANK,
    day_shape,
    field_case,
    grassroots_sql,
)
from sangkien.storage import store
from sangkien.storage.sqlfiles import sql


@dataclass
class DemoResult:
    path: Path
    rows: int
    seconds: float
    size_bytes: int


def apportion(total: int, weights: np.ndarray, caps: np.ndarray | None = None) -> np.ndarray:
    """Split an integer total by weights (largest remainder), respecting optional caps."""
    weights = np.asarray(weights, dtype=float)
    out = np.zeros(len(weights), dtype=np.int64)
    free = np.ones(len(weights), dtype=bool)
    remaining = int(total)
    for _ in range(len(weights) + 1):
        w = np.where(free, weights, 0.0)
        q = remaining * w / w.sum()
        base = np.floor(q).astype(np.int64)
        rest = remaining - int(base.sum())
        order = np.argsort(-(q - base), kind="stable")
        base[order[:rest]] += 1
        if caps is None:
            return out + base
        over = free & (out + base > caps)
        if not over.any():
            return out + base
        out[over] = caps[over]
        free &= ~over
        remaining = int(total - out.sum())
    raise ValueError("caps too tight for the total")


def _targets(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    guideline = (units["members_estimate"] * CAMPAIGN["guideline_ratio"]).round().astype(int)
    # Small units tend to register above the guideline, the largest well below it.
    small = units["members_estimate"].to_numpy() < 150_000
    factor = np.where(small, rng.uniform(0.9, 1.5, len(units)), rng.uniform(0.5, 0.95, len(units)))
    registered = ((guideline * factor / 10).round() * 10).to_numpy(dtype=float, copy=True)
    fixed = _registered(dict(zip(units["unit_code"], guideline, strict=True)))
    # an early leader registered enough that its published 20/4 count is a plausible share of it
    share = rng.uniform(*EARLY_LEADER_SHARE, len(units))
    for i, code in enumerate(units["unit_code"]):
        early = PINNED.get(code, [None])[0]
        if early is not None and code not in fixed and early / share[i] > registered[i]:
            fixed[code] = int(np.ceil(early / share[i] / 10) * 10)
    pinned = units["unit_code"].isin(fixed).to_numpy()
    free_total = REGISTERED_TOTAL - sum(fixed.values())
    registered[~pinned] = (registered[~pinned] * free_total / registered[~pinned].sum() / 10).round() * 10
    registered[pinned] = units.loc[pinned, "unit_code"].map(fixed).to_numpy()
    largest = np.where(~pinned, registered, -1).argmax()
    registered[largest] += REGISTERED_TOTAL - registered.sum()
    days = rng.integers(2, 66, len(units))
    return pd.DataFrame(
        {
            "campaign_id": CAMPAIGN_ID,
            "unit_code": units["unit_code"],
            "registered_target": registered.astype(int),
            "guideline_target": guideline,
            "registered_at": [datetime(2022, 1, 10, 9, 0) + timedelta(days=int(d)) for d in days],
        }
    )


def _registered(guideline: dict[str, int]) -> dict[str, int]:
    """Registered targets fixed by the checkpoints and REGISTERED_SHAPE (unit code -> target)."""
    fixed = dict(REGISTERED_SHAPE)
    for f in figures().values():
        if f.unit and f.measure == "registered_target":
            fixed[f.unit] = int(f.value)
        elif f.unit and f.measure == "registered_minus_guideline":
            fixed[f.unit] = int(guideline[f.unit]) + int(f.value)
    group = figure("group_registered")
    members = reference.group_members().query("group_id == @group.group")["unit_code"]
    fixed[GROUP_REST] = int(group.value) - sum(fixed[code] for code in members if code != GROUP_REST)
    return fixed


def _final_ratios(units: pd.DataFrame, reg: np.ndarray, free: np.ndarray, free_total: float, rng: np.random.Generator) -> np.ndarray:
    """Each unit's count at the close / its registered target (FINAL_RATIO_*), the free units'
    scaled together (within the range) so that they make up `free_total`."""
    low, high = FINAL_RATIO_RANGE
    kind = units["kind"].map(FINAL_RATIO_KIND).to_numpy()
    ratio = np.clip(FINAL_RATIO_MEDIAN * np.exp(rng.normal(0, FINAL_RATIO_SIGMA, len(units))) * kind, low, high)
    for _ in range(20):
        ratio[free] = np.clip(ratio[free] * free_total / (reg[free] * ratio[free]).sum(), low, high)
    return ratio


def _knot_values(units: pd.DataFrame, targets: pd.DataFrame, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Cumulative count per unit (rows) at each knot (columns).

    Pinned counts are set; the rest of the nation's count at each knot is shared among the other
    units by how far each is from where its own curve wants to be: its final ratio of its target
    (_final_ratios) times the nation's share of its final count at that knot, raised to the
    unit's timing power. Nobody passes FINAL_RATIO_RANGE's top.
    """
    n, k = len(units), len(KNOTS)
    codes = units["unit_code"].tolist()
    idx = {c: i for i, c in enumerate(codes)}
    reg = targets["registered_target"].to_numpy(dtype=float)
    values = np.zeros((n, k + 1), dtype=np.int64)  # column 0 is the opening (0)
    national = [round(v * scale) for v in NATIONAL]
    pins = {c: [None if v is None else round(v * scale) for v in p] for c, p in PINNED.items()}
    rate = NATIONAL[0] / reg.sum()
    for code, f in {**AT_NATIONAL_RATE, **AWAY_FROM_NATIONAL_RATE}.items():
        pins.setdefault(code, [None] * k)[0] = round(reg[idx[code]] * rate * f * scale)
    free_at_close = np.array([pins.get(c, [None] * k)[-1] is None for c in codes])
    pinned_at_close = sum(p[-1] for p in pins.values() if p[-1] is not None)
    ratio = _final_ratios(units, reg, free_at_close, national[-1] - pinned_at_close, rng)
    timing = np.exp(rng.normal(0, TIMING_SIGMA, n))
    wobble = np.exp(rng.normal(0, 0.1, (n, k)))
    national_share = np.array(NATIONAL, dtype=float) / NATIONAL[-1]
    wanted = scale * reg[:, None] * ratio[:, None] * national_share[None, :] ** timing[:, None]
    ceiling = np.floor(scale * reg * FINAL_RATIO_RANGE[1]).astype(np.int64)
    for j in range(k):
        pinned = np.zeros(n, dtype=bool)
        for code, p in pins.items():
            if p[j] is not None:
                values[idx[code], j + 1] = p[j]
                pinned[idx[code]] = True
        prev = values[:, j]
        rest = national[j] - int(values[pinned, j + 1].sum()) - int(prev[~pinned].sum())
        gap = np.maximum(wanted[~pinned, j] - prev[~pinned], 0) * wobble[~pinned, j] + 1e-3 * scale * reg[~pinned]
        caps = np.maximum(ceiling[~pinned] - prev[~pinned], 0)
        if j == 0:
            caps = np.minimum(caps, np.floor(rng.uniform(0.8, 0.99, (~pinned).sum()) * TOP10_CAP * scale))
        if scale == 1.0 and j in (TQ_RANK[1] - 1, TQ_RANK[1]):
            caps = np.minimum(caps, _rank_caps(values[:, j + 1], prev, wanted[:, j], pinned, idx[TQ_RANK[0]], TQ_RANK[2])[~pinned])
        values[~pinned, j + 1] = prev[~pinned] + apportion(rest, gap, caps)
        if j == TQ_RANK[1] and scale == 1.0:
            _fix_rank(values[:, j + 1], values[:, j], idx[TQ_RANK[0]], TQ_RANK[2], pinned)
    if (np.diff(values, axis=1) < 0).any():
        bad = [codes[i] for i in np.where((np.diff(values, axis=1) < 0).any(axis=1))[0]]
        raise AssertionError(f"demo knots not monotone for {bad}: {values[[codes.index(b) for b in bad]]}")
    return values


def _rank_caps(col: np.ndarray, prev: np.ndarray, wanted: np.ndarray, pinned: np.ndarray, unit: int, rank: int) -> np.ndarray:
    """Caps on the free units' growth that leave at most rank-1 units above `unit` (whose value
    at this knot is pinned in `col`): those already above it, the pinned ones above it, then the
    units whose curves want most; the others stay below it."""
    value = col[unit]
    forced = [i for i in range(len(col)) if i != unit and ((pinned[i] and col[i] > value) or (not pinned[i] and prev[i] >= value - 10))]
    if len(forced) > rank - 1:
        raise AssertionError(f"{len(forced)} units already above the rank-{rank} unit")
    rest = [i for i in np.argsort(-wanted, kind="stable") if i != unit and i not in forced and not pinned[i]]
    above = set(forced) | set(rest[: rank - 1 - len(forced)])
    caps = np.full(len(col), np.iinfo(np.int64).max // 4, dtype=np.int64)
    for i in range(len(col)):
        if i != unit and i not in above and not pinned[i]:
            caps[i] = max(value - 10 - prev[i], 0)
    return caps


def _fix_rank(col: np.ndarray, prev: np.ndarray, unit: int, rank: int, pinned: np.ndarray) -> None:
    """Move counts so that exactly rank-1 units are above `unit` and none ties it.

    What the moved units gain or lose is balanced by the units that grew most in the interval.
    """
    value = col[unit]
    others = [i for i in np.argsort(-col, kind="stable") if i != unit]
    above, below = others[: rank - 1], others[rank - 1 :]
    balance = 0
    changed = set()
    for i in above:
        if col[i] <= value and not pinned[i]:
            delta = value + 7 + (i % 40) - col[i]
            col[i] += delta
            balance -= delta
            changed.add(i)
    for i in below:
        if col[i] >= value and not pinned[i]:
            new = max(prev[i], value - 9 - (i % 60))
            balance += col[i] - new
            col[i] = new
            changed.add(i)
    donors = [i for i in np.argsort(-(col - prev), kind="stable") if not pinned[i] and i not in changed and i != unit]
    for i in donors:
        if balance == 0:
            break
        room = int(col[i] - prev[i]) if balance < 0 else 10**9
        step = max(-room, balance) if balance < 0 else balance
        col[i] += step
        balance -= step


def _slots() -> pd.DataFrame:
    """Day slots of the campaign; a day holding a knot at a minute other than 23:59 splits."""
    rows = []
    day = OPENS_AT.date()
    splits = {k.date(): k for k in KNOTS if (k.hour, k.minute) != (23, 59)}
    while day <= CLOSES_AT.date():
        start = datetime.combine(day, datetime.min.time())
        if day in splits:
            cut = splits[day]
            first = int((cut - start).total_seconds() // 60) + 1
            rows.append((day, start, first, False, 0.12))
            rows.append((day, cut + timedelta(minutes=1), 1440 - first, False, 0.88))
        else:
            rows.append((day, start, 1440, True, 1.0))
        day += timedelta(days=1)
    slots = pd.DataFrame(rows, columns=["day", "first_ts", "n_minutes", "full_day", "fraction"])
    slots["last_ts"] = slots["first_ts"] + pd.to_timedelta(slots["n_minutes"] - 1, unit="min")
    slots["knot"] = np.searchsorted(np.array(KNOTS, dtype="datetime64[ns]"), slots["last_ts"].to_numpy(), side="left")
    slots["shape"] = [day_shape(d) for d in slots["day"]] * slots["fraction"]
    return slots


def _slot_counts(units: pd.DataFrame, values: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    slots = _slots()
    n = len(units)
    noise = np.exp(rng.normal(0, 0.35, (n, len(slots))))
    tilt = rng.uniform(-0.8, 0.8, n)
    counts = np.zeros((n, len(slots)), dtype=np.int64)
    for j in range(len(KNOTS)):
        cols = np.where(slots["knot"].to_numpy() == j)[0]
        x = np.linspace(0, 1, len(cols)) if len(cols) > 1 else np.array([0.5])
        w = slots["shape"].to_numpy()[cols][None, :] * noise[:, cols] * (1 + tilt[:, None] * (x[None, :] - 0.5))
        cum = np.cumsum(w, axis=1) / w.sum(axis=1, keepdims=True)
        cum[:, -1] = 1.0
        delta = (values[:, j + 1] - values[:, j])[:, None]
        target = np.floor(delta * cum + 1e-9).astype(np.int64)
        counts[:, cols] = np.diff(np.concatenate([np.zeros((n, 1), dtype=np.int64), target], axis=1), axis=1)
    frame = pd.DataFrame(counts, columns=range(len(slots)))
    frame["unit_code"] = units["unit_code"].to_numpy()
    long = frame.melt(id_vars="unit_code", var_name="slot", value_name="n")
    long = long[long["n"] > 0]
    return long.merge(slots[["first_ts", "n_minutes", "full_day"]], left_on="slot", right_index=True).drop(columns="slot")


def _unit_params(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(units)
    industrial = {"74", "75", "79", "77", "72", "70", "80", "27", "24", "30", "31", "26", "19", "33", "35", "22"}
    mixes = []
    for kind, gso in zip(units["kind"], units["province_gso_code"].fillna(""), strict=False):
        if kind == "sector":
            mix = [0.45, 0.05, 0.0, 0.50]
        elif kind == "corporation":
            mix = [0.88, 0.09, 0.03, 0.0]
        elif gso in industrial:
            mix = [0.14, 0.30, 0.36, 0.20]
        else:
            mix = [0.20, 0.27, 0.08, 0.45]
        m = np.array(mix) * rng.uniform(0.7, 1.3, 4)
        mixes.append(np.cumsum(m / m.sum()))
    mixes = np.array(mixes)
    return pd.DataFrame(
        {
            "unit_code": units["unit_code"],
            "leader_share": rng.uniform(0.08, 0.32, n),
            "cut_state": mixes[:, 0],
            "cut_non_state": mixes[:, 1],
            "cut_fdi": mixes[:, 2],
            "invalid_rate": rng.uniform(0.02, 0.10, n),
            "review_days": rng.uniform(4, 30, n),
            "apply_rate": rng.uniform(0.45, 0.85, n),
            "n_grassroots": np.maximum(20, (units["members_estimate"] / 180).astype(int)),
            # a province's grassroots unions carry its name; a sector's or corporation's do not
            "grassroots_place": np.where(units["kind"] == "province", units["short_vi"], ""),
            "grassroots_sector": units["name_vi"].str.removeprefix("Công đoàn ").str.removesuffix(" Việt Nam"),
        }
    )


# Share of the build's time done when each stage starts, measured on the 2-core reference machine
# (default size); the first run's progress bar shows these and estimates the rest from them.
STAGE_DONE = {
    "knots": 0.0,
    "rows": 0.01,
    "submissions": 0.11,
    "statuses": 0.34,
    "rollups": 0.37,
    "events": 0.37,
    "rollup_day": 0.64,
    "rollup_cum": 0.72,
    "stats": 0.98,
    "checkpoint": 0.99,
}


def build(path: Path, rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, progress=None) -> DemoResult:
    """Build the demo database at `path` (replacing it) and return what was built."""
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    rng = np.random.default_rng(20220420)  # the shape of the campaign is fixed; `seed` varies rows
    units = reference.units()
    targets = _targets(units, rng)
    scale = rows / DEFAULT_ROWS
    values = _knot_values(units, targets, scale, rng)
    say("knots")
    slot_counts = _slot_counts(units, values, rng)
    params = _unit_params(units, rng)
    path = Path(path)
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    con.execute("set enable_progress_bar = false")
    try:
        store.create_schema(con)
        store.load_reference(con)
        con.execute(
            "insert into campaigns values ($campaign_id, $name_vi, $name_en, $opens_at, $closes_at, $national_target, $guideline_ratio, $is_demo)",
            CAMPAIGN,
        )
        con.register("targets_df", targets)
        con.execute("insert into targets select * from targets_df")
        con.register("slot_counts_df", slot_counts)
        con.execute("create temp table slot_counts as select * from slot_counts_df")
        con.register("params_df", params)
        con.execute("create temp table demo_unit_params as select * from params_df")
        say("rows")
        con.execute(grassroots_sql())
        con.execute(sql("demo/generate_rows").replace("$seed", str(int(seed))))
        say("submissions")
        con.execute(
            sql("demo/submissions").format(field_case=field_case()),
            {"closes_at": CLOSES_AT, "campaign_id": CAMPAIGN_ID},
        )
        say("statuses")
        for unit, at, valid in REVIEW_PINS if scale == 1.0 else []:
            con.execute(sql("demo/review_pin"), {"unit": unit, "at": at, "valid": valid})
        con.execute(sql("demo/statuses"))
        con.execute("drop table raw")
        say("rollups")
        store.refresh_derived(con, source="demo", extra={"demo_seed": str(seed), "demo_rows": str(rows)}, progress=say)
        say("checkpoint")
        con.execute("checkpoint")
        count = con.execute("select count(*) from submissions").fetchone()[0]
    finally:
        con.close()
    tmp.replace(path)
    return DemoResult(path, count, time.perf_counter() - started, path.stat().st_size)
