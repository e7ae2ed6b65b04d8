"""The custom groups' editor (the meeting page): the form that creates or changes a group, and
the group's history of changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sangkien.campaign import groups
from sangkien.core import fmt, i18n, safe
from sangkien.core.i18n import t
from sangkien.storage import db
from sangkien.storage.state import ChangeError
from sangkien.web import signin


def show_history(history, lang: str = "vi") -> None:
    """A custom group's changes (meeting/group_log) as a table: when, what, who; names as text."""
    if history.empty:
        return
    st.markdown(f"**{t('gr_history', lang)}**")
    frame = pd.DataFrame(
        {
            t("gr_col_when", lang): [fmt.moment(v.to_pydatetime(), lang) for v in history["changed_at"]],
            t("gr_col_action", lang): [t(f"gr_action_{a}", lang) for a in history["action"]],
            t("gr_col_name", lang): history["name_vi"],
            t("gr_col_units", lang): history["count_units"],
            t("gr_col_by", lang): history["changed_by"],
        }
    )
    st.dataframe(frame, hide_index=True, width="stretch", key="gr_history_table")


def manage(f, current, group_id: str | None, expanded: bool) -> None:
    """The custom groups' editor at the end of the meeting page: create a group, or rename and
    change the members of the custom group shown (`current`, a row of meeting/groups). Offered to
    editors (signin.write_gate); groups.create_group/update_group check the role again."""
    lang = f.lang
    name_col = i18n.name_col(lang)
    flash = st.session_state.pop("mt_flash", None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    units = db.run("meta/units")
    unit_names = dict(zip(units["unit_code"], units[name_col], strict=True))
    can_edit = current is not None and current["kind"] == "custom"
    with st.expander(f.t("gr_manage"), expanded=expanded):
        modes = ["create", "edit"] if can_edit else ["create"]
        mode = st.segmented_control(
            f.t("gr_manage"),
            modes,
            default="create",
            key="gr_mode",
            format_func=lambda m: f.t(f"gr_mode_{m}"),
            label_visibility="collapsed",
        )
        if not can_edit and current is not None:
            st.caption(f.t("gr_only_custom"))
        if can_edit:
            history = db.run("meeting/group_log", group_id=group_id)
            show_history(history, lang)
        if signin.write_gate("editor", "auth_act_groups", lang) is None:
            return  # groups.create/update_group check the role again
        editing = mode == "edit" and can_edit
        suffix = f"{mode}_{group_id if editing else 'new'}"
        with st.form(f"gr_form_{suffix}"):
            name_vi = st.text_input(
                f.t("gr_name_vi"), value=current["name_vi"] if editing else "", key=f"gr_name_vi_{suffix}", max_chars=120
            )
            name_en = st.text_input(
                f.t("gr_name_en"),
                value=(current["name_en"] if current["name_en"] != current["name_vi"] else "") if editing else "",
                key=f"gr_name_en_{suffix}",
                max_chars=120,
            )
            chosen = st.multiselect(
                f.t("gr_units"),
                list(unit_names),
                default=list(current["unit_codes"]) if editing else [],
                format_func=unit_names.get,
                placeholder=f.t("gr_units_placeholder"),
                key=f"gr_units_{suffix}",
            )
            pasted = st.text_area(f.t("gr_paste"), help=f.t("gr_paste_help"), key=f"gr_paste_{suffix}", height=80)
            submitted = st.form_submit_button(f.t("gr_save"), icon=":material/save:", type="primary")
        if submitted:
            codes, unknown = groups.resolve_units(pasted)
            try:
                if unknown:
                    raise ChangeError("gr_err_unknown", names=", ".join(unknown))
                members = list(dict.fromkeys([*chosen, *codes]))
                if editing:
                    groups.update_group(group_id, name_vi, members, name_en=name_en)
                    saved_id, key = group_id, "gr_saved_edit"
                else:
                    saved_id, key = groups.create_group(name_vi, members, name_en=name_en), "gr_saved_create"
            except ChangeError as exc:
                st.error(exc.message(lang), icon=":material/error:")
            else:
                st.session_state["mt_flash"] = f.t(key, group=safe.md(name_vi.strip()), n=len(members))
                st.query_params["group"] = saved_id
                st.rerun()
