"""Báo cáo qua thư điện tử: who receives the weekly pack or the alerts, for which scope, when.

Editors and admins only: the registry lists it for them (sangkien/web/site.py), the page refuses
anyone else itself, and sangkien/campaign/subscriptions.py checks the role again on every change.
Every change is recorded with who and when (the history below).
"""

import pandas as pd
import streamlit as st

from sangkien.campaign import scope, subscriptions
from sangkien.core import fmt
from sangkien.storage import db
from sangkien.storage.state import ChangeError
from sangkien.web import chrome, filters, signin, tables

f = filters.current_filters()
chrome.header(f, "page_subscriptions")
lang = f.lang

if signin.write_gate("editor", "sub_act_change", lang, command="python -m sangkien subscriptions add --to … --scope nation") is None:
    st.stop()
flash = st.session_state.pop("su_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")
st.markdown(f.t("su_intro"))


def when(values) -> list[str]:
    return ["–" if pd.isna(v) else fmt.moment(pd.Timestamp(v).to_pydatetime(), lang) for v in values]


def scope_label(text: str) -> str:
    try:
        return scope.resolve(text).name(lang)
    except ChangeError:
        return text


# --- the subscriptions ------------------------------------------------------------------------
st.subheader(f.t("su_list_title"))
rows = subscriptions.frame()
if rows.empty:
    st.info(f.t("su_none"), icon=":material/mail:")
else:
    day_names = {d: f.t(f"su_day_{d}") for d in subscriptions.DAYS}
    shown = pd.DataFrame(
        {
            "id": rows["subscription_id"].astype(str),
            "report": [f.t(f"su_report_{r}") for r in rows["report"]],
            "scope": [scope_label(s) for s in rows["scope"]],
            "schedule": [f.t(f"su_every_{r.schedule}", day=day_names.get(r.day, ""), at=r.at_time or "") for r in rows.itertuples()],
            "to": [", ".join(r) for r in rows["recipients"]],
            "lang": [f.t(f"lang_{x}") for x in rows["lang"]],
            "last": when(rows["last_sent_at"]),
            "by": rows["created_by"],
        }
    )
    columns = {
        "id": f.t("su_col_id"),
        "report": f.t("su_col_report"),
        "scope": f.t("su_col_scope"),
        "schedule": f.t("su_col_schedule"),
        "to": f.t("su_col_to"),
        "lang": f.t("su_col_lang"),
        "last": f.t("su_col_last"),
        "by": f.t("su_col_by"),
    }
    tables.table(shown, columns, lang, key="su_table", pinned=True)  # on a phone the number stays in view

# --- add one ----------------------------------------------------------------------------------
st.subheader(f.t("su_add_title"))
kinds = ["nation", "region", "group", "kind", "unit"]
scope_kind = st.selectbox(f.t("su_scope_pick"), kinds, format_func=lambda k: f.t(f"su_scope_{k}"), key="su_scope_kind")
groups = db.run("meta/groups")
units = db.run("meta/units")
if scope_kind == "region":
    regions = groups[groups["kind"] == "region"]
    options = {
        f"region:{g.removeprefix('VUNG-')}": n
        for g, n in zip(regions["group_id"], regions[f"name_{lang}"].fillna(regions["name_vi"]), strict=True)
    }
elif scope_kind == "group":
    others = groups[groups["kind"] != "region"]
    options = {f"group:{g}": n for g, n in zip(others["group_id"], others[f"name_{lang}"].fillna(others["name_vi"]), strict=True)}
elif scope_kind == "kind":
    options = {f"kind:{k}": f.t(f"sc_kind_{k}") for k in scope.KINDS}
elif scope_kind == "unit":
    options = {f"unit:{c}": n for c, n in zip(units["unit_code"], units[f"name_{lang}"].fillna(units["name_vi"]), strict=True)}
else:
    options = {"nation": f.t("sc_nation")}
with st.form("su_add_form"):
    chosen = st.selectbox(f.t("su_scope_value"), list(options), format_func=lambda k: str(options[k]), key="su_scope_value")
    recipients = st.text_area(f.t("su_to"), max_chars=subscriptions.RECIPIENTS_TEXT_MAX, key="su_to", placeholder="ten@congdoan.vn")
    left, right = st.columns(2)
    report = left.selectbox(f.t("su_report"), subscriptions.REPORTS, format_func=lambda r: f.t(f"su_report_{r}"), key="su_report")
    every = right.selectbox(
        f.t("su_schedule"),
        subscriptions.SCHEDULES,
        format_func=lambda r: f.t(f"su_pick_{r}"),
        key="su_every",
    )
    day = left.selectbox(f.t("su_day"), subscriptions.DAYS, format_func=lambda d: f.t(f"su_day_{d}"), key="su_day")
    at = right.text_input(f.t("su_at"), value=subscriptions.DEFAULT_AT, max_chars=5, key="su_at")
    report_lang = left.selectbox(f.t("su_lang"), ["vi", "en"], format_func=lambda x: f.t(f"lang_{x}"), key="su_lang")
    add = st.form_submit_button(f.t("su_add"), type="primary", icon=":material/add_alert:")
if add:
    try:
        number = subscriptions.add(recipients, chosen, report, day if every == "weekly" else None, at, report_lang, every)
        st.session_state["su_flash"] = f.t("su_added", id=number)
        st.rerun()
    except ChangeError as exc:
        st.error(exc.message(lang), icon=":material/error:")

# --- remove one -------------------------------------------------------------------------------
if not rows.empty:
    with st.form("su_remove_form"):
        pick = st.selectbox(
            f.t("su_remove_pick"),
            rows["subscription_id"].tolist(),
            index=None,
            placeholder=f.t("su_remove_placeholder"),
            key="su_remove_pick",
        )
        remove = st.form_submit_button(f.t("su_remove"), icon=":material/delete:")
    if remove and pick is not None:
        try:
            subscriptions.remove(pick)
            st.session_state["su_flash"] = f.t("su_removed", id=int(pick))
            st.rerun()
        except ChangeError as exc:
            st.error(exc.message(lang), icon=":material/error:")

# --- history ----------------------------------------------------------------------------------
log = subscriptions.log()
if not log.empty:
    st.subheader(f.t("su_log_title"))
    history = pd.DataFrame(
        {
            "when": when(log["changed_at"]),
            "id": log["subscription_id"].astype(str),
            "action": [f.t(f"su_action_{a}") for a in log["action"]],
            "detail": log["detail"],
            "by": log["changed_by"],
        }
    )
    columns = {
        "when": f.t("su_col_when"),
        "id": f.t("su_col_id"),
        "action": f.t("su_col_action"),
        "detail": f.t("su_col_detail"),
        "by": f.t("su_col_by"),
    }
    tables.table(history, columns, lang, key="su_log", pinned=True)
