"""The one door to Streamlit's internals: every use of anything but the public `streamlit` API
(and `streamlit.testing.v1` in tests) is a function here, which says why no public API does it.

At import the installed `streamlit.__version__` is checked against PINNED (requirements.txt's pin;
tests/test_framework.py checks they agree). On the pinned version each function uses the
internal it names. On any other version none of them touches an internal: each degrades to the
public behaviour, or to less (never to a wider permission, never re-opening a limit):

- install_styler_display(): nothing replaced; st.dataframe renders every Styler itself (same text,
  slower);
- arrow_bytes(): pyarrow's own IPC stream of the frame;
- route_by_navigation(): nothing set (the first session may show the old multipage sidebar once);
- in_session(): False (not known to be a Streamlit session: the caller's own fail-closed rule);
- profiled_script_runs(): runs are not profiled;
- session_user(): None (no such session: an upload gate refuses);
- install_middleware(): raises Unsupported (a server that would take uploads ungated does not start);
- first_run_at(): the AppTest opens on the default page (the caller switches pages after a run);
- scan_components_once(): nothing cached (each AppTest scans the installed packages again).

wire_messages() is not gated: the protobuf messages are the installed server's own wire format,
so they are right for whichever version is installed (see there).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import streamlit

PINNED = "1.67.0"
VERSION = streamlit.__version__
SUPPORTED = VERSION == PINNED
# The attribute a Styler carries when its display text is ready (install_styler_display).
STYLER_DISPLAY = "sangkien_display"
_LOG = logging.getLogger("sangkien.web.framework")

if not SUPPORTED:
    _LOG.warning("Streamlit %s is not the pinned %s: its internals are left alone (sangkien/web/framework.py)", VERSION, PINNED)


class Unsupported(RuntimeError):
    """A use of an internal that has no safe public fallback, on a Streamlit other than PINNED."""


# --- tables: a Styler's display text, built once ---------------------------------------------


def install_styler_display() -> bool:
    """Let st.dataframe send the display text a Styler carries instead of rendering it.

    Why no public API: st.dataframe shows formatted numbers that still sort as numbers only
    through a pandas Styler, and renders it cell by cell on every run (pandas' _compute and
    _translate, then a copy of the frame as text); Streamlit offers no way to hand it that text
    ready. Streamlit 1.67's element calls `marshall_styler(proto, styler, default_uuid)`, imported
    into `streamlit.elements.arrow`: the replacement sends `getattr(styler, STYLER_DISPLAY)()`
    (Arrow bytes, see arrow_bytes) when the Styler carries it, and every other Styler, or any Styler
    while SUPPORTED is false, goes Streamlit's own way.

    True when installed (or already); False, nothing replaced, on another version or when the
    hook is gone: every table then renders through its Styler (the same text, slower)."""
    if not SUPPORTED:
        return False
    try:
        from streamlit.elements import arrow
    except ImportError:  # pragma: no cover - the pin has that module
        return False
    original = getattr(arrow, "marshall_styler", None)
    if original is None:
        return False
    if getattr(original, "sangkien_shortcut", False):
        return True

    def marshall_styler(proto, styler, default_uuid):
        display = getattr(styler, STYLER_DISPLAY, None)
        if display is None or not SUPPORTED:
            return original(proto, styler, default_uuid)
        # the uuid only scopes a Styler's CSS (none here): a stable one keeps the element unchanged
        proto.styler.uuid = str(default_uuid)
        proto.styler.display_values = display()
        return None

    marshall_styler.sangkien_shortcut = True
    arrow.marshall_styler = marshall_styler
    return True


def arrow_bytes(frame) -> bytes:
    """`frame` as the Arrow IPC bytes Streamlit sends for a table's display values.

    Why no public API: those bytes are what Streamlit itself would send
    (`dataframe_util.convert_pandas_df_to_arrow_bytes`), so that install_styler_display's text
    reads in the browser exactly as Streamlit's own rendering of the Styler. On another version:
    pyarrow's own stream of the frame (then nothing sends it: the Styler renders itself)."""
    if SUPPORTED:
        from streamlit import dataframe_util

        return dataframe_util.convert_pandas_df_to_arrow_bytes(frame)
    import pyarrow as pa

    table = pa.Table.from_pandas(frame)
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


# --- serving ----------------------------------------------------------------------------------


def route_by_navigation() -> bool:
    """Tell Streamlit, before the server starts, that app.py routes with st.navigation.

    Why no public API: Streamlit 1.67 decides per process, when the first session starts, whether
    the app "uses the pages directory" (`PagesManager.uses_pages_directory`, true when a `pages/`
    folder sits beside the entry script), and for that first run lists `pages/`'s raw file names
    and sends "Page not found" for a deep link before st.navigation takes over
    (sangkien/ops/serve.py). No option turns that off. True when set; False, nothing set, on
    another version (the first session of a process may then show that once)."""
    if not SUPPORTED:
        return False
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    return True


