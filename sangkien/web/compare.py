"""The comparison minute on screen: its sidebar control (kept in the URL as `so_sanh`: `7d`, the
default, `30d`, `off` or a minute of its own, parsed by sangkien/web/filters.py), and how a change
since it is shown: a KPI card's delta (st.metric's arrow, Vietnamese formats), a table's Δ column
and a rank moved (↑3, ↓2). The figures at both minutes come from the named queries, run at each
minute or as one query over both (queries/status/unit_status_change.sql,
queries/leaderboard/rank_change.sql); this module only words them."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
import streamlit as st

from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.web.filters import AS_OF_FORMAT, COMPARE_SPANS, DEFAULT_COMPARE, Filters, current_filters, set_url

CHOICES = ("7d", "30d", "at", "off")


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def since(f: Filters) -> str:
    """ "so với 13/04/2022 08:00": the comparison minute in words ("" when none)."""
    return t("cmp_since", f.lang, moment=fmt.moment(f.compare_as_of, f.lang)) if f.compare_as_of else ""


def count_delta(value, lang: str) -> str | None:
    """A change of a count for st.metric: "+1.234", "-56" (an ASCII minus: st.metric reads the
    direction from it), "0"; None when unknown."""
    if _missing(value):
        return None
    value = float(value)
    if value == 0:
        return "0"
    return ("+" if value > 0 else "-") + fmt.number(abs(value), lang)


def points_delta(value, lang: str) -> str | None:
    """A change of a share in percentage points for st.metric: "+2,3 điểm %" / "+2.3 pts"."""
    if _missing(value):
        return None
    points = float(value) * 100
    if round(points, 1) == 0:
        return "0"
    sign = "+" if points > 0 else "-"
    return t("cmp_points", lang, n=sign + fmt.number(abs(points), lang, 1))


def growth_delta(after, before, lang: str) -> str | None:
    """A count's change as a share of its earlier value for st.metric: "+8,7%", "-2,0%"; None
    when the earlier value is 0 or unknown."""
    if _missing(after) or _missing(before) or not before:
        return None
    share = (float(after) - float(before)) / float(before)
    return ("+" if share >= 0 else "-") + fmt.percent(abs(share), lang)


def signed_points(value, lang: str) -> str:
    """A change of a share in a table cell: "+2,3 điểm %", "−1,0 điểm %" (true minus), "–"."""
    if _missing(value):
        return "–"
    text = points_delta(value, lang)
    return "0" if text == "0" else text.replace("-", "−", 1)


def both_minutes(now: pd.DataFrame, before: pd.DataFrame, key: str, columns: list[str]) -> pd.DataFrame:
    """`now` (a named query's rows at the as-of minute) with each of `columns` as the same query
    gave it at the comparison minute (`before`), as `<column>_before`, and its change since then
    as `change_<column>` (missing where the row was not there then)."""
    was = before[[key, *columns]].rename(columns={col: f"{col}_before" for col in columns})
    out = now.merge(was, on=key, how="left", validate="one_to_one")
    for col in columns:
        out[f"change_{col}"] = out[col] - out[f"{col}_before"]
    return out


def points_texts(values, lang: str) -> list[str]:
    """signed_points for a column of share changes (a table's "± % of target" cells)."""
    return [signed_points(value, lang) for value in values]


def moved(rank_moved, lang: str) -> str:
    """A rank moved since the comparison minute: "↑3" (up 3 places), "↓2", "=" (same), "mới"
    (not ranked then)."""
    if _missing(rank_moved):
        return t("cmp_rank_new", lang)
    n = int(rank_moved)
    return "=" if n == 0 else f"↑{fmt.number(n, lang)}" if n > 0 else f"↓{fmt.number(-n, lang)}"


def kpi(container, f: Filters, label: str, value: str, context: str | None = None, change: str | None = None, *, help=None, trend=None):  # noqa: A002
    """A KPI card. With a comparison minute and a `change` (count_delta/points_delta), the change
    is the card's delta (arrow and colour) and the context line follows it, muted, after the
    comparison minute; otherwise the card is tables.kpi's (the context as a grey line)."""
    from sangkien.web import tables

    if not f.compare_as_of or change is None:
        return tables.kpi(container, label, value, context, help=help, trend=trend)
    extra = {"chart_data": trend, "chart_type": "area"} if trend is not None else {}
    description = since(f) + (f" · {context}" if context else "")
    return (container or st).metric(label, value, change, help=help, border=True, delta_description=description, **extra)


def _on_compare() -> None:
    choice = st.session_state["w_compare"]
    if choice == "at":
        day, time = st.session_state.get("w_compare_date"), st.session_state.get("w_compare_time")
        before = current_filters()
        moment = datetime.combine(day, time) if day and time else before.compare_as_of or before.as_of
        if moment >= before.as_of:  # a minute of its own comes before the as-of minute
            moment = before.as_of - COMPARE_SPANS[DEFAULT_COMPARE]
        set_url("so_sanh", moment.strftime(AS_OF_FORMAT))
    else:
        set_url("so_sanh", None if choice == DEFAULT_COMPARE else choice)


def sidebar_control(f: Filters, container=None) -> None:
    """The comparison minute in the sidebar: 7 days before the as-of minute (the default), 30 days
    before, a minute of its own, or none; kept in the URL as `so_sanh`."""
    side = container or st.sidebar
    lang = f.lang
    st.session_state["w_compare"] = f.compare if f.compare in CHOICES else DEFAULT_COMPARE
    side.selectbox(
        t("cmp_label", lang),
        CHOICES,
        key="w_compare",
        format_func=lambda c: t(f"cmp_choice_{c}", lang),
        on_change=_on_compare,
        help=t("cmp_help", lang),
    )
    if f.compare == "at" or st.session_state.get("w_compare") == "at":
        moment = f.compare_as_of or f.as_of
        st.session_state["w_compare_date"] = moment.date()
        st.session_state["w_compare_time"] = moment.time()
        cols = side.columns(2)
        cols[0].date_input(t("cmp_date", lang), key="w_compare_date", format="DD/MM/YYYY", on_change=_on_compare, max_value=f.as_of.date())
        cols[1].time_input(t("as_of_time", lang), key="w_compare_time", step=60 * 15, on_change=_on_compare)
    if f.compare_as_of:
        side.caption(since(f))


class Moves:
    """The status query at two minutes (status.changes) for a view, and its line of words."""

    def __init__(self, frame: pd.DataFrame, line: str):
        self.frame, self.line = frame, line


def status_moves(f: Filters, scope: list[str] | None = None) -> Moves | None:
    """Each unit's status at the as-of and the comparison minutes (queries/status/unit_status_change.sql),
    with a line: how many units changed status, entered a progress risk, left one. None without a
    comparison minute."""
    from sangkien.campaign import status

    if not f.compare_as_of:
        return None
    frame = status.changes(f.campaign_id, f.as_of, f.compare_as_of, scope)
    n = lambda mask: fmt.number(int(mask.sum()), f.lang)  # noqa: E731
    line = t(
        "cmp_status_line",
        f.lang,
        since=since(f),
        changed=n(frame["is_status_changed"]),
        entered=n(frame["is_new_risk"]),
        left=n(frame["is_recovered"]),
        added=fmt.number(frame["change_submitted"].sum(), f.lang),
    )
    return Moves(frame, line)
