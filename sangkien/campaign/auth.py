"""Who is asking and what they may change: sign-in through Streamlit (`st.login` / `st.user`,
OIDC configured in `.streamlit/secrets.toml` [auth]), roles kept in the state database
(sangkien/storage/state.py), and `require()`, the check every write function makes itself.

The identity never comes from the session state or from a form: in the web app it is the
e-mail address Streamlit's server holds for the signed-in session, counted only when the
identity provider says the address is verified (the claim `email_verified` is the boolean
`true`; a provider that sends no such claim is trusted only with `trust_unverified_email = true`
in [auth]). The command line declares itself at its entry point (`as_command_line()`, entered by
sangkien/__main__.py): it is "CLI: <os user>" with the admin role, since whoever can run the
commands already holds the database files. Any other caller (a thread without a Streamlit
session, a script that did not declare itself) is nobody and changes nothing: sign-in fails
closed. Without [auth] nobody is signed in, so the web app is read-only for everyone.

Roles: viewer (reads), editor (meeting groups, emulation weights and grades), admin (imports,
registered targets, users, and everything an editor does). A signed-in address that is not in
the users table is a viewer.
"""

from __future__ import annotations

import contextlib
import contextvars
import getpass
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sangkien.core import safe
from sangkien.core.i18n import t, translate
from sangkien.storage import db, state
from sangkien.storage.state import ChangeError

ROLES = ("viewer", "editor", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}
REQUIRE_LOGIN_ENV = "SANGKIEN_REQUIRE_LOGIN"
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")
WHO_MAX = 120
# [auth] setting: trust the address of a provider that sends no `email_verified` claim at all
# (Microsoft Entra ID, some Keycloak realms). A claim that is present must be the boolean true.
TRUST_UNVERIFIED_SETTING = "trust_unverified_email"
# Set only by as_command_line(): a context variable, so a thread started elsewhere (which begins
# with an empty context) never inherits it.
_COMMAND_LINE: contextvars.ContextVar[bool] = contextvars.ContextVar("sangkien_command_line", default=False)


class Refused(ChangeError):
    """The caller's role does not allow this change."""

    def message(self, lang: str = "vi", surface: str = "md") -> str:
        values = dict(self.values)
        values["action"] = t(values.get("action", "auth_act_change"), lang)
        if "role" in values:
            values["role"] = t(f"auth_role_{values['role']}", lang)
        if "needed" in values:
            values["needed"] = t(f"auth_role_{values['needed']}", lang)
        return translate(surface, self.key, lang, **values)


@dataclass(frozen=True)
class Identity:
    who: str  # what change logs record: the e-mail address, or "CLI: <os user>"
    role: str | None  # None: not signed in
    source: str  # "web", "cli", or "none" (neither a Streamlit session nor the command line)

    def can(self, role: str) -> bool:
        return self.role is not None and RANK[self.role] >= RANK[role]


# --- where the identity comes from -----------------------------------------------------------


def in_streamlit() -> bool:
    """Whether this code runs inside a Streamlit session (the web app, or AppTest)."""
    if "streamlit" not in sys.modules:
        return False  # a session runs inside Streamlit, which is then loaded: no need to load it (1-2 s) to know
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:
        return False
    return get_script_run_ctx(suppress_warning=True) is not None


def login_configured() -> bool:
    """Whether `.streamlit/secrets.toml` has an [auth] section (sign-in is possible)."""
    import streamlit as st

    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: no sign-in
        return False


