"""The view's filters, kept in the URL: `Filters` (campaign, as-of minute, kind, group, unit,
language, provinces), read and validated from the URL on every run, and written back by the
controls (sangkien/web/controls.py) through `set_url`.

The URL is the source of truth for every filter (keys: campaign, as_of, kind, group, unit,
lang, provinces, so_sanh: the comparison minute, `7d` by default, `30d`, `off` or a minute). Widgets write to the URL in their on_change callbacks; every run reads the
URL back, validates it, and says clearly when a value was rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from sangkien.core import fmt, safe
from sangkien.core.i18n import LANGS, t
from sangkien.storage import db

URL_KEYS = ("campaign", "as_of", "kind", "group", "unit", "lang", "provinces", "measure", "so_sanh")
# A page's own choices (open tab, thresholds, drill level, Thi đua's month, Cảnh báo's reasons,
# Hội nghị's presentation and slide): in the link, not carried to other pages.
PAGE_KEYS = ("tab", "band", "peers", "quantile", "summary", "vung", "tinh", "thang", "ly_do", "present", "slide")
# The comparison minute (`so_sanh`): a span before the as-of minute, none, or a minute of its own.
COMPARE_SPANS = {"7d": timedelta(days=7), "30d": timedelta(days=30)}
COMPARE_CHOICES = ("7d", "30d", "off")
DEFAULT_COMPARE = "7d"
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
    compare: str = DEFAULT_COMPARE  # 7d, 30d, off, or "at" (a minute of its own: compare_as_of)
    compare_as_of: datetime | None = None
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
    compare, compare_as_of = _compare(raw.get("so_sanh", DEFAULT_COMPARE), as_of, lang, reject)
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
        compare=compare,
        compare_as_of=compare_as_of,
        latest=latest,
        is_demo=bool(row["is_demo"]) if row is not None else False,
        opens_at=_minute(row["opens_at"]) if row is not None else None,
        closes_at=_minute(row["closes_at"]) if row is not None else None,
        warnings=tuple(problems),
    )


def _compare(value: str, as_of: datetime, lang: str, reject) -> tuple[str, datetime | None]:
    """The comparison choice and minute: a span before `as_of`, none (`off`), or a minute of its
    own that must come before `as_of` (else the default, with a message)."""
    if value == "off":
        return "off", None
    if value in COMPARE_SPANS:
        return value, as_of - COMPARE_SPANS[value]
    try:
        minute = datetime.strptime(value, AS_OF_FORMAT)
    except ValueError:
        reject("so_sanh", t("reason_compare", lang))
    else:
        if minute < as_of:
            return "at", minute
        reject("so_sanh", t("reason_compare_before", lang))
    return DEFAULT_COMPARE, as_of - COMPARE_SPANS[DEFAULT_COMPARE]


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


def set_url(key: str, value: str | None) -> None:
    """Write one filter into the URL (None removes it) and remember the view for a page switch."""
    if value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    st.session_state[STATE_KEY] = {k: v for k, v in st.query_params.to_dict().items() if k in URL_KEYS}


def current_filters() -> Filters:
    """The filters app.py parsed for this run."""
    return st.session_state[FILTERS_KEY]


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
