"""The project's reference data (data/*.csv): units, aliases, groups, and the alias key."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

from sangkien.core import paths

DATA_DIR = paths.DATA_DIR


def alias_key(text: str) -> str:
    """Matching key: NFC, lower case, no diacritics (đ folded by hand), single spaces."""
    s = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    s = re.sub(r"[^0-9a-z]+", " ", s.lower())
    return s.strip()


@cache
def units() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "units.csv", dtype={"province_gso_code": str, "province_2025_code": str})


def aliases() -> pd.DataFrame:
    frame = pd.read_csv(DATA_DIR / "unit_aliases.csv")
    frame["alias_key"] = frame["alias"].map(alias_key)
    return frame.drop_duplicates("alias_key")[["alias", "alias_key", "unit_code"]]


def groups() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "unit_groups.csv")


def group_meetings() -> pd.DataFrame:
    """The minute each group's meeting was held, for the groups that had one."""
    return pd.read_csv(DATA_DIR / "group_meetings.csv", parse_dates=["meeting_at"])


def group_members() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "unit_group_members.csv")
