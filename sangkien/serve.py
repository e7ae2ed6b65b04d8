"""`python -m sangkien serve [streamlit options]`: run the dashboard so that a shared deep link
(`/chi-tieu?as_of=...`) opens cleanly even as the very first request to a fresh server.

Streamlit 1.67 decides per process, when the first session starts, whether the app "uses the
pages directory" (`PagesManager.uses_pages_directory`, true when a `pages/` folder sits beside the
entry script). For that first session's first run it wraps app.py in its old multipage mode: it
lists the raw file names of `pages/` in the sidebar and, since `/chi-tieu` names no file there,
sends the English "Page not found" dialog before app.py's `st.navigation` takes over (and turns
the flag off for every later session). We keep the top-level `pages/` folder and set the flag to
false before the server starts, so every run goes straight to app.py's router.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(args: list[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # app.py routes with st.navigation
    sys.argv = ["streamlit", "run", str(APP), *args]
    try:
        cli.main(prog_name="streamlit")
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
