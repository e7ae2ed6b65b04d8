"""Several replicas behind nginx: the generated config, the load test's counters, version cleanup
across processes, and the whole stack under load with an import in the middle."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from sangkien.ops import health, loadtest, loadtest_sessions, procs, serve, warmup
from sangkien.ops.loadtest_sessions import PAGES
from sangkien.ops.local_server import streamlit_server
from sangkien.ops.upload_probe import browser_cookies as _cookies
from sangkien.ops.upload_probe import open_session as _session_id
from sangkien.ops.upload_probe import put_upload as _put
from sangkien.storage import publish
from sangkien.web import framework
from tests.test_warmup import wait_for_report as wait_for_warmup

ROOT = Path(__file__).resolve().parent.parent


def _copy(source: Path, folder: Path) -> Path:
    target = folder / "demo.duckdb"
    shutil.copyfile(source, target)
    return target


def test_generated_nginx_config_is_valid(tmp_path):
    """`nginx -t` accepts what `serve` writes, including the production include files."""
    nginx = serve.nginx_binary()
    (tmp_path / "tmp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(serve.nginx_config(tmp_path, 18080, [18501, 18502]), encoding="utf-8")
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    text = conf.read_text(encoding="utf-8")
    assert "daemon off;" in text and f"pid {tmp_path}/nginx.pid;" in text
    assert "server 127.0.0.1:18501" in text and "server 127.0.0.1:18502" in text


SECURITY_HEADERS = {
    "content-security-policy": "frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def _request(url: str, headers: dict | None = None) -> tuple[int, dict]:
    """Status and lower-cased headers of a GET, error statuses included."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}


def assert_exposure_rules(url: str) -> None:
    """The headers of deploy/nginx on pages, the health check, static files and errors; metrics
    not public; the websocket refused to a page of another origin (another port on this host too)."""
    host = url.split("://", 1)[1]
    for path in ("/", "/_stcore/health", "/static/none.js", "/no-such-page"):
        _status, headers = _request(url + path)
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name, headers)
        assert headers.get("server") == "nginx", headers  # no version
    assert _request(url + "/_stcore/metrics")[0] == 403
    stream = url + "/_stcore/stream"
    assert _request(stream, {"Origin": "http://evil.example"})[0] == 403
    assert _request(stream, {"Origin": "http://127.0.0.1:1"})[0] == 403  # another port, same host
    assert _request(stream, {"Origin": f"http://{host}"})[0] != 403  # the dashboard's own pages
    assert _request(stream)[0] != 403  # no Origin: not a browser on another site


