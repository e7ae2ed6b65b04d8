"""Import the portal's exports (submissions, registered targets) into a new database version.

Files are read into text tables (sangkien/importing/read.py), then everything else happens in
DuckDB, set-wise: words and unit names are mapped once per distinct value, dates and numbers
parsed by SQL macros, rows checked, de-duplicated (last occurrence wins) and upserted by id.
The whole import runs inside publish.new_version: readers keep the previous version until the
new one is complete, and a failure or a kill leaves it untouched. docs/import.md explains the
rules; every import is logged in `imports`, every problem in `import_rejections`.
"""

from __future__ import annotations

import getpass
import os
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

from sangkien import auth, db, fmt, publish, safe, store
from sangkien.i18n import t
from sangkien.importing import limits
from sangkien.importing import mapping as mapping_mod
from sangkien.importing import read as read_mod
from sangkien.importing.errors import ImportFailure
from sangkien.importing.read import EXTRA_COLUMNS, RawTable, read_file
from sangkien.importing.units import UnitResolver

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


def import_targets(
    files,
    db_path: Path | None = None,
    campaign_id: str | None = None,
    who: str | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    lang: str = "vi",
    confirm_above_members: bool = False,
) -> ImportResult:
    """Import registered targets (one row per unit).

    A target above the unit's members is refused unless `confirm_above_members` (someone
    checked it); above MAX_TARGET_PER_MEMBER times the members it is refused always."""
    options = {"confirm_above_members": bool(confirm_above_members)}
    return _run("targets", files, db_path, campaign_id, who, progress, now, lang, options)


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
            rejections = con.execute(
                "select file_name, row_number, column_name, value, reason_code, detail from import_rejections "
                "where import_id like $batch || '-%' order by import_id, row_number, column_name",
                {"batch": batch_id},
            ).df()
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

MACROS_SQL = r"""
create or replace temp macro clean(x) as nullif(trim(x), '');
create or replace temp macro clean_full(x) as nullif(trim(x, '{blank_chars}'), '');
create or replace temp macro fold(x) as
    trim(regexp_replace(lower(strip_accents(replace(replace(nfc_normalize(coalesce(x, '')), 'đ', 'd'), 'Đ', 'D'))), '[^0-9a-z]+', ' ', 'g'));
-- Dates: dd/mm/yyyy [HH:MM[:SS]] (also - and .), HH:MM dd/mm/yyyy, ISO 8601 (an offset is
-- converted to Vietnam time), Excel serial day numbers; cut to the minute.
create or replace temp macro parse_ts(s) as date_trunc('minute', case
    when s is null then null
    when regexp_matches(s, '^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$')
        then cast(timezone('Asia/Ho_Chi_Minh', try_cast(s as timestamptz)) as timestamp)
    else coalesce(
        try_strptime(s, ['%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y', '%H:%M %d/%m/%Y', '%H:%M:%S %d/%m/%Y',
            '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M', '%d-%m-%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y']),
        case when regexp_matches(s, '^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$') then try_cast(s as timestamp) end,
        case when try_cast(s as double) between 20000 and 80000
            then timestamp '1899-12-30' + to_minutes(cast(round(try_cast(s as double) * 1440) as bigint)) end
    )
end);
create or replace temp macro amount_text(s) as
    replace(replace(replace(replace(replace(replace(replace(lower(s), ' ', ''), chr(160), ''), 'vnđ', ''), 'vnd', ''), 'đồng', ''), 'đ', ''), 'dong', '');
-- Whole numbers: 1.234.567, 1,234,567, 1234567 (dots or commas in groups of three are thousands),
-- 1.234,5 / 1,234.5 / 12,5 are decimals, rounded. Negative numbers are refused.
create or replace temp macro parse_amount(a) as case
    when a is null then null
    when regexp_full_match(a, '\d{1,3}(\.\d{3})+') then try_cast(replace(a, '.', '') as double)
    when regexp_full_match(a, '\d{1,3}(,\d{3})+') then try_cast(replace(a, ',', '') as double)
    when regexp_full_match(a, '\d+') then try_cast(a as double)
    when regexp_full_match(a, '\d{1,3}(\.\d{3})*,\d+') then try_cast(replace(replace(a, '.', ''), ',', '.') as double)
    when regexp_full_match(a, '\d{1,3}(,\d{3})*\.\d+') then try_cast(replace(a, ',', '') as double)
    when regexp_full_match(a, '\d+[.,]\d+') then try_cast(replace(a, ',', '.') as double)
    when regexp_full_match(a, '\d+(\.\d+)?e\+?\d+') then try_cast(a as double)
end;
create or replace temp macro problem(f, v, c, d) as
    struct_pack(column_key := cast(f as varchar), cell := cast(v as varchar), code := cast(c as varchar), detail := cast(d as varchar));
"""


