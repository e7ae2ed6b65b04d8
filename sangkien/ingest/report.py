"""What an import tells people: the rejections, the files' counts and the log as tables for the
page and the CLI, the uploads saved for the importer, and the rejections as a CSV."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from sangkien.campaign import export
from sangkien.core import fmt, safe
from sangkien.core.i18n import t, t_term, t_text
from sangkien.ingest import limits
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.results import FileResult, ImportResult

COUNT_KEYS = ("read", "inserted", "updated", "unchanged", "rejected", "skipped")


def reason_text(code: str, detail: str | None, lang: str = "vi") -> str:
    """A rejection reason in words."""
    if code in ("above_members", "too_long") and detail:
        detail = fmt.number(int(detail), lang)
    return t_text(f"imp_reason_{code}", lang, detail=detail or "")  # a table cell, not markdown


def rejections_table(rejections: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The rejections as an official reads them: file, row, column, value, reason in words."""
    reasons = [reason_text(c, d, lang) for c, d in zip(rejections["reason_code"], rejections["detail"], strict=True)]
    return pd.DataFrame(
        {
            t("imp_col_file", lang): rejections["file_name"].map(safe.plain),
            t("imp_col_row", lang): rejections["row_number"],
            t("imp_col_column", lang): rejections["column_name"].map(safe.plain),
            t("imp_col_value", lang): rejections["value"].fillna("").map(safe.plain),
            t("imp_col_reason", lang): reasons,
        }
    )


def summary_lines(result: ImportResult, lang: str = "vi", max_rejections: int = 20) -> list[str]:
    """What the command line prints after an import: file names, header names and rejected values
    with their control and escape characters shown visibly (safe.term), for safe.echo."""
    lines = []
    for f in result.files:
        counts = {k.removeprefix("count_"): fmt.number(getattr(f, k), lang) for k in result.totals}
        lines.append(f"{safe.term(f.file_name)}: " + t_term("imp_accounting", lang, **counts))
        if f.ignored_columns:
            lines.append(f"  ({t_term('imp_ignored_columns', lang, columns=', '.join(safe.term(c) for c in f.ignored_columns))})")
    if len(result.rejections):
        shown = result.rejections.head(max_rejections)
        reasons = [reason_text(c, d, lang) for c, d in zip(shown["reason_code"], shown["detail"], strict=True)]
        columns = (shown["file_name"], shown["row_number"], shown["column_name"], shown["value"].fillna(""), reasons)
        lines.append(t_term("imp_rejected_title", lang) + ":")
        lines += ["  " + " | ".join(safe.term(v) for v in row) for row in zip(*columns, strict=True)]
        if len(result.rejections) > max_rejections:
            lines.append("  " + t_term("imp_rejected_more", lang, shown=max_rejections, total=fmt.number(len(result.rejections), lang)))
    lines.append(t_term("imp_cli_done", lang, seconds=f"{result.seconds:.1f}", version=result.data_version, file=result.version_file))
    return lines


def save_uploads(uploads, folder: Path) -> list[tuple[Path, str]]:
    """Write uploaded files (objects with .name and .getvalue()) to `folder`; (path, name shown) pairs.

    Only the last part of an uploaded name is kept, so a crafted name cannot leave the folder.
    """
    uploads = list(uploads)
    if len(uploads) > limits.MAX_FILES:
        raise ImportFailure("too_many_files", n=len(uploads), limit=limits.MAX_FILES)
    for upload in uploads:
        size = getattr(upload, "size", None)
        if size is not None and size > limits.MAX_FILE_BYTES:
            raise ImportFailure(
                "too_large", safe.plain(upload.name), size=f"{size / 2**20:.0f} MB", limit=f"{limits.MAX_FILE_BYTES / 2**20:.0f} MB"
            )
    out = []
    for i, upload in enumerate(uploads):
        name = safe.plain(Path(str(upload.name)).name) or f"file-{i + 1}"
        suffix = Path(name).suffix.lower()
        suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 8 else ""
        path = Path(folder) / f"{i:03d}-upload{suffix}"  # the name shown is kept apart from the path read
        if hasattr(upload, "seek") and hasattr(upload, "read"):
            upload.seek(0)
            with open(path, "wb") as handle:
                shutil.copyfileobj(upload, handle, 1 << 20)  # no second copy of the file in memory
        else:
            path.write_bytes(upload.getvalue())
        out.append((path, name))
    return out


def rejections_csv(rejections: pd.DataFrame, lang: str = "vi") -> bytes:
    """The rejections as a CSV an official opens in Excel (UTF-8 with BOM). Values come from
    users' files, so a cell Excel would run as a formula is neutralised (export.csv_bytes)."""
    return export.csv_bytes(rejections_table(rejections, lang))


def files_frame(files: list[FileResult]) -> pd.DataFrame:
    """One row per file of an import with its counts as numbers (for the CSV)."""
    return pd.DataFrame(
        {"file_name": [f.file_name for f in files], **{f"count_{k}": [getattr(f, f"count_{k}") for f in files] for k in COUNT_KEYS}}
    )


def count_labels(lang: str) -> dict[str, str]:
    """Headers of the count columns, as the page shows them."""
    return {"file_name": t("imp_col_file", lang), **{f"count_{k}": t(f"imp_col_{k}", lang) for k in COUNT_KEYS}}


def files_table(files: list[FileResult], lang: str = "vi") -> pd.DataFrame:
    """One row per file of an import, its counts formatted for display."""
    return pd.DataFrame(
        {
            t("imp_col_file", lang): [safe.plain(f.file_name) for f in files],
            **{t(f"imp_col_{key}", lang): [fmt.number(getattr(f, f"count_{key}"), lang) for f in files] for key in COUNT_KEYS},
        }
    )


def log_table(log: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The import log (query import/log) for display."""
    return pd.DataFrame(
        {
            t("imp_col_when", lang): [fmt.moment(pd.Timestamp(v).to_pydatetime(), lang) for v in log["finished_at"]],
            t("imp_col_who", lang): log["imported_by"].map(safe.plain),
            t("imp_col_kind", lang): [t(f"imp_short_{k}", lang) for k in log["kind"]],
            t("imp_col_file", lang): log["file_name"].map(safe.plain),
            **{t(f"imp_col_{key}", lang): [fmt.number(v, lang) for v in log[f"count_{key}"]] for key in COUNT_KEYS},
            t("imp_col_sha", lang): [str(v)[:10] for v in log["file_sha256"]],
        }
    )
