"""Every table and chart a page shows, gathered in one Excel workbook.

Each run of a page starts an empty list (`begin`, from app.py); tables.table and
chart_data.show_chart add what they draw (a builder of an export.Table, run only when the file is
asked for); after the page, `workbook_button` offers them all as one workbook, a sheet each,
headed by the page's title and its as-of stamp (export.xlsx_bytes: the house style)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from sangkien.campaign import export
from sangkien.core.i18n import t, t_text

KEY = "_page_tables"


def begin() -> None:
    st.session_state[KEY] = []


def add(name: str, make: Callable[[], export.Table]) -> None:
    """One sheet of the page's workbook (built when the workbook is asked for). A name met again
    in the same run (a table drawn twice) keeps its first sheet."""
    entries = st.session_state.get(KEY)
    if entries is None or any(existing == name for existing, _ in entries):
        return
    entries.append((name, make))


def workbook(entries, title: str, stamp: str, lang: str) -> bytes:
    """The workbook of `entries` ((name, builder) pairs gathered by `add`): a sheet each."""
    return export.xlsx_bytes([make() for _, make in entries], [t_text("pt_title", lang, page=title), stamp], lang)


def workbook_button(title: str, stamp: str, lang: str, stem: str) -> None:
    """The page's "all its tables in one Excel" button, when the page drew any."""
    entries = list(st.session_state.get(KEY) or [])
    if not entries:
        return
    st.divider()
    st.download_button(
        t("pt_xlsx", lang, n=len(entries)),
        lambda: workbook(entries, title, stamp, lang),
        file_name=f"{export.file_stem(stem)}.xlsx",
        mime=export.MIME["xlsx"],
        key="pt_xlsx",
        help=t("pt_xlsx_help", lang),
        icon=":material/download:",
        on_click="ignore",
    )
