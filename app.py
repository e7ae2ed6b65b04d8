"""Entry point: page config, sign-in, the database (the demo is built on first run), filters,
navigation, and a Vietnamese error message instead of a stack trace."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import streamlit as st

from sangkien.campaign import auth
from sangkien.core.i18n import t
from sangkien.web import controls, first_run, heap, page_tables, signin, site
from sangkien.web import filters as url_filters

ROOT = Path(__file__).resolve().parent

# A server keeps what pages imported on first use out of the collection after every run
# (sangkien/web/heap.py); elsewhere this does nothing.
heap.freeze_new_modules()

# The icon is a file of the repository, so the tab shows it offline (a :material: icon would be
# fetched from a font host).
st.set_page_config(page_title="Sáng kiến", page_icon=str(ROOT / "assets" / "icon.png"), layout="wide")

if not signin.gate_reading(url_filters.url_lang()):
    st.stop()

# The navigation comes first, in the URL's language, so it reads right while the demo builds.
# The pages are sangkien/web/site.py's registry: the admin page is listed for admins only.
lang = url_filters.url_lang()
sections: dict[str, list] = {}
for entry in site.for_role(auth.current().role):
    page = st.Page(entry.file, title=t(entry.title, lang), icon=entry.icon, url_path=entry.url_path or None, default=not entry.url_path)
    sections.setdefault(t(entry.section, lang), []).append(page)
# expanded: Streamlit folds a list of more than 12 pages after the 10th behind "View more", which
# hid an admin's own pages (users, subscriptions) at the end of the list.
current = st.navigation(sections, expanded=True)

if not first_run.ensure_database():
    st.stop()

filters = url_filters.read_filters()
st.session_state[url_filters.FILTERS_KEY] = filters
controls.sidebar(filters)
signin.sidebar_account(filters.lang)
page_tables.begin()
try:
    current.run()
    # every table and chart the page drew, in one workbook (sangkien/web/page_tables.py)
    page_tables.workbook_button(current.title, filters.stamp, filters.lang, current.url_path or "tong-quan")
except Exception:
    # Visitors get a Vietnamese message without paths or versions; the details go to the log.
    # Tests set SANGKIEN_RAISE_ERRORS so that AppTest still sees the exception.
    if os.environ.get("SANGKIEN_RAISE_ERRORS"):
        raise
    logging.getLogger("sangkien").exception("page failed")
    st.error(t("err_generic", filters.lang), icon=":material/error:")
