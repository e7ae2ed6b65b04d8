"""A Streamlit server's health probe (`/_stcore/health` answers "ok"), the one the server's start,
the warm-up, the load test and the benchmarks ask."""

from __future__ import annotations

import time
import urllib.request

HEALTH_PATH = "/_stcore/health"


def get(url: str, timeout: float = 2.0, headers: dict | None = None):
    """An open answer to a GET of `url` (a loopback URL we built); use it as a context manager."""
    request = urllib.request.Request(url, headers=headers or {})
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - loopback URLs we built


def healthy(url: str) -> bool:
    """Whether the server at `url` answers its health check now."""
    try:
        with get(f"{url}{HEALTH_PATH}") as response:
            return response.read().decode("utf-8", "replace").strip() == "ok"
    except OSError:
        return False


def wait_healthy(url: str, deadline: float, pause: float = 0.5, proc=None) -> bool:
    """Wait until the server at `url` is healthy; False once `deadline` (time.monotonic) passed,
    or once `proc` (the server's process, when given) has exited."""
    while not healthy(url):
        if time.monotonic() >= deadline or (proc is not None and proc.poll() is not None):
            return False
        time.sleep(pause)
    return True
