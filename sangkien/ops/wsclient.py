"""A Streamlit session without a browser: the websocket protocol a browser tab speaks, for load tests.

A browser tab costs its machine far more than the server it talks to (headless Chromium drawing
Plotly on two cores), so a load made of browsers measures the browsers. This client does what the
tab does on the wire and nothing else: it opens `/_stcore/stream`, asks for a page with a
`rerun_script` BackMsg (the page's URL path and query string, as the tab sends on a page switch)
and reads the ForwardMsgs until `script_finished`. The server runs the same script, the same
queries and builds the same elements as for a tab; what the client skips is the drawing and the
static files (Streamlit's bundle, fonts), which a real browser caches after its first visit.

It is the "Streamlit websocket user" issue 14 names beside Playwright sessions; `python -m sangkien
loadtest --client protocol` uses it, and the browser client stays the measure of what a visitor
feels.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from sangkien.web import framework

ForwardMsg, BackMsg, Alert = framework.wire_messages()  # Streamlit's websocket messages (the door says why)

SUCCESS = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class View:
    """One page view as the wire saw it."""

    seconds: float
    messages: int = 0
    elements: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)


def rerun_message(page: str, query_string: str = "") -> bytes:
    """The BackMsg a tab sends to show `page` (its URL path without the leading slash)."""
    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.query_string = query_string
    return msg.SerializeToString()


def problems_in(msg: ForwardMsg) -> list[str]:
    """What a visitor would see as a failure in this message: an exception or an error box."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return []
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        return [f"exception: {element.exception.type}: {element.exception.message[:200]}"]
    if kind == "alert" and element.alert.format == Alert.ERROR:
        return [f"error box: {element.alert.body[:200]}"]
    return []


async def view(ws, page: str, query_string: str = "", timeout: float = 60.0) -> View:
    """Ask for `page` on an open session and wait until its script has finished."""
    started = time.perf_counter()
    await ws.send(rerun_message(page, query_string))
    result = View(seconds=0.0)
    async with asyncio.timeout(timeout):
        while True:
            data = await ws.recv()
            result.messages += 1
            result.bytes += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                result.elements += 1
            elif kind == "page_not_found":
                result.problems.append(f"page not found: /{page}")
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a rerun we asked for replaced it; its own script_finished follows
                if msg.script_finished not in SUCCESS:
                    result.problems.append(f"script finished with status {msg.script_finished}")
                break
            result.problems.extend(problems_in(msg))
    result.seconds = time.perf_counter() - started
    return result


def connect(base: str, cookie: str | None = None):
    """An open websocket session to the app at `base` (http://host:port), through a proxy or not."""
    import websockets

    url = base.replace("https://", "wss://").replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else None
    return websockets.connect(
        url, subprotocols=["streamlit"], origin=base.rstrip("/"), additional_headers=headers, max_size=None, open_timeout=30
    )
