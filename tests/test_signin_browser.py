"""End to end sign-in: the real app in headless Chromium against a real OIDC provider; what each
role may do, the editors' subscriptions page among it (hidden from a visitor and a viewer; an editor
adds a subscription, at 1366×900 and 390×844).

`oidc-provider-mock` runs on 127.0.0.1 in this process; the app is started by `streamlit run`
with a temporary secrets file whose [auth] points at it (`--secrets.files`), on the tiny
fixture database with users given roles by the command line's functions. Each person signs in
through the provider's authorization form in a fresh browser context.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest

from sangkien.campaign import auth, emulation, subscriptions
from sangkien.ops import procs
from sangkien.ops.browser import CHROMIUM
from sangkien.ops.local_server import streamlit_server
from sangkien.storage import db
from tests import shots
from tests.fixtures import build_tiny
from tests.tabs import fresh_context, settle, visit

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
QUERY = "?as_of=2024-03-10T23:59"
TIMEOUT_MS = 30_000
UPLOADER_WORDS = """() => {
  const button = document.querySelector('[data-testid="stFileUploaderDropzone"] button p');
  const hint = document.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span');
  const after = (el) => getComputedStyle(el, '::after').content;
  return {button: after(button), hint: after(hint), english: [button, hint].map(el => getComputedStyle(el).fontSize)};
}"""


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import app
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    # The provider vouches for the three test addresses (email_verified: the boolean true); the
    # fourth, an admin address, comes with the string "true", which does not sign anyone in.
    import json
    import urllib.request

    for email, verified in [(f"{r}@example.org", True) for r in ("viewer", "editor", "admin")] + [("stringy@example.org", "true")]:
        body = json.dumps({"email": email, "email_verified": verified}).encode()
        request = urllib.request.Request(f"{base}/users/{email}", body, {"Content-Type": "application/json"}, method="PUT")
        urllib.request.urlopen(request, timeout=10).close()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture(scope="module")
def app_server(provider, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is required for the browser test: apt-get install -y chromium")
    folder = tmp_path_factory.mktemp("signin")
    database = build_tiny(folder / "tiny.duckdb")
    os.environ["SANGKIEN_DB"] = str(database)  # the roles below go to this database's state
    try:
        db.close_all()
        for email, role in (
            ("viewer@example.org", "viewer"),
            ("editor@example.org", "editor"),
            ("admin@example.org", "admin"),
            ("stringy@example.org", "admin"),
        ):
            auth.add_user(email, role)
    finally:
        del os.environ["SANGKIEN_DB"]
        db.close_all()
    port = procs.free_port()  # known before the start: the redirect address names it
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-not-used-anywhere-else"\n'
        'client_id = "sangkien-test"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'client_kwargs = { scope = "openid email profile" }\n',
        encoding="utf-8",
    )
    with streamlit_server(database, port=port, args=("--secrets.files", str(secrets))) as (_proc, url):
        yield url, database


def rendered(page) -> None:
    settle(page, quiet_ms=400, timeout_ms=TIMEOUT_MS)


def open_page(page, url: str, path: str, until: str | None = None, load: bool = False) -> str:
    """The page's text once drawn; with `until`, once that text is on it (a busy server may end a
    run's first pass before the sign-in part is drawn). A page the tab has not shown is reached
    within the app, as its sidebar link does (tests/tabs.py's visit), the signed-in session the
    same; with `load`, or a page shown before, the address is loaded afresh."""
    visit(page, f"{url}/{path}{QUERY}", load=load, timeout_ms=TIMEOUT_MS)
    page.wait_for_selector("h1", timeout=TIMEOUT_MS)  # the page's own title: the app's navigation took over
    rendered(page)
    if until:
        page.get_by_text(until).first.wait_for(timeout=TIMEOUT_MS)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page.inner_text("body")


def sign_in(page, url: str, email: str, verified: bool = True) -> None:
    open_page(page, url, "")
    page.get_by_role("button", name="Đăng nhập").first.click()
    page.wait_for_selector('input[name="sub"]', timeout=TIMEOUT_MS)  # the provider's authorization form
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=TIMEOUT_MS)
    rendered(page)
    if verified:
        page.get_by_text(email).first.wait_for(timeout=TIMEOUT_MS)  # the sidebar names who is signed in


def shot(page, name: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {name}", flush=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shots.take(page, str(ARTIFACTS / f"signin-{name}.png"), full_page=True)


SUBSCRIPTIONS = "bao-cao-thu"
SUBSCRIPTIONS_TITLE = "Báo cáo qua thư điện tử"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def subscriptions_hidden(page, url: str) -> None:
    """The subscriptions page (editors and admins only) is neither listed nor shown at its address,
    at 1366×900 and at 390×844; the page keeps its width after."""
    assert page.locator('[data-testid="stSidebarNavLink"]', has_text=SUBSCRIPTIONS_TITLE).count() == 0
    size = page.viewport_size
    body = open_page(page, url, SUBSCRIPTIONS, load=True)  # its address asked of the server
    for width, height in ((1366, 900), (390, 844)):  # the server's answer, then the same page narrowed
        page.set_viewport_size({"width": width, "height": height})
        rendered(page)
        body = page.inner_text("body")
        assert "Danh sách đăng ký" not in body and "Người nhận (địa chỉ thư" not in body, width
        assert page.get_by_role("button", name="Thêm đăng ký").count() == 0, width
        assert no_sideways_scroll(page), width
    shot(page, "subscriptions-hidden-390")
    page.set_viewport_size(size)


def next_person(context, page=None):
    """A new tab for the next person in the same browser context, signed out of everything: the
    previous person's tab closed, the app's and the provider's cookies (who is signed in) and the
    app's local storage cleared. The context's cache of Streamlit's frontend is kept (a fresh
    context per person compiled it again: about 5 s of CPU each)."""
    if page is not None:
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.close()
    context.clear_cookies()
    assert context.cookies() == []
    return context.new_page()


UPLOADER = '[data-testid="stFileUploader"]'


def add_subscription(page, url: str) -> None:
    open_page(page, url, SUBSCRIPTIONS)
    page.locator('[data-testid="stTextArea"] textarea').fill("lanh.dao@congdoan.vn")
    page.get_by_role("button", name="Thêm đăng ký").click()
    page.get_by_text(re.compile(r"Đã thêm đăng ký số \d+\.")).wait_for(timeout=TIMEOUT_MS)
    rendered(page)


def visitor(page, url: str, tmp_path: Path) -> None:
    """Not signed in: reads, but no uploader, no group editor, no saving of the scoring; the
    editors' subscriptions page is neither listed nor shown at its address."""
    body = open_page(page, url, "nhap-du-lieu", until="Đăng nhập để nhập dữ liệu sáng kiến")
    assert page.locator(UPLOADER).count() == 0 and "Đăng nhập để nhập dữ liệu sáng kiến." in body
    open_page(page, url, "hoi-nghi")
    page.get_by_text("Tạo hoặc sửa nhóm tùy chỉnh").first.click()  # the editor's expander
    page.get_by_text("Đăng nhập để tạo hoặc sửa nhóm đơn vị.").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("button", name="Lưu nhóm").count() == 0
    subscriptions_hidden(page, url)


