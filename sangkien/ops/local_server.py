"""A Streamlit server on a loopback port, started for a measurement or a test and stopped after it:
the app through `python -m sangkien serve`, or any other script through `streamlit run`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from sangkien.core import paths
from sangkien.ops.procs import free_port

ROOT = paths.ROOT


@contextmanager
def streamlit_server(
    path: Path | None, script: Path = ROOT / "app.py", port: int | None = None, args: tuple[str, ...] = (), env: dict | None = None
):
    """A Streamlit server on a loopback port (free unless given) for `script` reading database
    `path`; `args` are further Streamlit options (e.g. "--secrets.files", PATH), `env` further
    environment variables (e.g. SANGKIEN_WARMUP)."""
    port = port or free_port()
    env = {**os.environ, **(env or {})}
    if path is not None:
        env["SANGKIEN_DB"] = str(path)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            # the app through `sangkien serve` (deep links open cleanly, sangkien/ops/serve.py); a bare script as is
            *(["sangkien", "serve"] if Path(script).resolve() == (ROOT / "app.py").resolve() else ["streamlit", "run", str(script)]),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