def require_login() -> bool:
    """Whether reading needs a signed-in user too (SANGKIEN_REQUIRE_LOGIN=1)."""
    return os.environ.get(REQUIRE_LOGIN_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def web_email() -> str | None:
    """The signed-in user's e-mail address as the server holds it (st.user), or None."""
    if not login_configured():
        return None
    import streamlit as st

    return verified_email(st.user)


_ABSENT = object()


def verified_email(user_info) -> str | None:
    """The signed-in address of a user as Streamlit holds it (st.user, or the same mapping a
    session keeps), lower-cased, when the provider vouches for it (email_is_verified); else None.
    The one rule for who is signed in: the pages' role and the upload gate read it."""
    if not user_info or user_info.get("is_logged_in") is not True:
        return None
    email = str(user_info.get("email") or "").strip().lower()
    if not email or not email_is_verified(user_info.get("email_verified", _ABSENT), trust_unverified()):
        return None
    return email


def email_is_verified(claim, trust_absent: bool) -> bool:
    """Whether an `email_verified` claim vouches for the address: only the boolean True does
    ("true", 1 or "false" do not); a missing claim only when the deployment trusts its provider."""
    if claim is _ABSENT or claim is None:
        return trust_absent
    return claim is True


def trust_unverified() -> bool:
    """`trust_unverified_email = true` in [auth] (the boolean; anything else is false)."""
    import streamlit as st

    try:
        return st.secrets["auth"].get(TRUST_UNVERIFIED_SETTING, False) is True
    except Exception:  # noqa: BLE001 - no secrets, no [auth]: nothing is trusted
        return False


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def cli_identity(who: str | None = None) -> Identity:
    """The command line's identity: `who` when a script names someone, else "CLI: <os user>"."""
    who = re.sub(r"\s+", " ", safe.plain(who or "")).strip()[:WHO_MAX]
    return Identity(who or f"CLI: {os_user()}", "admin", "cli")


def role_of(email: str, path: Path | None = None) -> str | None:
    """The role stored for an address, or None."""
    rows = db.database(path).run("auth/user_role", email=email.strip().lower())
    return str(rows["role"].iloc[0]) if len(rows) else None


@contextlib.contextmanager
def as_command_line():
    """Declare the caller the command line (the admin) for the block: only sangkien/__main__.py's
    commands (and scripts run by whoever holds the database files) enter it. Threads started
    inside the block are not the command line."""
    token = _COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _COMMAND_LINE.reset(token)


def is_command_line() -> bool:
    return _COMMAND_LINE.get()


NOBODY = Identity("", None, "none")


def current(path: Path | None = None, who: str | None = None) -> Identity:
    """Who is asking. In Streamlit, the signed-in user (any `who` given is ignored); inside
    as_command_line(), the command line; anyone else is nobody (fail closed)."""
    if not in_streamlit():
        return cli_identity(who) if is_command_line() else NOBODY
    email = web_email()
    if email is None:
        return Identity("", None, "web")
    return Identity(email, role_of(email, path) or "viewer", "web")


def refusal(identity: Identity, role: str, action: str) -> Refused | None:
    """Why `identity` may not do `action` (a catalog key) that needs `role`, or None."""
    if identity.can(role):
        return None
    if identity.source == "none":
        return Refused("auth_err_no_caller", action=action)
    if identity.role is None:
        return Refused("auth_err_signin" if login_configured() else "auth_err_readonly", action=action)
    return Refused("auth_err_role", action=action, role=identity.role, needed=role)


def require(role: str, action: str, who: str | None = None, path: Path | None = None) -> Identity:
    """The caller's identity if it holds `role`; otherwise raise Refused (a Vietnamese message).

    Every function that writes calls this first.
    """
    identity = current(path, who)
    problem = refusal(identity, role, action)
    if problem is not None:
        raise problem
    return identity


# --- users and roles --------------------------------------------------------------------------


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL_RE.match(email):
        raise ChangeError("auth_err_email", email=email[:80])
    return email


def list_users(path: Path | None = None) -> pd.DataFrame:
    """email, role, granted_by, granted_at (Vietnam time), admins first."""
    return db.database(path).run("auth/users")


def add_user(email: str, role: str = "viewer", who: str | None = None, path: Path | None = None) -> Identity:
    """Give an address a role (or change it); admins only. Returns who did it."""
    identity = require("admin", "auth_act_users", who, path)
    email = _clean_email(email)
    if role not in ROLES:
        raise ChangeError("auth_err_role_name", role=str(role)[:20], roles=", ".join(ROLES))
    with state.writing(path) as con:
        before = con.execute("select role from users where email = $email", {"email": email}).fetchone()
        if before is not None and before[0] == "admin" and role != "admin":
            _keep_an_admin(con, email, identity)
        now = state.utc_now()
        con.execute(
            "insert or replace into users values ($email, $role, $who, $now)",
            {"email": email, "role": role, "who": identity.who, "now": now},
        )
        con.execute(
            "insert into user_log values ($email, $action, $role, $who, $now)",
            {"email": email, "action": "add" if before is None else "change", "role": role, "who": identity.who, "now": now},
        )
    return identity


def remove_user(email: str, who: str | None = None, path: Path | None = None) -> Identity:
    """Take an address's role away (it reads as a viewer if it can still sign in); admins only."""
    identity = require("admin", "auth_act_users", who, path)
    email = (email or "").strip().lower()
    with state.writing(path) as con:
        before = con.execute("select role from users where email = $email", {"email": email}).fetchone()
        if before is None:
            raise ChangeError("auth_err_no_user", email=email[:80])
        if before[0] == "admin":
            _keep_an_admin(con, email, identity)
        con.execute("delete from users where email = $email", {"email": email})
        con.execute(
            "insert into user_log values ($email, 'remove', null, $who, $now)",
            {"email": email, "who": identity.who, "now": state.utc_now()},
        )
    return identity


def _keep_an_admin(con, email: str, identity: Identity) -> None:
    """From the web, the last admin cannot be removed or demoted (nobody could manage users)."""
    others = con.execute("select count(*) from users where role = 'admin' and email <> $email", {"email": email}).fetchone()[0]
    if others == 0 and identity.source == "web":
        raise ChangeError("auth_err_last_admin")


# --- what the pages show ------------------------------------------------------------------------


def sidebar_account(lang: str = "vi") -> None:
    """Sign-in / sign-out in the sidebar, or the read-only note when sign-in is not configured."""
    import streamlit as st

    with st.sidebar:
        if not login_configured():
            st.caption(t("auth_readonly_sidebar", lang))
            return
        identity = current()
        if identity.role is None:
            st.button(t("auth_signin", lang), on_click=st.login, icon=":material/login:", key="auth_signin")
            return
        st.text(identity.who)  # the address as text, never markdown
        st.caption(t("auth_signed_in", lang, role=t(f"auth_role_{identity.role}", lang)))
        st.button(t("auth_signout", lang), on_click=st.logout, icon=":material/logout:", key="auth_signout")


def gate_reading(lang: str = "vi") -> bool:
    """False (and a sign-in page drawn) when reading needs sign-in and nobody is signed in."""
    import streamlit as st

    if not require_login() or web_email() is not None:
        return True
    st.title(t("auth_required_title", lang))
    if not login_configured():
        st.error(t("auth_required_unconfigured", lang), icon=":material/lock:")
        return False
    st.write(t("auth_required_body", lang))
    st.button(t("auth_signin", lang), on_click=st.login, icon=":material/login:", type="primary", key="auth_gate_signin")
    return False


def write_gate(role: str, action: str, lang: str = "vi", command: str = "python -m sangkien …") -> Identity | None:
    """Where a page would offer a change: the identity if it may, else None and a note saying why.

    Only a courtesy: the write functions check again themselves.
    """
    import streamlit as st

    identity = current()
    if identity.can(role):
        return identity
    if not login_configured():
        st.info(t("auth_notice_readonly", lang, command=command), icon=":material/lock:")
    elif identity.role is None:
        st.info(t("auth_notice_signin", lang, action=t(action, lang)), icon=":material/login:")
        st.button(t("auth_signin", lang), on_click=st.login, icon=":material/login:", key=f"auth_signin_{action}")
    else:
        roles = {"role": t(f"auth_role_{identity.role}", lang), "needed": t(f"auth_role_{role}", lang)}
        st.info(t("auth_notice_role", lang, action=t(action, lang), **roles), icon=":material/lock:")
    return None