def test_nginx_sends_the_security_headers_and_hides_metrics(tmp_path):
    """deploy/nginx in front of a stand-in replica (a plain HTTP server answering 200 to all)."""
    import http.server
    import threading

    class Replica(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Replica)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    run_dir = tmp_path / "run"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "tmp" / sub).mkdir(parents=True)
        if as_root:
            shutil.chown(run_dir / "tmp" / sub, "nobody", "nogroup")
    port = procs.free_port()
    conf = run_dir / "nginx.conf"
    conf.write_text(serve.nginx_config(run_dir, port, [upstream.server_address[1]], as_root), encoding="utf-8")
    proc = subprocess.Popen([serve.nginx_binary(), "-p", str(run_dir), "-c", str(conf), "-e", str(run_dir / "error.log")])
    try:
        deadline = time.monotonic() + 20
        while not health.healthy(f"http://127.0.0.1:{port}") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert_exposure_rules(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(20)
        upstream.shutdown()


def test_production_site_is_valid_once_filled_in(tmp_path):
    """deploy/nginx/sangkien.conf with its FILL IN parts filled (a throwaway certificate, local
    paths and ports) passes `nginx -t` on Debian's nginx."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a throwaway certificate")
    nginx = serve.nginx_binary()
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=x",
        ],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx" / "sangkien.conf").read_text(encoding="utf-8")
    for old, new in [
        ("/etc/nginx/sangkien/", f"{ROOT}/deploy/nginx/"),
        ("/etc/ssl/certs/sangkien.example.vn.pem", str(cert)),
        ("/etc/ssl/private/sangkien.example.vn.key", str(key)),
        ("/var/log/nginx/", f"{tmp_path}/"),
        ("listen 80;", "listen 127.0.0.1:18980;"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", "listen 127.0.0.1:18943 ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/n.pid;\nevents {{}}\nhttp {{\n include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "e.log")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_proxy_rules_cover_websocket_stickiness_health_gzip_and_sign_in():
    rules = (ROOT / "deploy" / "nginx" / "sangkien-proxy.conf").read_text(encoding="utf-8")
    http = (ROOT / "deploy" / "nginx" / "sangkien-http.conf").read_text(encoding="utf-8")
    production = (ROOT / "deploy" / "nginx" / "sangkien.conf").read_text(encoding="utf-8")
    assert "location = /_stcore/stream" in rules and "$sangkien_connection_upgrade" in rules
    assert "location = /_stcore/health" in rules and "location = /oauth2callback" in rules
    assert "gzip on;" in rules
    assert "map $http_upgrade $sangkien_connection_upgrade" in http and "$cookie_sangkien_route" in http
    assert "hash $sangkien_route consistent;" in production and "listen 443 ssl" in production
    assert "ssl_certificate" in production
    # uploads: asked of the replica's gate before the body is read, rate-limited, bounded; the
    # replicas run the gate (`sangkien serve`, not a bare `streamlit run`)
    assert "auth_request /_sangkien/upload-allowed;" in rules and "limit_req zone=sangkien_upload" in rules
    assert "limit_req_zone" in http and "client_max_body_size 1m;" in rules
    unit = (ROOT / "deploy" / "systemd" / "sangkien@.service").read_text(encoding="utf-8")
    assert "-m sangkien serve" in unit and "streamlit run" not in unit.split("ExecStart=")[1].split("\n\n")[0]


@pytest.mark.parametrize("url", ["http://example.com", "http://10.1.2.3:8080", "https://8.8.8.8/"])
def test_load_test_refuses_other_machines(url):
    with pytest.raises(loadtest.LoadTestError, match="only runs against this machine"):
        loadtest.check_loopback(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost:8501/", "http://[::1]:8080"])
def test_load_test_accepts_loopback(url):
    loadtest.check_loopback(url)


def test_load_test_is_bounded():
    with pytest.raises(loadtest.LoadTestError, match="--sessions"):
        loadtest.run("http://127.0.0.1:9", loadtest.MAX_SESSIONS + 1, 10, [os.getpid()])
    with pytest.raises(loadtest.LoadTestError, match="--duration"):
        loadtest.run("http://127.0.0.1:9", 1, loadtest.MAX_DURATION + 1, [os.getpid()])


def test_cpu_seconds_count_the_process_and_its_children():
    """A parent that burns ~0.4 s itself and has a child burn ~0.8 s: both are counted, while the
    child runs (live descendant) and after it was waited for (the parent's cutime)."""
    script = textwrap.dedent(
        """
        import subprocess, sys, time
        def burn(s):
            end = time.process_time() + s
            while time.process_time() < end:
                pass
        burn(0.4)
        child = subprocess.Popen([sys.executable, "-c", "import time\\nend = time.process_time() + 0.8\\nwhile time.process_time() < end: pass\\ntime.sleep(30)"])
        print("started", flush=True)
        sys.stdin.readline()
        child.kill(); child.wait()
        print("waited", flush=True)
        sys.stdin.readline()
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 30
        while procs.cpu_seconds(proc.pid) < 1.1 and time.monotonic() < deadline:
            time.sleep(0.1)
        live = procs.cpu_seconds(proc.pid)
        assert live >= 1.1  # 0.4 own + 0.8 in the live child (minus clock-tick rounding)
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "waited"
        assert procs.cpu_seconds(proc.pid) >= live - 0.05  # the child's time moved to cutime
        assert procs.rss_mib(proc.pid) > 1
    finally:
        proc.kill()
        proc.wait()


def _base(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create table meta as select 'data_version' as key, '0' as value")
    return path


def _publish(path: Path, value: int) -> Path:
    with publish.new_version(path) as con:
        con.execute("create or replace table t as select $v as v", {"v": value})
        con.execute("update meta set value = $v where key = 'data_version'", {"v": str(value)})
    return publish.current_file(path)


def test_cleanup_grace_runs_from_when_a_version_stopped_being_current(tmp_path):
    """A version built long ago but current until a moment ago is kept for the whole grace
    period, even past the `keep` newest; once superseded longer ago than the grace, it goes."""
    path = _base(tmp_path / "s.duckdb")
    first = _publish(path, 1)
    month_ago = time.time() - 30 * 86400
    os.utime(first, (month_ago, month_ago))
    later = [_publish(path, v) for v in (2, 3)]
    publish.cleanup(path, keep=0, grace_seconds=600)
    assert first.exists() and all(p.exists() for p in later)  # superseded seconds ago
    for p in later:  # as if every switch had happened an hour ago
        os.utime(p, (time.time() - 3600, time.time() - 3600))
    publish.cleanup(path, keep=0, grace_seconds=600)
    assert not first.exists() and not later[0].exists() and later[1].exists()


def test_a_removed_version_stays_readable_by_a_replica_that_has_it_open(tmp_path):
    """Cleanup in one process, a replica reading in another: the replica's open version keeps
    answering after the file is removed (POSIX unlink), and its next query reads the new one."""
    path = _base(tmp_path / "s.duckdb")
    _publish(path, 1)
    reader = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from sangkien.storage import db, publish
        d = db.Database(Path({str(path)!r}))
        con = d._connection()
        print(con.execute("select v from d.t").fetchone()[0], flush=True)
        for line in sys.stdin:
            old = con.cursor().execute("select v from d.t").fetchone()[0]
            con = d._connection()
            print(old, con.execute("select v from d.t").fetchone()[0], flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", reader], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "1"
        opened = publish.current_file(path)
        for v in (2, 3, 4):
            _publish(path, v)
        publish.cleanup(path, keep=0, grace_seconds=0)
        assert not opened.exists()
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().split() == ["1", "4"]
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize(
    "client",
    [
        # the default run: protocol sessions (sangkien/ops/wsclient.py: the app's own websocket
        # messages, every page in turn) under the watchers' real Chromium tabs; the matrix: the
        # sessions as Chromium tabs too (a third of the run's browser CPU, for the same claims)
        "protocol",
        pytest.param("browser", marks=pytest.mark.matrix),
    ],
)
def test_serve_two_replicas_under_load_with_an_import_in_the_middle(small_demo, tmp_path, monkeypatch, client):
    """`serve` with 2 replicas, sessions on both through nginx, an import half-way: no error, both
    replicas read the new version within 5 s of the switch and a Chromium tab on each shows the new
    figure after a rerun; each replica warms every page at its start and again after the import."""
    if not Path(loadtest.CHROMIUM).exists():
        pytest.fail("Debian chromium is required: apt-get install -y chromium")
    # A view not settled in time counts as an error; on a machine shared with other test runs a
    # first page can take a minute to draw, which is the browser's CPU, not a session error.
    monkeypatch.setattr(loadtest_sessions, "VIEW_TIMEOUT_MS", 150_000)
    path = _copy(small_demo, tmp_path)
    import_file = loadtest.fresh_import_file(tmp_path)
    with serve.Stack(replicas=2, db_path=path) as stack:
        assert health.healthy(stack.url) and all(health.healthy(u) for u in stack.replica_urls)
        assert_exposure_rules(stack.url)
        # each replica warms every page at its start (sangkien/ops/warmup.py), without a problem
        assert stack.wait_warm(), "a replica did not report its warm-up"
        first = [json.loads(stack.warmup_report(i).read_text(encoding="utf-8")) for i in range(2)]
        for done in first:
            assert done["problems"] == [] and done["pages"] == warmup.page_paths(), done
            assert done["version"] == str(publish.current_file(path)), done
        spec = {"db": path, "file": import_file, "replica_urls": stack.replica_urls}
        result = loadtest.run(stack.url, 2, 6, stack.replica_pids, stack.replica_urls, spec, client=client)
        # the import published a new version: each replica warmed it again, and a visitor's
        # session through nginx asking for every page sees no problem either
        for i, done in enumerate(first):
            again = wait_for_warmup(stack.warmup_report(i), done["version"])
            assert again["problems"] == [] and again["version"] == str(publish.current_file(path)) != done["version"], again
        assert asyncio.run(warmup.visit(stack.url)) == []
    assert result["errors"] == 0, result["error_samples"]
    assert result["sessions_spread"]  # one session per replica, through nginx
    assert result["page_views"] >= 2
    assert all(x["cpu_s"] > 0 for x in result["per_replica"])
    # Each replica's own page views and CPU per view (sessions were routed to known replicas).
    assert all(x["page_views"] and x["cpu_s_per_view"] > 0 for x in result["per_replica"]), result["per_replica"]
    assert sum(x["page_views"] for x in result["per_replica"]) == result["page_views"]
    imported = result["import"]
    assert "import_error" not in imported, imported
    assert imported["figure_after"] != imported["figure_before"]
    assert all(s is not None and s <= 5 for s in imported["read_after_s"].values()), imported
    # Shown on both, without a restart or a reload (a rerun); how long the browser takes to draw
    # it depends on the client machine's CPU, so only the server's part is timed.
    assert set(imported["shown"].values()) == {imported["figure_after"]}, imported
    assert len(imported["shown_after_s"]) == 2, imported
    assert not list(Path(stack.run_dir).parent.glob(Path(stack.run_dir).name))  # run folder removed


def test_serve_command_prints_the_address_when_ready_and_stops_on_sigterm(small_demo, tmp_path):
    path = _copy(small_demo, tmp_path)
    port = procs.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sangkien", "serve", "--replicas", "1", "--port", str(port), "--db", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # printed only once the replica and nginx answer
        assert f"http://127.0.0.1:{port}" in line, line
        assert health.healthy(f"http://127.0.0.1:{port}")
        pids = [int(p) for p in line.split("pids ")[1].split(";")[0].split()]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        assert not health.healthy(f"http://127.0.0.1:{port}")
        for pid in pids:
            assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(") ")[1][:1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_protocol_sessions_through_nginx_reach_both_replicas(small_demo, tmp_path):
    """The load test's websocket client (no browser) through nginx: sessions routed to both replicas,
    every page of the app finished without an exception or an error box, CPU counted per replica."""
    path = _copy(small_demo, tmp_path)
    with serve.Stack(replicas=2, db_path=path) as stack:
        assert_exposure_rules(stack.url)
        result = loadtest.run(stack.url, 4, 10, stack.replica_pids, stack.replica_urls, client="protocol")
    assert result["client"] == "protocol"
    assert result["errors"] == 0, result["error_samples"]
    assert result["sessions_spread"]
    # sessions start on different pages and walk the list; 10 s is enough for a round on a quiet machine
    assert result["page_views"] >= len(PAGES)
    assert all(x["page_views"] and x["cpu_s_per_view"] > 0 for x in result["per_replica"]), result["per_replica"]
    with pytest.raises(loadtest.LoadTestError, match="--client"):
        loadtest.run(stack.url, 1, 1, [os.getpid()], client="telnet")


# --- uploads: bounded for every visitor (issue 22) ---


def _upload_refused(base: str, pid: int) -> None:
    """An anonymous session's 100 MB PUT: a 4xx, and the server grows by less than 10 MB."""
    cookie = _cookies(base)
    session, ws, loop = _session_id(base, cookie)
    try:
        time.sleep(1.0)
        before = procs.rss_mib(pid)
        status = _put(base, session, cookie, 100 * 2**20)
        time.sleep(1.0)
        grown = procs.rss_mib(pid) - before
        assert 400 <= status < 500, status
        assert grown < 10, f"the server grew by {grown:.0f} MB"
        assert _put(base, session, cookie, 10) == 403  # small or large: never kept for a non-admin session
    finally:
        loop.run_until_complete(ws.close())
        loop.close()


def test_an_anonymous_upload_is_refused_by_a_single_server_before_its_body_is_read(small_demo, tmp_path):
    path = _copy(small_demo, tmp_path)
    with streamlit_server(path, env={"SANGKIEN_WARMUP": "0"}) as (proc, base):  # `python -m sangkien serve`
        deadline = time.monotonic() + 90
        while not health.healthy(base):
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        _upload_refused(base, proc.pid)


def test_uploads_through_nginx_are_bounded_and_rate_limited(small_demo, tmp_path, monkeypatch):
    """Through deploy/'s nginx: the same refusal (nginx streams the body to the replica, which
    refuses it from its headers), a body above the upload limit refused by nginx itself, any
    other path refused above 1 MB, and more than a burst of upload requests answered 429."""
    monkeypatch.setenv("SANGKIEN_WARMUP", "0")
    path = _copy(small_demo, tmp_path)
    with serve.Stack(replicas=1, db_path=path) as stack:
        _upload_refused(stack.url, stack.replica_pids[0])
        cookie = _cookies(stack.url)
        assert _put(stack.url, "no-such-session", cookie, 202 * 2**20) == 413  # nginx: above client_max_body_size
        statuses = [_put(stack.url, "no-such-session", cookie, 10) for _ in range(30)]
        assert 429 in statuses and set(statuses) <= {403, 429}, statuses


def test_the_upload_gate_admits_only_a_verified_admin_session(tmp_path, monkeypatch):
    """The gate's decision, in front of a stand-in app: an admin's PUT goes through; a viewer's,
    an unverified or string-verified admin's, an anonymous or unknown session's is refused 403
    without the app seeing it; nginx's question gets 204 or 403 the same way."""
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from sangkien.campaign import auth
    from sangkien.ops import upload_gate

    roles = {"admin@example.vn": "admin", "viewer@example.vn": "viewer"}
    monkeypatch.setattr(auth, "role_of", lambda email, path=None: roles.get(email))
    sessions = {
        "s-admin": {"is_logged_in": True, "email": "Admin@example.vn", "email_verified": True},
        "s-viewer": {"is_logged_in": True, "email": "viewer@example.vn", "email_verified": True},
        "s-unverified": {"is_logged_in": True, "email": "admin@example.vn", "email_verified": "true"},
        "s-anonymous": {"is_logged_in": False},
    }
    monkeypatch.setattr(framework, "session_user", lambda session_id: sessions.get(session_id))
    reached = []

    async def upload(request):
        reached.append(request.path_params["session"])
        return Response(status_code=204)

    app = Starlette(routes=[Route("/_stcore/upload_file/{session}/{file}", upload, methods=["PUT"])])
    client = TestClient(upload_gate.UploadGate(app))
    statuses = {s: client.put(f"/_stcore/upload_file/{s}/f1", content=b"x" * 100).status_code for s in [*sessions, "s-none"]}
    assert statuses == {"s-admin": 204, "s-viewer": 403, "s-unverified": 403, "s-anonymous": 403, "s-none": 403}
    assert reached == ["s-admin"]
    asked = {
        s: client.get(upload_gate.CHECK_PATH, headers={"X-Original-URI": f"/_stcore/upload_file/{s}/f1"}).status_code for s in sessions
    }
    assert asked == {"s-admin": 204, "s-viewer": 403, "s-unverified": 403, "s-anonymous": 403}
    assert client.get(upload_gate.CHECK_PATH).status_code == 403  # no upload named: refused
    # a database that cannot answer admits nobody
    monkeypatch.setattr(auth, "role_of", lambda email, path=None: 1 / 0)
    assert client.put("/_stcore/upload_file/s-admin/f1", content=b"x").status_code == 403
