"""The campaign's published figures (data/checkpoints.toml): one copy, read by the demo builder
(sangkien/ingest/demo.py pins its counts to them) and by tests/test_checkpoints.py (which checks what
the app's queries show against them)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sangkien.core.reference import DATA_DIR

FILE = DATA_DIR / "checkpoints.toml"


@dataclass(frozen=True)
class Figure:
    id: str
    ref: str
    source: str
    as_of: datetime
    measure: str
    sentence: str
    value: float | None = None
    compare: str = "equal"  # or "more_than", "crosses" (the value is passed on the as_of day)
    unit: str | None = None  # None: the nation (or the group)
    group: str | None = None
    units: tuple[str, ...] = ()
    ranking: tuple[tuple[str, int], ...] = ()  # (unit_code, value), first place first
    rank: int | None = None
    of: int | None = None


@cache
def figures() -> dict[str, Figure]:
    """Every published figure by id, in the file's order."""
    with FILE.open("rb") as handle:
        data = tomllib.load(handle)
    found: dict[str, Figure] = {}
    for entry in data["figure"]:
        entry = dict(entry)
        entry["units"] = tuple(entry.get("units", ()))
        entry["ranking"] = tuple((row["unit"], row["value"]) for row in entry.get("ranking", ()))
        if entry["id"] in found:
            raise ValueError(f"{FILE.name}: figure {entry['id']!r} appears twice")
        found[entry["id"]] = Figure(**entry)
    return found


def figure(figure_id: str) -> Figure:
    return figures()[figure_id]


def unit_counts() -> list[Figure]:
    """The published counts of one unit's initiatives at an instant (the demo pins these)."""
    return [f for f in figures().values() if f.unit and f.measure == "count_submitted"]
