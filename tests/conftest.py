"""Shared fixtures: the tiny hand-counted database and the default demo database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from sangkien.ingest import demo
from sangkien.storage import db
from tests.fixtures import build_tiny
from tests.signin import open_page

# Compiled modules are written to __pycache__ (ignored by git) even where the environment says
# PYTHONDONTWRITEBYTECODE: otherwise every process of a run (each pytest-xdist worker, each
# Streamlit server and command a test starts) compiles the test modules (pytest's assertion
# rewriting) and the package again, about 4 s of CPU per worker before the first test.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
# The workers and the servers they start share two cores: DuckDB's reading connections run one
# thread each (sangkien/storage/db.py's READER_THREADS) instead of one per core.
os.environ.setdefault("SANGKIEN_READER_THREADS", "1")


# The read-only files every test of a worker shares (tiny_db, and shared_build's demos): `use_db`
# leaves their connections open from one test to the next, with their cached query results and
# memos (half of a page test's CPU is DuckDB answering queries another test already asked).
SHARED_READ_ONLY: set[Path] = set()


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    path = build_tiny(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")
    SHARED_READ_ONLY.add(path)
    return path


@pytest.fixture(scope="session")
def _tiny_users_folder(tmp_path_factory) -> Path:
    """The tiny database with three users (admin, editor, viewer @example.org), built once per
    worker: a folder (data, state, pointers) that `tiny_with_users` copies."""
    from sangkien.campaign import auth

    folder = tmp_path_factory.mktemp("tiny-users")
    path = build_tiny(folder / "tiny.duckdb")
    for role in ("admin", "editor", "viewer"):  # outside Streamlit: the command line's identity
        auth.add_user(f"{role}@example.org", role, path=path)
    db.close_all()
    return folder


@pytest.fixture
def tiny_with_users(tmp_path, use_db, _tiny_users_folder) -> Path:
    """A copy of the tiny database with its three users, which the app reads for this test (a test
    may write)."""
    import shutil

    for item in _tiny_users_folder.iterdir():  # version files are named in their pointers, relative
        if item.is_file():
            shutil.copyfile(item, tmp_path / item.name)
    path = tmp_path / "tiny.duckdb"
    use_db(path)
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The default-size demo, built once per test session (about 15 s).

    Developers may point SANGKIEN_TEST_DEMO_DB at an already built default demo to skip the build.
    """
    prebuilt = os.environ.get("SANGKIEN_TEST_DEMO_DB")
    if prebuilt and Path(prebuilt).exists():
        SHARED_READ_ONLY.add(Path(prebuilt))
        return Path(prebuilt)
    return shared_build(tmp_path_factory, "demo.duckdb", demo.build)


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory) -> Path:
    """A 20,000-row demo (the 82 real units, their aliases), built once per test run and shared by
    the import, store, demo and deploy tests; a test that writes copies it first."""
    return shared_build(tmp_path_factory, "small-demo.duckdb", lambda path: demo.build(path, rows=SMALL_DEMO_ROWS))


SMALL_DEMO_ROWS = 20_000


def shared_build(tmp_path_factory, name: str, build) -> Path:
    """A file built once per test run, whatever the number of pytest-xdist workers: the first
    worker to ask builds it under a lock in the run's shared temporary folder; the others wait and
    read it (read-only users only: a test that writes copies it first)."""
    import fcntl

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder every worker of this run shares
    path = root / "shared" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    done = path.with_name(path.name + ".done")
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                build(path)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    SHARED_READ_ONLY.add(path)
    return path


@pytest.fixture
def use_db(monkeypatch):
    """Point the app's data access at a given file for one test (the shared read-only files stay
    open, with their cached results: SHARED_READ_ONLY)."""

    def _use(path: Path) -> None:
        db.close_all(keep=tuple(SHARED_READ_ONLY))
        monkeypatch.setenv("SANGKIEN_DB", str(path))

    yield _use
    db.close_all(keep=tuple(SHARED_READ_ONLY))


