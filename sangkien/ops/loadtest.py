"""Load test: N headless browser sessions click through the app; what the server pays per page view.

`python -m sangkien loadtest --base http://127.0.0.1:8080 --sessions 6 --duration 60` drives a
running `serve` stack; `--compare 1,2` starts the stack itself with 1, then 2 replicas and runs the
same load on each. A page view is one page of the app shown and settled: the first by opening
the URL, the next ones by the sidebar's navigation links (a multipage app switches pages over
the session's websocket), cycling through every page. Settled = the script run finished
(`data-test-script-state`), every chart drawn, no skeleton. Server CPU is read from
/proc/<pid>/stat of each replica and its children (user + system, the children's included)
before and after the run; RSS from /proc/<pid>/status. Loopback only, bounded in sessions and
time: it is a measuring tool, not a way to load someone else's server.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from sangkien.core import paths
from sangkien.ops.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 - loadtest.CHROMIUM is read by tests

ROOT = paths.ROOT
MAX_SESSIONS = 32
CLIENTS = ("browser", "protocol")  # Chromium tabs, or sangkien.ops.wsclient sessions (no drawing)
MAX_DURATION = 600.0
VIEW_TIMEOUT_MS = 60_000  # generous: the 2-core machine is shared
SAMPLE = ROOT / "data" / "samples" / "submissions_sample.csv"

# The app's pages, by URL path (app.py); the overview is "".
PAGES = ["", "tien-do", "chi-tieu", "xep-hang", "canh-bao", "thanh-phan", "thi-dua", "don-vi", "hoi-nghi"]

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


class LoadTestError(RuntimeError):
    """Refused or impossible (not loopback, bounds, no replicas found); the message says which."""


def check_loopback(url: str) -> None:
    """Refuse anything but this machine: the tool must never load someone else's server.

    Only `localhost` and literal loopback addresses pass; other names are not resolved (a name
    can resolve differently by the time the browser connects).
    """
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise LoadTestError(f"{url}: the load test only runs against this machine (127.0.0.1, ::1, localhost)")


# --- what the server pays: /proc ----------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": field 3 (state) is [0]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                tree.setdefault(int(_stat_fields(int(entry))[1]), []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return tree


def _tree(pid: int, tree: dict[int, list[int]]) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(tree.get(p, []))
    return out


def cpu_seconds(pid: int, tree: dict[int, list[int]] | None = None) -> float:
    """User + system CPU of a process, its waited-for children (cutime, cstime) and its live descendants."""
    tree = _children() if tree is None else tree
    ticks = 0
    for p in _tree(pid, tree):
        try:
            f = _stat_fields(p)
        except OSError:  # ended between the listing and the read: its time is in its parent's cutime
            continue
        ticks += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])  # utime stime cutime cstime
    return ticks / CLOCK_TICKS


def status_kib(pid: int, field: str) -> int:
    """A size from /proc/<pid>/status in KiB ("VmRSS", "VmHWM"); 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def rss_mib(pid: int, tree: dict[int, list[int]] | None = None) -> float:
    """The resident memory of a process and its children."""
    tree = _children() if tree is None else tree
    return sum(status_kib(p, "VmRSS") for p in _tree(pid, tree)) / 1024


# --- the sessions -----------------------------------------------------------------------------------


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_replica: dict[int, int] = field(default_factory=dict)  # settled views per replica index, when known


RERUN_PRESSES = 5  # R presses before a watcher's rerun counts as not settled
RERUN_START_MS = 10_000  # how long one press may take to start a run


async def _settle(page, tally: Tally, what: str, started: float, replica: int | None = None) -> None:
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


