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
    return urlencode({k: v for k, v in st.query_params.to_dict().items() if k in keys}, safe=":")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))