@pytest.fixture
def demo_page(demo_db, use_db):
    """Opens a page of the app on the default demo: `demo_page("pages/x.py", as_of=...)`."""
    use_db(demo_db)
    return lambda page, **query: open_page(page, query)


@pytest.fixture(scope="session", autouse=True)
def _quicker_app_tests():
    """Every AppTest of a worker shares one scan of the installed packages for Streamlit
    components (0,4 s of CPU less per page test) and one compiled copy of each script, and waits
    for a run's end without a 1 ms busy loop (sangkien/web/framework.py says why)."""
    from sangkien.web import framework

    framework.quicker_app_tests()


@pytest.fixture(scope="session", autouse=True)
def _command_line():
    """The test process is the command line, as `python -m sangkien` declares itself at its entry
    point (auth.as_command_line): writes called from the test's own thread act as the admin.
    Threads a test starts, and AppTest sessions, are not the command line (tests/test_auth.py)."""
    from sangkien.campaign import auth

    with auth.as_command_line():
        yield


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.setenv("SANGKIEN_RAISE_ERRORS", "1")  # app.py shows visitors a message instead; tests want the exception
    if "SANGKIEN_DB" in os.environ:
        monkeypatch.delenv("SANGKIEN_DB")


# The fast set, `python -m pytest -q -m "not slow"` (README), is what a developer runs while
# working: about 25 s on the 2-core machine. "slow" marks, by rule, the tests that build or
# read the default demo, build several small demos, or start a server and a browser (below); and,
# as measured, every other test that took more than SLOW_CPU_S of CPU time (its process's and the
# commands' it ran)
# (tests/slow_tests.txt: their node ids, written by `python -m pytest -m "not slow" --record-slow`,
# which measures every test not slow by rule; a new test is fast until the list is recorded again).
# The full suite runs them all.
# "small": tests/test_demo.py's three 20,000-row demos (each spends most of its time on the dense
# cumulative rollup, whatever the row count).
SLOW_CPU_S = 0.2
SLOW_LIST = Path(__file__).with_name("slow_tests.txt")
MEASURED_SLOW = frozenset(
    line.strip() for line in SLOW_LIST.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
)
SLOW_FIXTURES = {"demo_db", "demo", "small_demo", "small", "app_server", "server"}
SLOW_FILES = {"test_browser.py", "test_browser_hostile.py", "test_signin_browser.py", "test_bench.py", "test_import_kill.py"}
SLOW_TESTS = {
    "test_incremental_equals_full_refresh_on_a_small_demo",
    "test_random_exports",
    "test_the_demo_command_publishes_a_version_when_imports_have",  # builds two demos through the CLI
    "test_first_run_builds_the_demo_and_shows_the_first_page",  # builds a demo inside app.py
}


# The exhaustive matrices (README's second command, `python -m pytest -m matrix`; .ci/run runs it
# after the first): variants of an end-to-end check whose behaviour the default run already checks
# once end to end (the other language, the second projector size, more seeds, every stage of a
# kill after a publication), and the benchmark in a browser. Tests may also carry
# @pytest.mark.matrix themselves (tests/test_one_verdict.py: every unit and every group).
MATRIX_TESTS = {
    "test_every_slide_fits_the_projector[size1]",
    "test_incremental_equals_full_refresh_on_a_small_demo[1-300-200-False]",
    "test_incremental_equals_full_refresh_on_a_small_demo[2-2000-0-False]",
    "test_a_killed_import_leaves_the_previous_version_readable[True-read]",
    "test_a_killed_import_leaves_the_previous_version_readable[True-copied]",
    "test_a_killed_import_leaves_the_previous_version_readable[True-applied]",
    "test_a_killed_import_leaves_the_previous_version_readable[True-written]",
    "test_bench_browser_smoke",
    "test_bench_smoke",  # the benchmark end to end (its figures are not tests); test_bench_keeps_the_prose stays
    "test_protocol_sessions_through_nginx_reach_both_replicas",  # two replicas behind nginx: the load test below
    # a visitor's, the viewer's and the editor's walks through the real app; the default run walks an
    # unverified claim and an admin, and checks the others' pages in tests/test_roles_pages.py
    "test_roles_through_a_real_sign_in[visitor-viewer-editor]",
}


