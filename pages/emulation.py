"""Xếp loại thi đua hàng tháng: each month's score, grade, rank within the unit kind and movement
since the previous month, from stored criteria weights and grade thresholds; a unit's rank over
the months; exports."""

import pandas as pd
import streamlit as st

from sangkien.campaign import emulation, export
from sangkien.core import fmt, i18n, safe
from sangkien.storage import db
from sangkien.storage.state import ChangeError
from sangkien.web import chart_data, chrome, controls, downloads, filters, signin, tables
from sangkien.web.charts import emulation as charts

MONTH_URL = "{:%Y-%m}".format

f = chrome.page_start("page_emulation")
lang = f.lang

st.markdown(f.t("em_intro"))
stored = emulation.load(f.campaign_id)
settings = stored.settings
criteria_labels = {c: f.t(f"em_c_{c}") for c in emulation.CRITERIA}
grade_labels = {g: f.t(f"em_grade_{g}") for g in emulation.GRADES}

# --- the scoring: visible in one line, editable and stored ---------------------------------
flash = st.session_state.pop("em_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")
weights_text = ", ".join(f"{criteria_labels[c]} {fmt.percent(settings.weight_share(c), lang, 0)}" for c in emulation.CRITERIA)
share_text = fmt.percent(settings.grade_a_share / 100, lang, 0)
grades_text = ", ".join(
    [f"{grade_labels['A']} ≥ {fmt.number(settings.grade_a_min, lang)} ({f.t('em_quota', share=share_text)})"]
    + [f"{grade_labels[g]} ≥ {fmt.number(settings.threshold(g), lang)}" for g in emulation.GRADES[1:3]]
    + [grade_labels["D"]]
)
gate_text = f.t("em_gate_on" if settings.target_gate else "em_gate_off")
st.caption(f"{f.t('em_settings_line', weights=weights_text, grades=grades_text)} {gate_text}")
with st.expander(f.t("em_settings")):
    if stored.updated_by:
        st.caption(f.t("em_settings_saved_by", who=safe.md(stored.updated_by), when=fmt.moment(stored.updated_at, lang)))
    else:
        st.caption(f.t("em_settings_default"))
    identity = signin.write_gate("editor", "auth_act_emulation", lang)  # emulation.save checks again
    with st.form("em_form"):
        st.markdown(f"**{f.t('em_weights')}**")
        weight_cols = st.columns(len(emulation.CRITERIA))
        weights = {
            c: col.number_input(
                criteria_labels[c],
                min_value=0.0,
                max_value=100.0,
                step=5.0,
                value=float(settings.weight(c)),
                help=f.t(f"em_c_{c}_help"),
                key=f"em_w_{c}",
            )
            for c, col in zip(emulation.CRITERIA, weight_cols, strict=True)
        }
        st.markdown(f"**{f.t('em_thresholds')}**")
        grade_cols = st.columns(3)
        thresholds = {
            g: col.number_input(
                f.t("em_threshold", grade=grade_labels[g]),
                min_value=0.0,
                max_value=100.0,
                step=1.0,
                value=float(settings.threshold(g)),
                key=f"em_g_{g}",
            )
            for g, col in zip(emulation.GRADES[:3], grade_cols, strict=True)
        }
        share = st.columns(3)[0].number_input(
            f.t("em_share"),
            min_value=0.0,
            max_value=100.0,
            step=5.0,
            value=float(settings.grade_a_share),
            help=f.t("em_share_help"),
            key="em_share",
        )
        gate = st.toggle(f.t("em_gate"), value=bool(settings.target_gate), help=f.t("em_gate_help"), key="em_gate")
        save = st.form_submit_button(f.t("em_save"), icon=":material/save:", type="primary", disabled=identity is None)
    if save:
        new = emulation.Settings(
            **{f"w_{c}": float(v) for c, v in weights.items()},
            grade_a_min=float(thresholds["A"]),
            grade_b_min=float(thresholds["B"]),
            grade_c_min=float(thresholds["C"]),
            grade_a_share=float(share),
            target_gate=bool(gate),
        )
        try:
            emulation.save(f.campaign_id, new)
        except ChangeError as exc:
            st.error(exc.message(lang), icon=":material/error:")
        else:
            st.session_state["em_flash"] = f.t("em_saved")
            st.rerun()
