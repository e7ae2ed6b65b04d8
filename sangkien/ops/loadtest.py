"""Load test: N headless browser sessions click through the app; what the server pays per page view.

`python -m sangkien loadtest --base http://127.0.0.1:8080 --sessions 6 --duration 60` drives a
running `serve` stack; `--compare 1,2` starts the stack itself with 1, then 2 replicas and runs the
same load on each. A page view is one page of the app shown and settled: the first by opening
the URL, the next ones by the sidebar's navigation links (a multipage app switches pages over
the session's websocket), cycling through every page an anonymous visitor gets (the registry,
sangkien/web/site.py). Settled = the script run finished (`data-test-script-state`), every chart
drawn, no skeleton. Server CPU is read from /proc/<pid>/stat of each replica and its children
(user + system, the children's included) before and after the run; RSS from /proc/<pid>/status
(sangkien/ops/procs.py). Loopback only, bounded in sessions and time: it is a measuring tool, not
a way to load someone else's server.

The sessions are sangkien/ops/loadtest_sessions.py's, the import in the middle
sangkien/ops/loadtest_import.py's; this module checks the bounds, runs them and reports.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import shutil
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from sangkien.ops import health, loadtest_sessions, procs, serve
from sangkien.ops.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 - loadtest.CHROMIUM is read by tests
from sangkien.ops.loadtest_import import fresh_import_file, import_and_watch, watch_page
from sangkien.ops.loadtest_sessions import Tally, browser_session, protocol_session
from sangkien.storage import location, publish

MAX_SESSIONS = 32
CLIENTS = ("browser", "protocol")  # Chromium tabs, or sangkien.ops.wsclient sessions (no drawing)
MAX_DURATION = 600.0


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


def route_cookies(base: str, replica_urls: list[str], sessions: int) -> list[str | None]:
    """Route cookie values that send session i to replica i mod N, found by asking nginx.

    `serve`'s nginx names the replica that answered (X-Sangkien-Replica); without that header
    (another proxy) sessions keep nginx's random cookie.
    """
    wanted = [urllib.parse.urlsplit(u).netloc for u in replica_urls]
    found: dict[str, str] = {}
    for k in range(50 * max(1, len(wanted))):
        if len(found) == len(wanted):
            break
        value = f"loadtest{os.getpid()}x{k}"
        try:
            with health.get(f"{base}{health.HEALTH_PATH}", timeout=5, headers={"Cookie": f"sangkien_route={value}"}) as response:
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
        watchers = [await watch_page(browser, url, Tally()) for url in import_spec["replica_urls"]] if import_spec else []
        tree = procs.children_tree()
        cpu_before = {pid: procs.cpu_seconds(pid, tree) for pid in pids}
        started = time.monotonic()
        stop_at = started + duration
        ready = [asyncio.Event() for _ in range(sessions)]
        spread = all(routes)
        tasks = (
            [
                asyncio.create_task(protocol_session(base, i, stop_at, tally, routes[i], i % len(pids) if spread else None))
                for i in range(sessions)
            ]
            if client == "protocol"
            else [
                asyncio.create_task(
                    browser_session(
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
            tasks.append(asyncio.create_task(import_and_watch(watchers, import_spec, pids, at, tally, imported)))
        # Hard bound: a view in flight at the end may finish, nothing runs much past the duration.
        done, pending = await asyncio.wait(tasks, timeout=duration + loadtest_sessions.VIEW_TIMEOUT_MS / 1000 + 90)
        for task in pending:
            task.cancel()
            tally.errors.append("a session did not finish in time")
        for task in done:
            if task.exception() is not None:
                tally.errors.append(f"session failed: {type(task.exception()).__name__}: {task.exception()}")
        elapsed = time.monotonic() - started
        tree = procs.children_tree()
        cpu_after = {pid: procs.cpu_seconds(pid, tree) for pid in pids}
        rss = {pid: procs.rss_mib(pid, tree) for pid in pids}
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
    if with_import:
        source = publish.current_file(Path(db_path) if db_path else location.db_path())
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


def state_for(base: str) -> dict:
    """A running `serve` on this port writes serve.json in its run folder; find it by URL."""
    for state_file in Path(tempfile.gettempdir()).glob("sangkien-serve-*/serve.json"):
        try:
            state = json.loads(state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if state.get("url", "").rstrip("/") == base.rstrip("/").replace("localhost", "127.0.0.1"):
            return state
    return {}


def against_running(
    base: str,
    sessions: int,
    duration: float,
    pids: list[int] | None = None,
    db_path: Path | None = None,
    with_import: bool = False,
    import_file: Path | None = None,
    client: str = "browser",
) -> dict:
    """The load against a running `serve` at `base`: its replicas' process ids given, or read from
    its state (serve.json) with their URLs; with an import, into the database it serves."""
    check_loopback(base)
    state = state_for(base)
    pids = pids or state.get("replica_pids", [])
    spec = None
    if with_import:
        if not state:
            raise LoadTestError(f"--import needs the state of the `serve` at {base} (its serve.json)")
        file = import_file or fresh_import_file(Path(tempfile.mkdtemp(prefix="sangkien-loadtest-")))
        spec = {"db": Path(db_path or state["db"]), "file": file, "replica_urls": state["replica_urls"]}
    return run(base, sessions, duration, pids, state.get("replica_urls"), spec, client)
