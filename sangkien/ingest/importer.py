"""Import the portal's exports (submissions, registered targets) into a new database version.

Files are read into text tables (sangkien/ingest/read.py), then everything else happens in
DuckDB, set-wise: words and unit names are mapped once per distinct value, dates and numbers
parsed by SQL macros, rows checked, de-duplicated (last occurrence wins) and upserted by id.
The whole import runs inside publish.new_version: readers keep the previous version until the
new one is complete, and a failure or a kill leaves it untouched. docs/import.md explains the
rules; every import is logged in `imports`, every problem in `import_rejections`.
"""

from __future__ import annotations

import getpass
import inspect
import os
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from sangkien.campaign import auth
from sangkien.core import fmt, safe
from sangkien.core.i18n import t
from sangkien.ingest import limits
from sangkien.ingest import mapping as mapping_mod
from sangkien.ingest import read as read_mod
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.read import EXTRA_COLUMNS, RawTable, read_file
from sangkien.ingest.units import UnitResolver
from sangkien.storage import db, publish, store
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


@dataclass
class FileResult:
    """One file's outcome; count_read = inserted + updated + unchanged + rejected + skipped."""

    file_name: str
    sha256: str
    format: str
    import_id: str
    header_row: int
    columns: dict[str, str]
    ignored_columns: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    count_read: int = 0
    count_inserted: int = 0
    count_updated: int = 0
    count_unchanged: int = 0
    count_rejected: int = 0
    count_skipped: int = 0
    count_blank: int = 0
    count_totals: int = 0
    count_superseded: int = 0

    @property
    def balanced(self) -> bool:
        parts = self.count_inserted + self.count_updated + self.count_unchanged + self.count_rejected + self.count_skipped
        return self.count_read == parts and self.count_skipped == self.count_blank + self.count_totals + self.count_superseded


