"""How the importer reads one cell, table-driven: the importer's own SQL (macros, staging) and
reader on small tables of cells, a family's cases staged in one run (tests/import_stage.py).

The cases are those tests/test_import.py ran as whole imports, one import per case, with the same
inputs and the same expected values; test_import.py keeps one end-to-end import per family.
Campaign T of the tiny fixture (tests/fixtures.py) opens 01/03/2024 00:00 and closes 10/03/2024
23:59; its units are An Phú U-A, Bắc Sơn U-B, Công đoàn Cờ U-C.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

import duckdb
import pandas as pd
import pytest

from sangkien.ingest import demo
from sangkien.ingest import mapping as mapping_mod
from sangkien.storage import store
from tests.fixtures import build_tiny
from tests.import_stage import Cells, Stager
from tests.test_import import SPELLINGS

NOW = datetime(2026, 1, 1, 12, 0)
HEADER = "Mã sáng kiến;Đơn vị;Ngày cập nhật;Trạng thái;Khu vực"
ROWS = ["n1;An Phú;05/03/2024 10:00;Đã cập nhật;Nhà nước", "n2;Bắc Sơn;06/03/2024 10:00;Hợp lệ;Có vốn đầu tư nước ngoài"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Stager:
    """The staging SQL on a copy of the tiny fixture (only temporary tables are written)."""
    con = duckdb.connect(str(build_tiny(tmp_path_factory.mktemp("stage") / "tiny.duckdb")))
    yield Stager(con)
    con.close()


@pytest.fixture(scope="module")
def reference() -> Stager:
    """The staging SQL on the 82 real units and their aliases (as the demo loads them) and the demo's campaign."""
    con = duckdb.connect()
    store.create_schema(con)
    store.load_reference(con)
    con.execute(
        "insert into campaigns values ($campaign_id, $name_vi, $name_en, $opens_at, $closes_at, $national_target, $guideline_ratio, $is_demo)",
        demo.CAMPAIGN,
    )
    yield Stager(con)
    con.close()


def header(text: str) -> tuple[str, float]:
    """The field and factor the mapping gives a header cell (what the reader records for the column)."""
    hit = mapping_mod.load().header(text)
    assert hit is not None, text
    return hit


def row(date: str = "05/03/2024 10:00", status: str = "Đã cập nhật", sector: str = "Nhà nước", **more) -> dict:
    return {"submission_id": "n1", "unit": "An Phú", "submitted_at": date, "status": status, "sector": sector, **more}


def each_case(stager: Stager, cases: list, cells, now: datetime = NOW) -> dict:
    """Every case's file staged in one run: case -> its staged rows."""
    staged = stager.stage_files([cells(case) for case in cases], now)
    return dict(zip(cases, staged, strict=True))


def excel_serial(moment: datetime) -> str:
    return repr((moment - datetime(1899, 12, 30)).total_seconds() / 86400)


# --- dates ---

DATES = [
    ("05/03/2024", "2024-03-05 00:00"),
    ("5/3/2024 8:05", "2024-03-05 08:05"),
    ("05/03/2024 08:05:59", "2024-03-05 08:05"),
    ("08:05 05/03/2024", "2024-03-05 08:05"),
    ("05-03-2024 08:05", "2024-03-05 08:05"),
    ("2024-03-05", "2024-03-05 00:00"),
    ("2024-03-05T08:05:00", "2024-03-05 08:05"),
    ("2024-03-05T01:05:00Z", "2024-03-05 08:05"),
    ("2024-03-05T08:05:00+07:00", "2024-03-05 08:05"),
    (excel_serial(datetime(2024, 3, 5, 8, 5)), "2024-03-05 08:05"),
    ("29/02/2024 12:00", "2024-02-29 12:00"),
]


@pytest.fixture(scope="module")
def dates(tiny) -> dict:
    return each_case(tiny, [text for text, _ in DATES], lambda text: Cells([row(text)]))


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates(dates, text, expected):
    (staged,) = dates[text]
    if text.startswith("29/02"):  # 29 February is before campaign T opens: rejected, but it did parse
        assert staged.problems == ["before_open"]
        return
    assert (staged.action, staged.problems) == ("insert", [])
    assert staged["n_submitted_at"] == pd.Timestamp(expected)


def test_bad_dates(tiny):
    cells = ["31/02/2024", "2024-13-01", "05/03/24x", "01/01/2024 10:00", "11/03/2024 00:00", "07/03/2024 10:00", ""]
    staged = tiny.stage([row(d) | {"submission_id": f"n{i}"} for i, d in enumerate(cells)], now=datetime(2024, 3, 6, 12, 0))
    assert [s.problems for s in staged] == [["bad_date"]] * 3 + [["before_open"], ["after_close"], ["future"], ["missing_date"]]
    assert [s.action for s in staged] == ["rejected"] * 7


# --- numbers ---

