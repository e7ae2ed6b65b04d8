"""Opening a page in an AppTest session, signed in or not (an [auth] section and the user
Streamlit's server would hold), and the text it shows."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from sangkien.web import framework, site

APP = str(Path(__file__).resolve().parent.parent / "app.py")

AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "sangkien",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def sign_in(at: AppTest, email: str | None) -> AppTest:
    """Configure sign-in for `at`; `email` None: configured but nobody signed in."""
    at.secrets["auth"] = dict(AUTH_SECRETS)
    if email is not None:
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    return at


def open_page(page: str, query: dict, user: str | None = None, *, query_after_first_run: bool = False, signin: bool = False) -> AppTest:
    """`page` as a visit to the app's URL carrying `query`, signed in as `user` when given (with
    `signin` and no user: sign-in configured, nobody signed in).

    With `query_after_first_run` the query is set after the first run (the overview), which
    checks and cleans the URL: so the URL reaches this page as it was, not as another cleaned it."""
    if not query_after_first_run:
        # opened at the page's address, as a shared link is (not the overview first, then a switch)
        entry = next((p for p in site.PAGES if p.file == page), None)
        if entry is not None and entry.open_to(None):
            at = open_address(entry.url_path, query, user, signin=signin)
            if at is not None:
                return at
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None or signin:
        sign_in(at, user)
    if not query_after_first_run:
        at.query_params.update(query)
    at.run()
    if query_after_first_run:
        at.query_params.update(query)
    return at.switch_page(page).run()


def open_address(url_path: str, query: dict, user: str | None = None, *, signin: bool = False) -> AppTest | None:
    """The app's first run at `/url_path?query`, as a shared link opens it (whether or not the
    navigation has that page for `user`); None where AppTest cannot open at an address
    (framework.first_run_at)."""
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None or signin:
        sign_in(at, user)
    at.query_params.update(query)
    return at.run() if framework.first_run_at(at, url_path) else None


def texts(at: AppTest, *kinds: str) -> str:
    """The text of the elements of the given kinds (AppTest's names: "markdown", "caption",
    "warning", ...), kind after kind, one element a line; an HTML element gives its body."""
    return "\n".join(e.proto.body if kind == "html" else str(e.value) for kind in kinds for e in getattr(at, kind))


def before_opening(open_page, texts) -> AppTest:
    """A page opened (by `open_page(**query)`) at a minute before the demo portal opened: it
    raises nothing and says the day the portal opens (in `texts(at)`); the caller checks the rest."""
    at = open_page(as_of="2021-12-01T08:00")
    assert not at.exception
    assert "cổng trực tuyến mở ngày 08/01/2022" in texts(at)
    return at


def open_section(at: AppTest, key: str, index: int) -> AppTest:
    """Open the `index`-th tab of the page's lazy sections `key` (chrome.sections: a tab whose content
    runs only when it is open), as a click on it does, and run the page again."""
    at.session_state[key] = at.tabs[index].label
    return at.run()