@dataclass
class ImportResult:
    kind: str
    batch_id: str
    campaign_id: str
    imported_by: str
    files: list[FileResult]
    rejections: pd.DataFrame  # file_name, row_number, column_name, value, reason_code, detail
    data_version: str
    version_file: str
    seconds: float
    totals: dict[str, int] = field(default_factory=dict)

    def to_dict(self, max_rejections: int = 1000) -> dict:
        """For --json: everything but the rejections beyond the first `max_rejections`."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("files", "rejections")}
        out["files"] = [asdict(f) for f in self.files]
        head = self.rejections.head(max_rejections)
        out["rejections"] = head.astype(object).where(head.notna(), None).to_dict("records")
        out["count_rejection_problems"] = len(self.rejections)
        return out


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

    path = Path(db_path or db.db_path())
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
    total = sum(read_mod.check_file(path, name) for path, name in items)
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
            rejections = _execute(con, sql("import/batch_rejections"), {"batch": batch_id}).df()
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


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _campaign(con, campaign_id: str | None) -> dict:
    rows = con.execute("select campaign_id, opens_at, closes_at from campaigns order by opens_at desc").fetchall()
    if not rows:
        raise ImportFailure("no_campaign")
    known = {r[0]: r for r in rows}
    chosen = known.get(campaign_id) if campaign_id else rows[0]
    if chosen is None:
        raise ImportFailure("unknown_campaign", campaign=campaign_id, known=", ".join(known))
    return {"campaign_id": chosen[0], "opens_at": chosen[1], "closes_at": chosen[2]}


# --- SQL building blocks ---

BLANK_CHARS = " \t\r\n\u00a0\ufeff\u200b"
# control and bidirectional-override characters (RE2 syntax): not allowed in a stored id
BAD_CHARS = r"[\x00-\x1f\x7f\x{200e}\x{200f}\x{202a}-\x{202e}\x{2066}-\x{2069}]"  # trimmed from every cell; a cell of only these is blank


def _script(con, name: str, params: dict | None = None) -> None:
    """Run sangkien/sql/import/<name>.sql statement by statement (DuckDB binds parameters for a
    single statement only), each with the parameters it uses."""
    for statement in statements(f"import/{name}"):
        _execute(con, statement, params)


def _execute(con, statement: str, params: dict | None = None):
    code = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--"))
    used = {k: v for k, v in (params or {}).items() if re.search(rf"\${k}\b", code)}
    return con.execute(statement, used)


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


def _blank_sql(width: int, clean: str) -> str:
    # Column names are generated here (c0..cN), never taken from a file. Most rows are told
    # apart by their first non-empty cell; only the rare rest is checked cell by cell.
    if not width:
        return "true"
    cells = ", ".join(f"c{j}" for j in range(width))
    every = " and ".join(f"{clean}(c{j}) is null" for j in range(width))
    return f"case when coalesce({cells}) is null then true when {clean}(coalesce({cells})) is not null then false else {every} end"


def _cells_sql(width: int) -> str:
    return "[" + ", ".join(f"fold(c{j})" for j in range(width)) + "]"


def _column(table: RawTable, name: str, clean: str = "clean") -> str:
    return f"{clean}(c{table.fields[name]})" if name in table.fields else "cast(null as varchar)"


def _load_incoming(con, tables: list[RawTable], fields: tuple[str, ...], mapping, id_field: str | None) -> dict[int, int]:
    """All files' rows as one view `incoming`: flags and text cells per field, keyed by (_file, _k).

    Each file is read once into a narrow table raw_<i> (flags and the mapped cells only) whose
    row id _k follows the file's order. The file's own row numbers are looked up in the
    registered frame `row_numbers` only for the rows that need one (rejections). Returns the
    number of empty lines per file, which DuckDB's reader skips and the accounting counts.
    """
    parts, numbers, empty = [], [], {}
    for i, table in enumerate(tables):
        rows, empty[i] = _load_file(con, i, table, fields, mapping, id_field)
        parts.append(f"select {i} as _file, rowid as _k, * from raw_{i}")
        numbers.append(pa.table({"_file": np.full(len(rows), i, dtype=np.int32), "_k": np.arange(len(rows), dtype=np.int64), "_row": rows}))
    con.execute("create or replace temp view incoming as " + " union all ".join(parts))
    # an Arrow table: DuckDB reads its arrays where they are (a pandas frame would copy them into one block)
    con.register("row_numbers", pa.concat_tables(numbers))
    return empty


def _drop_incoming(con, tables: list[RawTable]) -> None:
    """Drop the files' raw tables (and the view `incoming` over them) once `staged` is built."""
    con.execute("drop view if exists incoming")
    for i in range(len(tables)):
        con.execute(f"drop table if exists raw_{i}")


def _load_file(con, i: int, table: RawTable, fields: tuple[str, ...], mapping, id_field: str | None) -> tuple[np.ndarray, int]:
    """Read one file into temp table raw_<i>; return its rows' line numbers and its count of empty lines."""
    source = table.csv
    if source is not None:
        width = source.width + EXTRA_COLUMNS
        clean = "clean_full" if source.special_blanks else "clean"
        reader = (
            "read_csv($path, delim = $delimiter, quote = '\"', escape = '\"', header = false, skip = $skip, "
            "columns = $columns, auto_detect = false, null_padding = true, strict_mode = false)"
        )
        params = {
            "path": str(source.path),
            "delimiter": source.delimiter,
            "skip": source.skip_lines,
            "columns": {f"c{j}": "VARCHAR" for j in range(width)},
        }
        try:
            # raw_<i> must keep the file's order (its row ids are the rows' positions)
            con.execute("set preserve_insertion_order = true")
            _create_raw(con, i, table, fields, mapping, id_field, width, clean, reader, params)
            con.execute("set preserve_insertion_order = false")
            count = con.execute(f"select count(*) from raw_{i}").fetchall()[0][0]
        except duckdb.Error as exc:
            failure = read_mod.undecodable(source.body, table.name) if "unicode" in str(exc).lower() else None
            if failure is not None:
                raise failure from None
            count = -1  # a row DuckDB's reader cannot take: the csv module will
        if count == len(source.line_numbers):
            return source.line_numbers.astype(np.int64), len(source.blank_lines)
        table.parquet = source.to_parquet()  # line breaks inside quoted cells: the slow, exact path, streamed
        source.close()
        table.csv = None
    if table.parquet is not None:  # an XLSX sheet, streamed to Parquet by the reader
        import pyarrow.parquet as pq

        width = len(pq.read_schema(table.parquet).names) - 1
        try:
            con.execute("set preserve_insertion_order = true")
            _create_raw(con, i, table, fields, mapping, id_field, width, "clean_full", "read_parquet($path)", {"path": str(table.parquet)})
        finally:
            con.execute("set preserve_insertion_order = false")
        rows = pq.read_table(table.parquet, columns=["_row"])["_row"].to_numpy()
        return rows.astype(np.int64), 0
    width = sum(1 for c in table.frame.columns if c != "_row")
    con.register(f"frame_{i}", table.frame)
    try:
        con.execute("set preserve_insertion_order = true")
        _create_raw(con, i, table, fields, mapping, id_field, width, "clean_full", f"frame_{i}", {})
    finally:
        con.execute("set preserve_insertion_order = false")
        con.unregister(f"frame_{i}")
    return table.frame["_row"].to_numpy(dtype=np.int64), 0


