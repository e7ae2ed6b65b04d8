"""XLSX workbooks: the sheet with the header streamed row by row (openpyxl's read-only mode)
into a temporary Parquet file, merged cells filled from their top-left cell. Before anything is
unpacked, the zip directory and each sheet's rows are measured against limits.py, so that a
decompression bomb or a row too large to parse is refused by name."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from sangkien.core import scratch
from sangkien.ingest import limits
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.mapping import Mapping
from sangkien.ingest.read_base import EXTRA_COLUMNS, HEADER_SCAN_ROWS, Header, find_header, header_or_fail, mib


def read_xlsx(path: Path, name: str, mapping: Mapping, expected: set[str], required, tick=None) -> tuple[Header, int, dict]:
    """Stream the sheet with the header row by row (openpyxl's read-only mode) into a temporary
    Parquet file, XLSX_BATCH_ROWS rows at a time, so memory does not grow with the file."""
    import openpyxl

    check_zip(path, name)  # before anything is unpacked: a decompression bomb is refused here
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ImportFailure("bad_xlsx", name, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    try:
        return _stream_xlsx(book, path, name, mapping, expected, required, tick or (lambda _rows: None))
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
            raise ImportFailure("zip_part_size", name, part=part, size=mib(entry.file_size), limit=mib(limit))
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.ZIP_RATIO_FROM and ratio > limits.MAX_ZIP_RATIO:
            raise ImportFailure("zip_ratio", name, part=part, ratio=f"{ratio:,.0f}".replace(",", "."), limit=limits.MAX_ZIP_RATIO)
    if total > limits.MAX_UNPACKED_BYTES:
        raise ImportFailure("zip_unpacked", name, size=mib(total), limit=mib(limits.MAX_UNPACKED_BYTES))
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


def _stream_xlsx(book, path: Path, name: str, mapping: Mapping, expected: set[str], required, tick) -> tuple[Header, int, dict]:
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
    header = header_or_fail(best[0] if best else None, name, mapping, required)
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
    return header, header.index + 1, {"sheet": ws.title, "parquet": target}


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
                size=mib(end - self.start),
                limit=mib(limits.MAX_ROW_XML_BYTES),
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
