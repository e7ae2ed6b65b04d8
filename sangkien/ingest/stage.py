"""The files of an import into DuckDB, the first steps of the pipeline: each file read into a
narrow table of its mapped cells (blank and totals rows flagged), all of them as one view
`incoming`, the lookup tables of the words, free text and unit names found in them, and what
each file's header holds. The SQL of sangkien/sql/import/ (run by `script`) then stages,
checks and applies the rows.

Column names in the SQL built here are generated (c0..cN and field names), never read from a file."""

from __future__ import annotations

import re
from collections.abc import Iterable

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from sangkien.core import safe
from sangkien.ingest.read import EXTRA_COLUMNS, RawTable, undecodable
from sangkien.ingest.units import UnitResolver
from sangkien.storage.sqlfiles import statements


def script(con, name: str, params: dict | None = None) -> None:
    """Run sangkien/sql/import/<name>.sql statement by statement (DuckDB binds parameters for a
    single statement only), each with the parameters it uses."""
    for statement in statements(f"import/{name}"):
        execute(con, statement, params)


def execute(con, statement: str, params: dict | None = None):
    code = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--"))
    used = {k: v for k, v in (params or {}).items() if re.search(rf"\${k}\b", code)}
    return con.execute(statement, used)


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


def load_incoming(con, tables: list[RawTable], fields: tuple[str, ...], mapping, id_field: str | None) -> dict[int, int]:
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


def drop_incoming(con, tables: list[RawTable]) -> None:
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
            failure = undecodable(source.body, table.name) if "unicode" in str(exc).lower() else None
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


def word_maps(
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


def file_info(con, tables: list[RawTable]) -> None:
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
