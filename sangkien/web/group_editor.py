"""The widgets of the custom groups' editor (the meeting page): the group's history of changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sangkien.core import fmt
from sangkien.core.i18n import t


def show_history(history, lang: str = "vi") -> None:
    """A custom group's changes (meeting/group_log) as a table: when, what, who; names as text."""
    if history.empty:
        return
    st.markdown(f"**{t('gr_history', lang)}**")
    frame = pd.DataFrame(
        {
            t("gr_col_when", lang): [fmt.moment(v.to_pydatetime(), lang) for v in history["changed_at"]],
            t("gr_col_action", lang): [t(f"gr_action_{a}", lang) for a in history["action"]],
            t("gr_col_name", lang): history["name_vi"],
            t("gr_col_units", lang): history["count_units"],
            t("gr_col_by", lang): history["changed_by"],
        }
    )
    st.dataframe(frame, hide_index=True, width="stretch", key="gr_history_table")
