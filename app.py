"""Entry point: page config, sign-in, the database (the demo is built on first run), filters,
navigation, and a Vietnamese error message instead of a stack trace."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import streamlit as st

from sangkien.campaign import auth
from sangkien.core.i18n import t
from sangkien.web import ui

ROOT = Path(__file__).resolve().parent

# The icon is a file of the repository, so the tab shows it offline (a :material: icon would be
# fetched from a font host).
st.set_page_config(page_title="Sáng kiến", page_icon=str(ROOT / "assets" / "icon.png"), layout="wide")

if not auth.gate_reading(ui.url_lang()):
    st.stop()

# (section, file, title key, icon, url path); a page appears once its file exists.
PAGES = [
    ("nav_follow", "pages/overview.py", "page_overview", ":material/dashboard:", None),
    ("nav_follow", "pages/progress.py", "page_progress", ":material/bar_chart:", "tien-do"),
    ("nav_follow", "pages/unit_detail.py", "page_unit_detail", ":material/location_city:", "don-vi"),
    ("nav_follow", "pages/targets.py", "page_targets", ":material/flag:", "chi-tieu"),
    ("nav_follow", "pages/leaderboards.py", "page_leaderboards", ":material/leaderboard:", "xep-hang"),
    ("nav_follow", "pages/watchlist.py", "page_watchlist", ":material/warning:", "canh-bao"),
    ("nav_follow", "pages/composition.py", "page_composition", ":material/pie_chart:", "thanh-phan"),
    ("nav_meetings", "pages/meeting.py", "page_meeting", ":material/groups:", "hoi-nghi"),
    ("nav_meetings", "pages/emulation.py", "page_emulation", ":material/military_tech:", "thi-dua"),
    ("nav_admin", "pages/import_data.py", "page_import", ":material/upload_file:", "nhap-du-lieu"),
]
# Listed for admins only (its functions check the role anyway), so not in PAGES, which every
# visitor gets and the benchmark walks.
ADMIN_PAGE = ("nav_admin", "pages/admin.py", "page_admin", ":material/manage_accounts:", "nguoi-dung")

# The navigation comes first, in the URL's language, so it reads right while the demo builds.
lang = ui.url_lang()
sections: dict[str, list] = {}
for section, path, title_key, icon, url_path in PAGES + ([ADMIN_PAGE] if auth.current().can("admin") else []):
    if (ROOT / path).exists():
        page = st.Page(path, title=t(title_key, lang), icon=icon, url_path=url_path, default=url_path is None)
        sections.setdefault(t(section, lang), []).append(page)
current = st.navigation(sections)

if not ui.ensure_database():
    st.stop()

filters = ui.read_filters()
st.session_state[ui.FILTERS_KEY] = filters
ui.sidebar(filters)
auth.sidebar_account(filters.lang)
try:
    current.run()
except Exception:
    # Visitors get a Vietnamese message without paths or versions; the details go to the log.
    # Tests set SANGKIEN_RAISE_ERRORS so that AppTest still sees the exception.
    if os.environ.get("SANGKIEN_RAISE_ERRORS"):
        raise
    logging.getLogger("sangkien").exception("page failed")
    st.error(t("err_generic", filters.lang), icon=":material/error:")