NUMBERS = [
    ("1.234.567", 1234567),
    ("1,234,567", 1234567),
    ("1234567", 1234567),
    ("1.234.567 đ", 1234567),
    ("1 234 567 VNĐ", 1234567),
    ("12,5", 13),
    ("", None),
]


@pytest.fixture(scope="module")
def numbers(tiny) -> dict:
    field, factor = header("Giá trị làm lợi (đồng)")
    return each_case(
        tiny, [text for text, _ in NUMBERS], lambda text: Cells([row(status="Hợp lệ", **{field: text})], factors={field: factor})
    )


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_numbers(numbers, text, value):
    (staged,) = numbers[text]
    assert (staged.action, staged.problems) == ("insert", [])
    assert staged["n_benefit_vnd"] == value


def test_bad_numbers(tiny):
    field, factor = header("Giá trị làm lợi")
    rows = [row(status="Hợp lệ", **{field: v}) | {"submission_id": f"n{i}"} for i, v in enumerate(["abc", "-5", "1.2.3,4,5"])]
    staged = tiny.stage(rows, NOW, factors={field: factor})
    assert [s.problems for s in staged] == [["bad_number"]] * 3


def test_benefit_in_millions_is_scaled(tiny):
    raw, (staged,) = tiny.stage_file(
        "\n".join([HEADER + ";Giá trị làm lợi (triệu đồng)", "n1;An Phú;05/03/2024 10:00;Hợp lệ;Nhà nước;1,5"]), NOW
    )
    assert raw.factors["benefit_vnd"] == 1_000_000
    assert (staged.action, staged["n_benefit_vnd"]) == ("insert", 1_500_000)


# --- booleans ---

BOOLEANS = [
    ("Có", True),
    ("không", False),
    ("x", True),
    ("X", True),
    ("1", True),
    ("0", False),
    ("true", True),
    ("False", False),
    ("", False),
]


@pytest.fixture(scope="module")
def booleans(tiny) -> dict:
    field, _ = header("Giữ chức vụ lãnh đạo, quản lý")
    return each_case(tiny, [text for text, _ in BOOLEANS], lambda text: Cells([row(status="Hợp lệ", **{field: text})]))


@pytest.mark.parametrize(("text", "value"), BOOLEANS)
def test_booleans(booleans, text, value):
    (staged,) = booleans[text]
    assert (staged.action, staged.problems) == ("insert", [])
    assert bool(staged["n_author_is_leader"]) is value


def test_a_bad_boolean(tiny):
    field, _ = header("Leader")
    assert field == "author_is_leader"
    (staged,) = tiny.stage([row(status="Hợp lệ", **{field: "maybe"})], NOW)
    assert staged.problems == ["bad_bool"]


# --- status and sector words ---

WORDS = [
    ("hop le", "FDI", ("valid", "fdi")),
    ("DANG XET DUYET", "ngoai nha nuoc", ("under_review", "non_state")),
    ("Under review", "Hành chính sự nghiệp", ("under_review", "public_service")),
    ("Không hợp lệ", "Doanh nghiệp nhà nước", ("invalid", "state")),
    ("Đã áp dụng", "Public service", ("applied", "public_service")),
    (unicodedata.normalize("NFD", "Đã khen thưởng"), "Có vốn đầu tư nước ngoài", ("rewarded", "fdi")),
]


@pytest.fixture(scope="module")
def words(tiny) -> dict:
    return each_case(tiny, [(status, sector) for status, sector, _ in WORDS], lambda case: Cells([row(status=case[0], sector=case[1])]))


@pytest.mark.parametrize(("status", "sector", "expected"), WORDS)
def test_status_and_sector_words(words, status, sector, expected):
    (staged,) = words[(status, sector)]
    assert (staged.action, staged.problems) == ("insert", [])
    assert (staged["n_status"], staged["n_sector"]) == expected


# --- units (the 82 real units and their aliases) ---


@pytest.fixture(scope="module")
def spellings(reference) -> list:
    """Every spelling in one file, one row each (as test_import.py's end-to-end test has them)."""
    rows = [
        {"submission_id": f"x{i}", "unit": s, "submitted_at": "20/04/2022 07:00", "status": "Đã cập nhật", "sector": "Nhà nước"}
        for i, (s, _) in enumerate(SPELLINGS)
    ]
    return reference.stage(rows, NOW)


@pytest.mark.parametrize(("index", "spelling", "code"), [(i, s, c) for i, (s, c) in enumerate(SPELLINGS)])
def test_unit_spellings(spellings, index, spelling, code):
    staged = spellings[index]
    assert (staged.action, staged.problems) == ("insert", []), spelling
    assert staged["n_unit_code"] == code, spelling


