"""The CSV files a page offers, captured from the page's own calls to export.download_csv, so that
page tests read back exactly the bytes a user would download."""

from __future__ import annotations

import io

import pandas as pd
from streamlit.testing.v1 import AppTest

from sangkien import export


def record(monkeypatch) -> dict[str, bytes]:
    """{file name: CSV bytes} of every download_csv call in the runs that follow."""
    made: dict[str, bytes] = {}
    real = export.download_csv

    def download_csv(frame, name, lang, labels=None, columns=None):
        made[name] = export.csv_bytes(frame, labels, columns)
        return real(frame, name, lang, labels, columns)

    # pages call export.download_csv through the module, so they pick this up
    monkeypatch.setattr(export, "download_csv", download_csv)
    return made


def read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def check_every_table(at: AppTest, made: dict[str, bytes], minute: str = "20220420-0800") -> None:
    """A CSV button under every table of the last run, each with its own ASCII name stamped with the
    as-of minute (`made` also holds the files of earlier runs, e.g. the overview before a page switch)."""
    buttons = at.get("download_button")
    assert buttons and len(buttons) >= len(at.dataframe) + len(at.table)
    keys = [b.key for b in buttons]
    assert len(set(keys)) == len(keys)  # the helper derives the widget key from the file name
    names = {f"ex_csv_{export.file_stem(name)}": name for name in made}
    for key in keys:
        assert key in names and names[key].isascii() and minute in names[key], key
