"""Shared page furniture: URL-backed filters, the sidebar, headers, and formatted tables.

The URL is the source of truth for every filter (keys: campaign, as_of, kind, group, unit,
lang, provinces). Widgets write to the URL in their on_change callbacks; every run reads the
URL back, validates it, and says clearly when a value was rejected.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from time import monotonic, sleep

import pandas as pd
import streamlit as st

from sangkien.core import fmt, i18n, safe
from sangkien.core.i18n import CATALOG, LANGS, t
from sangkien.storage import db
from sangkien.web import figcache

URL_KEYS = ("campaign", "as_of", "kind", "group", "unit", "lang", "provinces", "measure")
KINDS = ("all", "province", "sector", "corporation")
AS_OF_FORMAT = "%Y-%m-%dT%H:%M"
STATE_KEY = "_filters_url"
# An as-of minute may sit before the campaign opened (each page's empty state) up to this long;
# earlier, or after the campaign closed, it is clamped with a message.
AS_OF_BEFORE_OPEN = timedelta(days=365)
FILTERS_KEY = "_filters"


@dataclass(frozen=True)
class Filters:
    campaign_id: str
    as_of: datetime
    lang: str = "vi"
    kind: str = "all"
    group: str | None = None
    unit: str | None = None
    provinces: str = "63"
    latest: datetime | None = None
    is_demo: bool = False
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def params(self) -> dict:
        """The parameters every named query takes."""
        return {"campaign_id": self.campaign_id, "as_of": self.as_of}

    @property
    def stamp(self) -> str:
        return fmt.stamp(self.as_of, self.lang)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)


def _url_values() -> dict[str, str]:
    values = {k: v for k, v in st.query_params.to_dict().items() if k in URL_KEYS}
    if not values and STATE_KEY in st.session_state:
        # st.navigation drops the query string on a page switch: restore the last view.
        values = dict(st.session_state[STATE_KEY])
        for key, value in values.items():
            st.query_params[key] = value
    st.session_state[STATE_KEY] = values
    return values


def url_lang() -> str:
    """The language the URL asks for (read before the database is open; validated later)."""
    lang = _url_values().get("lang", "vi")
    return lang if lang in LANGS else "vi"


def _minute(value) -> datetime:
    return pd.Timestamp(value).to_pydatetime().replace(second=0, microsecond=0)


def read_filters() -> Filters:
    """Parse and validate the URL into Filters; rejected values fall back with a message."""
    raw = _url_values()
    lang = raw.get("lang", "vi")
    problems: list[str] = []

    def reject(key: str, reason: str) -> None:
        problems.append(t("bad_param", lang, param=key, value=shown_value(raw.get(key, "")), reason=reason))
        st.query_params.pop(key, None)

    if lang not in LANGS:
        reject("lang", t("reason_choice", "vi", choices=", ".join(LANGS)))
        lang = "vi"
    campaigns = db.run("meta/campaigns")
    ids = campaigns["campaign_id"].tolist()
    campaign_id = raw.get("campaign", ids[0] if ids else "")
    if ids and campaign_id not in ids:
        reject("campaign", t("reason_choice", lang, choices=", ".join(ids)))
        campaign_id = ids[0]
    row = campaigns[campaigns["campaign_id"] == campaign_id].iloc[0] if ids else None
    latest = (
        _minute(row["last_event_at"])
        if row is not None and pd.notna(row["last_event_at"])
        else datetime.now().replace(second=0, microsecond=0)
    )
    as_of = latest
    if "as_of" in raw:
        try:
            as_of = datetime.strptime(raw["as_of"], AS_OF_FORMAT)
        except ValueError:
            reject("as_of", t("reason_as_of", lang))
    if row is not None and "as_of" in raw and as_of != latest:
        as_of = _clamp_as_of(
            as_of, _minute(row["opens_at"]), _minute(row["closes_at"]) if pd.notna(row["closes_at"]) else None, lang, problems
        )
    kind = raw.get("kind", "all")
    if kind not in KINDS:
        reject("kind", t("reason_choice", lang, choices=", ".join(KINDS)))
        kind = "all"
    provinces = raw.get("provinces", "63")
    if provinces not in ("63", "34"):
        reject("provinces", t("reason_choice", lang, choices="63, 34"))
        provinces = "63"
    group = raw.get("group")
    if group is not None:
        groups = db.run("meta/groups")
        if group not in set(groups["group_id"]):
            reject("group", t("reason_choice", lang, choices=", ".join(groups["group_id"][:8]) + ", …"))
            group = None
    unit = raw.get("unit")
    if unit is not None:
        units = db.run("meta/units")
        if unit not in set(units["unit_code"]):
            reject("unit", t("reason_choice", lang, choices="LDLD-01, LDLD-38, CDN-GD, …"))
            unit = None
    return Filters(
        campaign_id=campaign_id,
        as_of=as_of,
        lang=lang,
        kind=kind,
        group=group,
        unit=unit,
        provinces=provinces,
        latest=latest,
        is_demo=bool(row["is_demo"]) if row is not None else False,
        opens_at=_minute(row["opens_at"]) if row is not None else None,
        closes_at=_minute(row["closes_at"]) if row is not None else None,
        warnings=tuple(problems),
    )


def shown_value(value: str, limit: int = 80) -> str:
    """A URL value inside a message: as text (never a link or markup), cut to `limit` characters."""
    text = safe.plain(value)
    return safe.md(text if len(text) <= limit else text[:limit] + "…")


def _clamp_as_of(as_of: datetime, opens: datetime, closes: datetime | None, lang: str, problems: list[str]) -> datetime:
    """The as-of minute within [opens - AS_OF_BEFORE_OPEN, closes]; a message when it moved."""
    low, high = opens - AS_OF_BEFORE_OPEN, closes or datetime.max
    shown = opens if as_of < low else high if as_of > high else as_of
    if shown != as_of:
        problems.append(
            t(
                "as_of_clamped",
                lang,
                value=shown_value(as_of.strftime("%d/%m/%Y %H:%M")),
                opens=fmt.moment(opens, lang),
                closes=fmt.moment(closes, lang) if closes else "…",
                shown=fmt.moment(shown, lang),
            )
        )
        st.query_params["as_of"] = shown.strftime(AS_OF_FORMAT)
    return shown


def _set_url(key: str, value: str | None) -> None:
    if value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    st.session_state[STATE_KEY] = {k: v for k, v in st.query_params.to_dict().items() if k in URL_KEYS}


def _on_as_of() -> None:
    d, tm = st.session_state["w_as_of_date"], st.session_state["w_as_of_time"]
    _set_url("as_of", datetime.combine(d, tm).strftime(AS_OF_FORMAT))


def _on_choice(url_key: str, widget_key: str) -> None:
    _set_url(url_key, st.session_state[widget_key])


def _on_latest() -> None:
    _set_url("as_of", None)


def set_as_of(moment: datetime) -> None:
    """Move the as-of minute (a callback for controls that carry a moment, e.g. a meeting)."""
    _set_url("as_of", moment.strftime(AS_OF_FORMAT))


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
    from streamlit import config

    limit = t("upload_limit", lang, mb=fmt.number(config.get_option("server.maxUploadSize"), lang))
    css = FURNITURE_CSS.replace('"UPLOAD"', _css_string(t("upload_button", lang))).replace('"LIMIT"', _css_string(limit))
    st.html(css)  # style only: Streamlit gives it no room on the page
    # at the foot of the sidebar, where its empty box takes no room that shows
    st.sidebar.html(ENTER_COMMITS_JS, unsafe_allow_javascript=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sidebar(filters: Filters) -> None:
    """Campaign, as-of minute, language and the data freshness line."""
    lang = filters.lang
    campaigns = db.run("meta/campaigns")
    names = dict(zip(campaigns["campaign_id"], campaigns[i18n.name_col(lang)], strict=False))
    side = st.sidebar
    st.session_state["w_lang"] = lang
    side.radio(
        t("language", lang),
        LANGS,
        key="w_lang",
        horizontal=True,
        format_func=lambda code: t(f"lang_{code}", lang),
        on_change=_on_choice,
        args=("lang", "w_lang"),
    )
    if len(names) > 1:
        st.session_state["w_campaign"] = filters.campaign_id
        side.selectbox(
            t("campaign", lang), list(names), key="w_campaign", format_func=names.get, on_change=_on_choice, args=("campaign", "w_campaign")
        )
    else:
        side.caption(f"{t('campaign', lang)}: {names.get(filters.campaign_id, '')}")
    st.session_state["w_as_of_date"] = filters.as_of.date()
    st.session_state["w_as_of_time"] = filters.as_of.time()
    low = (filters.opens_at - AS_OF_BEFORE_OPEN).date() if filters.opens_at else None
    high = max(filters.closes_at, filters.as_of).date() if filters.closes_at else None
    side.date_input(t("as_of_date", lang), key="w_as_of_date", format="DD/MM/YYYY", on_change=_on_as_of, min_value=low, max_value=high)
    side.time_input(t("as_of_time", lang), key="w_as_of_time", step=60 * 15, on_change=_on_as_of)
    side.button(t("latest", lang), on_click=_on_latest)
    if filters.latest:
        side.caption(t("freshness", lang, stamp=fmt.moment(filters.latest, lang)))
    if filters.is_demo:
        side.warning(t("demo_note", lang), icon=":material/science:")
    query = "&".join(f"{k}={v}" for k, v in st.query_params.to_dict().items() if k in URL_KEYS)
    side.caption(t("copy_link", lang))
    base = st.context.url or ""
    side.code(f"{base}?{query}" if query else base or "/", language=None, wrap_lines=True)
    furniture(lang)


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


def current_filters() -> Filters:
    """The filters app.py parsed for this run."""
    return st.session_state[FILTERS_KEY]


def page_start(title_key: str) -> Filters:
    """The start every dashboard page shares: the filters of this run, the page's header, and
    the empty state (then nothing more: st.stop) at an as-of minute before the portal opened."""
    filters = current_filters()
    header(filters, title_key)
    if before_open(filters):
        st.stop()
    return filters


_builds: dict[str, dict] = {}
_builds_lock = threading.Lock()


def _demo_build(path) -> dict:
    """The demo build of `path` in this process: started once, in a thread; every session that
    opens the app meanwhile watches the same build."""
    from sangkien.ingest import demo

    with _builds_lock:
        state = _builds.get(str(path))
        if state is None or state["error"] is not None:
            state = {"stage": "knots", "started": monotonic(), "done": False, "error": None}
            _builds[str(path)] = state

            def work() -> None:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    demo.build(path, progress=lambda stage: state.update(stage=stage))
                except Exception as exc:  # noqa: BLE001 - shown by the session that waits
                    state["error"] = exc
                finally:
                    state["done"] = True

            threading.Thread(target=work, name="demo-build", daemon=True).start()
    return state


def first_run_text(stage: str, elapsed_s: float, lang: str = "vi") -> tuple[float, str]:
    """(share done, line) for the first run's progress bar: the stage, the share of the build
    done (from the measured share of each stage) and the time left estimated from the pace so far."""
    from sangkien.ingest import demo

    done = demo.STAGE_DONE.get(stage, 0.0)
    step = list(demo.STAGE_DONE).index(stage) + 1 if stage in demo.STAGE_DONE else 1
    values = dict(
        stage=t(f"first_run_stage_{stage}", lang) if f"first_run_stage_{stage}" in CATALOG else stage,
        step=step,
        steps=len(demo.STAGE_DONE),
        pct=fmt.percent(done, lang, 0),
        elapsed=fmt.number(elapsed_s, lang),
    )
    if done < 0.1 or elapsed_s < 3:
        return done, t("first_run_progress_estimating", lang, **values)
    left = max(1.0, elapsed_s * (1 - done) / done)
    return done, t("first_run_progress", lang, left=fmt.number(left, lang), **values)


def ensure_database() -> bool:
    """Open the configured database; False after an error page.

    The demo is built only when no database was configured (SANGKIEN_DB unset or the default
    data/sangkien.duckdb): a configured path that is missing or unreadable is an error page that
    says what to do, never a silent demo. Visitors see the file's name only, never a path.
    The first run shows the demo build's stage, its share done and an estimate of the time left.
    """
    import logging

    from sangkien.storage import publish

    path = db.db_path()
    configured = db.is_configured()
    exists = path.exists() or publish.pointer_path(path).exists()
    try:
        if not exists and configured:
            _database_error(t("db_error_missing", name=safe.md(path.name)))
            return False
        if not exists:
            lang = st.query_params.get("lang", "vi")
            lang = lang if lang in LANGS else "vi"
            state = _demo_build(path)
            bar = st.progress(0.0, text=t("first_run_progress_estimating", lang, stage="", step=1, steps=1, pct="0%", elapsed="0"))
            while not state["done"]:
                share, text = first_run_text(state["stage"], monotonic() - state["started"], lang)
                bar.progress(share, text=text)
                sleep(0.5)
            bar.empty()
            if state["error"] is not None:
                raise state["error"]
        db.database().check()
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
        logging.getLogger("sangkien").exception("database %s cannot be opened", path)
        _database_error(t("db_error_unusable", name=safe.md(path.name), error=safe.md(type(exc).__name__)))
        return False
    return True


def _database_error(message: str) -> None:
    st.title(t("db_error_title"))
    st.error(message, icon=":material/database:")


def with_filters(filters: Filters, **changes) -> Filters:
    return replace(filters, **changes)


def scope(filters: Filters, use_kind: bool = True, use_group: bool = True) -> list[str] | None:
    """Unit codes the view is limited to by the kind and group filters, or None for all units.

    Pass the result as the `scope` parameter of any named query.
    """
    codes: set[str] | None = None
    if use_kind and filters.kind != "all":
        units = db.run("meta/units")
        codes = set(units.loc[units["kind"] == filters.kind, "unit_code"])
    if use_group and filters.group:
        groups = db.run("meta/groups").set_index("group_id")
        members = set(groups.loc[filters.group, "unit_codes"])
        codes = members if codes is None else codes & members
    return None if codes is None else sorted(codes)


def url_choice(
    filters: Filters,
    url_key: str,
    options: list,
    labels: dict,
    label_key: str,
    container=None,
    default=None,
    kind: str = "segmented",
    after=None,
):
    """A widget bound to a URL key: its value comes from the URL, a change writes the URL (then
    calls `after(value)` when given, e.g. to move the as-of minute with the choice)."""
    container = container or st
    current = {
        "kind": filters.kind,
        "group": filters.group,
        "unit": filters.unit,
        "provinces": filters.provinces,
        "lang": filters.lang,
    }.get(url_key, st.query_params.get(url_key, default))  # a page's own key (url_option) is read from the URL
    widget_key = f"w_{url_key}_{kind}"
    # Select boxes show a placeholder for None, so "no choice" travels as "" inside the widget.
    shown = ["" if o is None else o for o in options]
    shown_labels = {("" if k is None else k): v for k, v in labels.items()}
    value = current if current in options else default
    st.session_state[widget_key] = "" if value is None else value

    def _changed() -> None:
        chosen = st.session_state[widget_key]
        chosen = None if chosen == "" else chosen
        _set_url(url_key, None if chosen in (None, default) else str(chosen))
        if after is not None:
            after(chosen)

    common = dict(key=widget_key, on_change=_changed, format_func=lambda v: shown_labels.get(v, str(v)))
    label = t(label_key, filters.lang)
    if kind == "segmented":
        picked = container.segmented_control(label, shown, selection_mode="single", **common)
    elif kind == "radio":
        picked = container.radio(label, shown, horizontal=True, **common)
    else:
        picked = container.selectbox(label, shown, **common)
    return None if picked in ("", None) else picked


def url_option(filters: Filters, url_key: str, options: list[str], labels: dict, label_key: str, default: str, container=None) -> str:
    """A page's own choice kept in the URL (Xếp hạng's `measure`, a key of URL_KEYS that
    read_filters leaves to the page): a value not among `options` is reported like a bad filter
    and replaced by `default`; the choice is a segmented control bound to the URL (url_choice)."""
    raw = st.query_params.get(url_key)
    if raw is not None and raw not in options:
        reason = t("reason_choice", filters.lang, choices=", ".join(options))
        st.warning(t("bad_param", filters.lang, param=url_key, value=shown_value(raw), reason=reason), icon=":material/warning:")
        _set_url(url_key, None)
    picked = url_choice(filters, url_key, list(options), labels, label_key, container, default=default)
    return picked if picked in options else default  # a second click deselects a segmented control


def kind_control(filters: Filters, container=None):
    """Unit kind (all / provinces / sector unions / corporate unions), in the URL as `kind`."""
    labels = {k: t(f"kind_{k}", filters.lang) for k in KINDS}
    return url_choice(filters, "kind", list(KINDS), labels, "unit_kind", container, default="all")


def group_control(filters: Filters, container=None, kinds: tuple[str, ...] = ("region", "cluster", "custom")):
    """Region, emulation cluster or custom group, in the URL as `group` (None = nationwide)."""
    groups = db.run("meta/groups")
    groups = groups[groups["kind"].isin(kinds)]
    name_col = i18n.name_col(filters.lang)
    labels = {None: t("group_all", filters.lang), **dict(zip(groups["group_id"], groups[name_col].fillna(groups["name_vi"])))}
    return url_choice(filters, "group", [None, *groups["group_id"]], labels, "group", container, default=None, kind="select")


def unit_control(filters: Filters, container=None, unit_codes: list[str] | None = None):
    """One unit, in the URL as `unit` (None = none chosen)."""
    units = db.run("meta/units")
    if unit_codes is not None:
        units = units[units["unit_code"].isin(unit_codes)]
    name_col = i18n.name_col(filters.lang)
    labels = {None: t("unit_none", filters.lang), **dict(zip(units["unit_code"], units[name_col]))}
    return url_choice(filters, "unit", [None, *units["unit_code"]], labels, "unit", container, default=None, kind="select")


def provinces_control(filters: Filters, container=None):
    """63 provinces (2022) or the 34 of the 2025 merger, in the URL as `provinces`."""
    labels = {"63": t("provinces_63", filters.lang), "34": t("provinces_34", filters.lang)}
    return url_choice(filters, "provinces", ["63", "34"], labels, "provinces_view", container, default="63")


def unit_name(row, lang: str) -> str:
    return row[i18n.name_col(lang)]


# --- tables and KPI cards --------------------------------------------------------------------
#
# A table on a page shows query figures formatted by fmt (163.532; 15,6%) but sorts them as
# numbers, and offers them as a CSV of raw numbers under the same headers. Streamlit shows
# formatted numbers that still sort only through a pandas Styler, and it renders a Styler cell by
# cell on every run (pandas' _compute and _translate, then a copy of the frame as text). Here the
# text of every cell is computed once per (table contents, formats, language) and kept in a
# bounded cache, already as the Arrow bytes Streamlit sends; `_install_display_shortcut` lets
# Streamlit's marshalling take those bytes instead of rendering the Styler. The Styler also
# carries the same formats the ordinary way, so without the shortcut the table looks the same.

DISPLAY_MAX = 128
display_stats = {"hits": 0, "misses": 0}
_displays = figcache.Bounded(DISPLAY_MAX, display_stats)
ROW_PX, HEAD_PX = 35, 38  # the grid's row height and header (with its border), for `rows=`


def _cell_text(value, lang: str, spec: str | None) -> str:
    """The text of one cell: numbers and dates by the fmt rule `spec`, text as it is, "–" if empty."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if spec is None:
        return str(value)
    return fmt.by_suffix(spec, value, lang)


