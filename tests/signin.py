"""Signing an AppTest session in: an [auth] section and the user Streamlit's server would hold."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "sangkien",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def sign_in(at: AppTest, email: str | None) -> AppTest:
    """Configure sign-in for `at`; `email` None: configured but nobody signed in."""
    at.secrets["auth"] = dict(AUTH_SECRETS)
    if email is not None:
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    return at
