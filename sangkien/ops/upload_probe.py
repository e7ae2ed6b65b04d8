"""A visitor's upload, done by hand: the cookies a browser holds once the app is open, a session
opened as a tab opens it, and a PUT of a file of any size to Streamlit's upload endpoint. The
hostile files' benchmark (sangkien/ops/bench_hostile.py) and the upload gate's tests
(tests/test_deploy.py) send their uploads with these."""

from __future__ import annotations

import asyncio
import socket
import threading
import urllib.request
from urllib.parse import urlsplit

from sangkien.ops import wsclient
from sangkien.web import framework

ForwardMsg = framework.wire_messages().ForwardMsg


def browser_cookies(base: str) -> str:
    """The cookies a browser holds once the app is open: nginx's route cookie (the first page)
    and Streamlit's XSRF cookie (set with the health check the page polls first)."""
    cookies: dict[str, str] = {}
    for path in ("/", "/_stcore/health"):
        request = urllib.request.Request(f"{base}{path}", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";", 1)[0].split("=", 1)
                cookies[name] = value
    if not cookies.get("_streamlit_xsrf"):  # else every PUT is refused for its XSRF token, gate or not
        raise AssertionError(f"no XSRF cookie: {cookies}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def open_session(base: str, cookie: str) -> tuple[str, object, object]:
    """Open a session as a browser tab does; returns its id, the open websocket and its loop."""
    loop = asyncio.new_event_loop()

    async def start():
        ws = await wsclient.connect(base, cookie)
        await ws.send(wsclient.rerun_message(""))
        session = None
        async with asyncio.timeout(120):
            while True:  # to the end of the first page's run: the server's memory is settled then
                msg = ForwardMsg()
                msg.ParseFromString(await ws.recv())
                if msg.WhichOneof("type") == "new_session":
                    session = msg.new_session.initialize.session_id
                elif msg.WhichOneof("type") == "script_finished" and session and msg.script_finished in wsclient.SUCCESS:
                    return session, ws

    session, ws = loop.run_until_complete(start())
    return session, ws, loop


def put_upload(base: str, session: str, cookie: str, size: int, timeout: float = 120.0) -> int:
    """PUT a `size`-byte file to the upload endpoint as the session's page would (multipart, the
    XSRF header); the body goes out from a thread while the answer is read, since a server may
    answer before it has all of it. Returns the HTTP status."""
    xsrf = next((c.split("=", 1)[1] for c in cookie.split("; ") if c.startswith("_streamlit_xsrf=")), "")
    url = urlsplit(base)
    head = b'--B\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n'
    tail = b"\r\n--B--\r\n"
    request = (
        f"PUT /_stcore/upload_file/{session}/f1 HTTP/1.1\r\nHost: {url.netloc}\r\nCookie: {cookie}\r\nX-Xsrftoken: {xsrf}\r\n"
        f"Content-Type: multipart/form-data; boundary=B\r\nContent-Length: {len(head) + size + len(tail)}\r\n\r\n"
    ).encode()
    sock = socket.create_connection((url.hostname, url.port), timeout=timeout)

    def send_body() -> None:
        chunk = b"0" * 2**20
        try:
            sock.sendall(request + head)
            for start in range(0, size, len(chunk)):
                sock.sendall(chunk[: min(len(chunk), size - start)])
            sock.sendall(tail)
        except OSError:
            pass  # the server answered and closed before taking it all

    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    try:
        answer = b""
        while b"\r\n" not in answer:
            piece = sock.recv(4096)
            if not piece:
                break
            answer += piece
        while answer.startswith(b"HTTP/1.1 100"):  # Continue: the real answer follows
            answer = answer.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in answer else b""
            while b"\r\n" not in answer:
                answer += sock.recv(4096)
    finally:
        sender.join(timeout)
        sock.close()
    return int(answer.split(b" ", 2)[1])
