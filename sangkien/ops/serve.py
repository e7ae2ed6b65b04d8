"""Run the dashboard: one Streamlit server, or nginx in front of N of them on this machine.

`python -m sangkien serve [streamlit options]` is `streamlit run app.py` with one difference:
Streamlit 1.67 decides per process, when the first session starts, whether the app "uses the
pages directory" (`PagesManager.uses_pages_directory`, true when a `pages/` folder sits beside the
entry script). For that first session's first run it wraps app.py in its old multipage mode: it
lists the raw file names of `pages/` in the sidebar and, since `/chi-tieu` names no file there,
sends the English "Page not found" dialog before app.py's `st.navigation` takes over (and turns
the flag off for every later session). We keep the top-level `pages/` folder and set the flag to
false before the server starts, so every run goes straight to app.py's router.

`python -m sangkien serve --replicas 2 --port 8080` writes an nginx config into a fresh run
folder (its own pid, logs and temp paths, so it runs without root and without system folders),
includes the same deploy/nginx/*.conf files production uses, starts the replicas on free
loopback ports with one shared cookie secret, prints the address once every replica answers
/_stcore/health, and stops everything on Ctrl-C or SIGTERM. All replicas read the one published
database (sangkien/storage/publish.py): an import switches its pointer and each replica follows on its
next query.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sangkien.core import paths
from sangkien.ops import health, procs
from sangkien.storage import location, publish

ROOT = paths.ROOT
NGINX_DIR = ROOT / "deploy" / "nginx"
START_TIMEOUT = 90.0


class ServeError(RuntimeError):
    """The stack could not start; the message says which part and where its log is."""


def main(args: list[str]) -> int:
    """One server: `streamlit run app.py ARGS` with deep links that open cleanly (see above)."""
    from sangkien.ops import upload_gate, warmup
    from sangkien.web import framework, heap

    framework.route_by_navigation()  # app.py routes with st.navigation

    upload_gate.install()  # uploads from admin sessions only, refused before their body is read

    heap.freeze_at_start()  # long-lived objects out of the collection after every run
    warmup.start(args)  # every page built once before visitors ask (sangkien/ops/warmup.py)
    return framework.run_streamlit(["run", str(ROOT / "app.py"), *args])


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None)
    if not found:
        raise ServeError("nginx is not installed: apt-get install -y nginx")
    return found


def nginx_config(run_dir: Path, port: int, replica_ports: list[int], as_root: bool = False) -> str:
    """A complete nginx.conf for `nginx -p run_dir -c run_dir/nginx.conf`, in the foreground.

    The proxy behaviour comes from deploy/nginx/*.conf, the files production includes.
    """
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=2 fail_timeout=10s;" for p in replica_ports)
    # Run as root (CI), nginx would switch its workers to `nobody`: they need the temp folders.
    user = "user nobody nogroup;\n" if as_root else ""
    return f"""# Written by `python -m sangkien serve`; the proxy rules are deploy/nginx/*.conf.
{user}daemon off;
master_process on;
worker_processes 1;
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log {run_dir}/access.log;
    client_body_temp_path {run_dir}/tmp/body;
    proxy_temp_path {run_dir}/tmp/proxy;
    fastcgi_temp_path {run_dir}/tmp/fastcgi;
    uwsgi_temp_path {run_dir}/tmp/uwsgi;
    scgi_temp_path {run_dir}/tmp/scgi;
    default_type application/octet-stream;
    include {NGINX_DIR}/sangkien-http.conf;
    upstream sangkien {{
        hash $sangkien_route consistent;
{servers}
        keepalive 16;
        # Close idle upstream connections before the replica does (uvicorn: 5 s), or nginx may reuse one
        # the replica is closing and answer 502 (seen once in a load test: a /media request).
        keepalive_timeout 4s;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        # Pilot only (loopback): which replica answered, so the load test can spread its sessions.
        add_header X-Sangkien-Replica $upstream_addr always;
        include {NGINX_DIR}/sangkien-proxy.conf;
    }}
}}
"""


@dataclass
class Stack:
    """nginx and N replicas; use as a context manager (everything stops when the block ends)."""

    replicas: int = 2
    port: int = 0
    db_path: Path | None = None
    log: object = None
    run_dir: Path = field(init=False)
    replica_ports: list[int] = field(default_factory=list, init=False)
    processes: list[subprocess.Popen] = field(default_factory=list, init=False)
    nginx: subprocess.Popen | None = field(default=None, init=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.replica_ports]

    @property
    def replica_pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def _say(self, message: str) -> None:
        if self.log:
            self.log(message)

    def start(self) -> Stack:
        if self.replicas < 1:
            raise ServeError("--replicas must be at least 1")
        self.db_path = Path(self.db_path or location.db_path()).resolve()
        self.port = self.port or procs.free_port()
        nginx = nginx_binary()
        if not publish.current_file(self.db_path).exists():
            # Built once here, never by N replicas racing for the same file.
            from sangkien.ingest import demo

            self._say(f"building the demo database {self.db_path}")
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            demo.build(self.db_path)
        self.run_dir = Path(tempfile.mkdtemp(prefix="sangkien-serve-"))
        as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / "tmp" / sub).mkdir(parents=True)
            if as_root:
                shutil.chown(self.run_dir / "tmp" / sub, "nobody", "nogroup")
        if as_root:
            os.chmod(self.run_dir, 0o755)
            os.chmod(self.run_dir / "tmp", 0o755)
        env = {
            **os.environ,
            "SANGKIEN_DB": str(self.db_path),
            # One secret for all: sign-in and session cookies must verify on every replica.
            "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32),
        }
        try:
            for i in range(self.replicas):
                port = procs.free_port()
                out = open(self.run_dir / f"replica-{i + 1}.log", "wb")  # noqa: SIM115 - closed with the process
                self.processes.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "sangkien",
                            "serve",  # main() above: streamlit run app.py, deep links clean
                            "--server.headless",
                            "true",
                            "--server.address",
                            "127.0.0.1",
                            "--server.port",
                            str(port),
                            "--server.fileWatcherType",
                            "none",
                            "--browser.gatherUsageStats",
                            "false",
                        ],
                        cwd=ROOT,
                        env={**env, "SANGKIEN_WARMUP_REPORT": str(self.warmup_report(i))},
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                )
                out.close()
                self.replica_ports.append(port)
            conf = self.run_dir / "nginx.conf"
            conf.write_text(nginx_config(self.run_dir, self.port, self.replica_ports, as_root), encoding="utf-8")
            with open(self.run_dir / "nginx.out", "wb") as out:
                self.nginx = subprocess.Popen(
                    [nginx, "-p", str(self.run_dir), "-c", str(conf), "-e", str(self.run_dir / "error.log")],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        (self.run_dir / "serve.json").write_text(json.dumps(self.state(), indent=2), encoding="utf-8")
        return self

    def state(self) -> dict:
        return {
            "url": self.url,
            "db": str(self.db_path),
            "replica_urls": self.replica_urls,
            "replica_pids": self.replica_pids,
            "nginx_pid": self.nginx.pid if self.nginx else None,
            "run_dir": str(self.run_dir),
        }

    def warmup_report(self, index: int) -> Path:
        """Where replica `index` (from 0) says its caches are warm (sangkien/ops/warmup.py)."""
        return self.run_dir / f"warmup-{index + 1}.json"

    def wait_warm(self, timeout: float = 120.0) -> bool:
        """Wait until every replica has built every page once; False when one has not in `timeout`
        seconds (or warm-up is turned off). The load test starts its clock after it."""
        if os.environ.get("SANGKIEN_WARMUP", "1") == "0":
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(self.warmup_report(i).exists() for i in range(len(self.processes))):
                return True
            time.sleep(0.3)
        return False

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        waiting = dict(enumerate(self.replica_urls))
        while waiting or not health.healthy(self.url):
            for i, proc in enumerate(self.processes):
                if proc.poll() is not None:
                    raise ServeError(f"replica {i + 1} exited ({proc.returncode}); see {self.run_dir}/replica-{i + 1}.log")
            if self.nginx and self.nginx.poll() is not None:
                raise ServeError(f"nginx exited ({self.nginx.returncode}); see {self.run_dir}/error.log and nginx.out")
            if time.monotonic() > deadline:
                raise ServeError(f"not healthy after {START_TIMEOUT:.0f} s: {sorted(waiting.values()) or self.url}; logs in {self.run_dir}")
            for i, url in list(waiting.items()):
                if health.healthy(url):
                    del waiting[i]
            time.sleep(0.3)

    def check_alive(self) -> None:
        """Raise ServeError when a replica or nginx has exited."""
        for i, proc in enumerate(self.processes):
            if proc.poll() is not None:
                raise ServeError(f"replica {i + 1} exited ({proc.returncode}); see {self.run_dir}/replica-{i + 1}.log")
        if self.nginx is None or self.nginx.poll() is not None:
            raise ServeError(f"nginx exited; see {self.run_dir}/error.log")

    def stop(self) -> None:
        running = [p for p in [self.nginx, *self.processes] if p is not None]
        for proc in running:
            if proc.poll() is None:
                proc.terminate()
        for proc in running:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        self.processes, self.nginx = [], None

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        if (exc[0] is None or issubclass(exc[0], KeyboardInterrupt)) and getattr(self, "run_dir", None):
            shutil.rmtree(self.run_dir, ignore_errors=True)