def unverified(page, url: str, tmp_path: Path) -> None:
    """An admin address the provider sends with email_verified "true" (a string): not signed in."""
    sign_in(page, url, "stringy@example.org", verified=False)
    body = open_page(page, url, "nhap-du-lieu", until="Đăng nhập để nhập dữ liệu sáng kiến")
    assert page.locator(UPLOADER).count() == 0 and "Đăng nhập để nhập dữ liệu sáng kiến." in body
    assert "stringy@example.org" not in body and page.get_by_role("button", name="Đăng nhập").count() >= 1


def viewer(page, url: str, tmp_path: Path) -> None:
    """A viewer: what a visitor gets, with the reason."""
    sign_in(page, url, "viewer@example.org")
    body = open_page(page, url, "nhap-du-lieu", until="vai trò Người xem")
    assert page.locator(UPLOADER).count() == 0
    assert "Tài khoản của bạn có vai trò Người xem; nhập dữ liệu sáng kiến cần vai trò Quản trị viên." in body
    shot(page, "viewer-import")
    subscriptions_hidden(page, url)


def editor(page, url: str, tmp_path: Path) -> None:
    """An editor: edits groups and the scoring, adds a subscription (at both widths), cannot import."""
    sign_in(page, url, "editor@example.org")
    open_page(page, url, "hoi-nghi")
    page.get_by_text("Tạo hoặc sửa nhóm tùy chỉnh").first.click()
    page.locator('[data-testid="stMultiSelect"] input').first.wait_for(timeout=TIMEOUT_MS)
    placeholders = page.locator('[data-testid="stMultiSelect"] input').evaluate_all("els => els.map(e => e.placeholder)")
    assert placeholders == ["Chọn đơn vị…"], placeholders  # the unit picker speaks Vietnamese
    page.get_by_role("textbox", name="Tên nhóm (tiếng Việt)").fill("Nhóm trình duyệt")
    page.get_by_role("textbox", name="Thêm đơn vị theo tên (cách nhau bởi dấu phẩy hoặc xuống dòng)").fill("U-A, U-B")
    page.get_by_role("button", name="Lưu nhóm").click()
    page.get_by_text("Đã tạo nhóm “Nhóm trình duyệt” (2 đơn vị).").wait_for(timeout=TIMEOUT_MS)
    shot(page, "editor-group")
    open_page(page, url, "thi-dua")
    page.get_by_text("Tiêu chí, trọng số và ngưỡng xếp loại").first.click()  # the expander
    weight = page.get_by_role("spinbutton", name="Hoàn thành phần chỉ tiêu của tháng")
    weight.fill("55")
    weight.press("Tab")
    page.get_by_role("button", name="Lưu cách chấm điểm").click()
    page.get_by_text("Đã lưu cách chấm điểm.").wait_for(timeout=TIMEOUT_MS)
    body = open_page(page, url, "nhap-du-lieu", until="vai trò Biên tập viên")
    assert page.locator(UPLOADER).count() == 0
    assert "vai trò Biên tập viên; nhập dữ liệu sáng kiến cần vai trò Quản trị viên" in body
    # an editor sees the subscriptions page listed, adds a subscription and sees it, at both widths
    assert page.locator('[data-testid="stSidebarNavLink"]', has_text=SUBSCRIPTIONS_TITLE).count() == 1
    add_subscription(page, url)
    assert no_sideways_scroll(page)
    shot(page, "editor-subscriptions-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    body = open_page(page, url, SUBSCRIPTIONS)
    assert "Danh sách đăng ký" in body and "Lịch sử thay đổi" in body
    assert no_sideways_scroll(page)
    shot(page, "editor-subscriptions-390")


def admin(page, url: str, tmp_path: Path) -> None:
    """An admin: imports, and the log names them; signs out, and is a visitor again."""
    sign_in(page, url, "admin@example.org")
    open_page(page, url, "nhap-du-lieu")
    # Streamlit's own "Upload" / "200MB per file" are replaced by the catalog's words
    page.locator('[data-testid="stFileUploaderDropzoneInstructions"] span').first.wait_for(
        timeout=TIMEOUT_MS
    )  # drawn late on a busy machine
    shown = page.evaluate(UPLOADER_WORDS)
    assert shown["button"] == '"Chọn tệp"' and "tối đa 200 MB mỗi tệp" in shown["hint"], shown
    assert shown["english"] == ["0px", "0px"]
    export = tmp_path / "tuan-1.csv"
    export.write_text(
        "Mã sáng kiến;Đơn vị;Ngày cập nhật;Trạng thái;Khu vực\nw1;An Phú;05/03/2024 10:00;Đã cập nhật;Nhà nước\n", encoding="utf-8"
    )
    page.locator(f'{UPLOADER} input[type="file"]').set_input_files(str(export))
    page.get_by_text("tuan-1.csv").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Nhập dữ liệu").click()
    page.get_by_text("Đã nhập 1 tệp").first.wait_for(timeout=TIMEOUT_MS)
    rendered(page)
    shot(page, "admin-import")
    assert "Thay đổi được ghi tên: admin@example.org" in page.inner_text("body")  # the log's rows are drawn on a canvas: read below

    # every page an admin has is listed, the last ones too (Streamlit folds a long list unless told):
    # the users' page and the subscriptions page (an admin's as an editor's, in the matrix), where a
    # subscription is added and the page fits at both widths
    for title in ("Người dùng và quyền", SUBSCRIPTIONS_TITLE):
        assert page.locator('[data-testid="stSidebarNavLink"]', has_text=title).count() == 1, title
    add_subscription(page, url)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        rendered(page)
        body = page.inner_text("body")
        assert "Danh sách đăng ký" in body and "Lịch sử thay đổi" in body and no_sideways_scroll(page), width
    shot(page, "admin-subscriptions-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    # sign-out: back to a visitor
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("button", name="End session").click(timeout=TIMEOUT_MS)  # the provider's logout form
    page.wait_for_url(f"{url}/**", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Đăng nhập").first.wait_for(timeout=TIMEOUT_MS)
    body = open_page(page, url, "nhap-du-lieu", until="Đăng nhập để nhập dữ liệu sáng kiến")
    assert page.locator(UPLOADER).count() == 0 and "admin@example.org" not in page.locator('[data-testid="stSidebar"]').inner_text()


# The default run walks the two paths of the sign-in itself: a claim that does not sign in, and a
# real sign-in (the admin's import, then the sign-out, after which the import page is a visitor's
# again). The matrix walks a visitor, the viewer and the editor through the same app; what their
# pages show, refuse and hide (at their addresses too) is also checked in process
# (tests/test_roles_pages.py, tests/test_reports.py), and every write's role in tests/test_auth.py.
WALKS = {"unverified-admin": (unverified, admin), "visitor-viewer-editor": (visitor, viewer, editor)}


@pytest.mark.parametrize("walk", list(WALKS))
def test_roles_through_a_real_sign_in(app_server, browser, tmp_path, walk):
    url, database = app_server
    context = fresh_context(browser)
    page = None
    for person in WALKS[walk]:
        page = next_person(context, page)
        person(page, url, tmp_path)
    context.close()

    # what the server stored, read back through the app's own queries
    os.environ["SANGKIEN_DB"] = str(database)
    try:
        db.close_all()
        if admin in WALKS[walk]:
            log = db.run("import/log", campaign_id="T")
            assert log["imported_by"].tolist() == ["admin@example.org"]
            assert "admin@example.org" in subscriptions.frame()["created_by"].tolist()
        if editor in WALKS[walk]:
            made = db.run("meeting/groups").query("name_vi == 'Nhóm trình duyệt'")
            assert made["created_by"].tolist() == ["editor@example.org"] and made["unit_codes"].iloc[0].tolist() == ["U-A", "U-B"]
            stored = emulation.load("T")
            assert (stored.settings.w_target, stored.updated_by) == (55.0, "editor@example.org")
    finally:
        del os.environ["SANGKIEN_DB"]
        db.close_all()
