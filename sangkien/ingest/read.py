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

import codecs
import csv
import datetime as dt
import hashlib
import io
import mmap
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sangkien.core import scratch
from sangkien.ingest import limits
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.mapping import IGNORE, Mapping

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
    parquet: Path | None = None  # a temporary Parquet file of the cells (XLSX), columns c0.. and _row

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
        return _read_xlsx(path, name, sha, mapping, expected, required, tick)
    if data[:4] == b"PAR1" or suffix == ".parquet":
        return _read_parquet(path, name, sha, mapping, expected, required)
    if data[:4] == b"\xd0\xcf\x11\xe0" or suffix == ".xls":
        raise ImportFailure("xls_unsupported", name)
    if data[:5] == b"%PDF-" or suffix in (".pdf", ".doc", ".docx", ".zip", ".json"):
        raise ImportFailure("unsupported_format", name)
    return _read_text(path, data, name, sha, mapping, expected, required)


def check_file(path: Path, name: str) -> int:
    """The size of a regular file within the size limit; anything else is refused by name
    (a device such as /dev/zero, a FIFO or a directory would be read without end or fail)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ImportFailure("file_missing", name) from None
    except OSError as exc:
        raise ImportFailure("file_unreadable", name, error=exc.strerror or exc) from None
    if not stat.S_ISREG(info.st_mode):
        raise ImportFailure("not_regular", name)
    if info.st_size > limits.MAX_FILE_BYTES:
        raise ImportFailure("too_large", name, size=_mib(info.st_size), limit=_mib(limits.MAX_FILE_BYTES))
    return info.st_size


def _mib(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def open_file(path: Path, name: str):
    """The file's bytes, memory-mapped (b"" when empty): pages are read as they are used."""
    check_file(path, name)
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return b""
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError as exc:
        raise ImportFailure("file_unreadable", name, error=exc.strerror or exc) from None


