"""Controls bound to the URL: the sidebar (language, campaign, as-of minute, the copy link) and
the widgets a page places (unit kind, group, unit, provinces, a page's own choice); each reads
its value from the URL and writes a change back to it (sangkien/web/filters.py)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from sangkien.core import fmt, i18n
from sangkien.core.i18n import LANGS, t
from sangkien.storage import db
from sangkien.web import compare, links
from sangkien.web.chrome import furniture
from sangkien.web.filters import AS_OF_BEFORE_OPEN, AS_OF_FORMAT, KINDS, Filters, set_url, shown_value


def _on_as_of() -> None:
    d, tm = st.session_state["w_as_of_date"], st.session_state["w_as_of_time"]
    set_url("as_of", datetime.combine(d, tm).strftime(AS_OF_FORMAT))


def _on_choice(url_key: str, widget_key: str) -> None:
    set_url(url_key, st.session_state[widget_key])


def _on_latest() -> None:
    set_url("as_of", None)


def set_as_of(moment: datetime) -> None:
    """Move the as-of minute (a callback for controls that carry a moment, e.g. a meeting)."""
    set_url("as_of", moment.strftime(AS_OF_FORMAT))


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
    compare.sidebar_control(filters, side)
    if filters.latest:
        side.caption(t("freshness", lang, stamp=fmt.moment(filters.latest, lang)))
    if filters.is_demo:
        side.warning(t("demo_note", lang), icon=":material/science:")
    query = links.view_query()  # every filter and the page's own choices (tab, thresholds, drill)
    side.caption(t("copy_link", lang))
    base = st.context.url or ""
    side.code(f"{base}?{query}" if query else base or "/", language=None, wrap_lines=True)
    furniture(lang)


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
        set_url(url_key, None if chosen in (None, default) else str(chosen))
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
        set_url(url_key, None)
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


def url_slider(
    filters: Filters, url_key: str, options: list, default, label_key: str, to_url=str, container=None, key: str | None = None, **widget
):
    """A select slider over `options` kept in the URL as `to_url(option)` (e.g. Thi đua's month as
    `thang=2022-04`); a value not among the options is reported and replaced by `default`."""
    widget_key = key or f"w_{url_key}_slider"
    on_change = links.bind(widget_key, url_key, default, links.one_of(options, to_url), filters.lang, to_url)
    container = container or st
    return container.select_slider(t(label_key, filters.lang), options=options, key=widget_key, on_change=on_change, **widget)


def url_pills(filters: Filters, url_key: str, options: list[str], known: tuple[str, ...], label_key: str, container=None, **widget):
    """Pills of a multiple choice (every option chosen by default) kept in the URL as the chosen
    codes (e.g. Cảnh báo's reasons, `ly_do=stalled,below_peers`; `none` when none is chosen): a code
    outside `known` is reported and the default restored."""
    widget_key = f"w_{url_key}_pills"
    parse, to_url = links.many_of(options, known)
    on_change = links.bind(widget_key, url_key, list(options), parse, filters.lang, to_url)
    container = container or st
    chosen = container.pills(t(label_key, filters.lang), options, selection_mode="multi", key=widget_key, on_change=on_change, **widget)
    return list(chosen or [])
