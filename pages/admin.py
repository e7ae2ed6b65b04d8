"""Người dùng và quyền: who may change what (admins only), and the history of role changes.

The changes themselves are sangkien/campaign/auth.py's add_user/remove_user, which check the role again.
"""

import pandas as pd
import streamlit as st

from sangkien.campaign import auth
from sangkien.core import fmt
from sangkien.storage import db
from sangkien.storage.state import ChangeError
from sangkien.web import chrome, filters, signin, tables

f = filters.current_filters()
chrome.header(f, "page_admin")
lang = f.lang

flash = st.session_state.pop("adm_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")
if signin.write_gate("admin", "auth_act_users", lang, command="python -m sangkien users add EMAIL --role admin") is None:
    st.stop()
st.markdown(f.t("adm_intro"))
role_labels = {r: f.t(f"auth_role_{r}") for r in auth.ROLES}  # the least role first: the picker starts on viewer


def when(values) -> list[str]:
    return [fmt.moment(pd.Timestamp(v).to_pydatetime(), lang) for v in values]


st.subheader(f.t("adm_users_title"))
users = auth.list_users()
if users.empty:
    st.info(f.t("adm_none"), icon=":material/group:")
else:
    table = pd.DataFrame(
        {
            f.t("adm_col_email"): users["email"],
            f.t("adm_col_role"): users["role"].map(role_labels),
            f.t("adm_col_granted_by"): users["granted_by"],
            f.t("adm_col_granted_at"): when(users["granted_at"]),
        }
    )
    tables.table(table, {c: c for c in table.columns}, lang, key="adm_users")

left, right = st.columns(2)
with left, st.form("adm_add_form", clear_on_submit=True):
    st.markdown(f"**{f.t('adm_add_title')}**")
    email = st.text_input(f.t("adm_email"), max_chars=200, key="adm_email")
    role = st.selectbox(f.t("adm_role"), list(role_labels), index=0, format_func=role_labels.get, key="adm_role")
    add = st.form_submit_button(f.t("adm_add"), type="primary", icon=":material/person_add:")
with right, st.form("adm_remove_form"):
    st.markdown(f"**{f.t('adm_remove_title')}**")
    chosen = st.selectbox(f.t("adm_remove_pick"), users["email"].tolist(), index=None, key="adm_remove_pick")
    remove = st.form_submit_button(f.t("adm_remove"), icon=":material/person_remove:", disabled=users.empty)

try:
    if add:
        auth.add_user(email, role)
        st.session_state["adm_flash"] = f.t("adm_added", email=email.strip().lower())  # t() escapes it
        st.rerun()
    if remove and chosen:
        auth.remove_user(chosen)
        st.session_state["adm_flash"] = f.t("adm_removed", email=chosen)
        st.rerun()
except ChangeError as exc:
    st.error(exc.message(lang), icon=":material/error:")

st.subheader(f.t("adm_log_title"))
log = db.run("auth/user_log")
if not log.empty:
    shown = pd.DataFrame(
        {
            f.t("adm_col_when"): when(log["changed_at"]),
            f.t("adm_col_email"): log["email"],
            f.t("adm_col_action"): [f.t(f"adm_action_{a}") for a in log["action"]],
            f.t("adm_col_role"): log["role"].map(role_labels).fillna("–"),
            f.t("adm_col_by"): log["changed_by"],
        }
    )
    tables.table(shown, {c: c for c in shown.columns}, lang, key="adm_log")