# every save of the scoring, who and what changed (expanders cannot nest: just below the settings)
setting_labels = {f"w_{c}": label for c, label in criteria_labels.items()} | {
    f"grade_{g.lower()}_min": f.t("em_threshold", grade=grade_labels[g]) for g in emulation.GRADES[:3]
}
setting_labels["grade_a_share"] = f.t("em_share")
settings_log = emulation.history(f.campaign_id, {k: safe.unmd(v) for k, v in setting_labels.items()}, lang)
if len(settings_log):
    with st.expander(f.t("em_settings_log", n=len(settings_log))):
        shown_log = pd.DataFrame(
            {
                f.t("em_log_when"): [fmt.moment(v.to_pydatetime(), lang) for v in settings_log["changed_at"]],
                f.t("em_log_who"): settings_log["changed_by"].map(safe.plain),
                f.t("em_log_changes"): settings_log["changes"],
            }
        )
        tables.table(shown_log, {c: c for c in shown_log.columns}, lang, key="em_settings_log")

# --- scope and month -----------------------------------------------------------------------
# the four kinds need the full width at 1366 px; the group picker sits below
controls.kind_control(f)
controls.group_control(f, st.columns([2, 3])[0], kinds=("cluster", "region", "custom"))
month_params = dict(**f.params, min_month_days=emulation.MIN_MONTH_DAYS)
months_info = db.run("emulation/months", **month_params).set_index("month_start")
default = emulation.default_month(months_info.reset_index())
skipped = months_info[~months_info["is_ranked"].astype(bool)]
if default is None:
    st.info(f.t("em_no_month", min=emulation.MIN_MONTH_DAYS, open=fmt.day(f.opens_at, lang)))
    st.stop()
scores = db.run("emulation/monthly_scores", **month_params, scope=filters.scope(f), **settings.params)
if scores.empty:
    st.info(f.t("empty_no_units"))
    st.stop()
# labels per distinct value (every month of every unit is a few thousand rows)
scores = scores.assign(
    unit=scores[i18n.name_col(lang)],
    # an A score outside the share is a B that says so; a grade lowered by the target gate says why
    grade_label=scores["grade"]
    .map(grade_labels)
    .where(~scores["is_over_quota"].astype(bool), f.t("em_grade_A_over"))
    .where(
        ~scores["is_gate_lowered"].astype(bool),
        scores["gate_status"].map({s: f.t(f"em_grade_gated_{s}", grade=grade_labels["C"]) for s in ("missed", "at_risk", "stalled")}),
    ),
    movement=scores["rank_change"].map({v: emulation.movement_label(v, lang) for v in scores["rank_change"].unique()}),
    month=scores["month_start"].map({m: emulation.month_label(m) for m in scores["month_start"].unique()}),
    kind_label=scores["kind"].map({k: f.t(f"kind_{k}") for k in scores["kind"].unique()}),
)
months = list(dict.fromkeys(scores["month_start"]))
# the month is in the link as `thang=2022-04`
month = controls.url_slider(
    f, "thang", months, default, "em_month", to_url=MONTH_URL, key="em_month", format_func=emulation.month_label, help=f.t("em_month_help")
)
info = months_info.loc[month]
days = emulation.days_label(info["days_counted"], lang)
if not info["is_complete"]:
    st.caption(f.t("em_month_running", month=emulation.month_label(month), stamp=f.stamp, days=days))
elif info["is_partial"]:
    st.caption(
        f.t(
            "em_month_partial_days",
            month=emulation.month_label(month),
            days=days,
            month_days=info["days_in_month"],
            start=fmt.day(info["first_day"], lang),
            end=fmt.day(info["last_day"], lang),
        )
    )
