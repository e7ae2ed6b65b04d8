# temporary (not committed): screenshots of Báo cáo thư at 390 px, vi and en
from tests.test_signin_browser import app_server, open_page, provider, rendered, sign_in, TIMEOUT_MS  # noqa: F401
from tests.fit import overflows


def test_shots(app_server, browser):  # noqa: F811
    url, _ = app_server
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    sign_in(page, url, "editor@example.org")
    open_page(page, url, "bao-cao-thu")
    page.locator('[data-testid="stTextArea"] textarea').fill("lanh.dao@congdoan.vn")
    page.get_by_role("button", name="Thêm đăng ký").click()
    page.get_by_text("Đã thêm đăng ký số 1.").wait_for(timeout=TIMEOUT_MS)
    rendered(page)
    for lang in ("vi", "en"):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{url}/bao-cao-thu?as_of=2022-04-20T08:00&lang={lang}")
        page.wait_for_selector("h1", timeout=TIMEOUT_MS)
        rendered(page)
        print(lang, overflows(page, True), page.evaluate("() => [document.documentElement.scrollWidth, document.querySelector('[data-testid=stMain]').scrollWidth]"))
        h = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
        page.set_viewport_size({"width": 390, "height": min(h + 50, 6000)})
        page.wait_for_timeout(1500)
        page.screenshot(path=f"/tmp/fitw/sub-{lang}.png")
