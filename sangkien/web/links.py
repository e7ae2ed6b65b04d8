"""Links that carry the view: a unit's page (`don-vi?unit=CODE` with the filters of this view:
campaign, as-of and comparison minutes, language, kind and group), for tables' link columns and
for markdown; and the link to this exact view (every filter and the page's own choices)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st

from sangkien.web.filters import PAGE_KEYS, URL_KEYS

UNIT_PAGE = "don-vi"  # sangkien/web/site.py's url_path of pages/unit_detail.py
CARRIED = tuple(k for k in URL_KEYS if k not in ("unit", "measure"))


def carried() -> dict[str, str]:
    """The filters of this view that another page keeps (not the unit, not a page's own choices)."""
    return {k: v for k, v in st.query_params.to_dict().items() if k in CARRIED}


def unit_url(code: str, name: str | None = None) -> str:
    """The unit page of `code` with this view's filters. With `name`, the name follows as the
    fragment (as it is: the browser encodes it), so that a link column shows it (NAME_PATTERN)."""
    url = f"{UNIT_PAGE}?{urlencode({**carried(), 'unit': code}, safe=':')}"
    return url + ("#" + str(name) if name is not None else "")


def unit_markdown(code: str, name_md: str) -> str:
    """A markdown link to the unit page; `name_md` is already markdown-safe (safe.md)."""
    return f"[{name_md}]({quote(unit_url(code), safe='/?=&-_.~%')})"


# LinkColumn's display_text: the fragment unit_url put after "#" (the unit's name).
NAME_PATTERN = r"#(.*)$"


def unit_urls(codes, names) -> list[str]:
    """unit_url for each (code, name) pair: a column of links that show the names."""
    return [unit_url(code, name) if isinstance(code, str) else "" for code, name in zip(codes, names, strict=True)]


def link_column(label: str, **kw):
    """A table column of unit_urls showing each unit's name, opening its page."""
    return st.column_config.LinkColumn(label, display_text=NAME_PATTERN, alignment="left", **kw)


def view_query() -> str:
    """This exact view's query string: every filter and the page's own choices (tab, thresholds,
    drill level) now in the URL."""
    keys = (*URL_KEYS, *PAGE_KEYS)
    return urlencode({k: v for k, v in st.query_params.to_dict().items() if k in keys}, safe=":,")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def bind(widget_key: str, url_key: str, default, parse, lang: str, to_url=str):
    """Keep a page's own widget in the URL: the widget's value comes from `url_key` (parsed by
    `parse`, which raises ValueError for a value it refuses: then a message and the default), and
    the returned callback (the widget's on_change) writes a change back as `to_url(value)` (the
    default removes it)."""
    from sangkien.core.i18n import t
    from sangkien.web.filters import set_url, shown_value

    raw = st.query_params.get(url_key)
    value = default
    if raw is not None:
        try:
            value = parse(raw)
        except (ValueError, TypeError) as error:
            reason = str(error) or t("reason_range", lang)
            st.warning(t("bad_param", lang, param=url_key, value=shown_value(raw), reason=reason), icon=":material/warning:")
            set_url(url_key, None)
    st.session_state[widget_key] = value

    def _changed() -> None:
        chosen = st.session_state[widget_key]
        set_url(url_key, None if to_url(chosen) == to_url(default) else to_url(chosen))

    return _changed


def int_in(low: int, high: int):
    """A parser for `bind`: a whole number from low to high."""

    def parse(raw: str) -> int:
        value = int(raw)
        if not low <= value <= high:
            raise ValueError(f"{low}–{high}")
        return value

    return parse


def one_of(options: list, to_url=str):
    """A parser for `bind`: the option whose `to_url` form the URL holds (e.g. a month as 2022-04)."""
    by_url = {to_url(option): option for option in options}

    def parse(raw: str):
        if raw not in by_url:
            shown = list(by_url)
            raise ValueError(", ".join(shown[:6]) + (", …" if len(shown) > 6 else ""))
        return by_url[raw]

    return parse


NONE_CHOSEN = "none"  # a multiple choice with nothing chosen, in the URL


def many_of(options: list[str], known: tuple[str, ...]):
    """A parser and its writer for `bind` of a multiple choice (pills): the URL holds the chosen
    codes comma-separated in the order of `known` (`none` for none chosen); a code outside `known`
    is refused; a known code not among today's `options` is left out."""

    def to_url(chosen) -> str:
        picked = set(chosen or ())
        return ",".join(code for code in known if code in picked) or NONE_CHOSEN

    def parse(raw: str) -> list[str]:
        codes = [] if raw == NONE_CHOSEN else raw.split(",")
        if any(code not in known for code in codes):
            raise ValueError(", ".join(known))
        return [code for code in options if code in codes]

    return parse, to_url