def _script(con, sql: str, params: dict | None = None) -> None:
    """Run statements one by one (DuckDB binds parameters for a single statement only)."""
    for statement in sql.split(";\n"):
        code = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--"))
        if code.strip():
            used = {k: v for k, v in (params or {}).items() if f"${k}" in statement}
            con.execute(statement, used)


def _define_macros(con) -> None:
    con.execute("set enable_progress_bar = false")
    # Inserts may run in parallel; where order matters (a file's rows, events by time) the SQL
    # asks for it.
    con.execute("set preserve_insertion_order = false")
    # bounded memory whatever the files: DuckDB spills to its temporary folder beyond this
    con.execute(f"set memory_limit = '{limits.DUCKDB_MEMORY}'")
    _script(con, MACROS_SQL.replace("{blank_chars}", BLANK_CHARS))


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
        numbers.append(
            pd.DataFrame({"_file": np.full(len(rows), i, dtype=np.int32), "_k": np.arange(len(rows), dtype=np.int64), "_row": rows})
        )
    con.execute("create or replace temp view incoming as " + " union all ".join(parts))
    con.register("row_numbers", pd.concat(numbers, ignore_index=True))
    return empty


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
        table.frame = source.frame()  # line breaks inside quoted cells: the slow, exact path
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

STAGE_SUBMISSIONS_SQL = """
create or replace temp table staged as
with
repeated as (
    -- ids that occur more than once, with the position of their last occurrence (a hash
    -- aggregate: far cheaper than ranking a million ids that occur once)
    select submission_id, max(_file * 1000000000000 + _k) as last_position
    from incoming
    where not is_blank and not is_totals and submission_id is not null
    group by submission_id
    having count(*) > 1
),
ranked as materialized (
    select i.*,
        case
            when i.is_blank then 'blank'
            when i.is_totals then 'totals'
            when i.submission_id is null then 'candidate'
            when r.last_position > i._file * 1000000000000 + i._k then 'superseded'
            else 'candidate'
        end as disposition
    from incoming as i
    left join repeated as r on r.submission_id = i.submission_id
),
typed as (
    select
        r._file, r._k, r.submission_id, r.unit, r.unit_code, r.submitted_at, r.status, r.sector, r.author_is_leader,
        r.field, r.benefit_vnd, r.review_started_at, r.reviewed_at, r.applied_at, r.rewarded_at,
        r.grassroots_union, mt.value as grassroots_text,
        f.has_benefit, f.has_leader, f.has_field, f.has_grassroots, f.benefit_factor,
        coalesce(uc.unit_code, un.unit_code) as unit_resolved,
        coalesce(un.suggestions, uc.suggestions) as unit_suggestions,
        parse_ts(r.submitted_at) as t_sub,
        parse_ts(r.review_started_at) as f_rs,
        parse_ts(r.reviewed_at) as f_rv,
        parse_ts(r.applied_at) as f_ap,
        parse_ts(r.rewarded_at) as f_rw,
        ms.value as status_code,
        mse.value as sector_code,
        mb.value as leader_word,
        mf.value as field_code,
        amount_text(r.benefit_vnd) as benefit_text,
        o.submission_id is not null as is_known,
        o.unit_code as o_unit_code, o.grassroots_union as o_grassroots_union, o.submitted_at as o_submitted_at,
        o.author_is_leader as o_author_is_leader, o.sector as o_sector, o.field as o_field, o.status as o_status,
        o.review_started_at as o_rs, o.reviewed_at as o_rv, o.applied_at as o_ap, o.rewarded_at as o_rw,
        o.benefit_vnd as o_benefit_vnd
    from ranked as r
    join file_info as f using (_file)
    left join map_unit as un on un.raw = r.unit
    left join map_unit as uc on uc.raw = r.unit_code
    left join map_status as ms on ms.raw = r.status
    left join map_sector as mse on mse.raw = r.sector
    left join map_boolean as mb on mb.raw = r.author_is_leader
    left join map_field as mf on mf.raw = r.field
    left join map_text as mt on mt.raw = r.grassroots_union
    left join submissions as o on o.campaign_id = $campaign_id and o.submission_id = r.submission_id
    where r.disposition = 'candidate'
),
needs as (
    select *,
        status_code in ('under_review', 'valid', 'invalid', 'applied', 'rewarded') as need_rs,
        status_code in ('valid', 'invalid', 'applied', 'rewarded') as need_rv,
        status_code in ('applied', 'rewarded') as need_ap,
        status_code = 'rewarded' as need_rw,
        try_cast(round(parse_amount(benefit_text) * benefit_factor) as bigint) as benefit_value
    from typed
),
given as (
    -- stage dates from the file, only for the stages the status implies
    select *,
        case when need_rs then f_rs end as g_rs,
        case when need_rv then f_rv end as g_rv,
        case when need_ap then f_ap end as g_ap,
        case when need_rw then f_rw end as g_rw
    from needs
),
checks as (
    select *,
        case when submission_id is null then problem('submission_id', null, 'missing_id', null) end as p0,
        case when unit is null and unit_code is null then problem('unit', null, 'missing_unit', null)
                when unit_resolved is null then problem(case when unit is not null then 'unit' else 'unit_code' end,
                    coalesce(unit, unit_code), 'unknown_unit', unit_suggestions) end as p1,
        case when submitted_at is null then problem('submitted_at', null, 'missing_date', null)
                when t_sub is null then problem('submitted_at', submitted_at, 'bad_date', null)
                when t_sub < $opens_at then problem('submitted_at', submitted_at, 'before_open', strftime($opens_at, '%d/%m/%Y %H:%M'))
                when t_sub > $closes_at then problem('submitted_at', submitted_at, 'after_close', strftime($closes_at, '%d/%m/%Y %H:%M'))
                when t_sub > $now then problem('submitted_at', submitted_at, 'future', null) end as p2,
        case when status is null then problem('status', null, 'missing_status', null)
                when status_code is null then problem('status', status, 'bad_status', null) end as p3,
        case when sector is not null and sector_code is null then problem('sector', sector, 'bad_sector', null)
                when sector is null and o_sector is null then problem('sector', null, 'missing_sector', null) end as p4,
        case when has_leader and author_is_leader is not null and leader_word is null then problem('author_is_leader', author_is_leader, 'bad_bool', null) end as p5,
        case when has_benefit and benefit_vnd is not null and benefit_value is null then problem('benefit_vnd', benefit_vnd, 'bad_number', null) end as p6,
        case when need_rs and review_started_at is not null and f_rs is null then problem('review_started_at', review_started_at, 'bad_date', null)
                when g_rs > $now then problem('review_started_at', review_started_at, 'future', null)
                when g_rs < t_sub then problem('review_started_at', review_started_at, 'stage_order', 'submitted_at') end as p7,
        case when need_rv and reviewed_at is not null and f_rv is null then problem('reviewed_at', reviewed_at, 'bad_date', null)
                when g_rv > $now then problem('reviewed_at', reviewed_at, 'future', null)
                when g_rv < greatest(t_sub, g_rs) then problem('reviewed_at', reviewed_at, 'stage_order',
                    case when g_rs > t_sub then 'review_started_at' else 'submitted_at' end) end as p8,
        case when need_ap and applied_at is not null and f_ap is null then problem('applied_at', applied_at, 'bad_date', null)
                when g_ap > $now then problem('applied_at', applied_at, 'future', null)
                when g_ap < greatest(t_sub, g_rs, g_rv) then problem('applied_at', applied_at, 'stage_order',
                    case when g_rv >= greatest(t_sub, g_rs) then 'reviewed_at' when g_rs > t_sub then 'review_started_at' else 'submitted_at' end) end as p9,
        case when need_rw and rewarded_at is not null and f_rw is null then problem('rewarded_at', rewarded_at, 'bad_date', null)
                when g_rw > $now then problem('rewarded_at', rewarded_at, 'future', null)
                when g_rw < greatest(t_sub, g_rs, g_rv, g_ap) then problem('rewarded_at', rewarded_at, 'stage_order',
                    case when g_ap >= greatest(t_sub, g_rs, g_rv) then 'applied_at' when g_rv >= greatest(t_sub, g_rs) then 'reviewed_at'
                        when g_rs > t_sub then 'review_started_at' else 'submitted_at' end) end as p10,
        -- text that is stored: ids and names within their length limits (sangkien/importing/limits.py),
        -- ids without control or bidi characters (names are cleaned of them in map_text)
        case when length(submission_id) > $max_id then problem('submission_id', submission_id, 'too_long', cast($max_id as varchar))
                when regexp_matches(submission_id, $bad_chars) then problem('submission_id', submission_id, 'bad_chars', null) end as p11,
        case when length(grassroots_union) > $max_name
                then problem('grassroots_union', grassroots_union, 'too_long', cast($max_name as varchar)) end as p12,
        least($now, $closes_at) as fallback_at,
        least(g_rv, g_ap, g_rw) as ub_rs,
        least(g_ap, g_rw) as ub_rv,
        g_rw as ub_ap
    from given
),
checked as (
    select *,
        case when p0 is null and p1 is null and p2 is null and p3 is null and p4 is null and p5 is null and p6 is null and p7 is null and p8 is null and p9 is null and p10 is null
                and p11 is null and p12 is null then null
            else list_filter([p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12], lambda x: x is not null) end as problems
    from checks
),
kept as (
    -- a stage date: the file's, else the stored one if it still fits, else filled below
    select *,
        case when need_rs then coalesce(g_rs, case when o_rs >= t_sub and (ub_rs is null or o_rs <= ub_rs) then o_rs end) end as c_rs,
        case when need_rv then coalesce(g_rv, case when o_rv >= t_sub and (ub_rv is null or o_rv <= ub_rv) then o_rv end) end as c_rv,
        case when need_ap then coalesce(g_ap, case when o_ap >= t_sub and (ub_ap is null or o_ap <= ub_ap) then o_ap end) end as c_ap,
        case when need_rw then coalesce(g_rw, case when o_rw >= t_sub then o_rw end) end as c_rw
    from checked
),
filled as (
    -- an implied earlier stage takes the next known later date; the latest stage with no date
    -- at all is dated when it was first seen (the import, or the close of the campaign)
    select *,
        case when need_rw then coalesce(c_rw, fallback_at) end as x_rw
    from kept
),
filled2 as (
    select *, case when need_ap then coalesce(c_ap, x_rw, fallback_at) end as x_ap from filled
),
filled3 as (
    select *, case when need_rv then coalesce(c_rv, x_ap, fallback_at) end as x_rv from filled2
),
filled4 as (
    select *, case when need_rs then coalesce(c_rs, x_rv, fallback_at) end as x_rs from filled3
),
ordered as (
    select *, case when x_rs is not null then greatest(x_rs, t_sub) end as n_rs from filled4
),
ordered2 as (
    select *, case when x_rv is not null then greatest(x_rv, n_rs) end as n_rv from ordered
),
ordered3 as (
    select *, case when x_ap is not null then greatest(x_ap, n_rv) end as n_ap from ordered2
),
ordered4 as (
    select *, case when x_rw is not null then greatest(x_rw, n_ap) end as n_rw from ordered3
),
final as (
    select
        _file, _k, problems, is_known,
        submission_id,
        unit_resolved as n_unit_code,
        case when has_grassroots then grassroots_text else o_grassroots_union end as n_grassroots_union,
        t_sub as n_submitted_at,
        case when has_leader then coalesce(leader_word = 'true', false) else coalesce(o_author_is_leader, false) end as n_author_is_leader,
        coalesce(sector_code, o_sector) as n_sector,
        case when has_field then case when field is null then null else coalesce(field_code, 'other') end else o_field end as n_field,
        status_code as n_status,
        n_rs, n_rv, n_ap, n_rw,
        case when has_benefit then benefit_value else o_benefit_vnd end as n_benefit_vnd,
        o_unit_code, o_grassroots_union, o_submitted_at, o_author_is_leader, o_sector, o_field, o_status, o_rs, o_rv, o_ap, o_rw, o_benefit_vnd
    from ordered4
)
select
    _file, _k, problems, submission_id,
    n_unit_code, n_grassroots_union, n_submitted_at, n_author_is_leader, n_sector, n_field, n_status, n_rs, n_rv, n_ap, n_rw, n_benefit_vnd,
    case
        when problems is not null then 'rejected'
        when not is_known then 'insert'
        when n_unit_code is not distinct from o_unit_code
            and n_grassroots_union is not distinct from o_grassroots_union
            and n_submitted_at is not distinct from o_submitted_at
            and n_author_is_leader is not distinct from o_author_is_leader
            and n_sector is not distinct from o_sector
            and n_field is not distinct from o_field
            and n_status is not distinct from o_status
            and n_rs is not distinct from o_rs
            and n_rv is not distinct from o_rv
            and n_ap is not distinct from o_ap
            and n_rw is not distinct from o_rw
            and n_benefit_vnd is not distinct from o_benefit_vnd then 'unchanged'
        else 'update'
    end as action
from final
union all
-- blank, totals and superseded rows stay in the table so every row read is accounted for
select _file, _k, null, null, null, null, null, null, null, null, null, null, null, null, null, null, disposition
from ranked
where disposition <> 'candidate';
"""