def _formats(frame: pd.DataFrame, formats: dict[str, str | None]) -> dict[str, str | None]:
    """{column: the fmt rule name its numbers and dates take} (None: shown as it is)."""
    out = {}
    for col in frame.columns:
        series = frame[col]
        formatted = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        formatted = formatted or pd.api.types.is_datetime64_any_dtype(series)
        out[col] = formats.get(col, col) if formatted else formats.get(col)
    return out


def display_frame(frame: pd.DataFrame, lang: str, formats: dict[str, str | None] | None = None) -> pd.DataFrame:
    """The text shown for every cell of `frame` (same index and columns)."""
    specs = _formats(frame, formats or {})
    return pd.DataFrame(
        {col: [_cell_text(v, lang, specs[col]) for v in frame[col].tolist()] for col in frame.columns},
        index=frame.index,
        columns=frame.columns,
    )


def _display_bytes(frame: pd.DataFrame, lang: str, formats: dict[str, str | None]) -> bytes:
    """display_frame(...) as the Arrow bytes Streamlit sends, built once per contents."""
    from streamlit import dataframe_util

    try:
        key = (figcache.fingerprint(frame), lang, tuple(sorted(formats.items(), key=lambda kv: kv[0])))
    except figcache.Unhashable:  # cells holding lists: built every time
        return dataframe_util.convert_pandas_df_to_arrow_bytes(display_frame(frame, lang, formats))
    return _displays.get_or_build(key, lambda: dataframe_util.convert_pandas_df_to_arrow_bytes(display_frame(frame, lang, formats)))


