"""Hostile files, built small on disk: what the limits of sangkien/ingest/limits.py are
checked against (tests/test_import_bounds.py) and what `python -m sangkien bench --only hostile`
measures (docs/security.md).

- `decompression_bomb`: an XLSX whose shared strings unpack to far more than the file's size
  (1 MB on disk -> 1 GiB; the 107 KB variant -> about 100 MB of tiny strings).
- `declared_dimension`: a few KB XLSX declaring `A1:XFD1048576` (openpyxl would pad every row to
  16,384 cells and add empty rows down to row 1,048,576).
- `one_wide_row`: an XLSX of one row of a million cells.
- `csv_with_quoted_break`: a large CSV with one line break inside a quoted cell.

The XLSX files are written part by part with zipfile, so nothing big is ever held in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["Mã sáng kiến", "Đơn vị", "Ngày cập nhật", "Trạng thái", "Khu vực"]
ROWS = [["h1", "An Phú", "05/03/2024 10:00", "Hợp lệ", "FDI"], ["h2", "An Phú", "05/03/2024 11:00", "Đã cập nhật", "Nhà nước"]]


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value) -> bytes:
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'.encode()
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'.encode()


def row_xml(number: int, values: Iterable) -> bytes:
    return f'<row r="{number}">'.encode() + b"".join(_cell(f"{column_letter(j)}{number}", v) for j, v in enumerate(values, 1)) + b"</row>"


def write_xlsx(path: Path, sheet: Iterable[bytes], shared: Iterable[bytes] | None = None, level: int = 9) -> Path:
    """An XLSX of one sheet whose XML body (the rows, inside <sheetData>, or more) is `sheet`'s
    pieces, and, when given, a shared-strings part whose <si> elements are `shared`'s pieces."""
    path = Path(path)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>' if shared is not None else "")
            + "</Relationships>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode())
            for piece in sheet:
                out.write(piece)
            out.write(b"</worksheet>")
        if shared is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
                out.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
                for piece in shared:
                    out.write(piece)
                out.write(b"</sst>")
    return path


def _table(header: list, rows: list[list], dimension: str | None = None) -> Iterator[bytes]:
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    for number, values in enumerate([header, *rows], 1):
        yield row_xml(number, values)
    yield b"</sheetData>"


def decompression_bomb(path: Path, unpacked: int = 2**30, header: list = HEADER, rows: list[list] = ROWS) -> Path:
    """A valid XLSX (the header and rows as inline text) whose shared strings part holds
    `unpacked` bytes of tiny identical strings: about 1 MB on disk per GiB."""
    piece = b"<si><t>a</t></si>" * 65536

    def strings() -> Iterator[bytes]:
        for _ in range(max(1, unpacked // len(piece))):
            yield piece

    return write_xlsx(path, _table(header, rows), strings())


def declared_dimension(path: Path, header: list = HEADER, rows: list[list] = ROWS, dimension: str = "A1:XFD1048576") -> Path:
    """A few KB XLSX declaring a huge `dimension` over a small table."""
    return write_xlsx(path, _table(header, rows, dimension))


def one_wide_row(path: Path, columns: int = 1_000_000, header: list = HEADER) -> Path:
    """An XLSX whose one row is the header followed by numbers to `columns` cells."""

    def sheet() -> Iterator[bytes]:
        yield b'<sheetData><row r="1">'
        yield b"".join(_cell(f"{column_letter(j)}1", v) for j, v in enumerate(header, 1))
        step = 10_000
        for start in range(len(header) + 1, columns + 1, step):
            yield b"".join(f'<c r="{column_letter(j)}1"><v>{j}</v></c>'.encode() for j in range(start, min(start + step, columns + 1)))
        yield b"</row></sheetData>"

    return write_xlsx(path, sheet())


def csv_with_quoted_break(path: Path, size: int = 50 * 2**20, header: list = HEADER, rows: list[list] = ROWS) -> Path:
    """A `;`-separated CSV of about `size` bytes whose second record has a line break inside a
    quoted cell (a grassroots union name on two lines); the ids run h0, h1, ..."""
    path = Path(path)
    template = ";".join(["{id}", *rows[0][1:]]) + "\n"
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(";".join([*header, "Công đoàn cơ sở"]) + "\n")
        out.write(";".join(["q0", *rows[0][1:], '"dòng 1\ndòng 2"']) + "\n")
        written, i, batch = out.tell(), 0, []
        while written < size:
            batch = [template.format(id=f"h{k}") for k in range(i, i + 10_000)]
            i += 10_000
            text = "".join(batch)
            out.write(text)
            written += len(text.encode("utf-8"))
    return path