# Files whose tests share one server or build for the whole module: each runs on one pytest-xdist worker
# (--dist loadgroup in pyproject.toml), the rest of the suite is spread test by test.
ONE_WORKER_FILES = {"test_browser_hostile.py", "test_signin_browser.py", "test_demo.py"}


# The files holding the run's longest tests (the sign-in walk, the load test, the browser walks),
# run first: pytest-xdist hands tests out in collection order, so a long test collected last would
# keep one worker busy after the other has run out of work. Whole files move (module fixtures stay
# set up once); the rest keep their order after them.
FIRST_FILES = [
    "test_signin_browser.py",
    "test_deploy.py",
    "test_browser.py",
    "test_browser_hostile.py",
    "test_links_browser.py",
    "test_fit_browser.py",
]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    first = {name: place for place, name in enumerate(FIRST_FILES)}
    items.sort(key=lambda item: first.get(item.path.name, len(first)))  # stable: each file's own order kept
    for item in items:
        if item.path.name in ONE_WORKER_FILES:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
        if SLOW_FIXTURES & set(item.fixturenames) or item.path.name in SLOW_FILES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        elif item.nodeid in MEASURED_SLOW and not config.getoption("--record-slow"):  # recording measures them again
            item.add_marker(pytest.mark.slow)
        if item.name in MATRIX_TESTS:
            item.add_marker(pytest.mark.matrix)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium for the browser tests (sangkien/ops/browser.py holds its flags), one
    per module: Playwright's sync API holds an event loop open while it runs, which a test calling
    asyncio.run (the load test, the websocket client) must not find."""
    from playwright.sync_api import sync_playwright

    from sangkien.ops.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(demo_db):
    """The app served by Streamlit on the default demo (read only), one per pytest-xdist worker for
    every module that asks (a module may define its own `server` on another database). Its warm-up
    is off: the tests open pages at minutes of their own, and tests/test_warmup.py checks warm-up."""
    from sangkien.ops.browser import CHROMIUM
    from sangkien.ops.local_server import streamlit_server

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is required for the browser tests: apt-get install -y chromium")
    with streamlit_server(demo_db, env={"SANGKIEN_WARMUP": "0"}) as (_proc, url):
        yield url


# --- recording the measured slow tests (--record-slow) ---------------------------------------


def pytest_addoption(parser):
    parser.addoption(
        "--record-slow",
        action="store_true",
        help=f"rewrite tests/slow_tests.txt: the tests not slow by rule that took over {SLOW_CPU_S} s of CPU",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield from _timed(item, "setup")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield from _timed(item, "call")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    yield from _timed(item, "teardown")


def _timed(item, phase: str):
    """The phase's CPU time of this process (DuckDB's threads included) and of the processes it
    started and waited for, carried to the report (and so to pytest-xdist's controller) as a
    user property; only when recording."""
    if not item.config.getoption("--record-slow"):
        yield
        return

    def cpu() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    start = cpu()
    yield
    item.user_properties.append((f"cpu_{phase}", cpu() - start))


_measured: dict[str, float] = {}


def pytest_runtest_logreport(report):
    # while recording, only the tests slow by rule carry the marker; the teardown's properties hold
    # every phase's time
    if report.when == "teardown" and "slow" not in report.keywords:
        _measured[report.nodeid] = sum(v for k, v in report.user_properties if k.startswith("cpu_"))


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if not config.getoption("--record-slow") or hasattr(config, "workerinput") or not _measured:
        return
    slow = sorted(nodeid for nodeid, cpu in _measured.items() if cpu > SLOW_CPU_S)
    header = (
        f"# Tests not slow by rule (tests/conftest.py) that took over {SLOW_CPU_S} s of CPU: marked slow,\n"
        '# left out of the fast set (-m "not slow"). Written by `python -m pytest -m "not slow" --record-slow`.\n'
    )
    SLOW_LIST.write_text(header + "".join(f"{nodeid}\n" for nodeid in slow), encoding="utf-8")