def run_streamlit(args: list[str]) -> int:
    """`streamlit ARGS` in this process (`run app.py ...`), its exit status.

    Why no public API: Streamlit documents only the `streamlit run` command; running its command
    line in this process (`streamlit.web.cli.main`) lets `serve` install the upload gate and start
    the warm-up first. Not gated by the version: it is the command itself, and it grants nothing
    (the gate is installed before it, and refuses to be skipped: install_middleware)."""
    import sys

    from streamlit.web import cli

    sys.argv = ["streamlit", *args]
    try:
        cli.main(prog_name="streamlit")
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def first_run_at(app_test, url_path: str) -> bool:
    """Have an AppTest's first run open the page served at `/url_path`, as a visitor's first
    request to that address does, instead of the default page followed by a switch. True when set.

    Why no public API: `AppTest.switch_page` before a first run matches pages by file name, not by
    the `url_path` st.navigation registers, and so runs the page's file without app.py; a session
    opened at an address carries the page's script hash, which st.Page computes from its url_path
    with `streamlit.util.calc_hash`, in AppTest's private `_page_hash`. Unsure (another version):
    False, and the caller opens the default page first."""
    if not SUPPORTED or not url_path:
        return False
    try:
        from streamlit.util import calc_hash
    except ImportError:  # pragma: no cover - the pin has it
        return False
    if not hasattr(app_test, "_page_hash"):  # pragma: no cover - the pin has it
        return False
    app_test._page_hash = calc_hash(url_path)
    return True


def scan_components_once() -> bool:
    """Have every AppTest of this process share one scan of the installed packages for Streamlit
    components (True when set). For tests: nothing is installed while they run.

    Why no public API: each new AppTest's first run builds a BidiComponentManager, which reads the
    metadata of every installed distribution (`streamlit.components.v2.manifest_scanner.
    scan_component_manifests`): about 0,4 s of CPU per AppTest, more than most pages' own run, and
    no option turns it off. Unsure (another version): False, each AppTest scans as before."""
    if not SUPPORTED:
        return False
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # pragma: no cover - the pin has it
        return False
    scan = getattr(manifest_scanner, "scan_component_manifests", None)
    if scan is None:  # pragma: no cover - the pin has it
        return False
    if not getattr(scan, "cache_info", None):
        manifest_scanner.scan_component_manifests = functools.cache(scan)
    return True


def quicker_app_tests(poll_seconds: float = 0.005) -> list[str]:
    """Make every AppTest of this process cheaper without changing what it runs: one scan of the
    installed packages for components (scan_components_once), one compiled copy of each script
    (recompiled when its file changes), and a wait for a run's end that looks every `poll_seconds`
    instead of every millisecond. Returns what was set (for the tests' own check); unsure (another
    version): nothing, and AppTest works as before.

    Why no public API: AppTest makes a new ScriptCache for every test (app_test.py and
    local_script_runner.py build one each), so each test parses, transforms ("magic") and compiles
    app.py and its page again, about 7 % of a page test's CPU; and it waits for a run's end in
    `local_script_runner.require_widgets_deltas` by sleeping 1 ms in a loop, whose wake-ups take
    the interpreter lock from the script it waits for (8 % of the CPU, measured with py-spy)."""
    done: list[str] = []
    if not SUPPORTED:
        return done
    if scan_components_once():
        done.append("components")
    try:
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache
        from streamlit.testing.v1 import app_test, local_script_runner
    except ImportError:  # pragma: no cover - the pin has them
        return done
    made = getattr(app_test, "ScriptCache", None)
    if getattr(made, "shared_by_sangkien", False):
        done.append("script cache")
    elif made is ScriptCache and getattr(local_script_runner, "ScriptCache", None) is ScriptCache:
        shared = _file_script_cache(ScriptCache)

        def one_cache() -> ScriptCache:
            return shared

        one_cache.shared_by_sangkien = True
        app_test.ScriptCache = local_script_runner.ScriptCache = one_cache
        done.append("script cache")
    wait = getattr(local_script_runner, "require_widgets_deltas", None)
    if getattr(wait, "coarser_by_sangkien", False):
        done.append("wait")
    elif wait is not None and getattr(wait, "__name__", "") == "require_widgets_deltas":

        def require_widgets_deltas(runner, timeout: float = 3) -> None:
            # Streamlit's own loop (a run's end, or a stop and an error after `timeout`), at a
            # coarser step
            start = time.time()
            while time.time() - start < timeout:
                time.sleep(poll_seconds)
                if runner.script_stopped():
                    return
            runner.request_stop()
            runner.join()
            raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")

        require_widgets_deltas.coarser_by_sangkien = True
        local_script_runner.require_widgets_deltas = require_widgets_deltas
        done.append("wait")
    return done


