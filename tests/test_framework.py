"""The one door to Streamlit's internals (sangkien/web/framework.py): per use, what it does on the
pinned Streamlit, and what it degrades to on any other version (the import-time check, re-run
with `streamlit.__version__` monkeypatched)."""

from __future__ import annotations

import asyncio
import cProfile
import importlib
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from sangkien.web import framework, tables

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def other_version(monkeypatch):
    """framework as imported under a Streamlit that is not the pin; the pinned import again after."""
    monkeypatch.setattr(streamlit, "__version__", "1.68.0")
    importlib.reload(framework)
    assert not framework.SUPPORTED
    yield framework
    monkeypatch.undo()
    importlib.reload(framework)
    assert framework.SUPPORTED


def test_the_pin_is_requirements_txt_and_installed():
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(), re.M))
    assert pins["streamlit"] == framework.PINNED
    assert framework.SUPPORTED and framework.VERSION == streamlit.__version__ == framework.PINNED


# --- a: a Styler's display text ------------------------------------------------------------------


def frame() -> pd.DataFrame:
    return pd.DataFrame({"unit": ["Hà Nội", "Huế"], "count": [18_549, 950]})


def marshalled(styler) -> bytes:
    """What st.dataframe's element sends for `styler` (through the hook when installed)."""
    from streamlit.elements import arrow
    from streamlit.proto.ArrowData_pb2 import ArrowData

    proto = ArrowData()
    arrow.marshall_styler(proto, styler, "uuid")
    return proto.styler.display_values


def test_a_styler_carrying_its_display_sends_it():
    assert tables.SHORTCUT and framework.install_styler_display()  # installed once, idempotent
    styler = frame().style.format({"count": "{:,}".format})
    own = marshalled(styler)  # no display carried: Streamlit renders it
    assert list(pa.ipc.open_stream(own).read_pandas()["count"]) == ["18,549", "950"]
    setattr(styler, framework.STYLER_DISPLAY, lambda: b"ready")
    assert marshalled(styler) == b"ready"


def test_arrow_bytes_are_streamlits_own():
    from streamlit import dataframe_util

    shown = frame().astype(str)
    assert framework.arrow_bytes(shown) == dataframe_util.convert_pandas_df_to_arrow_bytes(shown)
    assert pa.ipc.open_stream(framework.arrow_bytes(shown)).read_pandas().equals(shown)


def test_off_the_pin_every_styler_renders_itself(other_version, monkeypatch):
    from streamlit.elements import arrow
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler

    styler = frame().style.format({"count": "{:,}".format})
    setattr(styler, other_version.STYLER_DISPLAY, lambda: b"ready")
    own = marshalled(frame().style.format({"count": "{:,}".format}))
    assert marshalled(styler) == own  # the hook installed earlier steps aside
    monkeypatch.setattr(arrow, "marshall_styler", marshall_styler)
    assert other_version.install_styler_display() is False
    assert arrow.marshall_styler is marshall_styler  # nothing replaced
    shown = frame().astype(str)
    assert pa.ipc.open_stream(other_version.arrow_bytes(shown)).read_pandas().equals(shown)


# --- b: routing by st.navigation -------------------------------------------------------------------


def pages_manager_flag(tmp_path) -> bool:
    """Whether Streamlit treats an entry script with a pages/ folder beside it as a pages-directory app."""
    from streamlit.runtime.pages_manager import PagesManager

    (tmp_path / "pages").mkdir(exist_ok=True)
    (tmp_path / "app.py").write_text("")
    PagesManager(str(tmp_path / "app.py"))
    return PagesManager.uses_pages_directory