def test_an_unknown_unit_is_rejected_with_the_closest_names(reference):
    (staged,) = reference.stage([{**row("20/04/2022 07:00"), "unit": "Thanh Hoa city"}], NOW)
    assert staged.problems == ["unknown_unit"]
    suggestions = staged.details[0].split(", ")
    assert len(suggestions) == 3 and suggestions[0] == "Thanh Hóa"


def test_a_unit_code_column(reference):
    raw, (staged,) = reference.stage_file(
        "\n".join(["Mã sáng kiến;Mã đơn vị;Ngày cập nhật;Trạng thái;Khu vực", "x1;ldld-38;20/04/2022 07:00;Đã cập nhật;Nhà nước"]), NOW
    )
    assert "unit_code" in raw.fields and "unit" not in raw.fields
    assert (staged.action, staged["n_unit_code"]) == ("insert", "LDLD-38")


# --- files: encodings, delimiters, line ends, headers, blanks (the reader, then the staging) ---


def read_each(stager: Stager, files: dict) -> dict:
    """Each case's file read by the reader and DuckDB's CSV reader, all staged in one run: case -> (raw table, staged rows)."""
    read = {case: stager.read(*args) for case, args in files.items()}
    staged = stager.stage_files([cells for _raw, cells in read.values()], NOW)
    return {case: (raw, rows) for (case, (raw, _cells)), rows in zip(read.items(), staged, strict=True)}


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]


@pytest.fixture(scope="module")
def encodings(tiny) -> dict:
    text = "\r\n".join([HEADER, *ROWS]).replace(";", "\t")  # Excel "Unicode text" is tab separated
    return read_each(tiny, {encoding: (text, "f.txt", encoding) for encoding in ENCODINGS})


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encodings(encodings, encoding):
    raw, staged = encodings[encoding]
    assert (raw.encoding, raw.delimiter) == (encoding, "\t")
    assert [(s.action, s.problems) for s in staged] == [("insert", [])] * 2
    assert staged[1]["n_sector"] == "fdi"


DELIMITERS = [(d, n) for n in ["\n", "\r\n"] for d in [",", ";", "\t", "|"]]


@pytest.fixture(scope="module")
def delimiters(tiny) -> dict:
    files = {}
    for delimiter, newline in DELIMITERS:
        rows = [HEADER + ";Công đoàn cơ sở", *(r + ';"Công đoàn A; B, C"' for r in ROWS)]
        text = newline.join(r.replace(";", delimiter).replace(f'"Công đoàn A{delimiter} B, C"', '"Công đoàn A; B, C"') for r in rows)
        files[(delimiter, newline)] = (text,)
    return read_each(tiny, files)


@pytest.mark.parametrize(("delimiter", "newline"), DELIMITERS)
def test_delimiters_and_line_ends(delimiters, delimiter, newline):
    raw, staged = delimiters[(delimiter, newline)]
    assert raw.delimiter == delimiter
    assert [(s.action, s.problems) for s in staged] == [("insert", [])] * 2
    assert staged[0]["n_grassroots_union"] == "Công đoàn A; B, C"


HEADERS = [
    "Submission ID,Unit,Updated at,Status,Sector",
    "MA SANG KIEN,DON VI,NGAY CAP NHAT,TRANG THAI,KHU VUC",
    unicodedata.normalize("NFD", "Mã sáng kiến,Đơn vị,Ngày cập nhật,Trạng thái,Khu vực"),
    "STT,Mã SK,Tên đơn vị,Thời gian cập nhật,Tình trạng,Khu vực kinh tế,Ghi chú",
]


@pytest.fixture(scope="module")
def headers(tiny) -> dict:
    files = {}
    for text in HEADERS:
        width = text.count(",") + 1
        cells = ["n1", "An Phú", "05/03/2024 10:00", "Đã cập nhật", "Nhà nước"]
        if text.startswith("STT"):
            cells = ["1", *cells, ""]
        files[text] = ("\n".join([text, ",".join(cells[:width])]),)
    return read_each(tiny, files)


@pytest.mark.parametrize("text", HEADERS)
def test_header_variants(headers, text):
    raw, staged = headers[text]
    assert {"submission_id", "unit", "submitted_at", "status", "sector"} <= set(raw.fields)
    assert [(s.action, s.problems) for s in staged] == [("insert", [])]
    assert (staged[0]["submission_id"], staged[0]["n_unit_code"], staged[0]["n_status"]) == ("n1", "U-A", "updated")


def test_whitespace_tabs_and_no_break_spaces_are_trimmed(tiny):
    text = "\n".join([HEADER, "\u00a0n1 ;  An Phú\u00a0; 05/03/2024 10:00 ;\tĐã cập nhật;Nhà  nước", "  ;  ;\u00a0; ;"])
    _raw, staged = tiny.stage_file(text, NOW)
    assert [s.action for s in staged] == ["insert", "blank"]
    assert (staged[0]["submission_id"], staged[0]["n_unit_code"], staged[0]["n_status"]) == ("n1", "U-A", "updated")