def _file_script_cache(base):
    """One ScriptCache for every AppTest of the process, keyed by each script's path as Streamlit's
    is, and forgetting a script whose file changed (a test may write one)."""

    class FileScriptCache(base):
        def __init__(self) -> None:
            super().__init__()
            self._stamps: dict[str, tuple[int, int]] = {}

        def get_bytecode(self, script_path: str):
            path = os.path.abspath(script_path)
            info = os.stat(path)
            stamp = (info.st_mtime_ns, info.st_size)
            with self._lock:
                if self._stamps.get(path) != stamp:
                    self._cache.pop(path, None)
                    self._stamps[path] = stamp
            return super().get_bytecode(script_path)

    return FileScriptCache()


def in_session() -> bool:
    """Whether this code runs inside a Streamlit script run (the web app, or AppTest).

    Why no public API: `st.runtime.exists()` says only that a server runs in this process, not
    that this thread is a session's script run; `get_script_run_ctx` (streamlit.runtime.scriptrunner)
    says so. Unsure (another version): False, "not known to be a session"; a caller
    that grants anything to a session must then grant nothing (sangkien/campaign/auth.py: nobody,
    unless the command line declared itself)."""
    if not SUPPORTED:
        return False
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # pragma: no cover - the pin has it
        return False
    return get_script_run_ctx(suppress_warning=True) is not None


@contextlib.contextmanager
def profiled_script_runs(profiler: Callable[[], Any | None]) -> Iterator[bool]:
    """While inside, every script run (in the thread Streamlit runs it in) is profiled by the
    cProfile.Profile that `profiler()` returns when the run starts (None: that run unprofiled).

    Why no public API: a script runs in a thread of Streamlit's own (AppTest's too), so a profiler
    enabled by the caller sees none of it, and Streamlit has no hook around a run;
    `ScriptRunner._run_script` is replaced for the duration and put back on exit. Yields True when
    runs are profiled; False on another version (nothing replaced: runs unprofiled)."""
    if not SUPPORTED:
        yield False
        return
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def profiled(self, *args, **kwargs):
        prof = profiler()
        if prof is None:
            return original(self, *args, **kwargs)
        prof.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            prof.disable()

    script_runner.ScriptRunner._run_script = profiled
    try:
        yield True
    finally:
        script_runner.ScriptRunner._run_script = original


# --- the upload gate (sangkien/ops/upload_gate.py) ----------------------------------------------


def session_user(session_id: str) -> dict | None:
    """The user (st.user's fields) of the live session `session_id` of this server, {} when it
    has none; None when there is no such session.

    Why no public API: st.user answers only inside a session's own script run; an upload arrives
    as an HTTP request outside any run, naming its session, and only the runtime's session
    manager knows that session's user. None on another version (and with no server running):
    "no such session", which an upload gate refuses."""
    if not session_id or not SUPPORTED:
        return None
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    info = Runtime.instance()._session_mgr.get_active_session_info(session_id)
    if info is None:
        return None
    return dict(getattr(info.session, "_user_info", None) or {})


def install_middleware(middleware) -> None:
    """Put `middleware` (a starlette.middleware.Middleware) first, before Streamlit's own, in
    the app the server is about to build; once (a second call with the same class does nothing).

    Why no public API: Streamlit builds its Starlette app itself and offers no way to add
    middleware; `starlette_app.create_streamlit_middleware` is the list it builds it from.
    On another version, or when that function is gone: raises Unsupported, so a server that must
    gate its uploads refuses to start rather than take them ungated."""
    if not SUPPORTED:
        raise Unsupported(f"Streamlit {VERSION} is not the pinned {PINNED}: the upload gate cannot be installed")
    from streamlit.web.server.starlette import starlette_app

    original = getattr(starlette_app, "create_streamlit_middleware", None)
    if original is None:
        raise Unsupported("Streamlit has no create_streamlit_middleware: the upload gate cannot be installed")
    installed = getattr(original, "sangkien_first", ())
    if middleware.cls in installed:
        return

    def with_first() -> list:
        return [middleware, *original()]

    with_first.sangkien_first = (*installed, middleware.cls)
    starlette_app.create_streamlit_middleware = with_first


# --- the websocket's messages (sangkien/ops/wsclient.py, the benchmark) -------------------------


class WireMessages(NamedTuple):
    ForwardMsg: type
    BackMsg: type
    Alert: type


def wire_messages() -> WireMessages:
    """The protobuf messages of Streamlit's websocket: ForwardMsg (server to tab), BackMsg (tab to
    server) and Alert (an st.error's format).

    Why no public API: a client that speaks to the server as a browser tab does (the load test,
    the benchmark's count of script runs) needs the wire format, which Streamlit publishes only as
    `streamlit.proto`. Not gated by the version: the messages come from the installed package, so
    they are the installed server's own format on any version (a change shows in
    tests/test_wsclient.py), and they read or build messages only, granting nothing."""
    from streamlit.proto.Alert_pb2 import Alert
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return WireMessages(ForwardMsg, BackMsg, Alert)
