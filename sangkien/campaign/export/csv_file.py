"""CSV files for Excel in the reader's language, or plain for programs."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sangkien.campaign.export.tables import Table, missing, neutralise, py_value


def _cell(value):
    return neutralise(py_value(value))


# How Excel reads a CSV depends on the Windows region: set to Vietnamese, the list separator is
# ";" and the decimal mark ",", so "6.035" (a share) would read as 6035. Downloads are written for
# the reader's language: Vietnamese files use ";" and "," (603,5%), English ones "," and ".".
# Percent columns (*_pct) carry a "%" so Excel keeps them as percentages; no thousands separators.
CSV_DIALECT = {"vi": (";", ","), "en": (",", ".")}


def _csv_number(value, decimal: str, percent: bool):
    if missing(value) or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if percent:
        text = f"{value * 100:.4f}".rstrip("0").rstrip(".") + "%"
    elif isinstance(value, int) or float(value).is_integer():
        text = str(int(value))
    else:
        text = repr(float(value))
    return text.replace(".", decimal)


def csv_bytes(
    frame: pd.DataFrame, labels: dict[str, str] | None = None, columns: Sequence[str] | None = None, lang: str | None = None
) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Vietnamese). With a `lang`, written for Excel
    in that language (CSV_DIALECT); without one, plain comma-separated raw numbers for programs."""
    columns = list(columns) if columns is not None else list(frame.columns)
    out = frame[columns].copy()
    sep, decimal = CSV_DIALECT.get(lang or "", (",", "."))
    for col in columns:
        if pd.api.types.is_bool_dtype(out[col]) or not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(_cell)
        elif lang is not None:
            out[col] = [_csv_number(py_value(v), decimal, col.endswith("_pct")) for v in out[col]]
    out.columns = [neutralise((labels or {}).get(c, c)) for c in columns]
    return out.to_csv(index=False, sep=sep, lineterminator="\r\n", date_format="%Y-%m-%d %H:%M").encode("utf-8-sig")


def table_csv(table: Table, lang: str | None = None) -> bytes:
    return csv_bytes(table.frame, dict(table.columns), [c for c, _ in table.columns], lang)
