"""The load test's import in the middle: the sample export with fresh ids imported half-way
through the load, and its arrival timed on every replica, on the server (the replica has the new
version file open) and on a page (it shows the new figure after a rerun)."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from sangkien.core import paths
from sangkien.ops import loadtest_sessions
from sangkien.ops.loadtest_sessions import INIT_JS, WATCH_JS, Tally, settle

ROOT = paths.ROOT
SAMPLE = ROOT / "data" / "samples" / "submissions_sample.csv"

RERUN_PRESSES = 5  # R presses before a watcher's rerun counts as not settled
RERUN_START_MS = 10_000  # how long one press may take to start a run


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


async def watch_page(browser, url: str, tally: Tally):
    """A page on one replica (its own port), settled on the overview, to rerun after the import."""
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = await context.new_page()
    await page.add_init_script(INIT_JS)
    started = time.perf_counter()
    await page.goto(f"{url}/", timeout=loadtest_sessions.VIEW_TIMEOUT_MS)
    await settle(page, tally, f"watch {url}", started)
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
    await settle(page, tally, f"watch {url} rerun", started, replica)
    return (await page.locator('[data-testid="stMetricValue"]').first.inner_text()).strip()


async def import_and_watch(watchers: list, spec: dict, pids: list[int], at: float, tally: Tally, result: dict) -> None:
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
