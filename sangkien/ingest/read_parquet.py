"""Parquet files: read whole (within the cells limit), every column turned into text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sangkien.ingest import limits
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.mapping import Mapping
from sangkien.ingest.read_base import Header, header_or_fail, map_header


def read_parquet(path: Path, name: str, mapping: Mapping, expected: set[str], required) -> tuple[Header, int, dict]:
    """The header is the columns' names; every cell is turned into text as the other formats' are."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        if meta.num_columns > limits.MAX_COLUMNS:
            raise ImportFailure("too_many_columns", name, n=meta.num_columns, limit=limits.MAX_COLUMNS)
        if meta.num_rows * meta.num_columns > limits.MAX_CELLS:
            raise ImportFailure("too_many_cells", name, limit=f"{limits.MAX_CELLS:,}".replace(",", "."))
        table = pq.read_table(path)
    except ImportFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds on a damaged file
        raise ImportFailure("bad_parquet", name, error=str(exc).splitlines()[0]) from None
    header = header_or_fail(map_header(0, list(table.column_names), mapping, expected, required), name, mapping, required)
    columns = {}
    for i, column in enumerate(table.columns):
        column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        kind = column.type
        if pa.types.is_dictionary(kind):
            column = column.dictionary_decode()
            kind = column.type
        if pa.types.is_timestamp(kind):
            text = pc.strftime(column, format="%Y-%m-%dT%H:%M:%S%z" if kind.tz else "%Y-%m-%dT%H:%M:%S")
        elif pa.types.is_date(kind):
            text = pc.strftime(column, format="%Y-%m-%d")
        elif pa.types.is_floating(kind):
            whole = pc.fill_null(pc.equal(column, pc.floor(column)), True)
            try:
                text = pc.cast(pc.cast(column, pa.int64()), pa.string()) if pc.all(whole).as_py() else pc.cast(column, pa.string())
            except pa.ArrowInvalid:  # too large for an integer
                text = pc.cast(column, pa.string())
        else:
            try:
                text = pc.cast(column, pa.string())
            except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
                text = pa.array([None if v is None else str(v) for v in column.to_pylist()], pa.string())
        columns[f"c{i}"] = pd.Series(pc.fill_null(text, "").to_pandas(), dtype=str)
    frame = pd.DataFrame(columns) if columns else pd.DataFrame(index=range(table.num_rows))
    frame["_row"] = pd.RangeIndex(1, 1 + len(frame), dtype="int64")
    return header, 0, {"frame": frame}
