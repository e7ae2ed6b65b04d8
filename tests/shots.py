"""Screenshots the browser tests take for people to look at (artifacts/), not checks: taken only
when SANGKIEN_SHOTS=1, since encoding full-page PNGs is a good part of a browser test's CPU."""

from __future__ import annotations

import os

WANTED = os.environ.get("SANGKIEN_SHOTS", "").strip() in ("1", "true", "yes")


def take(page, path: str, **options) -> None:
    """page.screenshot(path=..., **options) when SANGKIEN_SHOTS=1; nothing otherwise."""
    if WANTED:
        page.screenshot(path=path, **options)
