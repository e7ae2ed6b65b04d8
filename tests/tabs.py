"""Browser tabs for the browser tests, from one shared context per kind of device.

A fresh browser context starts with an empty cache: Chromium fetches and compiles Streamlit's
frontend and plotly.js again, about 1,5 s of CPU per page load more than a tab of a context that
has loaded them before (measured on the 2-core machine). Tests that need no isolation of cookies
or storage (everything but the sign-in and the link round trips, which open a link in a fresh
context on purpose) take their tabs here; the contexts close with their browser."""

from __future__ import annotations

_contexts: dict[tuple, object] = {}


def tab(browser, width: int = 1366, height: int = 900, phone: bool = False, **options):
    """A new tab of `width`×`height` (a touch phone when `phone`) in the shared context for
    `browser`, `phone` and Playwright context `options` (e.g. locale="vi-VN"); close it with
    page.close()."""
    key = (id(browser), phone, tuple(sorted(options.items())))
    context = _contexts.get(key)
    if context is None or context.browser is not browser or not browser.is_connected():
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone, **options)
        _contexts[key] = context
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    return page
