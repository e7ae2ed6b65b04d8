"""Entry point: page config, the database (the demo is built on first run), filters, navigation."""

from __future__ import annotations

import streamlit as st

from sangkien import db, ui
from sangkien.i18n import t

st.set_page_config(page_title="Sáng kiến", page_icon=":material/lightbulb:", layout="wide")

if not ui.ensure_database():
    st.stop()

filters = ui.read_filters()
st.session_state[ui.FILTERS_KEY] = filters
ui.sidebar(filters)

PAGES = [
    st.Page("pages/overview.py", title=t("page_overview", filters.lang), icon=":material/dashboard:", default=True),
]
st.navigation(PAGES).run()
db.database()  # keep the reader open between reruns