APPLY_SUBMISSIONS_SQL = """
-- a view cannot take parameters: the campaign travels in a one-row table
create or replace temp table import_campaign as select cast($campaign_id as varchar) as campaign_id;
create or replace temp view chg_new as
select
    submission_id, (select campaign_id from import_campaign) as campaign_id, n_unit_code as unit_code, n_grassroots_union as grassroots_union,
    n_submitted_at as submitted_at, n_author_is_leader as author_is_leader, n_sector as sector, n_field as field, n_status as status,
    n_rs as review_started_at, n_rv as reviewed_at, n_ap as applied_at, n_rw as rewarded_at, n_benefit_vnd as benefit_vnd
from staged
where action in ('insert', 'update');

create or replace temp table chg_old as
select s.*
from submissions as s
semi join staged as g on g.submission_id = s.submission_id and g.action = 'update'
where s.campaign_id = $campaign_id;

delete from submissions as s using chg_old as o where s.campaign_id = o.campaign_id and s.submission_id = o.submission_id;
insert into submissions by name select * from chg_new;
"""


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
    _script(con, STAGE_SUBMISSIONS_SQL, params)
    say(0.6, "imp_progress_applying")
    _script(con, APPLY_SUBMISSIONS_SQL, {"campaign_id": campaign["campaign_id"]})
    say(0.7, "imp_progress_rollups")
    version = store.apply_changes(con, "chg_old", "chg_new", source="import")
    return {"version": version, "empty_lines": empty}


