"""Warm a server's caches: one session visits every page once, as a first visitor would.

A Streamlit process starts with nothing built: the first visitor of each page pays for the
queries, the Plotly figures, the formatted tables and the first import of every module they use
(0.3-0.5 s of server time a page, against 0.1 s once built; docs/performance.md). The results are
shared by every session of the process (sangkien/storage/db.py, sangkien/web/figcache.py, sangkien/web/tables.py) and
keyed by the data version, so after the server starts, and again whenever an import publishes a
new version, `python -m sangkien serve` has this module ask for every page over Streamlit's own
websocket protocol (sangkien/ops/wsclient.py) before visitors do. On a fresh checkout that first view
also starts the demo build, so it runs while the first visitor's browser is still loading.

Each replica warms its own process. Nothing here changes data: it only reads pages; with sign-in
configured it sees the sign-in page and warms nothing more. `SANGKIEN_WARMUP=0` turns it off;
`SANGKIEN_WARMUP_REPORT=PATH` has each warm-up write what it did there (a JSON object: the data
version, the pages, the seconds, the problems seen), for a readiness check or a test.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import threading
import time
from pathlib import Path

from sangkien.core import paths
from sangkien.ops import health
from sangkien.storage import location, publish
from sangkien.web import site

ROOT = paths.ROOT
LOG = logging.getLogger("sangkien.ops.warmup")
START_TIMEOUT_S = 90.0  # the server answering its health check
VIEW_TIMEOUT_S = 300.0  # a first view on a fresh checkout waits for the demo build
POLL_S = 10.0  # how often a new data version is looked for


def app_pages() -> list[tuple[str, str]]:
    """(page file, URL path) of every page an anonymous visitor gets, in navigation order (the
    registry, sangkien/web/site.py; "" is the overview's path). The warm-up visits these."""
    return [(page.file, page.url_path) for page in site.for_role(None)]


def page_paths() -> list[str]:
    """The URL path of every page an anonymous visitor gets (app_pages)."""
    return [path for _, path in app_pages()]


def server_address(args: list[str]) -> str:
    """http://host:port[/base] of the server `streamlit run` starts with these options."""

    def option(name: str, default: str) -> str:
        for i, arg in enumerate(args):
            if arg == f"--{name}" and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(f"--{name}="):
                return arg.split("=", 1)[1]
        return os.environ.get("STREAMLIT_" + re.sub(r"(?<!^)(?=[A-Z])", "_", name.replace(".", "_")).upper(), default)

    host = option("server.address", "127.0.0.1")
    host = "127.0.0.1" if host in ("", "0.0.0.0", "::", "localhost") else host
    base = option("server.baseUrlPath", "").strip("/")
    return f"http://{host}:{option('server.port', '8501')}" + (f"/{base}" if base else "")


async def visit(base: str, paths: list[str] | None = None, languages: tuple[str, ...] = ("vi",)) -> list[str]:
    """Ask for every page once per language on one session (the default view: the latest minute,
    the whole country); returns the problems seen (none when all is well)."""
    from sangkien.ops import wsclient

    problems: list[str] = []
    async with wsclient.connect(base) as ws:
        for lang in languages:
            for path in page_paths() if paths is None else paths:
                seen = await wsclient.view(ws, path, "" if lang == "vi" else f"lang={lang}", timeout=VIEW_TIMEOUT_S)
                problems += seen.problems
    return problems


def visit_now(base: str, paths: list[str] | None = None, languages: tuple[str, ...] = ("vi",)) -> list[str]:
    """visit() from synchronous code, even code already inside an event loop (Playwright's sync
    API runs one): on a thread of its own."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["problems"] = asyncio.run(visit(base, paths, languages))
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="sangkien-visit")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["problems"]


def _version() -> str:
    """The published file the server reads (it changes when an import publishes a version)."""
    path = location.db_path()
    try:
        return str(publish.current_file(path)) if (path.exists() or publish.pointer_path(path).exists()) else ""
    except Exception:  # noqa: BLE001 - unreadable now: looked at again at the next poll
        return ""


def _run(base: str, stop: threading.Event) -> None:
    if not health.wait_healthy(base, time.monotonic() + START_TIMEOUT_S):
        LOG.warning("warm-up: %s did not answer; caches are left cold", base)
        return
    warmed = None
    while not stop.is_set():
        version = _version()
        if version != warmed:
            started = time.monotonic()
            try:
                problems = asyncio.run(visit(base, languages=("vi", "en")))
            except Exception as exc:  # noqa: BLE001 - a failed warm-up only leaves caches cold
                LOG.warning("warm-up failed: %s", exc)
                _report(
                    {"version": _version(), "pages": [], "seconds": round(time.monotonic() - started, 2), "problems": [f"failed: {exc}"]}
                )
            else:
                seconds = time.monotonic() - started
                LOG.info("warm-up: every page built in %.1f s%s", seconds, f"; {problems}" if problems else "")
                _report({"version": _version(), "pages": page_paths(), "seconds": round(seconds, 2), "problems": problems})
            warmed = _version()  # a first view may have built the demo
        stop.wait(POLL_S)


def _report(done: dict) -> None:
    path = os.environ.get("SANGKIEN_WARMUP_REPORT")
    if path:
        Path(path).write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8")


def start(args: list[str]) -> threading.Event | None:
    """Warm the server `args` start (see the module's text) in a daemon thread; the returned event
    stops it. None when SANGKIEN_WARMUP=0."""
    if os.environ.get("SANGKIEN_WARMUP", "1") == "0":
        return None
    stop = threading.Event()
    threading.Thread(target=_run, args=(server_address(args), stop), name="sangkien-warmup", daemon=True).start()
    return stop
