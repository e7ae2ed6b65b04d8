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
import re
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
    can_sign_in: bool = False  # web only: sign-in is configured, so an anonymous visitor could sign in

    def can(self, role: str) -> bool:
        return self.role is not None and RANK[self.role] >= RANK[role]


# --- where the identity comes from -----------------------------------------------------------


ABSENT = object()  # an `email_verified` claim the provider did not send


def email_is_verified(claim, trust_absent: bool) -> bool:
    """Whether an `email_verified` claim vouches for the address: only the boolean True does
    ("true", 1 or "false" do not); a missing claim only when the deployment trusts its provider."""
    if claim is ABSENT or claim is None:
        return trust_absent
    return claim is True


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


# The web layer (sangkien/web/signin.py) registers how to read a Streamlit session's signed-in
# user; without it (the command line, a script, a thread) nobody is signed in on the web.
_web_caller = None


def register_web_caller(caller) -> None:
    """`caller(path) -> Identity | None`: the identity of the Streamlit session this code runs in,
    None outside one. Registered once by sangkien/web/signin.py when the web app loads."""
    global _web_caller
    _web_caller = caller


def current(path: Path | None = None, who: str | None = None) -> Identity:
    """Who is asking. In a Streamlit session, the signed-in user (any `who` given is ignored);
    inside as_command_line(), the command line; anyone else is nobody (fail closed)."""
    identity = _web_caller(path) if _web_caller is not None else None
    if identity is not None:
        return identity
    return cli_identity(who) if is_command_line() else NOBODY


def refusal(identity: Identity, role: str, action: str) -> Refused | None:
    """Why `identity` may not do `action` (a catalog key) that needs `role`, or None."""
    if identity.can(role):
        return None
    if identity.source == "none":
        return Refused("auth_err_no_caller", action=action)
    if identity.role is None:
        return Refused("auth_err_signin" if identity.can_sign_in else "auth_err_readonly", action=action)
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
