"""Tile-grid layouts of Vietnam: one equal square per province, north at the top, the S shape kept.

The layouts are hand-placed data so neighbours stay next to each other: data/tiles_63.csv (the 63
provinces of 2022, by unit_code) and data/tiles_34.csv (the 34 provinces of the 2025 merger, by
province_2025_code). No map file and no network are needed.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pandas as pd

from sangkien.core import paths

DATA = paths.DATA_DIR
LAYOUTS = {"63": ("tiles_63.csv", "unit_code"), "34": ("tiles_34.csv", "province_2025_code")}


@cache
def _read(view: str) -> pd.DataFrame:
    name, key = LAYOUTS[view]
    frame = pd.read_csv(DATA / name, dtype={key: str, "label": str})
    return frame.rename(columns={key: "code"})


def layout(view: str) -> pd.DataFrame:
    """The layout of a view ("63" or "34"): one row per tile with code, row, col and label."""
    return _read(view).copy()


def ascii_name(text: str) -> str:
    """ "Đắk Lắk" -> "Dak Lak": the English UI writes place names without diacritics."""
    folded = str(text).replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn")


def place(view: str, frame: pd.DataFrame, code_col: str, name_col: str, lang: str = "vi") -> pd.DataFrame:
    """Every tile of the view with the progress row of its province (empty when out of scope)."""
    rows = frame.rename(columns={code_col: "code", name_col: "name"})
    placed = layout(view).merge(rows, on="code", how="left")
    if lang != "vi":
        placed["label"] = placed["label"].map(ascii_name)
    placed["name"] = placed["name"].fillna(placed["label"])
    return placed
