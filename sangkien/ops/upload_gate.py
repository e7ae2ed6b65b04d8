"""Streamlit's upload endpoint, for administrators only.

Streamlit (1.67) accepts a PUT to `/_stcore/upload_file/<session>/<file>` from any live session,
whether or not its page shows a `file_uploader`, and keeps each file in the server's memory
(up to `server.maxUploadSize`, 200 MB, with no limit on the number of files) until the session
ends: three 100 MB PUTs by an anonymous visitor took a server from 267 to 569 MB. The only page
with an uploader is the import page, which only admins see and use (the importer checks the role
again itself).

`UploadGate` is an ASGI middleware placed before Streamlit's own: a PUT to the upload endpoint
from a session that is not signed in as an admin (a verified e-mail address, `email_verified`
the boolean true, with the admin role in the users table) is answered 403 from its headers
alone, before one byte of its body is read, so it costs the server nothing but the role lookup.
Anything it cannot decide (no such session, no [auth], a database error) is refused.

`install()` adds it to the app Streamlit builds; `python -m sangkien serve` calls it before the
server starts (a plain `streamlit run app.py` has no gate: use `python -m sangkien serve`, as
deploy/systemd/sangkien@.service does). It relies on Streamlit's internal
`starlette_app.create_streamlit_middleware`; tests/test_deploy.py checks the gate with real PUTs,
so an upgrade that moves it fails there.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from sangkien.web import framework

UPLOAD_PREFIX = "/_stcore/upload_file/"
# nginx asks here first (auth_request, deploy/nginx/sangkien-proxy.conf), with the upload's own
# URI in X-Original-URI, so that it refuses a non-admin's upload itself, before reading its body.
CHECK_PATH = "/_sangkien/upload-allowed"
_LOG = logging.getLogger("sangkien.ops.upload_gate")


def may_upload(user_info: Mapping | None, path: Path | None = None) -> bool:
    """Whether a session whose user is `user_info` (Streamlit's, as st.user shows it) may upload."""
    from sangkien.campaign import auth
    from sangkien.web import signin

    email = signin.verified_email(user_info)
    if email is None:
        return False
    try:
        return auth.role_of(email, path) == "admin"
    except Exception:  # noqa: BLE001 - fail closed: a database that cannot answer admits nobody
        _LOG.exception("upload refused: the role of a session could not be read")
        return False


class UploadGate:
    """ASGI middleware: a non-admin session's upload PUT is refused (403) before its body is read."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope.get("type") == "http" else ""
        if path == CHECK_PATH:  # nginx's question: may the upload in X-Original-URI go ahead?
            original = dict(scope.get("headers") or []).get(b"x-original-uri", b"").decode("latin-1")
            allowed = UPLOAD_PREFIX in original and await self._allowed(original)
            await self._answer(send, 204 if allowed else 403, close=False)
            return
        if scope.get("method") == "PUT" and UPLOAD_PREFIX in path and not await self._allowed(path):
            await self._answer(send, 403, close=True)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _allowed(path: str) -> bool:
        import anyio

        session_id = path.split(UPLOAD_PREFIX, 1)[1].split("/", 1)[0].split("?", 1)[0]
        return await anyio.to_thread.run_sync(lambda: may_upload(framework.session_user(session_id)))

    @staticmethod
    async def _answer(send, status: int, close: bool) -> None:
        body = b"" if status == 204 else b"Uploads are for administrators only.\n"
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        if close:  # the body was not read: the connection cannot carry another request
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install() -> None:
    """Put UploadGate in front of the middleware of the app Streamlit is about to build (through
    the framework's door: on a Streamlit it does not know, the server refuses to start rather
    than take uploads ungated)."""
    from starlette.middleware import Middleware

    framework.install_middleware(Middleware(UploadGate))