for skipped_month, row in skipped.iterrows():
    st.caption(
        f.t(
            "em_month_not_ranked",
            month=emulation.month_label(skipped_month),
            days=emulation.days_label(row["days_counted"], lang),
            min=emulation.MIN_MONTH_DAYS,
        )
    )
partial_tag = (
    f" ({f.t('em_partial_tag', days=days, month_days=info['days_in_month'])})" if info["is_partial"] or not info["is_complete"] else ""
)

grade_gate_help = f" {f.t('em_gate_help')}" if settings.target_gate else ""
COLUMNS = [
    ("rank_in_kind", f.t("em_col_rank")),
    ("movement", f.t("em_col_change")),
    ("unit", f.t("em_col_unit")),
    ("grade_label", f.t("em_col_grade")),
    ("score", f.t("em_col_score")),
    ("count_submitted", f.t("em_col_submitted")),
    ("month_target_pct", f.t("em_col_target_pct")),
    ("count_per_1000_members", f.t("em_col_per_1000")),
    ("valid_pct", f.t("em_col_valid_pct")),
    ("non_leader_pct", f.t("em_col_non_leader_pct")),
]
this_month = scores[scores["month_start"] == month]
# one ranking per kind, each in its tab (drawn when open)
shown_kinds = [k for k in filters.KINDS if k in set(this_month["kind"])]
open_kind = shown_kinds[0]
for tab, kind in zip(chrome.sections("em_view", [f.t(f"kind_{k}") for k in shown_kinds]), shown_kinds, strict=True):
    with tab:
        if not tab.open:
            continue
        open_kind = kind
        part = this_month[this_month["kind"] == kind]
        st.subheader(f.t("em_table_title", month=emulation.month_label(month) + partial_tag, kind=f.t(f"kind_{kind}")))
        st.caption(f.stamp)
        tables.table(
            part,
            dict(COLUMNS),
            lang,
            f"xep-loai-{kind}-{month:%Y-%m}",
            key=f"em_table_{kind}",
            rows=15,
            config={"grade_label": {"width": "large", "help": f.t("em_col_grade_help", share=share_text) + grade_gate_help}},
        )

# --- one unit's rank over the months -------------------------------------------------------
unit_codes = list(dict.fromkeys(this_month["unit_code"]))
unit_labels = dict(zip(this_month["unit_code"], this_month["unit"], strict=True))
# without a unit in the URL, the chart follows the ranking on screen: its first unit
first = this_month.loc[this_month["kind"] == open_kind, "unit_code"].iloc[0]
chosen = controls.url_choice(f, "unit", unit_codes, unit_labels, "em_unit_pick", default=first, kind="select")
unit_code = chosen if chosen in unit_codes else first
history = scores[scores["unit_code"] == unit_code]
name = history["unit"].iloc[0]
title = f.t("em_chart_title", unit=name, kind=f.t(f"kind_{history['kind'].iloc[0]}"))
chart_data.show_chart(
    charts.emulation_rank_history(history, title, f.stamp, lang), f"thi-dua-lich-su-{f.as_of:%Y%m%d-%H%M}", f, key="em_history"
)

# --- every month in one workbook ------------------------------------------------------------
ALL_COLUMNS = [("month", f.t("em_col_month")), ("kind_label", f.t("em_col_kind")), *COLUMNS]


def workbook() -> bytes:
    tables = [
        export.Table(f"xep-loai-{kind}", f"{f.t('em_sheet_all')} — {f.t(f'kind_{kind}')}", scores[scores["kind"] == kind], ALL_COLUMNS)
        for kind in filters.KINDS
        if kind in set(scores["kind"])
    ]
    return export.xlsx_bytes(
        tables, [f.t("em_sheet_all"), f.stamp, f"{f.t('em_settings_line', weights=weights_text, grades=grades_text)} {gate_text}"]
    )


downloads.download_file(f.t("em_download_xlsx"), workbook, f"xep-loai-thi-dua-{f.as_of:%Y%m%d-%H%M}.xlsx", "xlsx", key="em_xlsx")
