"""Issue 22, the small ones and the terminal: what the command line prints shows control, escape
and bidi characters visibly; `infinity` is no date; a NUL anywhere refuses a text file; the
emulation scoring keeps its history; odd but valid addresses on the users page are text."""

from __future__ import annotations

import shutil

import pytest

from sangkien.__main__ import main
from sangkien.campaign import auth, emulation
from sangkien.core import safe
from sangkien.ingest.errors import ImportFailure
from sangkien.storage import db
from tests.test_catalog import has_link, render
from tests.test_import import HEADER, NOW, reasons, run, write
from tests.test_import import tiny as tiny  # noqa: F401 - the fixture

ESCAPE = "\x1b]0;pwned\x07\x1b[2J"
RTL = "\u202e"


def test_the_command_line_shows_escape_sequences_in_names_visibly(tiny, capsys):  # noqa: F811
    name = f"a{ESCAPE}{RTL}vsc.csv"
    clear = "\x1b[2J\x1b[H"  # in a cell: no ";" (the delimiter)
    header = HEADER + f";Ghi chú{clear}"
    rows = [f"E{i};An Phú;05/03/2024 10:00;Đã cập nhật;Nhà nước;x" for i in range(100)]  # few controls: not binary
    rows.append(f"X;Nowhere{clear};05/03/2024 10:00;Đã cập nhật;Nhà nước;x")
    path = write(tiny.parent, name, "\n".join([header, *rows]))
    assert main(["import", str(path), "--db", str(tiny)]) == 0
    out, err = capsys.readouterr()
    for text in (out, err):
        assert "\x1b" not in text and "\x07" not in text and RTL not in text
    assert "a\\x1b]0;pwned\\x07\\x1b[2J\\u202evsc.csv:" in out  # the file name, visibly
    assert "(cột không dùng: Ghi chú\\x1b[2J\\x1b[H)" in out  # the ignored header, visibly
    assert "| Nowhere\\x1b[2J\\x1b[H |" in out  # the rejected value, visibly
    # a refused file: its name on stderr, visibly
    bad = write(tiny.parent, f"b{ESCAPE}.csv", "no header here\n1;2;3\n")
    assert main(["import", str(bad), "--db", str(tiny)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in err and "b\\x1b]0;pwned" in err
    # an address on the users command
    assert main(["users", "add", f"x{ESCAPE}@example.org", "--role", "viewer", "--db", str(tiny)]) == 0
    assert main(["users", "list", "--db", str(tiny)]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "x\\x1b]0;pwned\\x07\\x1b[2j@example.org" in out
    db.close_all()


@pytest.mark.parametrize("value", ["infinity", "-infinity", "Infinity", "epoch"])
def test_infinity_is_no_date(tiny, value):  # noqa: F811
    result = run(tiny, "\n".join([HEADER, f"I1;An Phú;{value};Đã cập nhật;Nhà nước"]))
    assert reasons(result) == [(2, "bad_date")]


def test_a_nul_anywhere_refuses_a_text_file_naming_line_and_column(tiny):  # noqa: F811
    rows = [f"N{i};An Phú;05/03/2024 10:00;Đã cập nhật;Nhà nước" for i in range(1500)]  # past the first 20,000 bytes
    rows[1400] = "N1400;An Phú;05/03/2024 10:00;CĐ\x00\x00 Đã cập nhật;Nhà nước"
    text = "\n".join([HEADER, *rows])
    assert text.index("\x00") > 20000
    with pytest.raises(ImportFailure) as failure:
        run(tiny, text)
    assert failure.value.code == "nul_byte"
    message = failure.value.message("vi")
    assert "dòng 1402" in message and "cột “Trạng thái”" in message
    early = "\n".join([HEADER, "N1;An\x00 Phú;05/03/2024 10:00;Đã cập nhật;Nhà nước"])
    with pytest.raises(ImportFailure) as failure:
        run(tiny, early)
    assert failure.value.code == "binary"  # refused either way


def test_a_bidi_override_in_an_uploaded_name_is_neutralised(tiny, tmp_path):  # noqa: F811
    from sangkien.ingest import importer, report

    class Upload:
        name = f"bao-cao{RTL}vsc.csv"
        size = 100

        def getvalue(self):
            return ("\n".join([HEADER, "U1;An Phú;05/03/2024 10:00;Đã cập nhật;Nhà nước"])).encode()

    (tmp_path / "up").mkdir()
    saved = report.save_uploads([Upload()], tmp_path / "up")
    labels = []
    result = importer.import_submissions(saved, db_path=tiny, now=NOW, progress=lambda f, label: labels.append(label))
    shown = [result.files[0].file_name, *labels, *report.files_table(result.files)["Tệp"]]
    assert all(RTL not in text for text in shown)
    assert "bao-caovsc.csv" in shown[0]
    assert safe.term(Upload.name) == "bao-cao\\u202evsc.csv"


def test_emulation_settings_keep_their_history(tiny, use_db):  # noqa: F811
    use_db(tiny)
    emulation.save("T", emulation.Settings(w_target=30), "An")
    emulation.save("T", emulation.Settings(w_target=30, grade_a_min=90), "Bình")
    log = db.run("emulation/settings_log", campaign_id="T")
    assert log["changed_by"].tolist() == ["Bình", "An"]
    history = emulation.history("T", {"w_target": "Chỉ tiêu", "grade_a_min": "Ngưỡng A"})
    assert history["changes"].iloc[0] == "Ngưỡng A: 85 → 90"
    assert "Chỉ tiêu: 30" in history["changes"].iloc[1]  # the first save lists every value
    assert emulation.load("T").settings.grade_a_min == 90


def test_the_emulation_page_shows_the_settings_history(tiny, use_db):  # noqa: F811
    from tests.signin import open_page

    use_db(tiny)
    emulation.save("T", emulation.Settings(w_target=25), "Người lưu thử")
    at = open_page("pages/emulation.py", {"as_of": "2024-03-10T23:59"})
    assert not at.exception
    assert any(e.label.startswith("Lịch sử cách chấm điểm (1 lần lưu)") for e in at.expander)
    table = at.dataframe[0].value
    assert table["Người lưu"].tolist() == ["Người lưu thử"]


ODD = ["$x^2$@evil.org", "**a**@b.org", "[x](http://evil.invalid)@e.org", "a_b_@x.org", "<img@src=x.org"]


@pytest.mark.parametrize("address", ODD)
def test_odd_but_valid_addresses_are_text_on_the_users_page(tmp_path, use_db, address):
    from streamlit.testing.v1 import AppTest

    from tests.fixtures import build_tiny
    from tests.signin import APP, sign_in

    path = build_tiny(tmp_path / "tiny.duckdb")
    use_db(path)
    auth.add_user("admin@example.org", "admin")
    at = sign_in(AppTest.from_file(APP, default_timeout=60), "admin@example.org")
    at.query_params["as_of"] = "2024-03-10T23:59"
    at.run()
    at.switch_page("pages/admin.py").run()
    at.text_input(key="adm_email").input(address)
    next(b for b in at.button if b.label == "Lưu quyền").click().run()
    assert not at.exception
    assert auth.role_of(address) == "viewer"
    messages = [e.value for e in [*at.success, *at.error]]
    assert messages
    for message in messages:
        html = render(message)
        assert not has_link(html) and "<img" not in html and "math" not in html and "<strong" not in html and "<em" not in html, html
        assert address in safe.unmd(message).replace(safe.JOINER, "")
    shutil.rmtree(tmp_path, ignore_errors=True)
