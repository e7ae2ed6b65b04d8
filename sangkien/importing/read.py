"""Turn an exported file into a table of text cells with the file's own row numbers.

CSV/TSV/TXT (UTF-8 with or without BOM, UTF-16 "Unicode text"; delimiter , ; tab or |
detected), XLSX (merged cells filled from their top-left cell), Parquet. Title rows above the
header are skipped; a two-row header (a merged group label above sub-headers) is combined.
Which row is the header is decided by the header words of data/import_mapping.csv.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sangkien.importing.errors import ImportFailure
from sangkien.importing.mapping import IGNORE, Mapping

HEADER_SCAN_ROWS = 30
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_CHARS = 256 * 1024
EXTRA_COLUMNS = 2  # cells a row may carry beyond the header (read, checked for content, not mapped)


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

    def header_of(self, name: str) -> str:
        return self.headers[self.fields[name]] if name in self.fields else ""


@dataclass
class _Header:
    index: int  # 0-based index of the last header row
    headers: list[str]
    fields: dict[str, int]
    factors: dict[str, float]
    ignored: list[str]
    score: int
    satisfied: bool


def read_file(path: Path, mapping: Mapping, expected: set[str], required: list[tuple[str, ...]], name: str | None = None) -> RawTable:
    """Read one file; raise ImportFailure when it cannot be read as a table with a header."""
    path = Path(path)
    name = name or path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailure("file_missing", name) from None
    except OSError as exc:
        raise ImportFailure("file_unreadable", name, error=exc.strerror or exc) from None
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not data[:4096].strip(blank) and not data.strip(blank):
        raise ImportFailure("file_empty", name)
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, name, sha, mapping, expected, required)
    if data[:4] == b"PAR1" or suffix == ".parquet":
        return _read_parquet(data, name, sha, mapping, expected, required)
    if data[:4] == b"\xd0\xcf\x11\xe0" or suffix == ".xls":
        raise ImportFailure("xls_unsupported", name)
    if data[:5] == b"%PDF-" or suffix in (".pdf", ".doc", ".docx", ".zip", ".json"):
        raise ImportFailure("unsupported_format", name)
    return _read_text(path, data, name, sha, mapping, expected, required)


# --- header detection ---


def find_header(rows: list[list[str]], mapping: Mapping, expected: set[str], required: list[tuple[str, ...]]) -> _Header | None:
    """The best header among the first rows: one row, or two rows (group label above sub-headers)."""
    best: _Header | None = None
    for i in range(min(len(rows), HEADER_SCAN_ROWS)):
        candidates = [(i, rows[i])]
        if i + 1 < len(rows):
            candidates.append((i + 1, _combine(rows[i], rows[i + 1], mapping, expected)))
        for index, cells in candidates:
            header = _map_header(index, cells, mapping, expected, required)
            if best is None or (header.satisfied, header.score) > (best.satisfied, best.score):
                best = header
    return best


def _combine(upper: list[str], lower: list[str], mapping: Mapping, expected: set[str]) -> list[str]:
    out = []
    for j in range(max(len(upper), len(lower))):
        top = upper[j] if j < len(upper) else ""
        bottom = lower[j] if j < len(lower) else ""
        hit = mapping.header(bottom)
        if bottom and hit and hit[0] in expected:
            out.append(bottom)
        elif top and (hit_top := mapping.header(top)) and hit_top[0] in expected:
            out.append(top)
        else:
            out.append(" ".join(dict.fromkeys(x for x in (top, bottom) if x)))
    return out


def _map_header(index: int, cells: list[str], mapping: Mapping, expected: set[str], required: list[tuple[str, ...]]) -> _Header:
    fields: dict[str, int] = {}
    factors: dict[str, float] = {}
    ignored: list[str] = []
    for j, cell in enumerate(cells):
        text = str(cell or "").strip()
        if not text:
            continue
        hit = mapping.header(text)
        if hit and hit[0] in expected and hit[0] not in fields:
            fields[hit[0]] = j
            factors[hit[0]] = hit[1]
        elif not (hit and hit[0] == IGNORE):
            ignored.append(text)
    satisfied = all(any(f in fields for f in alternatives) for alternatives in required)
    headers = [str(c or "").strip() for c in cells]
    return _Header(index, headers, fields, factors, ignored, len(fields), satisfied)


def _header_or_fail(header: _Header | None, name: str, mapping: Mapping, required: list[tuple[str, ...]]) -> _Header:
    if header is not None and header.satisfied:
        return header

    def named(alternatives: tuple[str, ...]) -> str:
        return " / ".join(f"“{mapping.label(f)}”" for f in alternatives)

    if header is None or header.score < 2:
        raise ImportFailure("no_header", name, expected=", ".join(named(a) for a in required))
    missing = [named(a) for a in required if not any(f in header.fields for f in a)]
    raise ImportFailure("missing_columns", name, missing=", ".join(missing), row=header.index + 1)


# --- text files ---


def _encoding(data: bytes) -> str:
    if data[:3] == b"\xef\xbb\xbf":
        return "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if _looks_utf16(data[:400], 1):
        return "utf-16-le"
    if _looks_utf16(data[:400], 0):
        return "utf-16-be"
    return "utf-8"


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding name; ImportFailure("undecodable") says on which line decoding failed."""
    encoding = _encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise ImportFailure("undecodable", name, line=line, encoding=encoding.upper()) from None
    _check_text(text[:20000], name)
    return text, encoding


