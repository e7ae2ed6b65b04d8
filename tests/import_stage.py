"""The importer's parsing without a whole import: its SQL on a connection of its own, cells in a table.

A whole import copies the database, stages, refreshes the derived tables and publishes a
version (about half a second even on the tiny fixture). Most import tests check how one cell
is read, and that is decided earlier, by

- the reader (sangkien/ingest/read.py `read_file`: encoding, delimiter, header row, which
  column is which field and its factor),
- the macros and the staging SQL (sangkien/sql/import/macros.sql and stage_submissions.sql:
  trimming, dates, numbers, the words' and units' maps, every check and its reason).

`Stager` runs exactly those statements on a connection to a copy of a database (only temporary
tables are created), with the cells of each case in a small table, so that a case costs
milliseconds. Only public pieces of sangkien are used (the SQL files, read_file, the mapping,
the unit resolver, the importer's constants), never the importer's private steps, which may
move. What this leaves out (the importer's own loading of the cells into DuckDB, the apply,
the refresh, the publication, the row numbers of rejections) is checked by the end-to-end
imports kept in tests/test_import.py, one per family of cases.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from sangkien.core import safe
from sangkien.ingest import importer, limits
from sangkien.ingest import mapping as mapping_mod
from sangkien.ingest.read import EXTRA_COLUMNS, RawTable, read_file
from sangkien.ingest.units import UnitResolver
from sangkien.storage.sqlfiles import statements

FIELDS = tuple(importer.SUBMISSION_FIELDS)
WORDS = {"status": "status", "sector": "sector", "boolean": "author_is_leader", "field": "field"}  # map_<kind>: the field it maps


def bind(con, statement: str, params: dict):
    """Run one statement with the parameters it names (DuckDB refuses unused ones; comments do not count)."""
    code = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--"))
    return con.execute(statement, {k: v for k, v in params.items() if re.search(rf"\${k}\b", code)})


@dataclass
class Cells:
    """One file's rows of raw cells by field (see Stager.stage)."""

    rows: list[dict[str, str | None]]
    fields: set[str] | None = None
    factors: dict[str, float] | None = None
    clean: str = "clean"


@dataclass
class Staged:
    """One row of the staging table `staged`, in the cells' order: its action, problem codes and typed values."""

    action: str
    problems: list[str]
    details: list[str | None]
    row: dict

    def __getitem__(self, key: str):
        return self.row[key]


