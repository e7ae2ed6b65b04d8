"""The words of the portal's exports, read from data/import_mapping.csv (the mapping is data).

Every word is matched on its key (sangkien.core.reference.alias_key: no diacritics, đ folded to d,
lower case, punctuation as single spaces), so "Mã sáng kiến", "MA SANG KIEN" and the NFD form
of either all match the same row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from sangkien.core.reference import DATA_DIR, alias_key

MAPPING_FILE = DATA_DIR / "import_mapping.csv"
KINDS = ("column", "ignore", "status", "sector", "boolean", "field", "unit_prefix", "totals")
IGNORE = "__ignore__"


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, tuple[str, float]]  # header key -> (field, factor)
    words: dict[str, dict[str, str]]  # kind -> word key -> canonical value
    unit_prefixes: tuple[str, ...]  # keys, longest first
    totals: frozenset[str]
    labels: dict[str, str]  # field -> its first header word, to name a missing column

    def label(self, field: str) -> str:
        return self.labels.get(field, field)

    def header(self, text: str) -> tuple[str, float] | None:
        """(field, factor) for a header cell, (IGNORE, 1) for a known column we drop, else None."""
        if text is None:
            return None
        for candidate in (str(text), re.sub(r"\([^)]*\)", " ", str(text))):
            key = _key(candidate)
            if key in self.columns:
                return self.columns[key]
        return None

    def word(self, kind: str, text: str) -> str | None:
        return self.words[kind].get(alias_key(text))

    def fields(self) -> set[str]:
        return {field for field, _ in self.columns.values() if field != IGNORE}


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return alias_key(text)  # header scanning looks at the same cells many times


@cache
def load(path: Path = MAPPING_FILE) -> Mapping:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    unknown = set(frame["kind"]) - set(KINDS)
    if unknown:
        raise ValueError(f"{path.name}: unknown kind(s) {sorted(unknown)}")
    columns: dict[str, tuple[str, float]] = {}
    words: dict[str, dict[str, str]] = {k: {} for k in ("status", "sector", "boolean", "field")}
    prefixes: set[str] = set()
    totals: set[str] = set()
    labels: dict[str, str] = {}
    for kind, target, word, factor in frame[["kind", "target", "word", "factor"]].itertuples(index=False):
        key = alias_key(word)
        if kind == "column":
            columns[key] = (target, float(factor) if factor else 1.0)
            labels.setdefault(target, word)
        elif kind == "ignore":
            columns.setdefault(key, (IGNORE, 1.0))
        elif kind == "unit_prefix":
            prefixes.add(key)
        elif kind == "totals":
            totals.add(key)
        else:
            words[kind][key] = target
    return Mapping(columns, words, tuple(sorted(prefixes, key=len, reverse=True)), frozenset(totals), labels)
