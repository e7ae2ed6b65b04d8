"""The load test's visitors: browser tabs (headless Chromium) and protocol sessions
(sangkien/ops/wsclient.py) that view the app's pages one after the other until told to stop,
tallying how long each view took to settle and what went wrong.

A page view is one page of the app shown and settled: the first by opening the URL, the next
ones by the sidebar's navigation links (a multipage app switches pages over the session's
websocket), cycling through every page an anonymous visitor gets (the registry,
sangkien/web/site.py). Settled = the script run finished (`data-test-script-state`), every chart
drawn, no skeleton.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from sangkien.ops import wsclient
from sangkien.web import site

VIEW_TIMEOUT_MS = 60_000  # generous: the 2-core machine is shared

# The pages an anonymous visitor gets, by URL path (the registry); the overview is "".
PAGES = site.url_paths(None)

SETTLED_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  // A fast page can run and finish within one React render, so "running" is never seen in the
  // DOM: a page switch also counts once the address changed and nothing is stale.
  const moved = window.__skFrom !== undefined && location.href !== window.__skFrom && performance.now() - window.__skAt > 300;
  if (!window.__skRan && !moved) return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  // a chart below the fold draws only when scrolled to: wait for the ones on screen
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (chart.getBoundingClientRect().top < window.innerHeight && !chart.querySelector('.main-svg')) return false;
  return true;
}"""
# Records that a script run started since the last reset, so a click is not mistaken for settled
# because the previous run's state was still "notRunning".
WATCH_JS = """() => {
  window.__skRan = false;
  window.__skFrom = location.href;
  window.__skAt = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  if (app && window.__skWatched !== app) {
    new MutationObserver(() => {
      if (app.getAttribute('data-test-script-state') === 'running') window.__skRan = true;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    window.__skWatched = app;
  }
}"""
INIT_JS = """(() => {
  window.__skRan = false;
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return setTimeout(watch, 20);
    if (app.getAttribute('data-test-script-state') !== 'initial') window.__skRan = true;
    new MutationObserver(() => {
      if (app.getAttribute('data-test-script-state') === 'running') window.__skRan = true;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    window.__skWatched = app;
  };
  document.addEventListener('DOMContentLoaded', watch);
})();"""


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_replica: dict[int, int] = field(default_factory=dict)  # settled views per replica index, when known


async def settle(page, tally: Tally, what: str, started: float, replica: int | None = None) -> None:
    try:
        await page.wait_for_function(SETTLED_JS, timeout=VIEW_TIMEOUT_MS, polling=50)
    except Exception as exc:  # noqa: BLE001 - any failure to settle is an error of this view
        tally.errors.append(f"{what}: not settled ({type(exc).__name__})")
        return
    elapsed = time.perf_counter() - started
    problems = await page.evaluate("""() => {
      const app = document.querySelector('[data-testid="stApp"]');
      const out = [];
      for (const e of document.querySelectorAll('[data-testid="stException"]')) out.push('exception: ' + e.innerText.slice(0, 200));
      const conn = app.getAttribute('data-test-connection-state');
      if (conn && conn !== 'CONNECTED') out.push('connection ' + conn);
      return out;
    }""")
    if problems:
        tally.errors.extend(f"{what}: {p}" for p in problems)
    else:
        tally.times.append(elapsed)
        if replica is not None:
            tally.by_replica[replica] = tally.by_replica.get(replica, 0) + 1


async def browser_session(
    browser,
    base: str,
    index: int,
    stop_at: float,
    tally: Tally,
    route: str | None,
    after: asyncio.Event | None,
    ready: asyncio.Event,
    replica: int | None = None,
) -> None:
    # Ramp-up: a session opens its first page once the previous one has its first page settled, so
    # N browsers do not all parse Streamlit's bundle at once on a small machine.
    if after is not None:
        await after.wait()
    if time.monotonic() >= stop_at:
        ready.set()
        return
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    if route:
        await context.add_cookies([{"name": "sangkien_route", "value": route, "url": base}])
    page = await context.new_page()
    await page.add_init_script(INIT_JS)
    page.on("pageerror", lambda exc: tally.errors.append(f"session {index}: page error {str(exc)[:200]}"))
    page.on("response", lambda r: r.status >= 500 and tally.errors.append(f"session {index}: HTTP {r.status} {r.url}"))
    try:
        # Sessions start on different pages so the load is spread over all of them.
        order = PAGES[index % len(PAGES) :] + PAGES[: index % len(PAGES)]
        started = time.perf_counter()
        try:
            await page.goto(f"{base}/{order[0]}", timeout=VIEW_TIMEOUT_MS)
        except Exception as exc:  # noqa: BLE001
            tally.errors.append(f"session {index}: open {order[0] or '/'}: {type(exc).__name__}")
            return
        await settle(page, tally, f"session {index} /{order[0]}", started, replica)
        ready.set()
        step = 1
        while time.monotonic() < stop_at:
            slug = order[step % len(order)]
            step += 1
            link = page.locator(f'[data-testid="stSidebarNavLink"][href$="/{slug}"]').first
            if slug == "":
                link = page.locator('[data-testid="stSidebarNavLink"]').first
            await page.evaluate(WATCH_JS)
            started = time.perf_counter()
            try:
                await link.click(timeout=VIEW_TIMEOUT_MS)
            except Exception as exc:  # noqa: BLE001
                tally.errors.append(f"session {index}: click /{slug}: {type(exc).__name__}")
                continue
            await settle(page, tally, f"session {index} /{slug}", started, replica)
    finally:
        ready.set()
        await context.close()


async def protocol_session(base: str, index: int, stop_at: float, tally: Tally, route: str | None, replica: int | None = None) -> None:
    """A session of `sangkien.ops.wsclient`: the same page order as a browser session, on the wire only."""
    order = PAGES[index % len(PAGES) :] + PAGES[: index % len(PAGES)]
    try:
        async with wsclient.connect(base, f"sangkien_route={route}" if route else None) as ws:
            step = 0
            while time.monotonic() < stop_at:
                slug = order[step % len(order)]
                step += 1
                try:
                    seen = await wsclient.view(ws, slug, timeout=VIEW_TIMEOUT_MS / 1000)
                except TimeoutError:
                    tally.errors.append(f"session {index} /{slug}: not finished")
                    continue
                if seen.problems:
                    tally.errors.extend(f"session {index} /{slug}: {p}" for p in seen.problems)
                    continue
                tally.times.append(seen.seconds)
                if replica is not None:
                    tally.by_replica[replica] = tally.by_replica.get(replica, 0) + 1
    except OSError as exc:
        tally.errors.append(f"session {index}: connection {type(exc).__name__}: {exc}")
