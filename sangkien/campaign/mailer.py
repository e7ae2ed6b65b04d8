"""Sending the reports by e-mail with the standard library (smtplib, email); no Streamlit.

Settings: `.streamlit/secrets.toml` [smtp] (host, port, user, password, from, security = none |
starttls | ssl), read with tomllib, each overridden by SANGKIEN_SMTP_HOST, _PORT, _USER,
_PASSWORD, _FROM, _SECURITY; the dashboard's address for links is SANGKIEN_BASE_URL; the largest
message's attachments SANGKIEN_MAIL_MAX_MB (default 10; a pack over it is sent with links
instead). A failure (server down, refused, timed out) is a MailError with one line saying what
happened, never a traceback; the caller records it and the next run tries again.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from sangkien.core import paths, safe

SECRETS = paths.ROOT / ".streamlit" / "secrets.toml"
SECRETS_ENV = "SANGKIEN_SECRETS"  # another secrets file (tests, a second deployment)
ENV = {
    "host": "SANGKIEN_SMTP_HOST",
    "port": "SANGKIEN_SMTP_PORT",
    "user": "SANGKIEN_SMTP_USER",
    "password": "SANGKIEN_SMTP_PASSWORD",
    "from": "SANGKIEN_SMTP_FROM",
    "security": "SANGKIEN_SMTP_SECURITY",
}
BASE_URL_ENV = "SANGKIEN_BASE_URL"
MAX_MB_ENV = "SANGKIEN_MAIL_MAX_MB"
MAX_MB = 10.0
SECURITIES = ("none", "starttls", "ssl")
TIMEOUT_SECONDS = 30


class MailError(RuntimeError):
    """Sending failed, or the settings are unusable; str() is one line saying why."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    user: str
    password: str
    sender: str
    security: str

    @property
    def domain(self) -> str:
        return self.sender.rpartition("@")[2] or "localhost"


def _file_settings() -> dict:
    path = Path(os.environ.get(SECRETS_ENV) or SECRETS)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MailError(f"cannot read {path.name}: {str(exc).splitlines()[0]}") from None
    section = data.get("smtp", {})
    return section if isinstance(section, dict) else {}


def settings() -> Settings:
    """The SMTP settings: the secrets file's [smtp], each key overridden by its environment
    variable; MailError saying which is missing or wrong."""
    raw = {key: str(value) for key, value in _file_settings().items() if key in ENV}
    raw.update({key: os.environ[name] for key, name in ENV.items() if os.environ.get(name)})
    host = raw.get("host", "").strip()
    if not host:
        raise MailError("no SMTP server: set [smtp] host in .streamlit/secrets.toml or SANGKIEN_SMTP_HOST")
    security = raw.get("security", "starttls").strip().lower()
    if security not in SECURITIES:
        raise MailError(f"[smtp] security must be one of {', '.join(SECURITIES)}, not {security[:20]!r}")
    default_port = {"none": 25, "starttls": 587, "ssl": 465}[security]
    try:
        port = int(raw.get("port") or default_port)
    except ValueError:
        raise MailError(f"[smtp] port must be a number, not {raw.get('port', '')[:20]!r}") from None
    sender = raw.get("from", "").strip() or raw.get("user", "").strip()
    if "@" not in sender:
        raise MailError("no sender address: set [smtp] from (or SANGKIEN_SMTP_FROM)")
    return Settings(host, port, raw.get("user", ""), raw.get("password", ""), sender, security)


def base_url() -> str:
    return (os.environ.get(BASE_URL_ENV) or "").strip()


def max_bytes() -> int:
    try:
        return int(float(os.environ.get(MAX_MB_ENV) or MAX_MB) * 2**20)
    except ValueError:
        return int(MAX_MB * 2**20)


def compose(
    sender: str,
    recipients: tuple[str, ...],
    subject: str,
    text: str,
    html: str,
    attachments: list[tuple[str, str, bytes]] = (),
    domain: str = "localhost",
) -> EmailMessage:
    """A multipart message: the plain-text part, its HTML alternative, then the attachments
    (name, MIME type, bytes). Headers in UTF-8 (the email package encodes them), a Message-ID."""
    message = EmailMessage()
    message["Subject"] = safe.plain(subject)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(idstring="sangkien", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    for name, mime, data in attachments:
        maintype, _, subtype = mime.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def send(message: EmailMessage, config: Settings) -> dict:
    """Send through the configured server; returns the refused recipients (empty when every one
    was accepted). MailError when nothing was sent."""
    try:
        if config.security == "ssl":
            server = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT_SECONDS)
        with server:
            server.ehlo(config.domain)
            if config.security == "starttls":
                server.starttls(context=ssl.create_default_context())
                server.ehlo(config.domain)
            if config.user:
                server.login(config.user, config.password)
            return server.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(f"every recipient refused: {', '.join(exc.recipients)}") from None
    except smtplib.SMTPResponseException as exc:
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        raise MailError(f"SMTP error {exc.smtp_code}: {safe.plain(detail)[:200]}") from None
    except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        raise MailError(f"cannot send through {config.host}:{config.port}: {safe.plain(str(exc) or type(exc).__name__)[:200]}") from None