def release(data) -> None:
    """Let the kernel take back a memory-mapped file's pages after a full pass over them: they
    stay in the page cache, but no longer count in the import's resident memory (a 200 MB
    export would otherwise add 200 MB to it)."""
    if isinstance(data, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED") and not data.closed:
        data.madvise(mmap.MADV_DONTNEED)


def contains(data, needle: bytes, start: int = 0) -> bool:
    """Whether `needle` occurs in `data` from `start` on. The needle's first byte is looked for
    alone (a memchr, about 30 times faster than the search for several bytes), and the needle
    only where that byte is; when it is a frequent byte the plain search takes over."""
    lead = needle[:1]
    at = data.find(lead, start)
    for _ in range(1000):
        if at < 0:
            return False
        if data[at : at + len(needle)] == needle:
            return True
        at = data.find(lead, at + 1)
    return at >= 0 and data.find(needle, at) >= 0


def _has_content(data) -> bool:
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    step = 1 << 20
    return any(data[i : i + step].strip(blank) for i in range(0, len(data), step))


def duckdb_path(path: Path) -> tuple[Path, Path | None]:
    """A path DuckDB reads as exactly this file: DuckDB expands glob patterns (* ? [ ] {) in
    the paths it is given, so a name holding one is read through a symlink with a plain name.
    Returns (path, temporary folder to remove afterwards or None)."""
    path = Path(path).absolute()
    if not any(ch in str(path) for ch in "*?[]{}~\\"):
        return path, None
    folder = Path(tempfile.mkdtemp(prefix="link-", dir=scratch.folder()))
    link = folder / "file.csv"
    link.symlink_to(path)
    return link, folder


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
        text = bytes(data).decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise ImportFailure("undecodable", name, line=line, encoding=encoding.upper()) from None
    _check_text(text[:20000], name)
    return text, encoding


def undecodable(data: bytes, name: str) -> ImportFailure | None:
    """The failure to report when `data` is not valid in its encoding, else None (UTF-8 is
    checked in pieces, never decoded whole)."""
    encoding = _encoding(data)
    if not encoding.startswith("utf-8"):
        try:
            decode(data, name)
        except ImportFailure as failure:
            return failure
        return None
    line = bad_line(data)
    return None if line is None else ImportFailure("undecodable", name, line=line, encoding=encoding.upper())


def bad_line(data, step: int = 1 << 20) -> int | None:
    """The 1-based line of the first byte that is not valid UTF-8, or None; read in pieces."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    for start in range(0, len(data), step):
        piece = data[start : start + step]
        pending = len(decoder.getstate()[0])  # bytes of a character cut by the previous piece
        try:
            decoder.decode(piece, final=start + step >= len(data))
        except UnicodeDecodeError as exc:
            return lines + piece[: max(exc.start - pending, 0)].count(b"\n")
        lines += piece.count(b"\n")
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
    body: bytes  # the UTF-8 bytes DuckDB reads (memory-mapped)
    name: str
    temporary: bool = False
    folder: Path | None = None  # holds a symlink to the file when its name looks like a glob

    @property
    def text(self) -> str:
        return decode(self.body, self.name)[0]

    @property
    def special_blanks(self) -> bool:
        """Whether cells may hold blanks other than spaces (tab, no-break or zero-width space)."""
        marks = [b"\xc2\xa0", b"\xe2\x80\x8b"] + ([b"\t"] if self.delimiter != "\t" else [])
        try:
            return any(contains(self.body, mark) for mark in marks) or contains(self.body, b"\xef\xbb\xbf", 3)
        finally:
            release(self.body)

    def to_parquet(self) -> Path:
        """The slow, exact path, for a file whose records DuckDB's reader numbers differently
        (line breaks inside quoted cells) or cannot take: every record through the csv module,
        numbered by its first line, streamed into a temporary Parquet file (columns c0.. and
        _row) TEXT_BATCH_ROWS records at a time, so memory is bounded by a batch, not the file.
        Cells beyond the header's width and EXTRA_COLUMNS are joined into the last column."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        width = self.width + EXTRA_COLUMNS
        schema = pa.schema([*(pa.field(f"c{j}", pa.string()) for j in range(width)), pa.field("_row", pa.int64())])
        handle = tempfile.NamedTemporaryFile(prefix="cells-", dir=scratch.folder(), suffix=".parquet", delete=False)
        handle.close()
        target = Path(handle.name)
        line = 0
        try:
            with open(self.path, encoding="utf-8-sig", newline="") as text, pq.ParquetWriter(target, schema, compression="zstd") as writer:
                reader = csv.reader(text, delimiter=self.delimiter)
                columns: list[list[str]] = [[] for _ in range(width)]
                numbers: list[int] = []
                for record in reader:
                    first, line = line + 1, reader.line_num
                    if first <= self.skip_lines:
                        continue
                    if len(record) > width:
                        record = [*record[: width - 1], " ".join(c for c in record[width - 1 :] if c)]
                    for j in range(width):
                        columns[j].append(record[j] if j < len(record) else "")
                    numbers.append(first)
                    if len(numbers) >= limits.TEXT_BATCH_ROWS:
                        writer.write_batch(pa.record_batch([*columns, numbers], schema=schema))
                        columns, numbers = [[] for _ in range(width)], []
                if numbers:
                    writer.write_batch(pa.record_batch([*columns, numbers], schema=schema))
        except csv.Error as exc:
            target.unlink(missing_ok=True)
            raise ImportFailure("bad_text", self.name, error=f"{exc} (line {line + 1})") from None
        except UnicodeDecodeError:
            target.unlink(missing_ok=True)
            raise ImportFailure("undecodable", self.name, line=bad_line(self.body), encoding="UTF-8") from None
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target

    def close(self) -> None:
        if self.temporary:
            self.path.unlink(missing_ok=True)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


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
        # a header is looked for among the first MAX_COLUMNS + 1 cells only (time stays bounded)
        rows = [row[: limits.MAX_COLUMNS + 1] for row in rows]
        header = find_header(rows, mapping, expected, required)
        if header is not None and (best is None or (header.satisfied, header.score) > (best[0].satisfied, best[0].score)):
            best = (header, delimiter, ends)
    header = _header_or_fail(best[0] if best else None, name, mapping, required)
    delimiter, ends = best[1], best[2]
    if len(header.headers) > limits.MAX_COLUMNS:
        raise ImportFailure("too_many_columns", name, n=f"> {limits.MAX_COLUMNS}", limit=limits.MAX_COLUMNS)
    skip_lines = ends[header.index]
    _refuse_nul(data if text is None else text, name, delimiter, header.headers)
    folder = None
    if encoding in ("utf-8", "utf-8-sig"):
        (source, folder), body, temporary = duckdb_path(path), data, False
    else:  # DuckDB reads UTF-8: hand it a re-encoded copy
        body = text.encode("utf-8")
        handle = tempfile.NamedTemporaryFile(prefix="cells-", dir=scratch.folder(), suffix=".csv", delete=False)
        with handle:
            handle.write(body)
        source, temporary = Path(handle.name), True
    numbers, blanks = _line_numbers(body, skip_lines)
    release(body)
    width = max(len(header.headers), 1)
    csv_source = CsvSource(source, delimiter, skip_lines, width, numbers, blanks, body, name, temporary, folder)
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
    # in pieces: a whole-file comparison would hold a byte per byte of the file at once
    step = 16 << 20
    breaks = np.concatenate([np.flatnonzero(raw[i : i + step] == 10) + i for i in range(0, len(raw), step)] or [np.zeros(0, np.int64)])
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


def _read_xlsx(path: Path, name: str, sha: str, mapping: Mapping, expected: set[str], required, tick=None) -> RawTable:
    """Stream the sheet with the header row by row (openpyxl's read-only mode) into a temporary
    Parquet file, XLSX_BATCH_ROWS rows at a time, so memory does not grow with the file."""
    import openpyxl

    check_zip(path, name)  # before anything is unpacked: a decompression bomb is refused here
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ImportFailure("bad_xlsx", name, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    try:
        return _stream_xlsx(book, path, name, sha, mapping, expected, required, tick or (lambda _rows: None))
    except ImportFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet inside a readable workbook
        raise ImportFailure("bad_xlsx", name, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    finally:
        book.close()


def check_zip(path: Path, name: str) -> None:
    """Refuse an XLSX whose zip directory declares more than limits.py allows: too many parts,
    too much unpacked in all or in one part, shared strings openpyxl would hold in memory, or a
    part packed so tightly it can only be a decompression bomb. Only the directory is read."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFailure("bad_xlsx", name, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    if len(entries) > limits.MAX_ZIP_ENTRIES:
        raise ImportFailure("zip_entries", name, n=f"{len(entries):,}".replace(",", "."), limit=limits.MAX_ZIP_ENTRIES)
    total = 0
    for entry in entries:
        part = entry.filename[:80]
        total += entry.file_size
        shared = entry.filename.lower().endswith("sharedstrings.xml")
        limit = limits.MAX_SHARED_STRINGS_BYTES if shared else limits.MAX_PART_BYTES
        if entry.file_size > limit:
            raise ImportFailure("zip_part_size", name, part=part, size=_mib(entry.file_size), limit=_mib(limit))
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.ZIP_RATIO_FROM and ratio > limits.MAX_ZIP_RATIO:
            raise ImportFailure("zip_ratio", name, part=part, ratio=f"{ratio:,.0f}".replace(",", "."), limit=limits.MAX_ZIP_RATIO)
    if total > limits.MAX_UNPACKED_BYTES:
        raise ImportFailure("zip_unpacked", name, size=_mib(total), limit=_mib(limits.MAX_UNPACKED_BYTES))
    # openpyxl parses a whole row before anything can cut it (even to find the sheet's declared
    # dimension, when it opens the workbook): each sheet's rows are measured first, in pieces.
    with zipfile.ZipFile(path) as archive:
        for entry in entries:
            part = entry.filename
            if part.lower().startswith("xl/worksheets/") and part.lower().endswith(".xml"):
                rows = _RowSizes(name, part.rsplit("/", 1)[-1])
                with archive.open(entry) as xml:
                    tail, base = b"", 0
                    while chunk := xml.read(1 << 20):
                        text = tail + chunk
                        rows.scan(text, base)
                        keep = max(0, len(text) - 200)
                        tail, base = text[keep:], base + keep
                    rows.finish(base + len(tail))


def _stream_xlsx(book, path: Path, name: str, sha: str, mapping: Mapping, expected: set[str], required, tick) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sheets = [book.active] + [ws for ws in book.worksheets if ws is not book.active]
    best = None
    for ws in sheets:
        if ws is None:
            continue
        # The declared dimension (`A1:XFD1048576`) is ignored: openpyxl would pad every row to
        # its width and add empty rows down to its last row.
        ws.reset_dimensions()
        merged = _merged_ranges(path, book, ws, name)
        head = [_fill(r, row, merged) for r, row in _sheet_rows(ws, HEADER_SCAN_ROWS + 2, name, limits.MAX_COLUMNS + 1)]
        header = find_header(head, mapping, expected, required)
        if header is not None and (best is None or (header.satisfied, header.score) > (best[0].satisfied, best[0].score)):
            best = (header, ws, merged)
        if header is not None and header.satisfied:
            break
    header = _header_or_fail(best[0] if best else None, name, mapping, required)
    header, ws, merged = best
    while header.headers and not header.headers[-1]:
        header.headers.pop()  # empty header cells at the right end: their cells count as extra
    width = len(header.headers)
    if width > limits.MAX_COLUMNS:
        raise ImportFailure("too_many_columns", name, n=width, limit=limits.MAX_COLUMNS)
    # Cells beyond the header are joined into one extra column: read and checked for content
    # (a row with text only there is not blank), never mapped.
    schema = pa.schema([*(pa.field(f"c{j}", pa.string()) for j in range(width + 1)), pa.field("_row", pa.int64())])
    handle = tempfile.NamedTemporaryFile(prefix="cells-", dir=scratch.folder(), suffix=".parquet", delete=False)
    handle.close()
    target = Path(handle.name)
    try:
        with pq.ParquetWriter(target, schema, compression="zstd") as writer:
            columns: list[list[str]] = [[] for _ in range(width + 1)]
            numbers: list[int] = []
            # Each row as far as its own last cell (never padded: its XML size is bounded by
            # _merged_ranges' scan); cells beyond the header's width and two more are turned
            # into text only when a row has some (a row with text only there is not blank).
            for r, row in _sheet_rows(ws, None, name, None, width + EXTRA_COLUMNS):
                if r <= header.index + 1:
                    continue
                row = _fill(r, row, merged)
                for j in range(width):
                    columns[j].append(row[j] if j < len(row) else "")
                columns[width].append(" ".join(c for c in row[width:] if c))
                numbers.append(r)
                if len(numbers) >= limits.XLSX_BATCH_ROWS:
                    writer.write_batch(pa.record_batch([*columns, numbers], schema=schema))
                    tick(r)
                    columns, numbers = [[] for _ in range(width + 1)], []
            if numbers:
                writer.write_batch(pa.record_batch([*columns, numbers], schema=schema))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return RawTable(
        name,
        sha,
        "xlsx",
        None,
        header.headers,
        header.fields,
        header.factors,
        header.ignored,
        header.index + 1,
        sheet=ws.title,
        parquet=target,
    )


def _sheet_rows(ws, limit: int | None, name: str, max_col: int | None, keep: int | None = None):
    """(1-based row number, cells as text) of a read-only sheet, each row cut to `max_col` cells
    (None: to its own last cell), within the cells and rows limits. Only the first `keep` cells
    are turned into text unless a row has values beyond them.

    Read-only rows come one per sheet row from row 1, empty ones included (openpyxl pads a row
    to the width asked for; the sheet's declared dimension was reset, so never to it)."""
    cells = 0
    keep = keep or max_col
    for number, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), start=1):
        if limit is not None and number > limit:
            return
        if number > limits.MAX_SHEET_ROWS:
            raise ImportFailure("too_many_rows", name, limit=f"{limits.MAX_SHEET_ROWS:,}".replace(",", "."))
        beyond = row[keep:]
        values = [_cell_text(v) for v in (row if beyond.count(None) < len(beyond) else row[:keep])]
        while values and not values[-1]:
            values.pop()
        cells += max(len(row), 1)  # as openpyxl built it: a lone cell in column XFD counts 16,384
        if cells > limits.MAX_CELLS:
            raise ImportFailure("too_many_cells", name, limit=f"{limits.MAX_CELLS:,}".replace(",", "."))
        yield number, values


def _merged_ranges(path: Path, book, ws, name: str) -> dict[int, list[tuple[int, int, int]]]:
    """Merged ranges of a sheet by row: {row: [(first col, last col, top row)]} (1-based).

    openpyxl's read-only mode does not read them; they sit after the cells in the sheet's XML,
    which is scanned here in pieces (each row's size was checked by check_zip)."""
    import re as _re
    import zipfile

    from openpyxl.utils.cell import range_boundaries

    part = getattr(ws, "_worksheet_path", None)
    if not part:
        return {}
    found: dict[int, list[tuple[int, int, int]]] = {}
    count = 0
    pattern = _re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
    with zipfile.ZipFile(path) as archive, archive.open(part) as xml:
        tail = b""
        while chunk := xml.read(1 << 20):
            text = tail + chunk
            last = 0
            for match in pattern.finditer(text):
                min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                count += (max_row - min_row + 1) * (max_col - min_col + 1)
                if count > limits.MAX_MERGED_CELLS:
                    raise ImportFailure("too_many_cells", name, limit=f"{limits.MAX_CELLS:,}".replace(",", "."))
                for r in range(min_row, max_row + 1):
                    found.setdefault(r, []).append((min_col, max_col, min_row))
                last = match.end()
            tail = text[max(last, len(text) - 200) :]
    return found


class _RowSizes:
    """The byte span of each `<row>` of a sheet's XML, fed in overlapping pieces: from one row's
    start to the next one's, or to the end of the sheet's data for the last."""

    ROW = re.compile(rb"<(?:\w+:)?row[\s>]|</(?:\w+:)?sheetData>")

    def __init__(self, name: str, sheet: str) -> None:
        self.name, self.sheet = name, sheet
        self.start: int | None = None  # where the open row starts
        self.seen = -1  # the last match's offset (pieces overlap)
        self.rows = 0

    def _check(self, end: int) -> None:
        if self.start is not None and end - self.start > limits.MAX_ROW_XML_BYTES:
            raise ImportFailure(
                "row_too_large",
                self.name,
                row=self.rows,
                sheet=self.sheet[:80],
                size=_mib(end - self.start),
                limit=_mib(limits.MAX_ROW_XML_BYTES),
            )

    def scan(self, text: bytes, base: int) -> None:
        for match in self.ROW.finditer(text):
            at = base + match.start()
            if at <= self.seen:
                continue
            self.seen = at
            self._check(at)
            if match.group(0).startswith(b"</"):
                self.start = None
            else:
                self.start, self.rows = at, self.rows + 1
        self._check(base + len(text))

    def finish(self, end: int) -> None:
        self._check(end)


def _fill(number: int, row: list[str], merged: dict) -> list[str]:
    """A row with its merged cells filled from their range's top-left cell."""
    spans = merged.get(number)
    if not spans:
        return row
    tops = merged.setdefault("_tops", {})
    for min_col, max_col, top_row in spans:
        if number == top_row:
            tops[(top_row, min_col)] = row[min_col - 1] if min_col - 1 < len(row) else ""
        value = tops.get((top_row, min_col), "")
        if len(row) < max_col:
            row.extend([""] * (max_col - len(row)))
        for c in range(min_col - 1, max_col):
            row[c] = value
    return row


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


def _read_parquet(path: Path, name: str, sha: str, mapping: Mapping, expected: set[str], required) -> RawTable:
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


def _refuse_nul(content, name: str, delimiter: str, headers: list[str]) -> None:
    """A NUL anywhere in a text file refuses it, as one in its first 20,000 bytes does ("binary"),
    naming the line and the column where it is (before, a later NUL was silently dropped from
    its cell). `content`: the bytes (memory-mapped, searched without copying) or the decoded text."""
    binary = not isinstance(content, str)
    nul, newline = (b"\x00", b"\n") if binary else ("\x00", "\n")
    at = content.find(nul)
    if at < 0:
        return
    step, lines = 1 << 24, 1
    for start in range(0, at, step):  # counted in slices: a mapped file is never copied whole
        lines += content[start : min(start + step, at)].count(newline)
    line_start = content.rfind(newline, 0, at) + 1
    before = content[line_start:at]
    before = before.decode("utf-8", errors="replace") if binary else before
    index = before.count(delimiter)
    column = headers[index] if index < len(headers) else f"#{index + 1}"
    raise ImportFailure("nul_byte", name, line=lines, column=column)
