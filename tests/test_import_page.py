"""The import page through AppTest: it renders, shows the log, the empty and the error states.

AppTest cannot drive st.file_uploader; the upload path is import_report.save_uploads + import_*,
tested in tests/test_import.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from sangkien.campaign import auth
from sangkien.ingest import importer
from sangkien.storage import publish
from tests import signin
from tests.test_import import NOW, fresh_copy, small_demo_path

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "submissions_sample.csv"


@pytest.fixture
def database(tmp_path_factory, tmp_path, use_db):
    path = fresh_copy(small_demo_path(tmp_path_factory), tmp_path / "db")
    use_db(path)
    return path


def open_page(user: str | None = None, **query) -> AppTest:
    return signin.open_page("pages/import_data.py", {"as_of": "2022-04-20T08:00", **query}, user)


def texts(at: AppTest) -> str:
    return signin.texts(at, "markdown", "caption", "title", "warning", "info", "error")


def test_the_page_renders_with_an_empty_log(database):
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Nhập dữ liệu"
    assert "Chưa có lần nhập nào." in texts(at)
    assert not [r for r in at.radio if r.key == "imp_kind_choice"]  # no sign-in: no form
    assert "Chỉ xem: bảng điều khiển chưa cấu hình đăng nhập" in texts(at)
    auth.add_user("admin@example.org", "admin")
    at = open_page(user="admin@example.org")
    assert [r.value for r in at.radio if r.key == "imp_kind_choice"] == ["submissions"]


def test_the_log_lists_each_imported_file(database):
    importer.import_submissions([SAMPLE], db_path=database, who="Nguyễn Văn A", now=NOW)
    at = open_page()
    assert not at.exception
    log = at.dataframe[-1].value
    assert list(log["Tệp"]) == ["submissions_sample.csv"]
    assert list(log["Người nhập"]) == ["Nguyễn Văn A"]
    assert (log["Đọc"].iloc[0], log["Thêm mới"].iloc[0], log["Bỏ qua"].iloc[0]) == ("14", "12", "2")
    assert "1 tệp đã nhập" in texts(at)
    assert "nhập tệp sáng kiến" in texts(at)  # the data line names the last change


def test_rejected_rows_of_a_logged_import_can_be_opened(database, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Mã sáng kiến,Đơn vị,Ngày cập nhật,Trạng thái,Khu vực\nX-1,Thanh Hoa city,20/04/2022 07:00,Hợp lệ,Nhà nước\n", encoding="utf-8"
    )
    result = importer.import_submissions([bad], db_path=database, now=NOW)
    at = open_page(lang="en")
    assert not at.exception
    assert at.title[0].value == "Import data"
    at.selectbox(key="imp_log_choice").select(result.files[0].import_id).run()
    assert not at.exception
    rejected = at.dataframe[-1].value
    assert list(rejected["Row"]) == [2] and "Unknown unit; closest: Thanh Hóa" in rejected["Reason"].iloc[0]


def test_submitting_without_files_explains_what_is_missing(database):
    auth.add_user("admin@example.org", "admin")
    at = open_page(user="admin@example.org")
    assert "Thay đổi được ghi tên: admin@example.org" in [t.value for t in at.text]
    next(b for b in at.button if b.label == "Nhập dữ liệu").click().run()  # the form's submit button
    assert not at.exception
    assert "Hãy chọn ít nhất một tệp." in texts(at)


def test_a_database_built_before_the_import_log_existed(database):
    with duckdb.connect(str(publish.current_file(database))) as con:
        con.execute("drop table imports")
        con.execute("drop table import_rejections")
    at = open_page()
    assert not at.exception
    assert "Chưa có lần nhập nào." in texts(at)
    result = importer.import_submissions([SAMPLE], db_path=database, now=NOW)  # the importer creates the tables
    assert result.totals["count_inserted"] == 12
    at = open_page()
    assert list(at.dataframe[-1].value["Tệp"]) == ["submissions_sample.csv"]


def test_the_last_result_is_shown_after_an_import(database):
    at = open_page()
    at.session_state["imp_last_result"] = importer.import_submissions([SAMPLE], db_path=database, now=NOW)
    at.run()
    assert not at.exception
    assert "Đã nhập 1 tệp" in "\n".join(s.value for s in at.success)
    assert "Đọc 14 dòng = thêm mới 12 + cập nhật 0 + không đổi 0 + từ chối 0 + bỏ qua 2" in texts(at)
    assert "Không có dòng nào bị từ chối." in texts(at)


def test_the_daily_check_counts_every_day_on_the_tiny_fixture(tmp_path):
    from datetime import datetime

    from sangkien.storage import db
    from tests.fixtures import build_tiny

    reader = db.Database(build_tiny(tmp_path / "tiny.duckdb"))
    daily = reader.run("import/daily_counts", campaign_id="T", as_of=datetime(2024, 3, 5, 12, 0), scope=None)
    # s1, s2 on 01/03; s3, s4 on 02/03; none on 03/03; s5, s6 on 04/03; none yet on 05/03
    assert [(d.strftime("%d/%m"), n) for d, n in zip(daily["day"], daily["count_submitted"], strict=True)] == [
        ("01/03", 2),
        ("02/03", 2),
        ("03/03", 0),
        ("04/03", 2),
        ("05/03", 0),
    ]
    scoped = reader.run("import/daily_counts", campaign_id="T", as_of=datetime(2024, 3, 5, 12, 0), scope=["U-B"])
    assert list(scoped["count_submitted"]) == [0, 1, 0, 1, 0]
    reader.close()


def test_the_page_shows_the_daily_check_and_its_empty_state(database):
    at = open_page()
    assert not at.exception
    assert "Ngày nào cũng có sáng kiến cập nhật." in texts(at) or "ngày không có sáng kiến nào" in texts(at)
    signin.before_opening(open_page, texts)


def test_every_table_has_its_csv_with_raw_values(database, tmp_path, monkeypatch):
    from tests import downloads

    bad = tmp_path / "bad.csv"
    rows = ["X-1,Thanh Hoa city,20/04/2022 07:00,Hợp lệ,Nhà nước", "X-2,=HYPERLINK(1),20/04/2022 07:00,Hợp lệ,Nhà nước"]
    bad.write_text("Mã sáng kiến,Đơn vị,Ngày cập nhật,Trạng thái,Khu vực\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = importer.import_submissions([bad], db_path=database, now=NOW)
    made = downloads.record(monkeypatch)
    at = open_page()
    at.session_state["imp_last_result"] = result
    at.selectbox(key="imp_log_choice").select(result.files[0].import_id).run()
    assert not at.exception
    assert len(at.get("download_button")) - 2 >= len(at.dataframe)  # two sample files, then one CSV per table
    log = downloads.read(made[f"nhat-ky-nhap-{result.campaign_id}"])
    assert log["Đọc"].iloc[0] == 2 and log["Mã băm SHA-256"].iloc[0] == result.files[0].sha256  # numbers and the whole hash
    counts = downloads.read(made[f"ket-qua-nhap-{result.batch_id}"])
    assert list(counts.iloc[0]) == ["bad.csv", 2, 0, 0, 0, 2, 0]
    rejected = downloads.read(made[f"tu-choi-{result.batch_id}"])
    assert list(rejected["Dòng"]) == [2, 3]
    assert rejected["Giá trị"].iloc[1] == "'=HYPERLINK(1)"  # a formula from a user's file is neutralised
    assert downloads.read(made[f"tu-choi-{result.files[0].import_id}"]).equals(rejected)
