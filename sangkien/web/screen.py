"""The browser window's size, for a view laid out for one screen (the meeting page's slides).

Streamlit tells the server nothing of the window: a small component (st.components.v2, our own
constant script, no user text) reports `window.innerWidth × innerHeight` on mount and after a
resize, and the run that follows knows it. The first run of a session draws at the design size.
"""

from __future__ import annotations

import streamlit as st

DESIGN = (1280, 720)  # the size slides are laid out for
MOST = 3.0  # a 4K screen draws three times larger, no more

_JS = """
export default function (component) {
  const { setStateValue } = component;
  let timer = null;
  const report = () => setStateValue("size", [window.innerWidth, window.innerHeight]);
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 250); };
  report();
  window.addEventListener("resize", later);
  return () => { clearTimeout(timer); window.removeEventListener("resize", later); };
}
"""

_component = None


def size(key: str = "screen") -> tuple[int, int] | None:
    """The window's (width, height) in CSS pixels as last reported, or None before the first
    report. Mounts the (invisible) reporter; a change of size reruns the page."""
    global _component
    if _component is None:
        _component = st.components.v2.component("sangkien_screen", js=_JS)
    st.html(f"<style>.st-key-{key} {{ display: none; }}</style>")
    with st.container(key=key):
        result = _component(key=f"{key}_size", on_size_change=lambda: None)
    reported = getattr(result, "size", None) if result is not None else None
    if not reported or len(reported) != 2:
        return None
    try:
        width, height = int(reported[0]), int(reported[1])
    except (TypeError, ValueError):
        return None
    return (width, height) if width > 0 and height > 0 else None


def scale(reported: tuple[int, int] | None, design: tuple[int, int] = DESIGN) -> float:
    """How much larger than `design` a view laid out for it can be drawn in the window: the
    smaller of the two ratios (the whole slide stays on screen), between 1 and MOST."""
    if not reported:
        return 1.0
    ratio = min(reported[0] / design[0], reported[1] / design[1])
    return round(min(MOST, max(1.0, ratio)), 3)
