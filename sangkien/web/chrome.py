"""Page chrome: the page-wide stylesheet and script, each page's header and its empty state
before the portal opened, and lazy sections (tabs)."""

from __future__ import annotations

import streamlit as st

from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.web.filters import Filters, current_filters, set_url

# Page-wide fit and finish (one stylesheet for every page):
# - KPI cards: a label wraps instead of ending in "…", and the cards of a row are equally tall;
# - the file uploader's fixed English texts ("Upload", "200MB per file • …") are replaced, by CSS,
#   with the catalog's (Streamlit 1.67 has no setting for them);
# - the copy-link box wraps so the whole address shows;
# - phones: tighter margins, no horizontal page scroll (wide tables scroll inside their frame).
FURNITURE_CSS = """
<style>
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) { align-items: stretch; }
[data-testid="stColumn"]:has([data-testid="stMetric"]) > [data-testid="stVerticalBlock"] { height: 100%; }
[data-testid="stColumn"]:has([data-testid="stMetric"]) [data-testid="stElementContainer"]:has(> [data-testid="stMetric"]) { flex-grow: 1; }
[data-testid="stMetric"] { height: 100%; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after { content: "UPLOAD"; font-size: 1rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0 !important; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "LIMIT"; font-size: 0.875rem; }
[data-testid="stSidebar"] [data-testid="stCode"] pre { white-space: pre-wrap !important; word-break: break-all; }
[data-testid="stSidebar"] [data-testid="stCode"] code { white-space: pre-wrap !important; word-break: break-all; }
@media (max-width: 640px) {
    [data-testid="stMainBlockContainer"] { padding-left: 0.8rem !important; padding-right: 0.8rem !important; }
    [data-testid="stMain"] { overflow-x: hidden; }
    h1 { font-size: 2rem !important; }
    [data-testid="stButtonGroup"] [role="radiogroup"] { flex-wrap: wrap; }
    [data-testid="stButtonGroup"] button p { white-space: normal; }
    /* Plotly does not wrap titles: a smaller title fits a phone's width */
    [data-testid="stPlotlyChart"] .gtitle { font-size: 14px !important; }
}
</style>
"""

# The as-of date and time commit when the field loses focus; Enter should do the same. A fixed
# script (no user text), installed once per browser tab: Enter inside those fields blurs them.
ENTER_COMMITS_JS = """
<script>
if (!window.__sangkienEnterCommits) {
  window.__sangkienEnterCommits = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.closest) return;
    if (event.target.closest('[data-testid="stDateInputCalendar"]')) return;
    const target = event.target;
    // after the field's own key handling, as if the user had clicked elsewhere
    if (!target.closest('[data-testid="stDateInput"], [data-testid="stTimeInput"]')) return;
    const main = document.querySelector('[data-testid="stMain"]');
    setTimeout(() => (main ? main.focus({preventScroll: true}) : target.blur()), 0);
  }, true);
}
</script>
"""


def furniture(lang: str) -> None:
    """The page-wide stylesheet and the Enter-commits script (see FURNITURE_CSS)."""
    limit = t("upload_limit", lang, mb=fmt.number(st.get_option("server.maxUploadSize"), lang))
    css = FURNITURE_CSS.replace('"UPLOAD"', _css_string(t("upload_button", lang))).replace('"LIMIT"', _css_string(limit))
    st.html(css)  # style only: Streamlit gives it no room on the page
    # at the foot of the sidebar, where its empty box takes no room that shows
    st.sidebar.html(ENTER_COMMITS_JS, unsafe_allow_javascript=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header(filters: Filters, title_key: str) -> None:
    st.title(t(title_key, filters.lang))
    st.caption(filters.stamp + (f" · {t('demo_badge', filters.lang)}" if filters.is_demo else ""))
    for message in filters.warnings:
        st.warning(message, icon=":material/warning:")


def before_open(filters: Filters) -> bool:
    """Empty state shared by every page: an as-of minute before the portal opened."""
    if filters.opens_at is not None and filters.as_of < filters.opens_at:
        st.info(t("empty_before_open", filters.lang, open=fmt.day(filters.opens_at, filters.lang)))
        return True
    return False


def page_start(title_key: str) -> Filters:
    """The start every dashboard page shares: the filters of this run, the page's header, and
    the empty state (then nothing more: st.stop) at an as-of minute before the portal opened."""
    filters = current_filters()
    header(filters, title_key)
    if before_open(filters):
        st.stop()
    return filters


def sections(key: str, labels: list[str]) -> list:
    """Tabs whose content runs only when open: a page draws its first views and sends the
    browser the rest only when asked (`st.tabs` with an on_change callback; each tab's `.open`
    says whether to draw it). The open tab is in the URL as `tab` (its place, 1 for the first,
    which is left out), so a link opens the same tab in every language; a page is read in one
    language at a time, so the labels (part of the widget's identity) may follow it."""
    raw, current, seen = st.query_params.get("tab"), st.session_state.get(key), st.session_state.get(f"_seen_{key}")
    if current in labels and current != seen:  # opened by the session since the last run: into the link
        set_url("tab", None if current == labels[0] else str(labels.index(current) + 1))
    elif raw is not None:  # the link's tab (its place; a bad one opens the first)
        place = int(raw) if raw.isdigit() and 1 <= int(raw) <= len(labels) else 1
        if raw != str(place) or place == 1:
            set_url("tab", None)
        st.session_state[key] = labels[place - 1]
    st.session_state[f"_seen_{key}"] = st.session_state.get(key)

    def _changed() -> None:
        chosen = st.session_state.get(key)
        index = labels.index(chosen) if chosen in labels else 0
        set_url("tab", None if index == 0 else str(index + 1))

    return st.tabs(labels, key=key, on_change=_changed)