class Stager:
    """The staging SQL of submissions on `con` (a connection to a copy of a database with its units,
    campaigns and submissions): `stage(rows)` returns one Staged per row of cells."""

    def __init__(self, con: duckdb.DuckDBPyConnection, campaign_id: str | None = None):
        self.con = con
        self.mapping = mapping_mod.load()
        self.resolver = UnitResolver.from_db(con, self.mapping)
        for statement in statements("import/macros"):
            con.execute(statement.replace("{blank_chars}", importer.BLANK_CHARS))
        query = "select campaign_id, opens_at, closes_at from campaigns order by opens_at desc"
        rows = con.execute(query).fetchall()
        chosen = next(r for r in rows if campaign_id in (None, r[0]))
        self.campaign = {"campaign_id": chosen[0], "opens_at": chosen[1], "closes_at": chosen[2]}

    # --- the cells of files ---

    def stage(
        self,
        rows: list[dict[str, str | None]],
        now: datetime,
        factors: dict[str, float] | None = None,
        fields: set[str] | None = None,
        clean: str = "clean",
    ) -> list[Staged]:
        """One file's cells staged: `rows` holds each row's raw cells by field, as the file has
        them (untrimmed text; a field left out is a column the file does not have unless
        `fields` names it). `clean` is the macro the importer trims cells with ("clean_full"
        when a file holds tabs, no-break or zero-width spaces)."""
        return self.stage_files([Cells(rows, fields, factors, clean)], now)[0]

    def stage_files(self, files: list[Cells], now: datetime) -> list[list[Staged]]:
        """Several files staged in one run of the staging SQL (most of a run's time is DuckDB
        planning it): one list of Staged per file. Each file's ids get the suffix "@<file>" so
        that files, which are separate cases, do not supersede each other's rows; the ids are
        given back without it."""
        con = self.con
        parts = []
        for i, cells in enumerate(files):
            present = set(cells.fields or ()) | {f for row in cells.rows for f in row}
            assert present <= set(FIELDS), present - set(FIELDS)
            frame = pd.DataFrame({f: [row.get(f) for row in cells.rows] for f in present}, dtype=object)
            frame["_k"] = range(len(cells.rows))
            con.register(f"_cells_{i}", frame)
            clean = cells.clean
            blank = " and ".join(f"{clean}(cast({f} as varchar)) is null" for f in present) or "true"
            selected = ", ".join(
                (f"nfc_normalize({clean}(cast({f} as varchar))) || '@{i}'" if f == "submission_id" else f"{clean}(cast({f} as varchar))")
                + f" as {f}"
                if f in present
                else f"cast(null as varchar) as {f}"
                for f in FIELDS
            )
            parts.append(
                f"select {i} as _file, cast(_k as bigint) as _k, {blank} as is_blank, false as is_totals, {selected} from _cells_{i}"
            )
        try:
            con.execute("create or replace temp table incoming as " + " union all ".join(parts) + " order by _file, _k")
        finally:
            for i in range(len(files)):
                con.unregister(f"_cells_{i}")
        self._file_info(files)
        self._maps()
        params = {**self.campaign, "now": now}
        params |= {"max_id": limits.MAX_ID_CHARS, "max_name": limits.MAX_NAME_CHARS, "bad_chars": importer.BAD_CHARS}
        for statement in statements("import/stage_submissions"):
            bind(con, statement, params)
        out: list[list[Staged]] = [[] for _ in files]
        for record in con.execute("select * from staged order by _file, _k").df().to_dict("records"):
            problems = record.pop("problems")
            problems = list(problems) if isinstance(problems, (list, tuple)) or hasattr(problems, "__array__") else []
            record = {k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v) for k, v in record.items()}
            if record["submission_id"] is not None:
                record["submission_id"] = record["submission_id"].rsplit("@", 1)[0]
            out[record["_file"]].append(Staged(record["action"], [p["code"] for p in problems], [p["detail"] for p in problems], record))
        return out

    def _file_info(self, files: list[Cells]) -> None:
        rows = []
        for i, cells in enumerate(files):
            present = set(cells.fields or ()) | {f for row in cells.rows for f in row}
            factors = cells.factors or {}
            rows.append(
                {
                    "_file": i,
                    "file_name": f"f{i}.csv",
                    "has_benefit": "benefit_vnd" in present,
                    "has_leader": "author_is_leader" in present,
                    "has_field": "field" in present,
                    "has_grassroots": "grassroots_union" in present,
                    "has_registered_at": "registered_at" in present,
                    "benefit_factor": float(factors.get("benefit_vnd", 1.0)),
                    "target_factor": float(factors.get("registered_target", 1.0)),
                }
            )
        self.con.register("_info", pd.DataFrame(rows))
        self.con.execute("create or replace temp table file_info as select * from _info")
        self.con.unregister("_info")

    def _maps(self) -> None:
        """The lookup tables the importer builds, one row per distinct value (sangkien/ingest: the word maps)."""
        con = self.con

        def distinct(*columns: str) -> list[str]:
            union = " union ".join(f"select {c} as v from incoming where {c} is not null" for c in columns)
            return [r[0] for r in con.execute(f"select distinct v from ({union})").fetchall()]

        def table(name: str, frame: pd.DataFrame) -> None:
            con.register("_map", frame.astype(object))
            casts = ", ".join(f"cast({c} as varchar) as {c}" for c in frame.columns)
            con.execute(f"create or replace temp table {name} as select {casts} from _map")
            con.unregister("_map")

        for kind, column in WORDS.items():
            values = distinct(column)
            table(f"map_{kind}", pd.DataFrame({"raw": values, "value": [self.mapping.word(kind, v) for v in values]}, dtype=object))
        values = distinct("grassroots_union")
        table("map_text", pd.DataFrame({"raw": values, "value": [" ".join(safe.plain(v).split()) for v in values]}, dtype=object))
        values = distinct("unit", "unit_code")
        codes = [self.resolver.resolve(v) for v in values]
        hints = [", ".join(self.resolver.suggest(v)) if c is None else None for v, c in zip(values, codes, strict=True)]
        table("map_unit", pd.DataFrame({"raw": values, "unit_code": codes, "suggestions": hints}, dtype=object))

    # --- a file, through the reader ---

    def read(self, content: str | bytes, name: str = "f.csv", encoding: str = "utf-8") -> tuple[RawTable, Cells]:
        """The reader's table of a file (encoding, delimiter, header, fields, factors) and its data
        rows' raw cells by field, read by DuckDB's CSV reader as the importer reads them (with the
        delimiter, the lines to skip and the width the reader found; trimmed with the macro the
        importer uses for it)."""
        data = content if isinstance(content, bytes) else content.encode(encoding)
        with tempfile.TemporaryDirectory(prefix="sangkien-stage-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            raw = read_file(path, self.mapping, set(FIELDS), importer.SUBMISSION_REQUIRED)
            try:
                source = raw.csv
                assert source is not None, "a text file"
                width = source.width + EXTRA_COLUMNS
                clean = "clean_full" if source.special_blanks else "clean"
                cells = self.con.execute(
                    "select * from read_csv($path, delim = $delimiter, quote = '\"', escape = '\"', header = false, skip = $skip, "
                    "columns = $columns, auto_detect = false, null_padding = true, strict_mode = false)",
                    {
                        "path": str(source.path),
                        "delimiter": source.delimiter,
                        "skip": source.skip_lines,
                        "columns": {f"c{j}": "VARCHAR" for j in range(width)},
                    },
                ).fetchall()
            finally:
                if raw.csv is not None:
                    raw.csv.close()
        rows = [{f: row[j] for f, j in raw.fields.items()} for row in cells]
        return raw, Cells(rows, set(raw.fields), raw.factors, clean)

    def stage_file(
        self, content: str | bytes, now: datetime, name: str = "f.csv", encoding: str = "utf-8"
    ) -> tuple[RawTable, list[Staged]]:
        """A text file read and staged: the reader's table and one Staged per data row."""
        raw, cells = self.read(content, name, encoding)
        return raw, self.stage_files([cells], now)[0]
