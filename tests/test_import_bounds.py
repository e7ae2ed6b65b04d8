"""Files bounded by their bytes on disk, not by what they declare (issue 22): XLSX decompression
bombs refused from the zip's directory, rows read only to the header's width whatever the
declared dimension, a row too large refused before openpyxl parses it, and a CSV with a quoted
line break still streamed. The hostile files are built small in tmp (sangkien/ops/hostile.py)."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl.worksheet import _read_only

from sangkien.ingest import importer, limits, read_csv
from sangkien.ingest.errors import ImportFailure
from sangkien.ops import hostile
from tests.test_import import NOW, counts, reasons, state, submission
from tests.test_import import tiny as tiny  # noqa: F401 - the fixture


def _refused(database, path) -> ImportFailure:
    before = state(database)
    with pytest.raises(ImportFailure) as failure:
        importer.import_submissions([path], db_path=database, now=NOW)
    assert state(database) == before  # nothing stored
    return failure.value


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(tiny, tmp_path, monkeypatch):  # noqa: F811
    path = hostile.decompression_bomb(tmp_path / "bomb.xlsx", unpacked=16 * 2**20)
    assert path.stat().st_size < 100_000  # 16 MB of shared strings in a few KB
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a) or pytest.fail("opened"))
    failure = _refused(tiny, path)
    assert failure.code == "zip_ratio" and failure.file == "bomb.xlsx"
    assert "bom giải nén" in failure.message("vi") and "decompression bomb" in failure.message("en")
    assert "xl/sharedStrings.xml" in failure.message("vi") and not opened


def test_parts_and_sizes_of_the_zip_are_limited(tiny, tmp_path, monkeypatch):  # noqa: F811
    # shared strings above their own limit, even packed loosely enough to pass the ratio
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS_BYTES", 2**20)
    monkeypatch.setattr(limits, "MAX_ZIP_RATIO", 10**6)
    failure = _refused(tiny, hostile.decompression_bomb(tmp_path / "strings.xlsx", unpacked=2 * 2**20))
    assert failure.code == "zip_part_size" and "sharedStrings.xml" in failure.message("vi")
    assert "1 MB" in failure.message("vi")
    # all parts together
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS_BYTES", 2**30)
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 2**20)
    failure = _refused(tiny, tmp_path / "strings.xlsx")
    assert failure.code == "zip_unpacked" and "giải nén quá lớn" in failure.message("vi")
    # too many parts
    path = hostile.declared_dimension(tmp_path / "parts.xlsx", dimension="A1:E3")
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(limits.MAX_ZIP_ENTRIES):
            archive.writestr(f"xl/media/x{i}.bin", b"")
    failure = _refused(tiny, path)
    assert failure.code == "zip_entries" and "quá nhiều thành phần" in failure.message("vi")


def test_a_declared_dimension_never_pads_rows_or_adds_rows(tiny, tmp_path, monkeypatch):  # noqa: F811
    """`A1:XFD1048576` over two rows: openpyxl is asked for rows no wider than the column limit and
    for no rows beyond those in the file (the old reader asked for 16,384 cells by 1,048,576 rows)."""
    asked = []
    original = _read_only.ReadOnlyWorksheet._cells_by_row

    def spy(self, min_col, min_row, max_col, max_row, values_only=False):
        asked.append((max_col, max_row))
        assert max_col is None or max_col <= limits.MAX_COLUMNS + 1, f"rows padded to {max_col} cells"
        assert max_row is None or max_row <= 1000, f"rows added down to row {max_row}"
        return original(self, min_col, min_row, max_col, max_row, values_only)

    monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_cells_by_row", spy)
    path = hostile.declared_dimension(tmp_path / "dim.xlsx")
    assert path.stat().st_size < 5_000
    result = importer.import_submissions([path], db_path=tiny, now=NOW)
    assert counts(result) == (2, 2, 0, 0, 0, 0)
    assert submission(tiny, "h2")["unit_code"] == "U-A"
    assert asked and all(max_row is None for _, max_row in asked)
    # the header is looked for within the column limit; the data rows are never padded
    assert asked[0][0] == limits.MAX_COLUMNS + 1 and asked[-1][0] is None


def test_text_beyond_the_read_width_still_counts_as_content(tiny, tmp_path):  # noqa: F811
    """A row whose only text sits far right of the header (column AZ): read, not blank."""
    rows = [hostile.ROWS[0], [None] * 51 + ["ghi chú"]]
    rows = [[v if v is not None else "" for v in r] for r in rows]
    path = hostile.write_xlsx(
        tmp_path / "far.xlsx",
        [
            b"<sheetData>",
            hostile.row_xml(1, hostile.HEADER),
            hostile.row_xml(2, rows[0]),
            b'<row r="3">',
            b'<c r="AZ3" t="inlineStr"><is><t>ghi ch\xc3\xba</t></is></c></row>',
            b"</sheetData>",
        ],
    )
    result = importer.import_submissions([path], db_path=tiny, now=NOW)
    assert counts(result)[:2] == (2, 1)
    assert (3, "missing_id") in reasons(result)


def test_a_row_too_large_is_refused_before_openpyxl_parses_it(tiny, tmp_path, monkeypatch):  # noqa: F811
    """One row of 20,000 cells with the row limit at 64 KB: refused by name; the old reader took
    the whole row in (a million cells: 2 minutes and 686 MB)."""
    monkeypatch.setattr(limits, "MAX_ROW_XML_BYTES", 64 * 1024)
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a) or pytest.fail("opened"))
    failure = _refused(tiny, hostile.one_wide_row(tmp_path / "wide.xlsx", columns=20_000))
    assert failure.code == "row_too_large" and not opened  # openpyxl parses a row whole even to open the book
    assert "Dòng thứ 1" in failure.message("vi") and "sheet1.xml" in failure.message("vi")


def test_a_row_beyond_excels_last_row_is_refused(tiny, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 100)
    path = hostile.write_xlsx(
        tmp_path / "far-down.xlsx",
        [
            b"<sheetData>",
            hostile.row_xml(1, hostile.HEADER),
            hostile.row_xml(2, hostile.ROWS[0]),
            hostile.row_xml(500, hostile.ROWS[1]),
            b"</sheetData>",
        ],
    )
    failure = _refused(tiny, path)
    assert failure.code == "too_many_rows" and "100" in failure.message("vi")


def test_ordinary_xlsx_rows_keep_their_cells(tiny, tmp_path):  # noqa: F811
    """A sheet without a dimension, rows of different widths: imported as before."""
    path = hostile.write_xlsx(
        tmp_path / "plain.xlsx",
        [
            b"<sheetData>",
            hostile.row_xml(1, hostile.HEADER),
            hostile.row_xml(2, hostile.ROWS[0][:2]),
            hostile.row_xml(3, hostile.ROWS[1]),
            b"</sheetData>",
        ],
    )
    result = importer.import_submissions([path], db_path=tiny, now=NOW)
    assert counts(result)[:2] == (2, 1)
    assert {row for row, _ in reasons(result)} == {2}


# --- CSV: a quoted line break keeps the file streamed ---


def test_a_quoted_line_break_keeps_the_csv_streamed(tiny, tmp_path, monkeypatch):  # noqa: F811
    """30,000 records with one line break inside a quoted cell: DuckDB's count differs from the
    lines, so the csv module reads the records, in batches (here of 5,000) into a temporary
    Parquet file, and the text is never decoded whole (the old reader decoded all of it and
    built one DataFrame); the rows keep their line numbers."""
    monkeypatch.setattr(limits, "TEXT_BATCH_ROWS", 5_000)
    path = hostile.csv_with_quoted_break(tmp_path / "q.csv", size=1)  # the header and q0 only
    with open(path, "a", encoding="utf-8") as out:
        out.write("".join(f"h{k};An Phú;05/03/2024 10:00;Hợp lệ;FDI\n" for k in range(29_999)))
        out.write("bad;An Phú;99/03/2024;Hợp lệ;FDI\n")
    decoded = []
    original_decode = read_csv.decode
    monkeypatch.setattr(read_csv, "decode", lambda data, name: decoded.append(len(data)) or original_decode(data, name))
    import pyarrow.parquet as pq

    batches = []
    original_write = pq.ParquetWriter.write_batch
    monkeypatch.setattr(
        pq.ParquetWriter, "write_batch", lambda self, batch, *a, **k: batches.append(batch.num_rows) or original_write(self, batch, *a, **k)
    )
    result = importer.import_submissions([path], db_path=tiny, now=NOW)
    assert counts(result) == (30_001, 30_000, 0, 0, 1, 0)
    assert reasons(result) == [(30_003, "bad_date")]  # the quoted break: line 2 and 3 are one record
    assert submission(tiny, "q0")["grassroots_union"] == "dòng 1 dòng 2"
    assert max(batches) <= 5_000 and sum(batches) == 30_001
    assert not decoded or max(decoded) < path.stat().st_size // 2  # never the whole file


def test_an_undecodable_byte_on_the_streamed_path_names_its_line(tiny, tmp_path):  # noqa: F811
    path = hostile.csv_with_quoted_break(tmp_path / "bad.csv", size=200_000)
    data = path.read_bytes()
    cut = data.index(b"\nh1000;") + 1
    path.write_bytes(data[:cut] + b"h\xff;An Ph\xc3\xba;05/03/2024 10:00;H\xe1\xbb\xa3p l\xe1\xbb\x87;FDI\n" + data[cut:])
    failure = _refused(tiny, path)
    assert failure.code == "undecodable" and failure.detail["line"] == str(data[:cut].count(b"\n") + 1)
