"""Property-based: random and mutated files never raise anything but ImportFailure, the
accounting identity always holds, and a failed import leaves the stored data as it was."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sangkien.core.i18n import CATALOG
from sangkien.ingest import importer
from sangkien.ingest.errors import ImportFailure
from sangkien.storage import publish
from tests.fixtures import build_tiny
from tests.test_import import NOW, state

EXAMPLES = int(os.environ.get("SANGKIEN_PROPERTY_EXAMPLES", "20"))  # each example is a whole import (~0.2 s)
HEADERS = {
    "id": ["Mã sáng kiến", "MA SANG KIEN", "Submission ID"],
    "unit": ["Đơn vị", "don vi", "Unit"],
    "date": ["Ngày cập nhật", "Updated at"],
    "status": ["Trạng thái", "Status"],
    "sector": ["Khu vực", "Sector"],
    "leader": ["Giữ chức vụ lãnh đạo, quản lý", "Leader"],
    "benefit": ["Giá trị làm lợi (đồng)", "Benefit"],
    "reviewed": ["Ngày xét duyệt", "Reviewed at"],
}
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10)
CELLS = {
    "id": st.one_of(st.sampled_from(["n1", "n2", "n3", "s1", "s4", "s6", "", " ", "Tổng cộng"]), text),
    "unit": st.one_of(st.sampled_from(["An Phú", "an phu", "Bắc Sơn", "U-C", "LĐLĐ An Phú", "Nowhere", "", "Tổng cộng"]), text),
    "date": st.one_of(
        st.sampled_from(
            ["05/03/2024 10:00", "5/3/2024", "2024-03-05T01:00:00Z", "45356.5", "31/02/2024", "01/01/2024", "11/03/2024", "", "x"]
        ),
        text,
    ),
    "status": st.one_of(
        st.sampled_from(["Đã cập nhật", "Đang xét duyệt", "Hợp lệ", "Không hợp lệ", "Đã áp dụng", "Đã khen thưởng", "valid", "", "?"]), text
    ),
    "sector": st.one_of(st.sampled_from(["Nhà nước", "FDI", "Ngoài nhà nước", "Hành chính sự nghiệp", "", "Tư bản"]), text),
    "leader": st.sampled_from(["x", "", "Có", "Không", "1", "0", "maybe"]),
    "benefit": st.one_of(st.sampled_from(["1.234.567", "1,234,567", "12,5", "", "-1", "abc", "1e6"]), text),
    "reviewed": st.sampled_from(["", "06/03/2024 09:00", "04/03/2024 09:00", "bad"]),
}


@st.composite
def export_files(draw) -> tuple[bytes, str]:
    columns = draw(st.lists(st.sampled_from(list(HEADERS)), min_size=1, max_size=len(HEADERS), unique=True))
    if draw(st.booleans()):  # mostly files that have the required columns
        columns = ["id", "unit", "date", "status", *[c for c in columns if c not in ("id", "unit", "date", "status")]]
    header = [draw(st.sampled_from(HEADERS[c])) for c in columns]
    rows = draw(st.lists(st.tuples(*(CELLS[c] for c in columns)), max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    if draw(st.booleans()):
        writer.writerow(["BÁO CÁO SÁNG KIẾN"])
        writer.writerow([])
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if draw(st.integers(0, 9)) == 0:
            writer.writerow([""] * len(columns) if draw(st.booleans()) else [])
    if draw(st.booleans()):
        writer.writerow(["Tổng cộng", *[""] * (len(columns) - 1)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    name = draw(st.sampled_from(["export.csv", "export.txt", "export.tsv"]))
    return out.getvalue().encode(encoding, errors="replace"), name


@st.composite
def mutated_files(draw) -> tuple[bytes, str]:
    """A valid export, then random bytes inserted, deleted or replaced."""
    data = bytearray(draw(export_files())[0])
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, max(0, len(data))))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=6))
        if kind == "insert":
            data[position:position] = chunk
        elif kind == "delete":
            del data[position : position + len(chunk)]
        elif position < len(data):
            data[position : position + len(chunk)] = chunk
    return bytes(data), draw(st.sampled_from(["export.csv", "export.xlsx", "export.parquet", "export.txt"]))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_tiny(tmp_path_factory.mktemp("template") / "tiny.duckdb")


def check(template: Path, content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory(prefix="sangkien-prop-") as folder:
        database = Path(folder) / "tiny.duckdb"
        shutil.copyfile(template, database)
        before = state(database)
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            result = importer.import_submissions([path], db_path=database, now=NOW)
        except ImportFailure as failure:
            assert failure.code != "unexpected", failure  # a surprise is a bug, even when reported politely
            assert failure.message("vi") and failure.message("en")
            assert state(database) == before
            assert not publish.pointer_path(database).exists() and publish.version_files(database) == []
            return
        for f in result.files:
            assert f.balanced, f
            assert f.count_read == f.count_inserted + f.count_updated + f.count_unchanged + f.count_rejected + f.count_skipped
        after = state(database)
        assert len(after["submissions"]) == len(before["submissions"]) + result.totals["count_inserted"]
        assert result.rejections["row_number"].notna().all()
        assert set(result.rejections["reason_code"]) <= {k.removeprefix("imp_reason_") for k in CATALOG if k.startswith("imp_reason_")}


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(export_files())
def test_random_exports(template, case):
    check(template, *case)


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_files())
def test_mutated_exports(template, case):
    check(template, *case)