def undecodable(data: bytes, name: str) -> ImportFailure | None:
    """The failure to report when `data` is not valid in its encoding, else None."""
    try:
        decode(data, name)
    except ImportFailure as failure:
        return failure
    return None


def _decode_prefix(data: bytes, encoding: str, name: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        sample = decoder.decode(data[:SAMPLE_CHARS], final=len(data) <= SAMPLE_CHARS)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise ImportFailure("undecodable", name, line=line, encoding=encoding.upper()) from None
    _check_text(sample[:20000], name)
    return sample


def _check_text(sample: str, name: str) -> None:
    if "\x00" in sample or sum(ch < " " and ch not in "\t\r\n" for ch in sample) > len(sample) // 50:
        raise ImportFailure("binary", name)


def _looks_utf16(head: bytes, zero_at: int) -> bool:
    if len(head) < 4:
        return False
    zeros = head[zero_at::2].count(0)
    return zeros >= len(head[zero_at::2]) * 0.4 and head[1 - zero_at :: 2].count(0) == 0


@dataclass
class CsvSource:
    """A delimited text file for DuckDB's CSV reader, which is fast but drops empty lines: the
    physical line number of every non-empty line is computed here, so rejections name the
    row an official sees in a text editor or in Excel."""

    path: Path
    delimiter: str
    skip_lines: int
    width: int
    line_numbers: np.ndarray  # 1-based line numbers of the non-empty lines after the header
    blank_lines: np.ndarray  # 1-based line numbers of the empty lines after the header
    body: bytes  # the UTF-8 bytes DuckDB reads
    name: str
    temporary: bool = False

    @property
    def text(self) -> str:
        return decode(self.body, self.name)[0]

    @property
    def special_blanks(self) -> bool:
        """Whether cells may hold blanks other than spaces (tab, no-break or zero-width space)."""
        marks = [b"\xc2\xa0", b"\xe2\x80\x8b"] + ([b"\t"] if self.delimiter != "\t" else [])
        return any(mark in self.body for mark in marks) or b"\xef\xbb\xbf" in self.body[3:]

    def frame(self) -> pd.DataFrame:
        """The slow path: every record through the csv module, numbered by its first line."""
        rows, numbers = [], []
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        line = 0
        try:
            for record in reader:
                first, line = line + 1, reader.line_num
                if first > self.skip_lines:
                    rows.append(record)
                    numbers.append(first)
        except csv.Error as exc:
            raise ImportFailure("bad_text", self.name, error=f"{exc} (line {reader.line_num})") from None
        width = max([self.width, *(len(r) for r in rows)])
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], columns=range(width), dtype=str)
        frame = _finish(frame, self.width)
        frame["_row"] = np.asarray(numbers, dtype=np.int64)
        return frame

    def close(self) -> None:
        if self.temporary:
            self.path.unlink(missing_ok=True)


def _read_text(path: Path, data: bytes, name: str, sha: str, mapping: Mapping, expected: set[str], required) -> RawTable:
    encoding = _encoding(data)
    if encoding.startswith("utf-8") and b"\x00" in data[:20000]:
        raise ImportFailure("binary", name)  # NUL bytes: neither UTF-8 text nor UTF-16
    if encoding.startswith("utf-8"):
        # Only the start is decoded here; DuckDB checks the rest as it reads, and
        # undecodable() names the line if it finds a bad byte.
        sample = _decode_prefix(data, encoding, name)
        text = None
    else:
        text, encoding = decode(data, name)
        sample = text[:SAMPLE_CHARS]
    best = None
    for delimiter in DELIMITERS:
        rows, ends = _records(sample, delimiter, HEADER_SCAN_ROWS + 2)
        header = find_header(rows, mapping, expected, required)
        if header is not None and (best is None or (header.satisfied, header.score) > (best[0].satisfied, best[0].score)):
            best = (header, delimiter, ends)
    header = _header_or_fail(best[0] if best else None, name, mapping, required)
    delimiter, ends = best[1], best[2]
    skip_lines = ends[header.index]
    if encoding in ("utf-8", "utf-8-sig"):
        source, body, temporary = path, data, False
    else:  # DuckDB reads UTF-8: hand it a re-encoded copy
        body = text.encode("utf-8")
        handle = tempfile.NamedTemporaryFile(prefix="sangkien-import-", suffix=".csv", delete=False)
        with handle:
            handle.write(body)
        source, temporary = Path(handle.name), True
    numbers, blanks = _line_numbers(body, skip_lines)
    width = max(len(header.headers), 1)
    csv_source = CsvSource(source, delimiter, skip_lines, width, numbers, blanks, body, name, temporary)
    return RawTable(
        name,
        sha,
        "csv",
        None,
        header.headers,
        header.fields,
        header.factors,
        header.ignored,
        skip_lines,
        encoding,
        delimiter,
        csv=csv_source,
    )


