"""The subscriptions page in Chromium: an editor adds a subscription; a viewer and an anonymous
visitor get nothing of it; at 1366×900 and 390×844. Signed in through the same OIDC provider
mock and server as tests/test_signin_browser.py (its fixtures)."""

from __future__ import annotations

import pytest

from tests import shots
from tests.test_signin_browser import ARTIFACTS, TIMEOUT_MS, app_server, open_page, provider, rendered, sign_in  # noqa: F401

pytestmark = pytest.mark.slow
SIZES = ((1366, 900), (390, 844))
PAGE = "bao-cao-thu"
NAV_TITLE = "Báo cáo qua thư điện tử"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shots.take(page, str(ARTIFACTS / f"reports-{name}.png"), full_page=True)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def nothing_of_it(page, body: str) -> None:
    assert "Danh sách đăng ký" not in body and "Người nhận (địa chỉ thư" not in body
    assert page.get_by_role("button", name="Thêm đăng ký").count() == 0
    assert page.locator('[data-testid="stSidebarNavLink"]', has_text=NAV_TITLE).count() == 0


def test_the_subscriptions_page_for_an_editor_a_viewer_and_a_visitor(app_server, browser):  # noqa: F811
    url, _database = app_server
    for width, height in SIZES:
        # anonymous: not listed, and the address shows nothing of it
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.set_viewport_size({"width": width, "height": height})
        body = open_page(page, url, PAGE)
        nothing_of_it(page, body)
        shot(page, f"anonymous-{width}")
        page.context.close()

        # a viewer: the same
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        sign_in(page, url, "viewer@example.org")
        page.set_viewport_size({"width": width, "height": height})
        body = open_page(page, url, PAGE)
        nothing_of_it(page, body)
        shot(page, f"viewer-{width}")
        page.context.close()

    # an editor: listed, adds a subscription, sees it; the phone width needs no sideways scroll
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    sign_in(page, url, "editor@example.org")
    assert page.locator('[data-testid="stSidebarNavLink"]', has_text=NAV_TITLE).count() == 1
    open_page(page, url, PAGE)
    page.locator('[data-testid="stTextArea"] textarea').fill("lanh.dao@congdoan.vn")
    page.get_by_role("button", name="Thêm đăng ký").click()
    page.get_by_text("Đã thêm đăng ký số 1.").wait_for(timeout=TIMEOUT_MS)
    rendered(page)
    assert no_sideways_scroll(page)
    shot(page, "editor-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    body = open_page(page, url, PAGE)
    assert "Danh sách đăng ký" in body and "Lịch sử thay đổi" in body
    assert no_sideways_scroll(page)
    shot(page, "editor-390")
    page.context.close()