# --- registered targets ---

STAGE_TARGETS_SQL = """
create or replace temp table staged as
with
resolved as (
    select i.*, coalesce(uc.unit_code, un.unit_code) as unit_resolved, coalesce(un.suggestions, uc.suggestions) as unit_suggestions
    from incoming as i
    left join map_unit as un on un.raw = i.unit
    left join map_unit as uc on uc.raw = i.unit_code
),
ranked as materialized (
    select *,
        case
            when is_blank then 'blank'
            when is_totals then 'totals'
            when unit_resolved is null then 'candidate'
            when row_number() over (partition by unit_resolved, is_blank or is_totals order by _file desc, _k desc) > 1 then 'superseded'
            else 'candidate'
        end as disposition
    from resolved
),
typed as (
    select r.*, f.has_registered_at,
        amount_text(r.registered_target) as target_text, f.target_factor,
        parse_ts(r.registered_at) as t_reg,
        o.unit_code is not null as is_known, o.registered_target as o_registered_target, o.guideline_target as o_guideline_target,
        o.registered_at as o_registered_at,
        cast(round(u.members_estimate * c.guideline_ratio) as integer) as guideline_default,
        u.members_estimate
    from ranked as r
    join file_info as f using (_file)
    left join targets as o on o.campaign_id = $campaign_id and o.unit_code = r.unit_resolved
    left join units as u on u.unit_code = r.unit_resolved
    left join campaigns as c on c.campaign_id = $campaign_id
    where r.disposition = 'candidate'
),
valued as (
    select *, try_cast(round(parse_amount(target_text) * target_factor) as integer) as target_value from typed
),
checks as (
    select *,
        case when unit is null and unit_code is null then problem('unit', null, 'missing_unit', null)
                when unit_resolved is null then problem(case when unit is not null then 'unit' else 'unit_code' end,
                    coalesce(unit, unit_code), 'unknown_unit', unit_suggestions) end as p0,
        case when registered_target is null then problem('registered_target', null, 'missing_number', null)
                when target_value is null then problem('registered_target', registered_target, 'bad_number', null)
                -- plausibility: a unit cannot register more initiatives than it has members
                when target_value > members_estimate * $members_factor
                    then problem('registered_target', registered_target, 'above_members', cast(members_estimate as varchar)) end as p1,
        case when registered_at is not null and t_reg is null then problem('registered_at', registered_at, 'bad_date', null)
                when t_reg > $now then problem('registered_at', registered_at, 'future', null) end as p2
    from valued
),
checked as (
    select *,
        case when p0 is null and p1 is null and p2 is null then null
            else list_filter([p0, p1, p2], lambda x: x is not null) end as problems
    from checks
)
select _file, _k, problems, unit_resolved as unit_code, target_value as n_registered_target,
    coalesce(o_guideline_target, guideline_default) as n_guideline_target,
    case when has_registered_at then coalesce(t_reg, o_registered_at) else o_registered_at end as n_registered_at,
    case
        when problems is not null then 'rejected'
        when not is_known then 'insert'
        when target_value is not distinct from o_registered_target
            and (case when has_registered_at then coalesce(t_reg, o_registered_at) else o_registered_at end) is not distinct from o_registered_at
            then 'unchanged'
        else 'update'
    end as action
from checked
union all
select _file, _k, null, null, null, null, null, disposition from ranked where disposition <> 'candidate';
"""