def _line_numbers(body: bytes, skip_lines: int) -> tuple[np.ndarray, np.ndarray]:
    """(non-empty, empty) 1-based line numbers after the first `skip_lines` lines, found with numpy."""
    raw = np.frombuffer(body, dtype=np.uint8)
    breaks = np.flatnonzero(raw == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(raw)]))
    if len(starts) and starts[-1] == len(raw):  # a final line break does not start a line
        starts, ends = starts[:-1], ends[:-1]
    lengths = ends - starts
    carriage = (lengths > 0) & (raw[np.maximum(ends - 1, 0)] == 13) if len(raw) else np.zeros(0, dtype=bool)
    empty = (lengths - carriage) == 0
    if len(starts) and body[:3] == b"\xef\xbb\xbf":
        empty[0] = lengths[0] - carriage[0] == 3
    index = np.arange(len(starts), dtype=np.int64)
    after = index >= skip_lines
    return index[after & ~empty] + 1, index[after & empty] + 1


def _records(text: str, delimiter: str, limit: int | None = None) -> tuple[list[list[str]], list[int]]:
    """Records and, for each, the number of physical lines read up to its end."""
    out: list[list[str]] = []
    ends: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            out.append(record)
            ends.append(reader.line_num)
            if limit is not None and len(out) >= limit:
                break
    except csv.Error:
        pass  # a quote left open in a sample cut mid-field: the rows read so far are enough
    return out, ends


def _finish(frame: pd.DataFrame, width: int) -> pd.DataFrame:
    """Columns c0..c{n-1} as text; empty columns beyond the header dropped."""
    frame = frame.fillna("")
    keep = [c for c in frame.columns if c < width or (frame[c].astype(str) != "").any()]
    frame = frame[keep].astype(str)
    frame.columns = [f"c{i}" for i in range(len(keep))]
    return frame.reset_index(drop=True)


# --- XLSX ---


def _read_xlsx(data: bytes, name: str, sha: str, mapping: Mapping, expected: set[str], required) -> RawTable:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ImportFailure("bad_xlsx", name, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    sheets = [book.active] + [ws for ws in book.worksheets if ws is not book.active]
    best = None
    for ws in sheets:
        if ws is None:
            continue
        rows = _sheet_rows(ws)
        header = find_header(rows, mapping, expected, required)
        if header is not None and (best is None or (header.satisfied, header.score) > (best[0].satisfied, best[0].score)):
            best = (header, rows, ws.title)
        if header is not None and header.satisfied:
            break
    header = _header_or_fail(best[0] if best else None, name, mapping, required)
    rows, title = best[1], best[2]
    body = rows[header.index + 1 :]
    width = max([len(header.headers), *(len(r) for r in body)] or [1])
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in body], columns=range(width), dtype=str)
    frame = _finish(frame, len(header.headers))
    frame["_row"] = pd.RangeIndex(header.index + 2, header.index + 2 + len(frame), dtype="int64")
    return RawTable(name, sha, "xlsx", frame, header.headers, header.fields, header.factors, header.ignored, header.index + 1, sheet=title)


def _sheet_rows(ws) -> list[list[str]]:
    rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(rows) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            row = rows[r]
            if len(row) < merged.max_col:
                row.extend([""] * (merged.max_col - len(row)))
            for c in range(merged.min_col - 1, merged.max_col):
                row[c] = top
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep="T", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


# --- Parquet ---


def _read_parquet(data: bytes, name: str, sha: str, mapping: Mapping, expected: set[str], required) -> RawTable:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds on a damaged file
        raise ImportFailure("bad_parquet", name, error=str(exc).splitlines()[0]) from None
    header = _header_or_fail(_map_header(0, list(table.column_names), mapping, expected, required), name, mapping, required)
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
    return RawTable(name, sha, "parquet", frame, header.headers, header.fields, header.factors, header.ignored, 0)
