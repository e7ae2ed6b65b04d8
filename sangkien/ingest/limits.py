"""Limits on what an import reads, so that memory and time stay bounded whatever the input.

Each limit is refused with a clear message naming the file (ImportFailure) or, for a cell, a
rejection naming the row and column. docs/security.md lists them with their values.
"""

from __future__ import annotations

MAX_FILES = 20  # files in one import
MAX_FILE_BYTES = 300 * 2**20  # one file: a full portal export (1.3 M rows) is about 200 MB
MAX_TOTAL_BYTES = 600 * 2**20  # all files of one import together
MAX_COLUMNS = 200  # columns in the header row (a portal export has about 20)
MAX_CELLS = 40_000_000  # rows x columns of one XLSX sheet or Parquet file
MAX_MERGED_CELLS = 1_000_000  # cells inside merged ranges of one XLSX sheet
MAX_ID_CHARS = 64  # "Mã sáng kiến": longer ids are rejected
MAX_NAME_CHARS = 200  # free text stored (grassroots union name): longer cells are rejected
MAX_SHOWN_CHARS = 200  # a rejected cell is kept and shown cut to this length
MAX_TARGET_PER_MEMBER = 10  # a registered target above the members needs confirmation; above 10x it is refused
DUCKDB_MEMORY = "256MB"  # DuckDB's memory limit during an import (it spills to disk beyond it)
XLSX_BATCH_ROWS = 20_000  # rows of an XLSX sheet held in memory at once

# An XLSX file is a zip archive: its directory is checked before anything is unpacked, so a file
# is bounded by its bytes on disk, not by what it declares (Python's zipfile never unpacks more
# than a part's declared size: a part that lies about it fails its CRC check).
MAX_ZIP_ENTRIES = 1_000  # parts in one XLSX (an export has about 10)
MAX_UNPACKED_BYTES = 2 * 2**30  # all parts unpacked together
MAX_PART_BYTES = 1 * 2**30  # one part unpacked
MAX_ZIP_RATIO = 100  # unpacked / packed size of one part (sheets compress about 10 times) ...
ZIP_RATIO_FROM = 2**20  # ... checked for parts that unpack to more than this
MAX_SHARED_STRINGS_BYTES = 64 * 2**20  # openpyxl holds every shared string in memory at once
MAX_ROW_XML_BYTES = 4 * 2**20  # one sheet row's XML: openpyxl parses a whole row at once
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit; a row numbered beyond it is refused
TEXT_BATCH_ROWS = 20_000  # records of a CSV with line breaks in quoted cells held in memory at once