def _create_raw(con, i, table, fields, mapping, id_field, width, clean, source_sql, params) -> None:
    # Column names in this SQL are generated here (c0..cN and field names), never read from a file.
    # A totals row ("Tổng cộng", "Cộng", "Total" in any cell) has no date of its own (submissions)
    # or names no unit (targets); only such rows are looked at cell by cell.
    gate = _column(table, "submitted_at" if id_field else "unit", clean)
    gate_sql = f"{gate} is null" if id_field else f"{gate} is null or fold({gate}) in (select unnest($totals))"
    totals_sql = f"case when {gate_sql} then list_has_any({_cells_sql(width)}, $totals) else false end"
    # ids are compared as NFC text, whatever normal form the file used
    selected = ", ".join(
        f"nfc_normalize({_column(table, f, clean)}) as {f}" if f == id_field else f"{_column(table, f, clean)} as {f}" for f in fields
    )
    con.execute(
        f"create or replace temp table raw_{i} as select {_blank_sql(width, clean)} as is_blank, {totals_sql} as is_totals, {selected} from {source_sql}",
        {**params, "totals": sorted(mapping.totals)},
    )


def _word_maps(
    con, mapping, resolver: UnitResolver, words: dict[str, tuple[str, ...]], unit_fields: tuple[str, ...], text_fields: tuple[str, ...] = ()
) -> None:
    """Small lookup tables, one row per distinct value found in the files."""
    for kind, columns in words.items():
        values = _distinct(con, columns)
        frame = pd.DataFrame({"raw": values, "value": [mapping.word(kind, v) for v in values]}, dtype=object)
        con.register(f"_words_{kind}", frame)
        con.execute(
            f"create or replace temp table map_{kind} as select cast(raw as varchar) as raw, cast(value as varchar) as value from _words_{kind}"
        )
        con.unregister(f"_words_{kind}")
    # Free text is stored in NFC with single spaces; done once per distinct value, not per row.
    values = _distinct(con, text_fields) if text_fields else []
    frame = pd.DataFrame({"raw": values, "value": [" ".join(safe.plain(v).split()) for v in values]}, dtype=object)
    con.register("_text_frame", frame)
    con.execute(
        "create or replace temp table map_text as select cast(raw as varchar) as raw, cast(value as varchar) as value from _text_frame"
    )
    con.unregister("_text_frame")
    values = _distinct(con, unit_fields)
    codes = [resolver.resolve(v) for v in values]
    hints = [", ".join(resolver.suggest(v)) if c is None else None for v, c in zip(values, codes, strict=True)]
    frame = pd.DataFrame({"raw": values, "unit_code": codes, "suggestions": hints}, dtype=object)
    con.register("_units_frame", frame)
    con.execute(
        "create or replace temp table map_unit as select cast(raw as varchar) as raw, cast(unit_code as varchar) as unit_code, "
        "cast(suggestions as varchar) as suggestions from _units_frame"
    )
    con.unregister("_units_frame")


