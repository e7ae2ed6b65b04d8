"""Import the portal's exports (submissions, registered targets) into a new database version.

The pipeline: files are read into text tables (read.py) and loaded into DuckDB with lookup
tables of their words and unit names, mapped once per distinct value (stage.py); everything else
happens in DuckDB, set-wise (sangkien/sql/import/): dates and numbers parsed by SQL macros, rows
checked, de-duplicated (last occurrence wins) and upserted by id; the counts come back as
results.py's FileResult and ImportResult.
The whole import runs inside publish.new_version: readers keep the previous version until the
new one is complete, and a failure or a kill leaves it untouched. docs/import.md explains the
rules; every import is logged in `imports`, every problem in `import_rejections`.
"""

from __future__ import annotations

import inspect
import os
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb

from sangkien.campaign import auth
from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.ingest import limits, stage
from sangkien.ingest import mapping as mapping_mod
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.read import RawTable, check_file, read_file
from sangkien.ingest.results import FileResult, ImportResult
from sangkien.ingest.units import UnitResolver
from sangkien.storage import location, publish, store
from sangkien.storage.sqlfiles import sql, statements

__all__ = ["ImportFailure", "ImportResult", "FileResult", "import_submissions", "import_targets", "vietnam_now"]

VIETNAM = timezone(timedelta(hours=7))  # no daylight saving time in Vietnam
HOLD_ENV = "SANGKIEN_IMPORT_HOLD"  # test hook: stop at a stage ("read", "copied", "applied", "written", "closed")

SUBMISSION_FIELDS = (
    "submission_id",
    "unit",
    "unit_code",
    "grassroots_union",
    "submitted_at",
    "author_is_leader",
    "sector",
    "field",
    "status",
    "review_started_at",
    "reviewed_at",
    "applied_at",
    "rewarded_at",
    "benefit_vnd",
)
SUBMISSION_REQUIRED = [("submission_id",), ("unit", "unit_code"), ("submitted_at",), ("status",)]
TARGET_FIELDS = ("unit", "unit_code", "registered_target", "registered_at")
TARGET_REQUIRED = [("unit", "unit_code"), ("registered_target",)]

Progress = Callable[[float, str], None]


def vietnam_now() -> datetime:
    return datetime.now(VIETNAM).replace(tzinfo=None, second=0, microsecond=0)


def import_submissions(
    files,
    db_path: Path | None = None,
    campaign_id: str | None = None,
    who: str | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    lang: str = "vi",
) -> ImportResult:
    """Import submission exports. `files`: paths, or (path, name shown) pairs."""
    return _run("submissions", files, db_path, campaign_id, who, progress, now, lang)


def import_targets(files, *args, confirm_above_members: bool = False, **kwargs) -> ImportResult:
    """Import registered targets (one row per unit); the other arguments are import_submissions'.

    A target above the unit's members is refused unless `confirm_above_members` (someone
    checked it); above MAX_TARGET_PER_MEMBER times the members it is refused always."""
    shared = inspect.signature(import_submissions).bind(files, *args, **kwargs)  # a TypeError as import_submissions would raise
    shared.apply_defaults()
    return _run("targets", *shared.arguments.values(), {"confirm_above_members": bool(confirm_above_members)})


# --- orchestration ---


def _hold(stage: str) -> None:
    if os.environ.get(HOLD_ENV) == stage:
        print(f"hold {stage}", file=sys.stderr, flush=True)
        time.sleep(3600)


def _run(kind, files, db_path, campaign_id, who, progress, now, lang, options=None) -> ImportResult:
    started_clock = time.perf_counter()
    started_at = vietnam_now()
    now = now or vietnam_now()

    def say(fraction: float, key: str, **values) -> None:
        if progress is not None:
            progress(fraction, t(key, lang, **values))

    path = Path(db_path or location.db_path())
    # admins only, checked here whatever the caller; in the web app `who` is the signed-in user
    who = auth.require("admin", "auth_act_import" if kind == "submissions" else "auth_act_targets", who, path).who
    items = [(Path(f[0]), f[1]) if isinstance(f, tuple) else (Path(f), Path(f).name) for f in files]
    if not items:
        raise ImportFailure("no_files")
    _check_limits(items)
    try:
        current = publish.current_file(path)
    except publish.VersionError as exc:
        raise ImportFailure("version", error=exc) from None
    if not current.exists():
        raise ImportFailure("no_database", path=path.name)
    mapping = mapping_mod.load()
    wanted = SUBMISSION_FIELDS if kind == "submissions" else TARGET_FIELDS
    required = SUBMISSION_REQUIRED if kind == "submissions" else TARGET_REQUIRED
    tables: list[RawTable] = []
    try:
        return _import(
            kind, items, tables, path, campaign_id, who, now, lang, say, mapping, wanted, required, started_at, started_clock, options or {}
        )
    finally:
        for table in tables:
            if table.csv is not None:
                table.csv.close()  # a re-encoded temporary copy of a UTF-16 file, a symlink
            if table.parquet is not None:
                table.parquet.unlink(missing_ok=True)  # an XLSX sheet's cells


