"""Download buttons for the exports of sangkien/campaign/export: the file is built only when the
button is clicked, never on every run of the page."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from sangkien.campaign import export
from sangkien.core.i18n import t


def download_csv(frame: pd.DataFrame, name: str, lang: str, labels: dict[str, str] | None = None, columns: Sequence[str] | None = None):
    """A download button for one table, to put right under it: `downloads.download_csv(frame, "top10", lang)`.

    `labels` maps column names to the headers shown on the page; `columns` picks and orders them.
    The file is written when the button is clicked, not on every run of the page.
    """
    stem = export.file_stem(name)
    return st.download_button(
        t("ex_csv", lang),
        lambda: export.csv_bytes(frame, labels, columns, lang),
        file_name=f"{stem}.csv",
        mime=export.MIME["csv"],
        key=f"ex_csv_{stem}",
        help=t("ex_csv_help", lang),
        icon=":material/download:",
        type="tertiary",
        on_click="ignore",
    )


def download_file(label: str, make: Callable[[], bytes], file_name: str, kind: str, key: str):
    """A download button whose file is built only when clicked (PowerPoint, Excel)."""
    return st.download_button(
        label, make, file_name=file_name, mime=export.MIME[kind], key=key, icon=":material/download:", on_click="ignore"
    )
