"""A server's long-lived objects, kept out of the full garbage collection after every run.

Streamlit runs a full collection after every script run (its `runner.postScriptGC` option, left
on: it frees what a run leaves in reference cycles), and a full collection scans every object the
collector tracks. A server holds about 180.000 that live as long as it does (the modules, classes
and functions of Streamlit, pandas, Plotly and the app), so that scan was about a third of the
server's CPU per page view: nine page views of the default demo, once their queries were cached,
cost the server 4,4 core-seconds, and 3,0 with those objects frozen (docs/performance.md).

`gc.freeze()` moves every object tracked now to a permanent generation that collections skip;
frozen objects are still freed by reference counting, and what a run makes is still scanned and
collected after it. `python -m sangkien serve` calls `freeze_at_start` before Streamlit starts,
and app.py calls `freeze_new_modules` at every run: when modules were imported since the last
freeze (what pages import on first use: Plotly's trace classes, pandas' Styler, the charts'
modules), it collects and freezes again, a few times in a server's life. What other sessions'
runs hold at that moment is frozen too: still freed by reference counting, only a reference cycle
among those objects would stay, and a few freezes bound that. Elsewhere (AppTest, the command
line) nothing is frozen: no collection runs after a script run there.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import sys
import threading

_lock = threading.Lock()
_modules_at_freeze = -1  # len(sys.modules) at the last freeze; -1 until freeze_at_start (off)


def _freeze() -> None:
    global _modules_at_freeze
    gc.collect()  # what is garbage now is freed, not frozen
    gc.freeze()
    _modules_at_freeze = len(sys.modules)


def freeze_at_start() -> None:
    """Import the app's web modules (and through them what every page imports), then freeze."""
    import sangkien.web

    for module in pkgutil.walk_packages(sangkien.web.__path__, "sangkien.web."):
        importlib.import_module(module.name)
    with _lock:
        _freeze()


def freeze_new_modules() -> None:
    """Freeze again when modules were imported since the last freeze (a server only)."""
    if _modules_at_freeze < 0 or len(sys.modules) == _modules_at_freeze:
        return
    with _lock:
        if len(sys.modules) != _modules_at_freeze:
            _freeze()