def _check_limits(items: list[tuple[Path, str]]) -> None:
    """File count and sizes, before anything is read: only regular files, within limits.py."""
    if len(items) > limits.MAX_FILES:
        raise ImportFailure("too_many_files", n=len(items), limit=limits.MAX_FILES)
    total = sum(check_file(path, name) for path, name in items)
    if total > limits.MAX_TOTAL_BYTES:
        raise ImportFailure("too_large_total", size=f"{total / 2**20:.0f} MB", limit=f"{limits.MAX_TOTAL_BYTES / 2**20:.0f} MB")


def _import(
    kind, items, tables, path, campaign_id, who, now, lang, say, mapping, wanted, required, started_at, started_clock, options
) -> ImportResult:
    """The import proper; `tables` collects the files read, so that _run removes their temporary copies whatever happens."""
    for i, (file_path, name) in enumerate(items):
        say(0.35 * i / len(items), "imp_progress_reading", file=name)
        try:

            def tick(rows: int, name: str = name, fraction: float = 0.35 * i / len(items)) -> None:
                say(fraction, "imp_progress_reading_rows", file=name, n=fmt.number(rows, lang))

            tables.append(read_file(file_path, mapping, set(wanted), required, name=name, tick=tick))
        except ImportFailure:
            raise
        except Exception as exc:  # noqa: BLE001 - a reader library's surprise is still a clear message
            raise ImportFailure("unexpected", name, error=_first_line(exc)) from exc
    _hold("read")
    say(0.35, "imp_progress_copying")
    batch_id = started_at.strftime("%Y%m%dT%H%M") + "-" + uuid.uuid4().hex[:6]
    stages = {
        "copied": (0.4, "imp_progress_checking"),
        "written": (0.9, "imp_progress_writing"),
        "closed": (0.97, "imp_progress_switching"),
    }

    def on_stage(stage: str) -> None:
        if stage in stages:
            say(*stages[stage])
        _hold(stage)

    try:
        with publish.new_version(path, on_stage=on_stage) as con:
            store.ensure_tables(con, "imports", "import_rejections")
            campaign = _campaign(con, campaign_id)
            _define_macros(con)
            if kind == "submissions":
                outcome = _apply_submissions(con, tables, campaign, now, mapping, say)
            else:
                outcome = _apply_targets(con, tables, campaign, now, mapping, say, **options)
            say(0.8, "imp_progress_logging")
            version = outcome["version"]
            results = _log(con, kind, tables, campaign["campaign_id"], batch_id, who, started_at, version, outcome["empty_lines"])
            rejections = stage.execute(con, sql("import/batch_rejections"), {"batch": batch_id}).df()
            _hold("applied")
    except ImportFailure:
        raise
    except publish.VersionError as exc:
        raise ImportFailure("busy" if "running" in str(exc) else "version", error=exc) from None
    except duckdb.Error as exc:
        raise ImportFailure("db_error", error=_first_line(exc)) from None
    except Exception as exc:  # noqa: BLE001 - nothing was published (new_version discards the file)
        raise ImportFailure("unexpected", error=_first_line(exc)) from exc
    final_name = publish.current_file(path).name
    say(1.0, "imp_progress_done")
    totals = {
        key: sum(getattr(r, key) for r in results)
        for key in ("count_read", "count_inserted", "count_updated", "count_unchanged", "count_rejected", "count_skipped")
    }
    return ImportResult(
        kind, batch_id, campaign["campaign_id"], who, results, rejections, version, final_name, time.perf_counter() - started_clock, totals
    )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _campaign(con, campaign_id: str | None) -> dict:
    rows = con.execute("select campaign_id, opens_at, closes_at from campaigns order by opens_at desc").fetchall()
    if not rows:
        raise ImportFailure("no_campaign")
    known = {r[0]: r for r in rows}
    chosen = known.get(campaign_id) if campaign_id else rows[0]
    if chosen is None:
        raise ImportFailure("unknown_campaign", campaign=campaign_id, known=", ".join(known))
    return {"campaign_id": chosen[0], "opens_at": chosen[1], "closes_at": chosen[2]}


# --- the connection's settings and the import's macros ---

BLANK_CHARS = " \t\r\n\u00a0\ufeff\u200b"
# control and bidirectional-override characters (RE2 syntax): not allowed in a stored id
BAD_CHARS = r"[\x00-\x1f\x7f\x{200e}\x{200f}\x{202a}-\x{202e}\x{2066}-\x{2069}]"  # trimmed from every cell; a cell of only these is blank


