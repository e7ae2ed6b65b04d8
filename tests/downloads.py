"""The CSV files a page offers, captured from the page's own calls to downloads.download_csv, so that
page tests read back exactly the bytes a user would download."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from sangkien.campaign import export
from sangkien.web import downloads
from tests import tables


def record(monkeypatch) -> dict[str, bytes]:
    """{file name: CSV bytes} of every download_csv call in the runs that follow."""
    made: dict[str, bytes] = {}
    real = downloads.download_csv

    def download_csv(frame, name, lang, labels=None, columns=None):
        made[name] = export.csv_bytes(frame, labels, columns, lang)
        return real(frame, name, lang, labels, columns)

    # pages call downloads.download_csv through the module, so they pick this up
    monkeypatch.setattr(downloads, "download_csv", download_csv)
    return made


# Excel's reading of a cell typed into a sheet, by the Windows region's number settings
EXCEL = {"vi": {"sep": ";", "decimal": ",", "group": "."}, "en": {"sep": ",", "decimal": ".", "group": ","}}


def excel_value(text: str, lang: str = "vi"):
    """A CSV cell as Excel set to `lang` reads it: a number (with this region's decimal mark and no
    other), a percentage ("603,5%" is 6.035), or text (anything else, "6.035" included in vi)."""
    d = re.escape(EXCEL[lang]["decimal"])
    match = re.fullmatch(rf"(-?\d+(?:{d}\d+)?)(%?)", text.strip())
    if not match:
        return text if text != "" else None
    number = float(match.group(1).replace(EXCEL[lang]["decimal"], "."))
    if match.group(2):
        return number / 100
    return int(number) if number.is_integer() and EXCEL[lang]["decimal"] not in match.group(1) else number


def read(data: bytes, lang: str = "vi") -> pd.DataFrame:
    """A downloaded CSV read the way Excel set to Vietnamese (or English) opens it: its list
    separator splits the cells and its number settings read them (see excel_value)."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=EXCEL[lang]["sep"]))
    header, body = rows[0], rows[1:]
    frame = pd.DataFrame([[excel_value(cell, lang) for cell in row] for row in body], columns=header)
    for col in frame.columns:  # whole columns of numbers become numeric, as in a sheet
        values = frame[col].dropna()
        if len(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            frame[col] = pd.to_numeric(frame[col])
    return frame


def check_every_table(at: AppTest, made: dict[str, bytes], minute: str = "20220420-0800") -> None:
    """A CSV button under every table of the last run, each with its own ASCII name stamped with the
    as-of minute (`made` also holds the files of earlier runs, e.g. the overview before a page switch)."""
    every = [b.key for b in at.get("download_button")]
    assert len(set(every)) == len(every)  # the helpers derive the widget key from the file name
    # a chart's own files (web/chart_data.py) and the page's workbook (web/page_tables.py): tests/test_chart_data.py
    keys = [key for key in every if not key.startswith(("cd_csv_", "cd_xlsx_")) and key != "pt_xlsx"]
    assert keys and len(keys) >= len(at.dataframe) + len(at.table)
    names = {f"ex_csv_{export.file_stem(name)}": name for name in made}
    for key in keys:
        assert key in names and names[key].isascii() and minute in names[key], key


def first_table_csv(at: AppTest, made: dict[str, bytes], name: str) -> pd.DataFrame:
    """Every table's CSV checked (check_every_table), then the CSV `name` read: the one of the
    first table, under the same headers as shown."""
    check_every_table(at, made)
    frame = read(made[name])
    assert list(frame.columns) == list(tables.shown(at.dataframe[0]).columns)
    return frame