def _distinct(con, columns: Iterable[str]) -> list[str]:
    union = " union ".join(f"select {c} as v from incoming where {c} is not null" for c in columns)
    return [r[0] for r in con.execute(f"select distinct v from ({union})").fetchall()]


def _file_info(con, tables: list[RawTable]) -> None:
    rows = []
    headers = []
    for i, table in enumerate(tables):
        rows.append(
            {
                "_file": i,
                "file_name": table.name,
                "has_benefit": "benefit_vnd" in table.fields,
                "has_leader": "author_is_leader" in table.fields,
                "has_field": "field" in table.fields,
                "has_grassroots": "grassroots_union" in table.fields,
                "has_registered_at": "registered_at" in table.fields,
                "benefit_factor": table.factors.get("benefit_vnd", 1.0),
                "target_factor": table.factors.get("registered_target", 1.0),
            }
        )
        headers += [{"_file": i, "field": f, "header": table.header_of(f)} for f in table.fields]
    con.register("_file_info_frame", pd.DataFrame(rows))
    con.execute("create or replace temp table file_info as select * from _file_info_frame")
    con.unregister("_file_info_frame")
    frame = pd.DataFrame(headers, columns=["_file", "field", "header"]).astype({"_file": "int64", "field": object, "header": object})
    con.register("_headers_frame", frame)
    con.execute(
        "create or replace temp table file_headers as select cast(_file as integer) as _file, cast(field as varchar) as field, cast(header as varchar) as header from _headers_frame"
    )
    con.unregister("_headers_frame")


# --- submissions ---


def _apply_submissions(con, tables, campaign, now, mapping, say) -> dict:
    resolver = UnitResolver.from_db(con, mapping)
    empty = _load_incoming(con, tables, SUBMISSION_FIELDS, mapping, "submission_id")
    _file_info(con, tables)
    _word_maps(
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
    _script(con, "stage_submissions", params)
    _drop_incoming(con, tables)  # staged holds what the rest needs; the memory goes to the refresh
    say(0.6, "imp_progress_applying")
    _script(con, "apply_submissions", {"campaign_id": campaign["campaign_id"]})
    say(0.7, "imp_progress_rollups")
    version = store.apply_changes(con, "chg_old", "chg_new", source="import")
    return {"version": version, "empty_lines": empty}


# --- registered targets ---


def _apply_targets(con, tables, campaign, now, mapping, say, confirm_above_members: bool = False) -> dict:
    resolver = UnitResolver.from_db(con, mapping)
    empty = _load_incoming(con, tables, TARGET_FIELDS, mapping, None)
    _file_info(con, tables)
    _word_maps(con, mapping, resolver, {}, ("unit", "unit_code"))
    say(0.5, "imp_progress_checking")
    factor = limits.MAX_TARGET_PER_MEMBER if confirm_above_members else 1
    _script(con, "stage_targets", {"campaign_id": campaign["campaign_id"], "now": now, "members_factor": factor})
    say(0.6, "imp_progress_applying")
    _script(con, "apply_targets", {"campaign_id": campaign["campaign_id"]})
    return {"version": store.touch_version(con, "import-targets"), "empty_lines": empty}


# --- the log ---


def _log(con, kind, tables, campaign_id, batch_id, who, started_at, version, empty_lines: dict[int, int]) -> list[FileResult]:
    counts = {int(r["_file"]): r for r in con.execute(sql("import/counts")).df().to_dict("records")}
    for i, n in empty_lines.items():  # empty lines never reach DuckDB's reader: read and skipped as blank
        c = counts.setdefault(i, {})
        c["count_read"] = int(c.get("count_read", 0) or 0) + n
        c["count_blank"] = int(c.get("count_blank", 0) or 0) + n
    _execute(con, sql("import/rejections"), {"batch": batch_id, "shown": limits.MAX_SHOWN_CHARS})
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
        _execute(
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
