"""What each person's pages offer and refuse, in process (AppTest, signed in as tests/signin.py
does): the import page, the meeting page's group editor and the emulation page's scoring, for a
visitor, a viewer, an editor and an admin, on the tiny database with its users.

The real sign-in through an OIDC provider in Chromium (tests/test_signin_browser.py) walks an
unverified claim and an admin in the default run, and a visitor, the viewer and the editor in the
matrix; these are the same checks of the visitor's, the viewer's and the editor's pages (the
editors' subscriptions page hidden at its address included), kept in the default run.
Every write function's own role check is tests/test_auth.py's.
"""

from __future__ import annotations

import pytest

from sangkien.campaign import emulation
from sangkien.storage import db
from tests.signin import open_address, open_page, texts

AS_OF = {"as_of": "2024-03-10T23:59"}
VIEWER, EDITOR, ADMIN = "viewer@example.org", "editor@example.org", "admin@example.org"


def _info(at) -> str:
    return texts(at, "info")


def _buttons(at) -> list[str]:
    return [b.label for b in at.button]


IMPORT_NOTICE = {
    None: "Đăng nhập để nhập dữ liệu sáng kiến.",
    VIEWER: "Tài khoản của bạn có vai trò Người xem; nhập dữ liệu sáng kiến cần vai trò Quản trị viên.",
    EDITOR: "Tài khoản của bạn có vai trò Biên tập viên; nhập dữ liệu sáng kiến cần vai trò Quản trị viên.",
}


@pytest.mark.parametrize("person", [None, VIEWER, EDITOR, ADMIN])
def test_the_import_page_offers_the_upload_to_an_admin_and_says_why_not_to_others(tiny_with_users, person):
    at = open_page("pages/import_data.py", AS_OF, person, signin=True)
    assert not at.exception
    uploaders = at.get("file_uploader")
    if person == ADMIN:
        assert len(uploaders) == 1 and "Nhập dữ liệu" in _buttons(at)
        assert f"Thay đổi được ghi tên: {ADMIN}" in texts(at, "text")
    else:
        assert len(uploaders) == 0 and "Nhập dữ liệu" not in _buttons(at)
        assert IMPORT_NOTICE[person] in _info(at)


GROUP_NOTICE = {
    None: "Đăng nhập để tạo hoặc sửa nhóm đơn vị.",
    VIEWER: "Tài khoản của bạn có vai trò Người xem; tạo hoặc sửa nhóm đơn vị cần vai trò Biên tập viên.",
}


@pytest.mark.parametrize("person", [None, VIEWER, EDITOR])
def test_the_group_editor_is_offered_to_an_editor_who_saves_a_group_under_their_address(tiny_with_users, person):
    at = open_page("pages/meeting.py", AS_OF, person, signin=True)
    assert not at.exception
    if person != EDITOR:
        assert GROUP_NOTICE[person] in _info(at)
        assert "Lưu nhóm" not in _buttons(at) and not at.multiselect
        return
    assert [m.placeholder for m in at.multiselect] == ["Chọn đơn vị…"]  # the unit picker speaks Vietnamese
    next(i for i in at.text_input if i.label == "Tên nhóm (tiếng Việt)").input("Nhóm trình duyệt")
    next(a for a in at.text_area if a.label.startswith("Thêm đơn vị theo tên")).input("U-A, U-B")
    next(b for b in at.button if b.label == "Lưu nhóm").click().run()
    assert not at.exception
    assert "Đã tạo nhóm “Nhóm trình duyệt” (2 đơn vị)." in [s.value for s in at.success]
    made = db.run("meeting/groups").query("name_vi == 'Nhóm trình duyệt'")
    assert made["created_by"].tolist() == [EDITOR] and made["unit_codes"].iloc[0].tolist() == ["U-A", "U-B"]


@pytest.mark.parametrize("person", [None, VIEWER, EDITOR])
def test_the_scoring_is_saved_by_an_editor_under_their_address(tiny_with_users, person):
    at = open_page("pages/emulation.py", AS_OF, person, signin=True)
    assert not at.exception
    save = next(b for b in at.button if b.label == "Lưu cách chấm điểm")
    if person != EDITOR:
        assert save.disabled
        assert (
            "Đăng nhập để lưu cách chấm điểm thi đua."
            if person is None
            else "vai trò Người xem; lưu cách chấm điểm thi đua cần vai trò Biên tập viên"
        ) in _info(at)
        return
    assert not save.disabled
    next(n for n in at.number_input if n.label == "Hoàn thành phần chỉ tiêu của tháng").set_value(55.0)
    save.click().run()
    assert not at.exception
    assert "Đã lưu cách chấm điểm." in [s.value for s in at.success]
    stored = emulation.load("T")
    assert (stored.settings.w_target, stored.updated_by) == (55.0, EDITOR)


@pytest.mark.parametrize("person", [None, VIEWER])
def test_the_subscriptions_page_is_not_served_at_its_address_to_a_visitor_or_a_viewer(tiny_with_users, person):
    """A shared link to the editors' page opened by someone it is not for: the app's navigation
    does not have it, so nothing of it is drawn (the real sign-in's visitor and viewer check the
    same in Chromium at 1366 and 390 wide, in the matrix)."""
    at = open_address("bao-cao-thu", AS_OF, person, signin=True)
    assert at is not None and not at.exception
    assert "Danh sách đăng ký" not in _shown(at) and "Thêm đăng ký" not in _buttons(at) and not at.get("text_area")
    # what it is checked against: the same address opened by an editor draws the page
    editor = open_address("bao-cao-thu", AS_OF, EDITOR)
    assert not editor.exception and "Danh sách đăng ký" in _shown(editor) and "Thêm đăng ký" in _buttons(editor)


def _shown(at) -> str:
    return texts(at, "markdown", "caption", "info", "text") + "\n".join(
        str(h.value) for kind in ("title", "header", "subheader") for h in at.get(kind)
    )
