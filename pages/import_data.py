"""Nhập dữ liệu: import the portal's exports (submissions or registered targets) and read the log.

The import itself is sangkien/ingest/importer.py: it writes a new database version and switches the
app to it only when everything succeeded, so viewers on other pages are never interrupted.
Only admins see the uploader; the importer checks the role again itself (sangkien/campaign/auth.py).
"""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from sangkien.core import fmt, i18n, safe
from sangkien.core.i18n import CATALOG
from sangkien.core.reference import DATA_DIR
from sangkien.ingest import importer
from sangkien.ingest import report as import_report
from sangkien.ingest.errors import ImportFailure
from sangkien.storage import db
from sangkien.storage.state import ChangeError
from sangkien.web import chart_data, chrome, filters, signin, tables
from sangkien.web.charts import import_data as charts

RESULT_KEY = "imp_last_result"
ERROR_KEY = "imp_last_error"
SHOWN_REJECTIONS = 200
SAMPLES = {"submissions": DATA_DIR / "samples" / "submissions_sample.csv", "targets": DATA_DIR / "samples" / "targets_sample.csv"}


def _cancelled() -> None:
    st.session_state[ERROR_KEY] = f.t("imp_err_cancelled")


f = filters.current_filters()
chrome.header(f, "page_import")
lang = f.lang
ROW_AS_IS = {f.t("imp_col_row"): None}  # a file's line number, not a count: no thousands separator

campaigns = db.run("meta/campaigns")
names = dict(zip(campaigns["campaign_id"], campaigns[i18n.name_col(lang)], strict=False))
st.markdown(f.t("imp_intro"))
st.markdown(f.t("imp_campaign_line", name=safe.md(names.get(f.campaign_id, f.campaign_id))))
meta = dict(db.run("meta/data_info")[["key", "value"]].itertuples(index=False))
if "data_version" in meta:
    source = meta.get("last_change_source", "–")
    source = f.t(f"imp_source_{source}") if f"imp_source_{source}" in CATALOG else source
    # the version in words: when it was written (its id is for the log and the command line)
    changed = pd.Timestamp(meta["last_changed_at"]).to_pydatetime() if meta.get("last_changed_at") else None
    st.caption(f.t("imp_data_line", moment=fmt.moment(changed, lang) if changed else "–", source=source))

limit_mb = int(st.get_option("server.maxUploadSize"))
identity = signin.write_gate("admin", "auth_act_import", lang, command="python -m sangkien import FILE…")
submitted, uploads, confirm_above = False, [], False
if identity is not None:
    st.text(i18n.t_text("auth_recorded_as", lang, who=identity.who))  # plain text, never markdown
    with st.form("imp_form", clear_on_submit=False):
        kind = st.radio(
            f.t("imp_kind"), ["submissions", "targets"], format_func=lambda k: f.t(f"imp_kind_{k}"), horizontal=True, key="imp_kind_choice"
        )
        uploads = st.file_uploader(
            f.t("imp_files"), type=["csv", "tsv", "txt", "xlsx", "parquet"], accept_multiple_files=True, key="imp_uploads"
        )
        st.caption(f.t("imp_upload_limit", mb=fmt.number(limit_mb, lang)))
        confirm_above = st.checkbox(f.t("imp_confirm_above_members"), key="imp_confirm_above")
        submitted = st.form_submit_button(f.t("imp_button"), type="primary", icon=":material/upload_file:")

with st.expander(f.t("imp_rules_title")):
    st.markdown(f.t("imp_rules"))
    left, right = st.columns(2)
    for column, (sample_kind, path) in zip((left, right), SAMPLES.items(), strict=True):
        if path.exists():
            column.download_button(
                f.t("imp_sample" if sample_kind == "submissions" else "imp_sample_targets"),
                path.read_bytes(),
                file_name=path.name,
                mime="text/csv",
                key=f"imp_sample_{sample_kind}",
            )

too_big = [u.name for u in uploads or [] if u.size > limit_mb * 2**20]
if submitted:
    if not uploads:
        st.warning(f.t("imp_need_files"), icon=":material/upload_file:")
    elif too_big:
        st.error(f.t("imp_too_big", name=", ".join(safe.md(n) for n in too_big), mb=fmt.number(limit_mb, lang)), icon=":material/error:")
    else:
        bar = st.progress(0.0, text=f.t("imp_progress_reading", file=safe.md(uploads[0].name)))
        # A click stops this run at its next progress step (Streamlit interrupts a running script
        # for a new run); the import's version is discarded and the writer lock released.
        st.button(f.t("imp_cancel"), icon=":material/cancel:", on_click=_cancelled, key="imp_cancel")
        run = importer.import_submissions if kind == "submissions" else importer.import_targets
        options = {"confirm_above_members": confirm_above} if kind == "targets" else {}
        st.session_state.pop(RESULT_KEY, None)
        st.session_state.pop(ERROR_KEY, None)
        with tempfile.TemporaryDirectory(prefix="sangkien-upload-") as folder:
            try:
                result = run(
                    import_report.save_uploads(uploads, Path(folder)),  # may refuse: count and size limits
                    campaign_id=f.campaign_id,
                    lang=lang,
                    progress=lambda fraction, label: bar.progress(
                        min(1.0, fraction), text=safe.md_value(label)
                    ),  # t()'s label: values escaped once
                    **options,
                )
                st.session_state[RESULT_KEY] = result
            except (ImportFailure, ChangeError) as failure:
                st.session_state[ERROR_KEY] = failure.message(lang)
        # Rerun so that the whole app (sidebar, log, other pages) reads the new version.
        st.rerun()

