"""Browser tabs for the browser tests: where they come from, how a test goes to a page, and how it
knows the page is drawn.

Contexts. A fresh browser context starts with an empty cache: Chromium fetches and compiles
Streamlit's frontend and plotly.js again, about 1,5 s of CPU per page load more than a tab of a
context that has loaded them before (measured on the 2-core machine). Tests that need no isolation
of cookies or storage (everything but the sign-in and the link round trips, which open a link in a
fresh context on purpose) take their tabs from one shared context per kind of device (`tab`);
the others take a fresh one (`fresh_context`). Every context here carries `WATCH`, which lets
`settle` see the app's own state instead of guessing with fixed pauses.

Drawn. Streamlit's root element says whether its connection is up
(`data-test-connection-state`) and whether a run is going (`data-test-script-state`, `notRunning`
once the last run's elements are all in). `settle` waits until the app is connected, not running
and the document has not changed for `QUIET_MS` (a chart drawn after the run, a component's
report asking for a second run), and, given the count of the server's messages before an action,
until one more has arrived: a click whose run has not started yet cannot pass for drawn. (Messages,
not runs: a fast run can start and end within one React render, and the root's state never shows
it running; every run sends messages.)

Going to a page. `visit` opens a URL: in a tab that already shows the app of the same server it
goes there the way the sidebar does (the URL pushed to the history and announced, which Streamlit's
frontend answers by running that page with that query), a third of the browser's work of a new
load; otherwise, or with `load=True`, by loading the URL. The session stays the same, so a test
that must see a link opened afresh (deep links, the link round trips) loads it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

QUIET_MS = 300
TIMEOUT_MS = 60_000

# Counts the messages the app's websocket has received (every run sends some: its start, its
# elements, its end) and notes when the document last changed or a message arrived; top document
# only (component iframes carry their own copy, unused).
WATCH = """(() => {
  if (window.top !== window || window.__sk) return;
  const sk = window.__sk = {heard: 0, changed: performance.now()};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { sk.heard += 1; sk.changed = performance.now(); });
    }
  };
  new MutationObserver(() => { sk.changed = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""

SETTLED = """([quiet, after]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const sk = window.__sk;
  return !!app && !!sk && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && sk.heard > after && performance.now() - sk.changed >= quiet;
}"""

_contexts: dict[tuple, object] = {}
_shown: dict[object, set[str]] = {}  # tab -> the app's pages (URL paths) it has drawn since its last load


def fresh_context(browser, width: int = 1366, height: int = 900, phone: bool = False, **options):
    """A new browser context (own cookies, storage and cache) whose pages `settle` can read."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone, **options)
    context.add_init_script(WATCH)
    return context


def tab(browser, width: int = 1366, height: int = 900, phone: bool = False, **options):
    """A new tab of `width`×`height` (a touch phone when `phone`) in the shared context for
    `browser`, `phone` and Playwright context `options` (e.g. locale="vi-VN"); close it with
    page.close()."""
    key = (id(browser), phone, tuple(sorted(options.items())))
    context = _contexts.get(key)
    if context is None or context.browser is not browser or not browser.is_connected():
        context = fresh_context(browser, width, height, phone, **options)
        _contexts[key] = context
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    return page


_kept: dict[tuple, object] = {}


def kept(browser, width: int = 1366, height: int = 900, phone: bool = False):
    """The shared context's tab of `width`×`height` kept open from one test to the next (do not
    close it; it closes with its browser), so that `visit` goes from page to page within the app."""
    key = (id(browser), width, height, phone)
    page = _kept.get(key)
    if page is None or page.is_closed() or page.context.browser is not browser or not browser.is_connected():
        page = _kept[key] = tab(browser, width, height, phone)
    return page


def heard(page) -> int:
    """How many messages this document's app has received from its server (0 before the first, or
    without WATCH)."""
    return page.evaluate("() => window.__sk ? window.__sk.heard : 0")


def settle(page, after: int = 0, quiet_ms: int = QUIET_MS, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the app is connected, no run is going, more than `after` messages have arrived
    from its server (`heard`) and nothing in the document has changed (and no message arrived) for
    `quiet_ms`."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(SETTLED, arg=[quiet_ms, after], timeout=timeout_ms, polling=50)


def rerun(page, action, timeout_ms: int = TIMEOUT_MS) -> None:
    """Do `action()` (a click, a key) that makes the app run again, and wait for that run drawn."""
    before = heard(page)
    action()
    settle(page, after=before, timeout_ms=timeout_ms)


def visit(page, url: str, load: bool = False, timeout_ms: int = TIMEOUT_MS) -> None:
    """Open `url` (absolute) and wait until it is drawn: within the app the tab already shows, as
    the sidebar does; a new load when the tab shows nothing of that server or `load`."""
    parts = urlsplit(url)
    here = urlsplit(page.url)
    if page not in _shown:
        _shown[page] = set()
        page.once("close", lambda closed: _shown.pop(closed, None))
    shown = _shown[page]
    path = parts.path.rstrip("/")
    inside = (
        not load
        and path not in shown
        and (here.scheme, here.netloc) == (parts.scheme, parts.netloc)
        and page.evaluate(
            """() => !!window.__sk && window.__sk.heard > 0
                 && document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-connection-state') === 'CONNECTED'"""
        )
    )
    if not inside:
        shown.clear()
        shown.add(path)
        page.goto(url)
        settle(page, timeout_ms=timeout_ms)
        return
    shown.add(path)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    rerun(
        page,
        lambda: page.evaluate(
            "(target) => { history.pushState(null, '', target); window.dispatchEvent(new PopStateEvent('popstate')); }", target
        ),
        timeout_ms=timeout_ms,
    )