APPLY_TARGETS_SQL = """
delete from targets as t using staged as s
where t.campaign_id = $campaign_id and t.unit_code = s.unit_code and s.action = 'update';
insert into targets by name
select cast($campaign_id as varchar) as campaign_id, unit_code, n_registered_target as registered_target,
    n_guideline_target as guideline_target, n_registered_at as registered_at
from staged
where action in ('insert', 'update');
"""


def _apply_targets(con, tables, campaign, now, mapping, say, confirm_above_members: bool = False) -> dict:
    resolver = UnitResolver.from_db(con, mapping)
    empty = _load_incoming(con, tables, TARGET_FIELDS, mapping, None)
    _file_info(con, tables)
    _word_maps(con, mapping, resolver, {}, ("unit", "unit_code"))
    say(0.5, "imp_progress_checking")
    factor = limits.MAX_TARGET_PER_MEMBER if confirm_above_members else 1
    _script(con, STAGE_TARGETS_SQL, {"campaign_id": campaign["campaign_id"], "now": now, "members_factor": factor})
    say(0.6, "imp_progress_applying")
    _script(con, APPLY_TARGETS_SQL, {"campaign_id": campaign["campaign_id"]})
    return {"version": store.touch_version(con, "import-targets"), "empty_lines": empty}


# --- the log ---

