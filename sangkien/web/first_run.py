"""The database's first run: open the configured database, or build the demo (once per process,
in a thread, with a progress bar every waiting session watches) when none was configured; an
error page that says what to do when it cannot be opened."""

from __future__ import annotations

import threading
from time import monotonic, sleep

import streamlit as st

from sangkien.core import fmt, safe
from sangkien.core.i18n import CATALOG, LANGS, t
from sangkien.storage import db, location

_builds: dict[str, dict] = {}
_builds_lock = threading.Lock()


def _demo_build(path) -> dict:
    """The demo build of `path` in this process: started once, in a thread; every session that
    opens the app meanwhile watches the same build."""
    from sangkien.ingest import demo

    with _builds_lock:
        state = _builds.get(str(path))
        if state is None or state["error"] is not None:
            state = {"stage": "knots", "started": monotonic(), "done": False, "error": None}
            _builds[str(path)] = state

            def work() -> None:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    demo.build(path, progress=lambda stage: state.update(stage=stage))
                except Exception as exc:  # noqa: BLE001 - shown by the session that waits
                    state["error"] = exc
                finally:
                    state["done"] = True

            threading.Thread(target=work, name="demo-build", daemon=True).start()
    return state


def first_run_text(stage: str, elapsed_s: float, lang: str = "vi") -> tuple[float, str]:
    """(share done, line) for the first run's progress bar: the stage, the share of the build
    done (from the measured share of each stage) and the time left estimated from the pace so far."""
    from sangkien.ingest import demo

    done = demo.STAGE_DONE.get(stage, 0.0)
    step = list(demo.STAGE_DONE).index(stage) + 1 if stage in demo.STAGE_DONE else 1
    values = dict(
        stage=t(f"first_run_stage_{stage}", lang) if f"first_run_stage_{stage}" in CATALOG else stage,
        step=step,
        steps=len(demo.STAGE_DONE),
        pct=fmt.percent(done, lang, 0),
        elapsed=fmt.number(elapsed_s, lang),
    )
    if done < 0.1 or elapsed_s < 3:
        return done, t("first_run_progress_estimating", lang, **values)
    left = max(1.0, elapsed_s * (1 - done) / done)
    return done, t("first_run_progress", lang, left=fmt.number(left, lang), **values)


def ensure_database() -> bool:
    """Open the configured database; False after an error page.

    The demo is built only when no database was configured (SANGKIEN_DB unset or the default
    data/sangkien.duckdb): a configured path that is missing or unreadable is an error page that
    says what to do, never a silent demo. Visitors see the file's name only, never a path.
    The first run shows the demo build's stage, its share done and an estimate of the time left.
    """
    import logging

    from sangkien.storage import publish

    path = location.db_path()
    configured = location.is_configured()
    exists = path.exists() or publish.pointer_path(path).exists()
    try:
        if not exists and configured:
            _database_error(t("db_error_missing", name=safe.md(path.name)))
            return False
        if not exists:
            lang = st.query_params.get("lang", "vi")
            lang = lang if lang in LANGS else "vi"
            state = _demo_build(path)
            bar = st.progress(0.0, text=t("first_run_progress_estimating", lang, stage="", step=1, steps=1, pct="0%", elapsed="0"))
            while not state["done"]:
                share, text = first_run_text(state["stage"], monotonic() - state["started"], lang)
                bar.progress(share, text=text)
                sleep(0.5)
            bar.empty()
            if state["error"] is not None:
                raise state["error"]
        db.database().check()
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
        logging.getLogger("sangkien").exception("database %s cannot be opened", path)
        _database_error(t("db_error_unusable", name=safe.md(path.name), error=safe.md(type(exc).__name__)))
        return False
    return True


def _database_error(message: str) -> None:
    st.title(t("db_error_title"))
    st.error(message, icon=":material/database:")
