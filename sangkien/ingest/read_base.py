"""What every format's reader shares: the file's checks (a regular file within the size limit,
memory-mapped, searched without copying) and the header's detection by the header words of
data/import_mapping.csv (title rows above it skipped, a two-row header combined)."""

from __future__ import annotations

import mmap
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sangkien.ingest import limits
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.mapping import IGNORE, Mapping

HEADER_SCAN_ROWS = 30
EXTRA_COLUMNS = 2  # cells a row may carry beyond the header (read, checked for content, not mapped)


@dataclass
class Header:
    """A header found among a file's first rows, with the fields its cells name."""

    index: int  # 0-based index of the last header row
    headers: list[str]
    fields: dict[str, int]
    factors: dict[str, float]
    ignored: list[str]
    score: int
    satisfied: bool


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
        raise ImportFailure("too_large", name, size=mib(info.st_size), limit=mib(limits.MAX_FILE_BYTES))
    return info.st_size


def mib(size: int) -> str:
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


# --- header detection ---


def find_header(rows: list[list[str]], mapping: Mapping, expected: set[str], required: list[tuple[str, ...]]) -> Header | None:
    """The best header among the first rows: one row, or two rows (group label above sub-headers)."""
    best: Header | None = None
    for i in range(min(len(rows), HEADER_SCAN_ROWS)):
        candidates = [(i, rows[i])]
        if i + 1 < len(rows):
            candidates.append((i + 1, _combine(rows[i], rows[i + 1], mapping, expected)))
        for index, cells in candidates:
            header = map_header(index, cells, mapping, expected, required)
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


def map_header(index: int, cells: list[str], mapping: Mapping, expected: set[str], required: list[tuple[str, ...]]) -> Header:
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
    return Header(index, headers, fields, factors, ignored, len(fields), satisfied)


def header_or_fail(header: Header | None, name: str, mapping: Mapping, required: list[tuple[str, ...]]) -> Header:
    if header is not None and header.satisfied:
        return header

    def named(alternatives: tuple[str, ...]) -> str:
        return " / ".join(f"“{mapping.label(f)}”" for f in alternatives)

    if header is None or header.score < 2:
        raise ImportFailure("no_header", name, expected=", ".join(named(a) for a in required))
    missing = [named(a) for a in required if not any(f in header.fields for f in a)]
    raise ImportFailure("missing_columns", name, missing=", ".join(missing), row=header.index + 1)
