"""Hostile and careless input (issue 15): markup shown as text, files that are not what they
seem, limits, a missing configured database, implausible values.

The browser half (markup from the URL, an imported grassroots name, a meeting group name and a
unit name, in Streamlit's markdown and in Plotly) is tests/test_browser_hostile.py.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from sangkien.campaign import export, groups, meeting
from sangkien.core import safe
from sangkien.ingest import importer, limits
from sangkien.ingest import report as import_report
from sangkien.ingest.errors import ImportFailure
from tests.test_import import HEADER, NOW, counts, query, reasons, run, submission, write
from tests.test_import import tiny as tiny  # noqa: F401 - the fixture

APP = str(Path(__file__).resolve().parent.parent / "app.py")
LINK = "[x](https://example.invalid/)"
BOLD = "**BOLD**"
TAG = '<a href="https://example.invalid/">LINKX</a>'
RTL = "\u202e"


# --- safe.py ---


def test_markdown_escape_leaves_no_link_emphasis_or_tag():
    for text in (LINK, BOLD, TAG, "![i](http://127.0.0.1:9/p.png)", "https://example.invalid", ":red[x]", "$x$", "# h", "1. a"):
        escaped = safe.md(text)
        assert safe.unmd(escaped) == text
        # every ASCII punctuation character is escaped, so none can start markup
        assert all(escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch in "[]()*<>!:$#." and i > 0)
    assert safe.md(f"a{RTL}b\x00c\nd") == "abc d"


def test_html_escape_for_plotly_and_plain_text():
    assert safe.html(TAG) == '&lt;a href="https://example.invalid/"&gt;LINKX&lt;/a&gt;'
    assert safe.plain(f"Hà{RTL} Nội\u2066\x00\t!") == "Hà Nội !"
    assert safe.plain("Bắc Ninh") == "Bắc Ninh"


# --- files: the file named, only regular files, limits ---


def test_a_glob_like_name_imports_that_file_not_its_neighbour(tiny):  # noqa: F811
    folder = tiny.parent
    write(folder, "a1.csv", "\n".join([HEADER, "WRONG;An Phú;05/03/2024 10:00;Hợp lệ;FDI"]))
    result = run(tiny, "\n".join([HEADER, "RIGHT;An Phú;05/03/2024 10:00;Hợp lệ;FDI"]), name="a[1].csv")
    assert counts(result)[:2] == (1, 1)
    assert query(tiny, "select submission_id from submissions where submission_id in ('RIGHT', 'WRONG')") == [("RIGHT",)]
    import hashlib

    assert result.files[0].sha256 == hashlib.sha256((folder / "a[1].csv").read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["device", "directory", "fifo"])
def test_only_regular_files_are_read(tiny, tmp_path, kind):  # noqa: F811
    if kind == "device":
        path = Path("/dev/zero")
    elif kind == "directory":
        path = tmp_path / "folder.csv"
        path.mkdir()
    else:
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)  # opening it would wait for a writer for ever
    with pytest.raises(ImportFailure) as failure:
        importer.import_submissions([path], db_path=tiny, now=NOW)
    assert failure.value.code == "not_regular"
    assert "tệp thông thường" in failure.value.message("vi")


def test_a_wide_header_is_refused_with_the_limit(tiny):  # noqa: F811
    header = HEADER + ";" + ";".join(f"Cột {i}" for i in range(8000))
    with pytest.raises(ImportFailure) as failure:
        run(tiny, header + "\nn1;An Phú;05/03/2024 10:00;Hợp lệ;FDI")
    assert failure.value.code == "too_many_columns" and str(limits.MAX_COLUMNS) in failure.value.message("vi")


def test_file_count_and_total_size_limits(tiny, monkeypatch):  # noqa: F811
    paths = [write(tiny.parent, f"f{i}.csv", "\n".join([HEADER, f"n{i};An Phú;05/03/2024 10:00;Hợp lệ;FDI"])) for i in range(3)]
    monkeypatch.setattr(limits, "MAX_FILES", 2)
    with pytest.raises(ImportFailure) as failure:
        importer.import_submissions(paths, db_path=tiny, now=NOW)
    assert failure.value.code == "too_many_files"
    monkeypatch.setattr(limits, "MAX_FILES", 20)
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 100)
    with pytest.raises(ImportFailure) as failure:
        importer.import_submissions(paths, db_path=tiny, now=NOW)
    assert failure.value.code == "too_large_total"
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 50)
    with pytest.raises(ImportFailure) as failure:
        importer.import_submissions(paths[:1], db_path=tiny, now=NOW)
    assert failure.value.code == "too_large" and failure.value.file == "f0.csv"


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_is_streamed_and_the_cell_limit_refuses_a_huge_sheet(tiny, monkeypatch):  # noqa: F811
    header = HEADER.split(";")
    rows = [["Danh sách"], header] + [[f"x{i}", "An Phú", "05/03/2024 10:00", "Hợp lệ", "FDI"] for i in range(50)]
    rows.insert(30, [])  # a blank row inside: read and skipped, with the rows after it numbered as Excel does
    rows.append([None, None, None, None, None, None, None, "ghi chú"])  # text beyond the header only
    data = _xlsx(rows)
    result = run(tiny, data, name="big.xlsx")
    assert counts(result) == (52, 50, 0, 0, 1, 1) and result.files[0].header_row == 2
    assert {row for row, _ in reasons(result)} == {54} and (54, "missing_id") in reasons(result)
    assert submission(tiny, "x49")["unit_code"] == "U-A"
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    with pytest.raises(ImportFailure) as failure:
        run(tiny, data, name="big2.xlsx")
    assert failure.value.code == "too_many_cells"


def test_xlsx_merged_ranges_are_read_from_the_sheet_xml(tiny):  # noqa: F811
    data = _xlsx(
        [HEADER.split(";"), ["m1", "An Phú", "05/03/2024 10:00", "Hợp lệ", "FDI"], ["m2", None, "05/03/2024 11:00", "Hợp lệ", "FDI"]]
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active.merge_cells("B2:B3")
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        assert b"mergeCell" in archive.read("xl/worksheets/sheet1.xml")
    result = run(tiny, buffer.getvalue(), name="merged.xlsx")
    assert counts(result)[:2] == (2, 2) and submission(tiny, "m2")["unit_code"] == "U-A"


# --- text cells: stored as text without control characters, within their length ---


def test_markup_and_control_characters_in_imported_names(tiny):  # noqa: F811
    head = HEADER + ";Công đoàn cơ sở"
    rows = [
        f"g1;An Phú;05/03/2024 10:00;Hợp lệ;FDI;{TAG}{RTL} \x01x",  # a NUL refuses the file (tests/test_hostile_text.py)
        f"g2;An Phú;05/03/2024 10:00;Hợp lệ;FDI;{'A' * 100_000}",
        f"g{RTL}3;An Phú;05/03/2024 10:00;Hợp lệ;FDI;CĐ",
        f"{'9' * 65};An Phú;05/03/2024 10:00;Hợp lệ;FDI;CĐ",
    ]
    filler = [f"f{i};An Phú;05/03/2024 10:00;Hợp lệ;FDI;CĐ {i}" for i in range(600)]  # the control byte lies past 20 kB
    result = run(tiny, "\n".join([head, *filler, *rows]))
    assert submission(tiny, "g1")["grassroots_union"] == f"{TAG} x"  # markup kept as text, U+202E and the control character gone
    assert reasons(result) == [(603, "too_long"), (604, "bad_chars"), (605, "too_long")]
    long_value = result.rejections.iloc[0]
    assert long_value["column_name"] == "Công đoàn cơ sở" and len(long_value["value"]) == limits.MAX_SHOWN_CHARS + 1
    assert "200" in import_report.reason_text("too_long", long_value["detail"], "vi")


# --- plausibility ---


def test_a_target_above_the_members_needs_confirmation_and_999_999_999_is_refused(tiny):  # noqa: F811
    # U-A has 1.000 members, U-B 500 (tests/fixtures.py)
    text = "\n".join(["Đơn vị;Chỉ tiêu đăng ký", "An Phú;999.999.999", "Bắc Sơn;1.500"])
    result = run(tiny, text, name="t.csv", kind="targets")
    assert reasons(result) == [(2, "above_members"), (3, "above_members")]
    assert "1.000" in import_report.reason_text("above_members", result.rejections.iloc[0]["detail"], "vi")
    result = run(tiny, text, name="t2.csv", kind="targets", confirm_above_members=True)
    assert reasons(result) == [(2, "above_members")]  # 999.999.999 is refused even when confirmed
    assert query(tiny, "select registered_target from targets where unit_code = 'U-B'") == [(1500,)]
    assert query(tiny, "select registered_target from targets where unit_code = 'U-A'") == [(120,)]


# --- the app: missing database, URL values, clamped as-of ---


def test_a_missing_configured_database_is_an_error_page_not_a_demo(tmp_path, use_db):
    missing = tmp_path / "secret-folder" / "production.duckdb"
    use_db(missing)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Không mở được cơ sở dữ liệu"
    message = at.error[0].value
    assert safe.md("production.duckdb") in message and "SANGKIEN_DB" in message and str(tmp_path) not in message
    assert not missing.exists() and not missing.parent.exists()


def test_an_unreadable_configured_database_is_an_error_page(tmp_path, use_db):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database" * 100)
    use_db(broken)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and at.title[0].value == "Không mở được cơ sở dữ liệu"
    assert str(tmp_path) not in at.error[0].value and safe.md("broken.duckdb") in at.error[0].value


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)
    return demo_db


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_url_values_are_shown_escaped_in_the_warning(demo):
    at = _app(kind=LINK, as_of="2022-04-20T08:00")
    assert not at.exception
    warning = at.warning[0].value
    assert safe.md(LINK) in warning and LINK not in warning


def test_an_as_of_after_the_campaign_is_clamped_with_a_message(demo):
    at = _app(as_of="9999-12-31T23:59")
    assert not at.exception
    assert any("nằm ngoài chương trình" in w.value for w in at.warning)
    assert at.query_params["as_of"] in ("2022-05-31T23:59", ["2022-05-31T23:59"]) or "9999" not in str(at.query_params["as_of"])


# --- exports: names as text ---


def test_a_group_name_with_markup_is_text_in_powerpoint_and_excel(demo, tmp_path):
    import shutil

    from pptx import Presentation

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(demo, copy)
    name = f"{BOLD} {LINK}{RTL}"
    group_id = groups.create_group(name, ["LDLD-01", "LDLD-38"], f"Tester {TAG}", path=copy)
    from sangkien.storage import db

    db.close_all()
    os.environ["SANGKIEN_DB"] = str(copy)
    report = meeting.build("1TR-2022", datetime(2022, 4, 20, 8, 0), group_id, "vi")
    assert report is not None and report.group_name == f"{BOLD} {LINK}"
    assert safe.md(report.group_name) in report.cover_lines[0]
    deck = Presentation(io.BytesIO(report.pptx()))
    runs = [
        r for slide in deck.slides for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs for r in p.runs
    ]
    text = "".join(r.text for r in runs)
    assert f"{BOLD} {LINK}" in text and "\\" not in text and RTL not in text
    assert not any(r.font.bold and r.text == "BOLD" for r in runs)
    book = openpyxl.load_workbook(io.BytesIO(report.xlsx()))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(f"{BOLD} {LINK}" in c for c in cells) and not any("\\[" in c for c in cells)
    assert export.neutralise(f"={RTL}1") == "'=1"


# --- cancelling from the page ---


class _Rerun(BaseException):
    """What Streamlit raises inside a running script when the page asks for a new run."""


@pytest.mark.parametrize("at_stage", [0.4, 0.6])
def test_a_cancelled_import_stores_nothing_and_releases_the_writer_lock(tiny, at_stage):  # noqa: F811
    from sangkien.storage import publish
    from tests.test_import import state

    before = state(tiny)

    def progress(fraction: float, _label: str) -> None:
        if fraction >= at_stage:
            raise _Rerun  # the cancel button's click, surfacing at a progress step

    content = "\n".join([HEADER, "c1;An Phú;05/03/2024 10:00;Hợp lệ;FDI"])
    with pytest.raises(_Rerun):
        run(tiny, content, progress=progress)
    assert state(tiny) == before
    with publish.writer_lock(tiny, timeout=1):  # free again at once
        pass
    assert counts(run(tiny, content, name="again.csv"))[:2] == (1, 1)
