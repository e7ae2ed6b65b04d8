"""Entry point: page config, the database (the demo is built on first run), filters, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from sangkien import ui
from sangkien.i18n import t

ROOT = Path(__file__).resolve().parent

st.set_page_config(page_title="Sáng kiến", page_icon=":material/lightbulb:", layout="wide")

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

# The navigation comes first, in the URL's language, so it reads right while the demo builds.
lang = ui.url_lang()
sections: dict[str, list] = {}
for section, path, title_key, icon, url_path in PAGES:
    if (ROOT / path).exists():
        page = st.Page(path, title=t(title_key, lang), icon=icon, url_path=url_path, default=url_path is None)
        sections.setdefault(t(section, lang), []).append(page)
current = st.navigation(sections)

if not ui.ensure_database():
    st.stop()

filters = ui.read_filters()
st.session_state[ui.FILTERS_KEY] = filters
ui.sidebar(filters)
current.run()
