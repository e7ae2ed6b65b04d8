"""Turn an exported file into a table of text cells with the file's own row numbers.

CSV/TSV/TXT (UTF-8 with or without BOM, UTF-16 "Unicode text"; delimiter , ; tab or |
detected), XLSX (merged cells filled from their top-left cell), Parquet. Title rows above the
header are skipped; a two-row header (a merged group label above sub-headers) is combined.
Which row is the header is decided by the header words of data/import_mapping.csv.

Files are never read whole into memory: text files are memory-mapped and handed to DuckDB by a
path that cannot be taken for a glob pattern; XLSX sheets are streamed row by row into a
temporary Parquet file. Only regular files are read, within the limits of limits.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.mapping import Mapping
from sangkien.ingest.read_base import EXTRA_COLUMNS, Header, check_file, contains, open_file, release
from sangkien.ingest.read_csv import CsvSource, read_text, undecodable
from sangkien.ingest.read_parquet import read_parquet
from sangkien.ingest.read_xlsx import read_xlsx

# The formats' readers are read_csv, read_xlsx and read_parquet (what they share: read_base); the
# importer reads through this module.
__all__ = ["EXTRA_COLUMNS", "CsvSource", "RawTable", "check_file", "contains", "read_file", "undecodable"]


@dataclass
class RawTable:
    """A file's cells as text: `frame` (columns c0..c{n-1}, "" when empty, and _row) or, for text files, `csv`."""

    name: str
    sha256: str
    format: str
    frame: pd.DataFrame | None
    headers: list[str]
    fields: dict[str, int]
    factors: dict[str, float]
    ignored: list[str] = field(default_factory=list)
    header_row: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    csv: CsvSource | None = None
    parquet: Path | None = None  # a temporary Parquet file of the cells (XLSX), columns c0.. and _row

    def header_of(self, name: str) -> str:
        return self.headers[self.fields[name]] if name in self.fields else ""


def read_file(
    path: Path, mapping: Mapping, expected: set[str], required: list[tuple[str, ...]], name: str | None = None, tick=None
) -> RawTable:
    """Read one file; raise ImportFailure when it cannot be read as a table with a header.

    `tick(rows)` is called as a long sheet is streamed (the import page's progress, which is
    also where a cancel from the page interrupts the import)."""
    path = Path(path).absolute()
    name = name or path.name
    data = open_file(path, name)
    if not len(data) or not _has_content(data):
        raise ImportFailure("file_empty", name)
    sha = hashlib.sha256(data).hexdigest()
    release(data)
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return _table(name, sha, "xlsx", read_xlsx(path, name, mapping, expected, required, tick))
    if data[:4] == b"PAR1" or suffix == ".parquet":
        return _table(name, sha, "parquet", read_parquet(path, name, mapping, expected, required))
    if data[:4] == b"\xd0\xcf\x11\xe0" or suffix == ".xls":
        raise ImportFailure("xls_unsupported", name)
    if data[:5] == b"%PDF-" or suffix in (".pdf", ".doc", ".docx", ".zip", ".json"):
        raise ImportFailure("unsupported_format", name)
    return _table(name, sha, "csv", read_text(path, data, name, mapping, expected, required))


def _table(name: str, sha: str, format: str, found: tuple[Header, int, dict]) -> RawTable:
    """The RawTable of what a format's reader found: (its header, the header's row, the other fields)."""
    header, header_row, more = found
    frame = more.pop("frame", None)
    return RawTable(name, sha, format, frame, header.headers, header.fields, header.factors, header.ignored, header_row, **more)


def _has_content(data) -> bool:
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    step = 1 << 20
    return any(data[i : i + step].strip(blank) for i in range(0, len(data), step))