def _install_display_shortcut() -> bool:
    """Let st.dataframe take a Styler's display text from `_display_bytes` (see above).

    Streamlit 1.67's element calls `marshall_styler(proto, styler, default_uuid)` (imported into
    streamlit.elements.arrow); a Styler built by `formatted_styler` carries its bytes, and every
    other Styler goes the ordinary way. False when Streamlit no longer has that hook (the tables
    then render through the Styler, slower but the same)."""
    try:
        from streamlit.elements import arrow
    except ImportError:  # pragma: no cover - a Streamlit without that module
        return False
    original = getattr(arrow, "marshall_styler", None)
    if original is None:
        return False
    if getattr(original, "sangkien_shortcut", False):
        return True

    def marshall_styler(proto, styler, default_uuid):
        display = getattr(styler, "sangkien_display", None)
        if display is None:
            return original(proto, styler, default_uuid)
        # the uuid only scopes a Styler's CSS (none here): a stable one keeps the element unchanged
        proto.styler.uuid = str(default_uuid)
        proto.styler.display_values = display()
        return None

    marshall_styler.sangkien_shortcut = True
    arrow.marshall_styler = marshall_styler
    return True


SHORTCUT = _install_display_shortcut()


def formatted_styler(frame: pd.DataFrame, lang: str, formats: dict[str, str | None] | None = None):
    """A Styler of `frame` showing fmt's text for numbers and dates (numbers still sort as numbers)."""
    specs = _formats(frame, formats or {})
    styler = frame.style.format({col: (lambda v, spec=spec: _cell_text(v, lang, spec)) for col, spec in specs.items()})
    styler.sangkien_display = lambda: _display_bytes(frame, lang, specs)
    return styler