if ERROR_KEY in st.session_state:
    st.error(f.t("imp_failed", message=st.session_state[ERROR_KEY]), icon=":material/error:")  # escaped by failure.message

result = st.session_state.get(RESULT_KEY)
if result is not None:
    st.subheader(f.t("imp_result_title"))
    st.success(f.t("imp_result_ok", n=len(result.files), seconds=fmt.number(result.seconds, lang, 1)), icon=":material/check_circle:")
    shown = import_report.files_table(result.files, lang)
    tables.table(
        shown,
        {c: c for c in shown.columns},
        lang,
        f"ket-qua-nhap-{result.batch_id}",
        csv_frame=import_report.files_frame(result.files),
        csv_columns=import_report.count_labels(lang),
    )
    totals = {key.removeprefix("count_"): fmt.number(value, lang) for key, value in result.totals.items()}
    st.markdown(f.t("imp_accounting", **totals))
    if len(result.rejections):
        st.markdown(f"**{f.t('imp_rejected_title')}**")
        if len(result.rejections) > SHOWN_REJECTIONS:
            st.caption(f.t("imp_rejected_more", shown=fmt.number(SHOWN_REJECTIONS, lang), total=fmt.number(len(result.rejections), lang)))
        shown = import_report.rejections_table(result.rejections.head(SHOWN_REJECTIONS), lang)
        # the CSV holds every rejected row, not only those shown, with the reasons in words
        every = import_report.rejections_table(result.rejections, lang)
        tables.table(shown, {c: c for c in shown.columns}, lang, f"tu-choi-{result.batch_id}", csv_frame=every, formats=ROW_AS_IS)
    else:
        st.caption(f.t("imp_none_rejected"))

st.subheader(f.t("imp_check_title"))
daily = db.run("import/daily_counts", scope=None, **f.params)
if daily.empty:
    st.info(f.t("empty_before_open", open=fmt.day(f.opens_at, lang) if f.opens_at else "–"))
else:
    chart_data.show_chart(charts.import_daily_counts(daily, f.stamp, lang), f"nhap-du-lieu-theo-ngay-{f.as_of:%Y%m%d-%H%M}", f)
    gaps = int((daily["count_submitted"] == 0).sum())
    st.caption(f.t("imp_check_gaps", n=fmt.number(gaps, lang)) if gaps else f.t("imp_check_ok"))

st.subheader(f.t("imp_log_title"))
has_log = bool(db.run("import/tables").iloc[0]["has_import_log"])
log = db.run("import/log", campaign_id=f.campaign_id) if has_log else None
if log is None or log.empty:
    st.info(f.t("imp_log_empty"), icon=":material/history:")
    st.stop()
st.caption(f.t("imp_log_caption", n=fmt.number(len(log), lang)))
table = import_report.log_table(log, lang)
numbers = [f.t(f"imp_col_{key}") for key in ("read", "inserted", "updated", "unchanged", "rejected", "skipped")]
config = {name: {"width": "small"} for name in numbers} | {f.t("imp_col_when"): {"width": "medium"}}
# the CSV keeps the raw values: exact times, numbers, the whole SHA-256
log_labels = {
    "finished_at": f.t("imp_col_when"),
    "imported_by": f.t("imp_col_who"),
    "kind": f.t("imp_col_kind"),
    **import_report.count_labels(lang),
    "file_sha256": f.t("imp_col_sha"),
}
tables.table(
    table, {c: c for c in table.columns}, lang, f"nhat-ky-nhap-{f.campaign_id}", config=config, csv_frame=log, csv_columns=log_labels
)
with_rejections = log[log["count_rejected"] > 0]
if not with_rejections.empty:
    labels = {
        row.import_id: f"{row.file_name} · {fmt.moment(row.finished_at.to_pydatetime(), lang)} · {fmt.number(row.count_rejected, lang)}"
        for row in with_rejections.itertuples()
    }
    chosen = st.selectbox(
        f.t("imp_log_pick"), [None, *labels], format_func=lambda v: labels.get(v, f.t("imp_log_none")), key="imp_log_choice"
    )
    if chosen is not None:
        rejections = db.run("import/rejections", import_id=chosen)
        if len(rejections) > SHOWN_REJECTIONS:
            st.caption(f.t("imp_rejected_more", shown=fmt.number(SHOWN_REJECTIONS, lang), total=fmt.number(len(rejections), lang)))
        shown = import_report.rejections_table(rejections.head(SHOWN_REJECTIONS), lang)
        every = import_report.rejections_table(rejections, lang)
        tables.table(shown, {c: c for c in shown.columns}, lang, f"tu-choi-{chosen}", csv_frame=every, formats=ROW_AS_IS)