COUNTS_SQL = """
select _file, count(*) as count_read,
    count(*) filter (where action = 'insert') as count_inserted,
    count(*) filter (where action = 'update') as count_updated,
    count(*) filter (where action = 'unchanged') as count_unchanged,
    count(*) filter (where action = 'rejected') as count_rejected,
    count(*) filter (where action = 'blank') as count_blank,
    count(*) filter (where action = 'totals') as count_totals,
    count(*) filter (where action = 'superseded') as count_superseded
from staged
group by _file
"""

REJECTIONS_SQL = """
insert into import_rejections
with found as (
    select _file, _k, unnest(problems) as pr from staged where action = 'rejected'
)
select $batch || '-' || cast(x._file + 1 as varchar) as import_id, f.file_name, n._row as row_number,
    coalesce(nullif(h.header, ''), x.pr.column_key) as column_name,
    case when length(x.pr.cell) > $shown then left(x.pr.cell, $shown) || '…' else x.pr.cell end as value, x.pr.code as reason_code,
    coalesce(nullif(hd.header, ''), x.pr.detail) as detail
from found as x
join row_numbers as n on n._file = x._file and n._k = x._k
join file_info as f on f._file = x._file
left join file_headers as h on h._file = x._file and h.field = x.pr.column_key
left join file_headers as hd on hd._file = x._file and hd.field = x.pr.detail and x.pr.code = 'stage_order'
order by x._file, row_number
"""


def _log(con, kind, tables, campaign_id, batch_id, who, started_at, version, empty_lines: dict[int, int]) -> list[FileResult]:
    counts = {int(r["_file"]): r for r in con.execute(COUNTS_SQL).df().to_dict("records")}
    for i, n in empty_lines.items():  # empty lines never reach DuckDB's reader: read and skipped as blank
        c = counts.setdefault(i, {})
        c["count_read"] = int(c.get("count_read", 0) or 0) + n
        c["count_blank"] = int(c.get("count_blank", 0) or 0) + n
    con.execute(REJECTIONS_SQL, {"batch": batch_id, "shown": limits.MAX_SHOWN_CHARS})
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
        con.execute(
            "insert into imports values ($import_id, $batch_id, $kind, $campaign_id, $file_name, $sha, $who, $started_at, $finished_at, "
            "$read, $inserted, $updated, $unchanged, $rejected, $skipped, $version)",
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