def table(
    frame: pd.DataFrame,
    columns,
    lang: str,
    csv_name: str | None = None,
    *,
    key: str | None = None,
    rows: int | None = None,
    height: int | str = "auto",
    pinned: bool = False,
    config: dict | None = None,
    formats: dict[str, str | None] | None = None,
    csv_columns: list[str] | dict[str, str] | None = None,
    csv_frame: pd.DataFrame | None = None,
    static: bool = False,
    styles: dict | None = None,
    cell_styles: dict[str, list[str]] | None = None,
):
    """A table of query figures with its CSV button under it.

    `columns`: a list of query columns (headers from the catalog's `col_<column>`, `col_rank` for
    a rank) or a dict
    {column: header}. "unit" means the unit's name in `lang` (i18n.name_col) unless the frame has
    its own "unit" column. Numbers and dates are shown by fmt's rule for their column name (or
    `formats[column]`, another column name whose rule applies; None shows the value as it is) and
    sort as numbers; text is shown as text. `rows`: the rows shown before the table scrolls.
    `pinned`: the first column stays while scrolling sideways. `config`: more column settings
    ({column: st.column_config...}, e.g. help texts or a progress bar), whose label defaults to
    the header. `csv_name`: the CSV's file name (None: no CSV); it holds the raw values of
    `csv_columns` (default: the columns shown; a dict {column: header or None} gives the headers
    of columns not shown, e.g. the raw minute behind a column of text) of `csv_frame` (default: `frame`) under the same
    headers. `static`: an st.table of the shown text instead of the interactive grid (short
    boards that need no scrolling or sorting). `styles`: {column: {cell text: CSS}} colours cells
    of the grid by their value (e.g. a status's colour, status_view.cell_css); such a table is
    rendered cell by cell through the Styler (fine for a short table). `cell_styles`: {column: one
    CSS declaration per row} for a static table's cells.
    """
    from sangkien.web import downloads

    if not isinstance(columns, dict):
        columns = {col: t("col_rank" if col.startswith("rank") else f"col_{col}", lang) for col in columns}
    name_col = i18n.name_col(lang)
    headers = {(name_col if col == "unit" and "unit" not in frame.columns else col): label for col, label in columns.items()}
    data = frame[list(headers)]
    formats = dict(formats or {})
    if static:
        # st.table cells are markdown: text is escaped; a column formatted None keeps its values
        specs = _formats(data, formats)
        shown = pd.DataFrame(
            {
                headers[col]: [_cell_text(v, lang, specs[col]) for v in data[col].tolist()]
                if specs[col] is not None
                else [safe.md_cell(v) for v in data[col].tolist()]
                if data[col].dtype == object or pd.api.types.is_string_dtype(data[col])
                else data[col].tolist()
                for col in data.columns
            }
        )
        if cell_styles:
            css = {headers[col]: list(styles) for col, styles in cell_styles.items()}
            shown = shown.style.apply(lambda column: css.get(column.name, [""] * len(column)), axis=0)
        element = st.table(shown, hide_index=True)
    else:
        settings = {}
        for i, (col, label) in enumerate(headers.items()):
            setting = dict((config or {}).get(col) or {})
            if not setting.get("label"):
                setting["label"] = label
            if pinned and i == 0:
                setting["pinned"] = True
            settings[col] = setting
        if rows is not None:
            height = HEAD_PX + ROW_PX * max(1, min(len(data), rows))
        styler = formatted_styler(data, lang, formats)
        for col, css in (styles or {}).items():
            styler = styler.map(lambda v, css=css: css.get(v, ""), subset=[col])
            styler.sangkien_display = None  # Streamlit's own rendering carries the cells' styles
        element = st.dataframe(styler, column_config=settings, hide_index=True, width="stretch", height=height, key=key)
    if csv_name is not None:
        source = csv_frame if csv_frame is not None else frame
        wanted = dict(csv_columns) if isinstance(csv_columns, dict) else dict.fromkeys(csv_columns or headers)
        wanted = {(name_col if col == "unit" and "unit" not in source.columns else col): label for col, label in wanted.items()}
        labels = {col: label or headers.get(col, col) for col, label in wanted.items()}
        downloads.download_csv(source, csv_name, lang, labels, list(labels))
    return element


def kpi(
    container,
    label: str,
    value: str,
    delta: str | None = None,
    *,
    help: str | None = None,  # noqa: A002 - Streamlit's own name
    trend: list | None = None,
):
    """A KPI card: a formatted figure, a line under it in grey (never a red/green arrow: the line
    is context, not a change), a border so cards of a row line up, optionally a small area
    chart of `trend`."""
    extra = {"chart_data": trend, "chart_type": "area"} if trend is not None else {}
    return (container or st).metric(label, value, delta, delta_color="off", delta_arrow="off", help=help, border=True, **extra)


def as_time(value: time) -> str:
    return value.strftime("%H:%M")


def sections(key: str, labels: list[str]) -> list:
    """Tabs whose content runs only when open: a page draws its first views and sends the
    browser the rest only when asked (`st.tabs` with `on_change="rerun"`; each tab's `.open`
    says whether to draw it). The choice is kept per session under `key`; a page is read in
    one language at a time, so the labels (part of the widget's identity) may follow it."""
    return st.tabs(labels, key=key, on_change="rerun")
