"""Sign-in on the web: who the Streamlit session's user is (`st.user`, OIDC configured in
`.streamlit/secrets.toml` [auth]), and the widgets that offer sign-in and say why a change is not
offered. The roles and the check every write makes are sangkien/campaign/auth.py's; this module
tells auth who a session's user is (`auth.register_web_caller`, done when it is imported: the web
app imports it in app.py; a page that offers a change imports it for write_gate).

An address counts only when the identity provider says it is verified (the claim
`email_verified` is the boolean `true`; a provider that sends no such claim is trusted only with
`trust_unverified_email = true` in [auth]). Without [auth] nobody is signed in, so the web app is
read-only for everyone.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from sangkien.campaign import auth
from sangkien.core.i18n import t
from sangkien.web import framework


def in_session() -> bool:
    """Whether this code runs inside a Streamlit session (the web app, or AppTest)."""
    return framework.in_session()


def login_configured() -> bool:
    """Whether `.streamlit/secrets.toml` has an [auth] section (sign-in is possible)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: no sign-in
        return False


def require_login() -> bool:
    """Whether reading needs a signed-in user too (SANGKIEN_REQUIRE_LOGIN=1)."""
    return os.environ.get(auth.REQUIRE_LOGIN_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def web_email() -> str | None:
    """The signed-in user's e-mail address as the server holds it (st.user), or None."""
    if not login_configured():
        return None
    return verified_email(st.user)


def verified_email(user_info) -> str | None:
    """The signed-in address of a user as Streamlit holds it (st.user, or the same mapping a
    session keeps), lower-cased, when the provider vouches for it (email_is_verified); else None.
    The one rule for who is signed in: the pages' role and the upload gate read it."""
    if not user_info or user_info.get("is_logged_in") is not True:
        return None
    email = str(user_info.get("email") or "").strip().lower()
    if not email or not auth.email_is_verified(user_info.get("email_verified", auth.ABSENT), trust_unverified()):
        return None
    return email


def trust_unverified() -> bool:
    """`trust_unverified_email = true` in [auth] (the boolean; anything else is false)."""
    try:
        return st.secrets["auth"].get(auth.TRUST_UNVERIFIED_SETTING, False) is True
    except Exception:  # noqa: BLE001 - no secrets, no [auth]: nothing is trusted
        return False


# --- what the pages show ------------------------------------------------------------------------


def sidebar_account(lang: str = "vi") -> None:
    """Sign-in / sign-out in the sidebar, or the read-only note when sign-in is not configured."""
    with st.sidebar:
        if not login_configured():
            st.caption(t("auth_readonly_sidebar", lang))
            return
        identity = auth.current()
        if identity.role is None:
            st.button(t("auth_signin", lang), on_click=st.login, icon=":material/login:", key="auth_signin")
            return
        st.text(identity.who)  # the address as text, never markdown
        st.caption(t("auth_signed_in", lang, role=t(f"auth_role_{identity.role}", lang)))
        st.button(t("auth_signout", lang), on_click=st.logout, icon=":material/logout:", key="auth_signout")


def gate_reading(lang: str = "vi") -> bool:
    """False (and a sign-in page drawn) when reading needs sign-in and nobody is signed in."""
    if not require_login() or web_email() is not None:
        return True
    st.title(t("auth_required_title", lang))
    if not login_configured():
        st.error(t("auth_required_unconfigured", lang), icon=":material/lock:")
        return False
    st.write(t("auth_required_body", lang))
    st.button(t("auth_signin", lang), on_click=st.login, icon=":material/login:", type="primary", key="auth_gate_signin")
    return False


def write_gate(role: str, action: str, lang: str = "vi", command: str = "python -m sangkien …") -> auth.Identity | None:
    """Where a page would offer a change: the identity if it may, else None and a note saying why.

    Only a courtesy: the write functions check again themselves.
    """
    identity = auth.current()
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


def web_identity(path: Path | None = None) -> auth.Identity | None:
    """The identity of the Streamlit session this code runs in (None outside one): the signed-in,
    verified address with its stored role (a viewer when it has none), else an anonymous visitor."""
    if not in_session():
        return None
    email = web_email()
    if email is None:
        return auth.Identity("", None, "web", can_sign_in=login_configured())
    return auth.Identity(email, auth.role_of(email, path) or "viewer", "web")


auth.register_web_caller(lambda path: web_identity(path))