async def _session(
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
        await _settle(page, tally, f"session {index} /{order[0]}", started, replica)
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
            await _settle(page, tally, f"session {index} /{slug}", started, replica)
    finally:
        ready.set()
        await context.close()


async def _protocol_session(base: str, index: int, stop_at: float, tally: Tally, route: str | None, replica: int | None = None) -> None:
    """A session of `sangkien.ops.wsclient`: the same page order as a browser session, on the wire only."""
    from sangkien.ops import wsclient

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


# --- an import in the middle, and its arrival on every replica --------------------------------------


def fresh_import_file(folder: Path) -> Path:
    """The sample export with never-seen initiative ids, so every run's import adds rows."""
    stamp = time.strftime("%H%M%S") + f"{os.getpid() % 1000:03d}"
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("SK22-S", f"LT{stamp}-")
    out = folder / f"loadtest-import-{stamp}.csv"
    out.write_text(text, encoding="utf-8-sig")
    return out


def overview_figure(db_path: Path) -> str:
    """The overview's first headline figure (initiatives updated) as the page prints it."""
    import pandas as pd

    from sangkien.core import fmt
    from sangkien.storage import db

    database = db.Database(Path(db_path))
    try:
        campaigns = database.run("meta/campaigns")
        as_of = pd.Timestamp(campaigns["last_event_at"].iloc[0]).to_pydatetime().replace(second=0, microsecond=0)
        kpis = database.run("overview/kpis", campaign_id=campaigns["campaign_id"].iloc[0], as_of=as_of, scope=None)
        return fmt.number(kpis["count_submitted"].iloc[0], "vi")
    finally:
        database.close()


def open_files(pid: int) -> set[str]:
    """Names of the files a process has open (the database versions a replica reads)."""
    names = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return names
    for fd in fds:
        try:
            names.add(os.path.basename(os.readlink(f"/proc/{pid}/fd/{fd}")))
        except OSError:
            continue
    return names


async def _watch_page(browser, url: str, tally: Tally):
    """A page on one replica (its own port), settled on the overview, to rerun after the import."""
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = await context.new_page()
    await page.add_init_script(INIT_JS)
    started = time.perf_counter()
    await page.goto(f"{url}/", timeout=VIEW_TIMEOUT_MS)
    await _settle(page, tally, f"watch {url}", started)
    return context, page


async def _rerun_figure(page, tally: Tally, url: str, replica: int) -> str:
    """Rerun the page (Streamlit's R key), wait until settled, return the first headline figure."""
    await page.evaluate(WATCH_JS)
    started = time.perf_counter()
    # Streamlit ignores the R key while a run is still going (e.g. one the page started itself):
    # press again until a run has started, then wait for it as for any view.
    for _ in range(RERUN_PRESSES):
        await page.keyboard.press("r")
        try:
            await page.wait_for_function("() => window.__skRan === true", timeout=RERUN_START_MS, polling=50)
            break
        except Exception:  # noqa: BLE001 - not started yet: press again
            continue
    await _settle(page, tally, f"watch {url} rerun", started, replica)
    return (await page.locator('[data-testid="stMetricValue"]').first.inner_text()).strip()


async def _import_and_watch(watchers: list, spec: dict, pids: list[int], at: float, tally: Tally, result: dict) -> None:
    """Import at `at`; time until each replica reads the new version and until it shows it.

    One page per replica (on the replica's own port) was opened before the run and settled on the
    overview (`watchers`). After the pointer switch (the pointer file's mtime) each is rerun until it shows the
    new figure: `shown_after_s`. `read_after_s` is measured on the server: until the replica
    process has the new version file open, which it does on its first query after the switch
    (sangkien/storage/db.py re-reads the pointer before every query). No restart, no reload.
    """
    from sangkien.storage import publish

    db_path = Path(spec["db"])
    try:
        before = await asyncio.to_thread(overview_figure, db_path)
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "sangkien",
            "import",
            str(spec["file"]),
            "--db",
            str(db_path),
            "--json",
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        out, _ = await proc.communicate()
        result["import_seconds"] = round(time.monotonic() - started, 1)
        if proc.returncode != 0:
            result["import_error"] = out.decode("utf-8", "replace")[-500:]
            return
        current = publish.current_file(db_path).name
        published_at = publish.pointer_path(db_path).stat().st_mtime
        expected = await asyncio.to_thread(overview_figure, db_path)
        read_after: dict[int, float | None] = dict.fromkeys(pids)

        async def watch_files():
            while any(v is None for v in read_after.values()) and time.time() - published_at < 60:
                for pid in pids:
                    if read_after[pid] is None and current in open_files(pid):
                        read_after[pid] = round(time.time() - published_at, 2)
                await asyncio.sleep(0.05)

        files = asyncio.create_task(watch_files())
        shown, shown_after = {}, {}

        async def rerun_until_new(replica, url, page):
            while time.time() - published_at < 60:
                shown[url] = await _rerun_figure(page, tally, url, replica)
                if shown[url] == expected:
                    shown_after[url] = round(time.time() - published_at, 2)
                    return

        await asyncio.gather(
            *(rerun_until_new(j, url, page) for j, (url, (_c, page)) in enumerate(zip(spec["replica_urls"], watchers, strict=True)))
        )
        await files
        result.update(
            version=current,
            figure_before=before,
            figure_after=expected,
            read_after_s={str(k): v for k, v in read_after.items()},
            shown_after_s=shown_after,
            shown=shown,
        )
    finally:
        for context, _page in watchers:
            await context.close()


def route_cookies(base: str, replica_urls: list[str], sessions: int) -> list[str | None]:
    """Route cookie values that send session i to replica i mod N, found by asking nginx.

    `serve`'s nginx names the replica that answered (X-Sangkien-Replica); without that header
    (another proxy) sessions keep nginx's random cookie.
    """
    import urllib.request

    wanted = [urllib.parse.urlsplit(u).netloc for u in replica_urls]
    found: dict[str, str] = {}
    for k in range(50 * max(1, len(wanted))):
        if len(found) == len(wanted):
            break
        value = f"loadtest{os.getpid()}x{k}"
        request = urllib.request.Request(f"{base}/_stcore/health", headers={"Cookie": f"sangkien_route={value}"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback, checked
                replica = response.headers.get("X-Sangkien-Replica")
        except OSError:
            return [None] * sessions
        if not replica:
            return [None] * sessions
        found.setdefault(replica, value)
    if not wanted or len(found) < len(wanted):
        return [None] * sessions
    return [found[wanted[i % len(wanted)]] for i in range(sessions)]


# --- one run -------------------------------------------------------------------------------------------


async def _run(
    base: str, sessions: int, duration: float, pids: list[int], replica_urls: list[str], import_spec: dict | None, client: str = "browser"
) -> dict:
    from playwright.async_api import async_playwright

    tally = Tally()
    imported: dict = {}
    routes = await asyncio.to_thread(route_cookies, base, replica_urls, sessions)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # The pages that watch for the import's arrival are instruments: opened before the window.
        watchers = [await _watch_page(browser, url, Tally()) for url in import_spec["replica_urls"]] if import_spec else []
        tree = _children()
        cpu_before = {pid: cpu_seconds(pid, tree) for pid in pids}
        started = time.monotonic()
        stop_at = started + duration
        ready = [asyncio.Event() for _ in range(sessions)]
        spread = all(routes)
        tasks = (
            [
                asyncio.create_task(_protocol_session(base, i, stop_at, tally, routes[i], i % len(pids) if spread else None))
                for i in range(sessions)
            ]
            if client == "protocol"
            else [
                asyncio.create_task(
                    _session(
                        browser,
                        base,
                        i,
                        stop_at,
                        tally,
                        routes[i],
                        ready[i - 1] if i else None,
                        ready[i],
                        i % len(pids) if all(routes) else None,
                    )
                )
                for i in range(sessions)
            ]
        )
        if import_spec:
            at = started + duration / 3
            tasks.append(asyncio.create_task(_import_and_watch(watchers, import_spec, pids, at, tally, imported)))
        # Hard bound: a view in flight at the end may finish, nothing runs much past the duration.
        done, pending = await asyncio.wait(tasks, timeout=duration + VIEW_TIMEOUT_MS / 1000 + 90)
        for task in pending:
            task.cancel()
            tally.errors.append("a session did not finish in time")
        for task in done:
            if task.exception() is not None:
                tally.errors.append(f"session failed: {type(task.exception()).__name__}: {task.exception()}")
        elapsed = time.monotonic() - started
        tree = _children()
        cpu_after = {pid: cpu_seconds(pid, tree) for pid in pids}
        rss = {pid: rss_mib(pid, tree) for pid in pids}
        await browser.close()
    views = len(tally.times)
    cpu = {pid: cpu_after[pid] - cpu_before[pid] for pid in pids}
    times = sorted(tally.times)
    return {
        "base": base,
        "replicas": len(pids),
        "sessions": sessions,
        "client": client,
        "duration_s": round(elapsed, 1),
        "page_views": views,
        "views_per_s": round(views / elapsed, 2) if elapsed else 0.0,
        "p50_s": round(statistics.median(times), 2) if times else None,
        "p95_s": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2) if times else None,
        "errors": len(tally.errors),
        "error_samples": tally.errors[:10],
        "server_cpu_s": round(sum(cpu.values()), 1),
        "cpu_s_per_view": round(sum(cpu.values()) / views, 3) if views else None,
        # Per replica; its page views (and so its CPU per view) only when the sessions' replicas are known.
        "per_replica": [
            {
                "pid": pid,
                "cpu_s": round(cpu[pid], 1),
                "rss_mib": round(rss[pid]),
                "page_views": tally.by_replica.get(j, 0) if all(routes) else None,
                "cpu_s_per_view": round(cpu[pid] / tally.by_replica[j], 3) if all(routes) and tally.by_replica.get(j) else None,
            }
            for j, pid in enumerate(pids)
        ],
        "sessions_spread": all(routes),
        "import": imported or None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def run(
    base: str,
    sessions: int,
    duration: float,
    pids: list[int],
    replica_urls: list[str] | None = None,
    import_spec: dict | None = None,
    client: str = "browser",
) -> dict:
    check_loopback(base)
    if not 1 <= sessions <= MAX_SESSIONS:
        raise LoadTestError(f"--sessions must be 1-{MAX_SESSIONS}")
    if not 1 <= duration <= MAX_DURATION:
        raise LoadTestError(f"--duration must be 1-{MAX_DURATION:.0f} seconds")
    if not pids:
        raise LoadTestError("no replica process ids: start the stack with `python -m sangkien serve`, or pass --pids")
    replica_urls = replica_urls or []
    for url in replica_urls:
        check_loopback(url)
    if import_spec and len(import_spec["replica_urls"]) != len(pids):
        raise LoadTestError("--import needs the replicas' URLs in the order of their process ids")
    if client not in CLIENTS:
        raise LoadTestError(f"--client must be one of {', '.join(CLIENTS)}")
    return asyncio.run(_run(base.rstrip("/"), sessions, duration, pids, replica_urls, import_spec, client))


def compare(
    counts: list[int],
    sessions: int,
    duration: float,
    db_path: Path | None,
    with_import: bool,
    log,
    import_file: Path | None = None,
    client: str = "browser",
) -> list[dict]:
    """The same load against fresh stacks of each size, one after the other, on one database.

    With an import, the stacks serve a copy of the database's current version, so the test
    rows never reach the database people read."""
    import shutil

    from sangkien.ops import serve
    from sangkien.storage import db, publish

    if with_import:
        source = publish.current_file(Path(db_path) if db_path else db.db_path())
        db_path = Path(tempfile.mkdtemp(prefix="sangkien-loadtest-db-")) / "loadtest.duckdb"
        shutil.copyfile(source, db_path)
        log(f"importing into a copy of {source.name}: {db_path}")
    results = []
    for n in counts:
        with serve.Stack(replicas=n, db_path=db_path, log=log) as stack:
            # the load starts once every replica has built every page (as it does after a start)
            if not stack.wait_warm():
                log("the replicas did not report a warm-up; measuring anyway")
            log(f"{n} replica(s) at {stack.url}: {sessions} sessions for {duration:.0f} s")
            spec = None
            if with_import:
                folder = Path(tempfile.mkdtemp(prefix="sangkien-loadtest-"))
                spec = {"db": stack.db_path, "file": import_file or fresh_import_file(folder), "replica_urls": stack.replica_urls}
            results.append(run(stack.url, sessions, duration, stack.replica_pids, stack.replica_urls, spec, client))
            log(summary(results[-1]))
    return results


def summary(r: dict) -> str:
    replicas = ", ".join(
        f"pid {x['pid']}: {x['cpu_s']} CPU-s"
        + (f" for {x['page_views']} views = {x['cpu_s_per_view']} per view" if x.get("page_views") else "")
        + f", {x['rss_mib']} MiB"
        for x in r["per_replica"]
    )
    text = (
        f"{r['replicas']} replica(s), {r['sessions']} {r.get('client', 'browser')} sessions, {r['duration_s']} s: {r['page_views']} page views "
        f"({r['views_per_s']}/s), settled p50 {r['p50_s']} s, p95 {r['p95_s']} s, errors {r['errors']}; "
        f"server CPU {r['server_cpu_s']} s = {r['cpu_s_per_view']} CPU-s per page view; {replicas}"
    )
    if r.get("import"):
        i = r["import"]
        text += (
            f"; import {i.get('import_seconds', 0):.1f} s, figure {i.get('figure_before')} → {i.get('figure_after')}, "
            f"read by each replica after {list((i.get('read_after_s') or {}).values())} s, "
            f"shown after {list((i.get('shown_after_s') or {}).values())} s: {list((i.get('shown') or {}).values())}"
        )
    return text


def markdown(results: list[dict]) -> str:
    rows = [
        "| replicas | sessions | seconds | page views | views/s | p50 settled | p95 settled | errors | server CPU-s per view "
        "| CPU-s per replica | RSS per replica (MiB) | import: new version read by each replica after | new figure shown after | load average |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        imported = r.get("import") or {}
        read = " / ".join(f"{v} s" for v in (imported.get("read_after_s") or {}).values()) or "–"
        shown = " / ".join(f"{v} s" for v in (imported.get("shown_after_s") or {}).values()) or "–"
        per_replica = " / ".join(
            f"{x['cpu_s']}" + (f" ({x['cpu_s_per_view']} per view)" if x.get("cpu_s_per_view") else "") for x in r["per_replica"]
        )
        rows.append(
            f"| {r['replicas']} | {r['sessions']} | {r['duration_s']} | {r['page_views']} | {r['views_per_s']} | {r['p50_s']} s | {r['p95_s']} s "
            f"| {r['errors']} | {r['cpu_s_per_view']} | {per_replica} "
            f"| {' / '.join(str(x['rss_mib']) for x in r['per_replica'])} | {read} | {shown} | {r['load_average'][0]} |"
        )
    return "\n".join(rows)


def _state_for(base: str) -> dict:
    """A running `serve` on this port writes serve.json in its run folder; find it by URL."""
    for state_file in Path(tempfile.gettempdir()).glob("sangkien-serve-*/serve.json"):
        try:
            state = json.loads(state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if state.get("url", "").rstrip("/") == base.rstrip("/").replace("localhost", "127.0.0.1"):
            return state
    return {}


def cli(args) -> int:
    say = lambda m: print(f"… {m}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        if args.compare:
            counts = [int(x) for x in args.compare.split(",") if x.strip()]
            results = compare(counts, args.sessions, args.duration, args.db, args.import_middle, say, args.import_file, args.client)
        else:
            if not args.base:
                raise LoadTestError("give --base URL of a running `serve`, or --compare 1,2")
            check_loopback(args.base)
            state = _state_for(args.base)
            pids = [int(x) for x in args.pids.split(",")] if args.pids else state.get("replica_pids", [])
            spec = None
            if args.import_middle:
                if not state:
                    raise LoadTestError(f"--import needs the state of the `serve` at {args.base} (its serve.json)")
                file = args.import_file or fresh_import_file(Path(tempfile.mkdtemp(prefix="sangkien-loadtest-")))
                spec = {"db": Path(args.db or state["db"]), "file": file, "replica_urls": state["replica_urls"]}
            results = [run(args.base, args.sessions, args.duration, pids, state.get("replica_urls"), spec, args.client)]
    except (LoadTestError, ValueError) as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return 2
    for r in results:
        print(summary(r))
    print()
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return 0 if all(r["errors"] == 0 for r in results) else 1
