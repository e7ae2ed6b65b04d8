"""Delimited text files (CSV, TSV, TXT): their encoding (UTF-8 with or without BOM, UTF-16
"Unicode text"), delimiter (, ; tab or |) and header, found from the start of the file; the
cells are read later by DuckDB (CsvSource), from the memory-mapped file through a path that
cannot be taken for a glob pattern, or by the csv module, streamed, when DuckDB's reader numbers
the records differently. A text file is never decoded whole unless it is UTF-16."""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sangkien.core import scratch
from sangkien.ingest import limits
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.mapping import Mapping
from sangkien.ingest.read_base import EXTRA_COLUMNS, HEADER_SCAN_ROWS, Header, contains, find_header, header_or_fail, release

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_CHARS = 256 * 1024


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


def read_text(path: Path, data: bytes, name: str, mapping: Mapping, expected: set[str], required) -> tuple[Header, int, dict]:
    """A delimited text file's header, its row and the fields of its RawTable (encoding, delimiter, csv)."""
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
    header = header_or_fail(best[0] if best else None, name, mapping, required)
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
    return header, skip_lines, {"encoding": encoding, "delimiter": delimiter, "csv": csv_source}


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