def _define_macros(con) -> None:
    con.execute("set enable_progress_bar = false")
    # Inserts may run in parallel; where order matters (a file's rows, events by time) the SQL
    # asks for it.
    con.execute("set preserve_insertion_order = false")
    # bounded memory whatever the files: DuckDB spills to its temporary folder beyond this
    con.execute(f"set memory_limit = '{limits.DUCKDB_MEMORY}'")
    # one checkpoint, when the version is published, instead of one each time the write-ahead
    # log passes 16 MB during the refresh (each rewrote what the refresh was about to change again)
    con.execute("set checkpoint_threshold = '1GB'")
    for statement in statements("import/macros"):
        con.execute(statement.replace("{blank_chars}", BLANK_CHARS))


# --- submissions ---


def _apply_submissions(con, tables, campaign, now, mapping, say) -> dict:
    resolver = UnitResolver.from_db(con, mapping)
    empty = stage.load_incoming(con, tables, SUBMISSION_FIELDS, mapping, "submission_id")
    stage.file_info(con, tables)
    stage.word_maps(
        con,
        mapping,
        resolver,
        {"status": ("status",), "sector": ("sector",), "boolean": ("author_is_leader",), "field": ("field",)},
        ("unit", "unit_code"),
        ("grassroots_union",),
    )
    say(0.5, "imp_progress_checking")
    params = {"campaign_id": campaign["campaign_id"], "opens_at": campaign["opens_at"], "closes_at": campaign["closes_at"], "now": now}
    params |= {"max_id": limits.MAX_ID_CHARS, "max_name": limits.MAX_NAME_CHARS, "bad_chars": BAD_CHARS}
    stage.script(con, "stage_submissions", params)
    stage.drop_incoming(con, tables)  # staged holds what the rest needs; the memory goes to the refresh
    say(0.6, "imp_progress_applying")
    stage.script(con, "apply_submissions", {"campaign_id": campaign["campaign_id"]})
    say(0.7, "imp_progress_rollups")
    version = store.apply_changes(con, "chg_old", "chg_new", source="import")
    return {"version": version, "empty_lines": empty}


# --- registered targets ---


def _apply_targets(con, tables, campaign, now, mapping, say, confirm_above_members: bool = False) -> dict:
    resolver = UnitResolver.from_db(con, mapping)
    empty = stage.load_incoming(con, tables, TARGET_FIELDS, mapping, None)
    stage.file_info(con, tables)
    stage.word_maps(con, mapping, resolver, {}, ("unit", "unit_code"))
    say(0.5, "imp_progress_checking")
    factor = limits.MAX_TARGET_PER_MEMBER if confirm_above_members else 1
    stage.script(con, "stage_targets", {"campaign_id": campaign["campaign_id"], "now": now, "members_factor": factor})
    say(0.6, "imp_progress_applying")
    stage.script(con, "apply_targets", {"campaign_id": campaign["campaign_id"]})
    return {"version": store.touch_version(con, "import-targets"), "empty_lines": empty}


# --- the log ---


def _log(con, kind, tables, campaign_id, batch_id, who, started_at, version, empty_lines: dict[int, int]) -> list[FileResult]:
    counts = {int(r["_file"]): r for r in con.execute(sql("import/counts")).df().to_dict("records")}
    for i, n in empty_lines.items():  # empty lines never reach DuckDB's reader: read and skipped as blank
        c = counts.setdefault(i, {})
        c["count_read"] = int(c.get("count_read", 0) or 0) + n
        c["count_blank"] = int(c.get("count_blank", 0) or 0) + n
    stage.execute(con, sql("import/rejections"), {"batch": batch_id, "shown": limits.MAX_SHOWN_CHARS})
    finished_at = vietnam_now()
    results = []
    for i, table in enumerate(tables):
        c = counts.get(i, {})
        result = FileResult(
            file_name=table.name,
            sha256=table.sha256,
            format=table.format,
            import_id=f"{batch_id}-{i + 1}",
            header_row=table.header_row,
            columns={f: table.header_of(f) for f in table.fields},
            ignored_columns=table.ignored,
            encoding=table.encoding,
            delimiter=table.delimiter,
            sheet=table.sheet,
            **{k: int(c.get(k, 0) or 0) for k in ("count_read", "count_inserted", "count_updated", "count_unchanged", "count_rejected")},
            count_blank=int(c.get("count_blank", 0) or 0),
            count_totals=int(c.get("count_totals", 0) or 0),
            count_superseded=int(c.get("count_superseded", 0) or 0),
        )
        result.count_skipped = result.count_blank + result.count_totals + result.count_superseded
        results.append(result)
        stage.execute(
            con,
            sql("import/log_file"),
            {
                "import_id": result.import_id,
                "batch_id": batch_id,
                "kind": kind,
                "campaign_id": campaign_id,
                "file_name": table.name,
                "sha": table.sha256,
                "who": who,
                "started_at": started_at,
                "finished_at": finished_at,
                "read": result.count_read,
                "inserted": result.count_inserted,
                "updated": result.count_updated,
                "unchanged": result.count_unchanged,
                "rejected": result.count_rejected,
                "skipped": result.count_skipped,
                "version": version,
            },
        )
    return results