def test_route_by_navigation_keeps_a_pages_folder_out_of_routing(tmp_path, monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    assert pages_manager_flag(tmp_path) is True  # what a fresh server would decide
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    assert framework.route_by_navigation() is True
    assert pages_manager_flag(tmp_path) is False


def test_off_the_pin_routing_is_left_to_streamlit(other_version, tmp_path, monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    assert other_version.route_by_navigation() is False
    assert PagesManager.uses_pages_directory is None
    assert pages_manager_flag(tmp_path) is True


# --- c: inside a session -----------------------------------------------------------------------------


def session_script():
    import streamlit as st

    from sangkien.web import framework

    st.text(f"in_session={framework.in_session()}")


def in_session_of_a_script_run() -> str:
    at = AppTest.from_function(session_script, default_timeout=30).run()
    assert not at.exception
    return at.text[0].value


def test_in_session_inside_a_script_run_only():
    assert framework.in_session() is False  # this test's own thread runs no script
    assert in_session_of_a_script_run() == "in_session=True"


def test_off_the_pin_nothing_is_a_session(other_version):
    assert in_session_of_a_script_run() == "in_session=False"
    assert other_version.in_session() is False


# --- d: profiling script runs ------------------------------------------------------------------------


def profiled_script():
    import streamlit as st

    def sangkien_marker() -> int:
        return sum(range(1000))

    st.text(str(sangkien_marker()))


def profiled_names(door, profile) -> tuple[bool, set[str]]:
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script
    with door.profiled_script_runs(lambda: profile) as on:
        at = AppTest.from_function(profiled_script, default_timeout=30).run()
    assert not at.exception and at.text[0].value == "499500"
    assert script_runner.ScriptRunner._run_script is original  # put back on exit
    profile.create_stats()
    return on, {name for (_file, _line, name) in profile.stats}


def test_script_runs_are_profiled_in_their_own_thread():
    on, names = profiled_names(framework, cProfile.Profile())
    assert on is True and "sangkien_marker" in names


def test_off_the_pin_script_runs_are_not_profiled(other_version):
    on, names = profiled_names(other_version, cProfile.Profile())
    assert on is False and not names


# --- e: the upload gate's two internals --------------------------------------------------------------


def run_with_sessions(check) -> None:
    """Start a real Streamlit runtime in this process, connect a signed-in and an anonymous
    session, and call check(signed_in_id, anonymous_id); the runtime is stopped after."""
    from streamlit.runtime import Runtime, RuntimeConfig, SessionClient
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    class Client(SessionClient):
        def write_forward_msg(self, msg) -> None:
            pass

    async def main() -> None:
        assert not Runtime.exists()
        runtime = Runtime(
            RuntimeConfig(
                script_path=str(ROOT / "app.py"),
                media_file_storage=MemoryMediaFileStorage("/media"),
                uploaded_file_manager=MemoryUploadedFileManager("/_stcore/upload_file"),
            )
        )
        try:
            await runtime.start()
            signed_in = runtime.connect_session(Client(), user_info={"email": "a@b.vn", "email_verified": True})
            anonymous = runtime.connect_session(Client(), user_info={})
            check(signed_in, anonymous)
        finally:
            runtime.stop()
            await runtime.stopped
            Runtime._instance = None

    asyncio.run(main())


def test_session_user_reads_a_live_sessions_user():
    assert framework.session_user("any") is None  # no server in this process

    def check(signed_in: str, anonymous: str) -> None:
        assert framework.session_user(signed_in) == {"email": "a@b.vn", "email_verified": True}
        assert framework.session_user(anonymous) == {}
        assert framework.session_user("no-such-session") is None
        assert framework.session_user("") is None

    run_with_sessions(check)


def test_off_the_pin_no_session_has_a_user(other_version):
    def check(signed_in: str, anonymous: str) -> None:
        assert other_version.session_user(signed_in) is None  # "no such session": an upload gate refuses
        assert other_version.session_user(anonymous) is None

    run_with_sessions(check)


class Refuse:
    """ASGI middleware: every PUT answered 403."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope.get("method") == "PUT":
            await send({"type": "http.response.start", "status": 403, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


def test_install_middleware_puts_it_first_once(monkeypatch):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient
    from streamlit.web.server.starlette import starlette_app

    monkeypatch.setattr(starlette_app, "create_streamlit_middleware", starlette_app.create_streamlit_middleware)
    own = starlette_app.create_streamlit_middleware()
    framework.install_middleware(Middleware(Refuse))
    framework.install_middleware(Middleware(Refuse))  # a second install changes nothing
    stack = starlette_app.create_streamlit_middleware()
    assert [m.cls for m in stack] == [Refuse, *(m.cls for m in own)]
    app = Starlette(routes=[Route("/x", lambda _r: PlainTextResponse("ok"), methods=["GET", "PUT"])], middleware=stack)
    with TestClient(app) as client:
        assert client.get("/x").status_code == 200
        assert client.put("/x", content=b"body").status_code == 403


def test_off_the_pin_a_gate_cannot_be_installed(other_version, monkeypatch):
    from starlette.middleware import Middleware
    from streamlit.web.server.starlette import starlette_app

    original = starlette_app.create_streamlit_middleware
    monkeypatch.setattr(starlette_app, "create_streamlit_middleware", original)
    with pytest.raises(other_version.Unsupported):
        other_version.install_middleware(Middleware(Refuse))
    assert starlette_app.create_streamlit_middleware is original  # the server refuses to start


# --- f: the websocket's messages ---------------------------------------------------------------------


def wire_round_trip(door) -> None:
    wire = door.wire_messages()
    back = wire.BackMsg()
    back.rerun_script.page_name = "chi-tieu"
    assert wire.BackMsg.FromString(back.SerializeToString()).rerun_script.page_name == "chi-tieu"
    forward = wire.ForwardMsg()
    forward.delta.new_element.alert.format = wire.Alert.ERROR
    parsed = wire.ForwardMsg.FromString(forward.SerializeToString())
    assert parsed.WhichOneof("type") == "delta" and parsed.delta.new_element.alert.format == wire.Alert.ERROR


def test_wire_messages_round_trip():
    wire_round_trip(framework)


def test_off_the_pin_the_wire_messages_are_the_installed_ones(other_version):
    wire_round_trip(other_version)


def test_app_tests_share_one_component_scan(tiny_db, use_db):
    """conftest turned it on: a second AppTest reads no package metadata, and opens the page at its
    address in one run (first_run_at), showing that page, not the overview."""
    from streamlit.components.v2 import manifest_scanner

    assert framework.scan_components_once() and manifest_scanner.scan_component_manifests.cache_info()
    from streamlit.testing.v1 import AppTest

    from tests.signin import APP

    use_db(tiny_db)
    at = AppTest.from_file(APP, default_timeout=60)
    assert framework.first_run_at(at, "nhap-du-lieu")
    at.run()
    assert not at.exception and [t.value for t in at.title] == ["Nhập dữ liệu"]


def test_off_the_pin_app_tests_scan_and_open_as_before(other_version):
    from streamlit.testing.v1 import AppTest

    from tests.signin import APP

    assert not framework.scan_components_once()
    assert not framework.first_run_at(AppTest.from_file(APP), "nhap-du-lieu")


def test_app_tests_share_compiled_scripts_and_wait_without_a_busy_loop(tmp_path):
    """conftest turned them on: two AppTests of one script compile it once, a changed file is
    compiled again, and a run that never ends still stops with Streamlit's timeout error."""
    from streamlit.testing.v1 import AppTest, local_script_runner

    assert set(framework.quicker_app_tests()) == {"components", "script cache", "wait"}
    script = tmp_path / "page.py"
    script.write_text("import streamlit as st\nst.write('one')\n", encoding="utf-8")
    shared = local_script_runner.ScriptCache()
    assert shared is local_script_runner.ScriptCache(), "one cache for every AppTest"
    before = len(shared._cache)
    assert AppTest.from_file(str(script)).run().markdown[0].value == "one"
    assert AppTest.from_file(str(script)).run().markdown[0].value == "one"
    assert len(shared._cache) == before + 1
    script.write_text("import streamlit as st\nst.write('two, longer')\n", encoding="utf-8")
    assert AppTest.from_file(str(script)).run().markdown[0].value == "two, longer"
    slow = tmp_path / "slow.py"
    slow.write_text("import time\ntime.sleep(1)\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="timed out after 0.3"):
        AppTest.from_file(str(slow), default_timeout=0.3).run()


def test_off_the_pin_app_tests_are_left_as_they_are(other_version):
    assert other_version.quicker_app_tests() == []
