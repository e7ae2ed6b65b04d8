"""`python -m sangkien users add|list|remove`: who may change what (roles in the state database)."""

from __future__ import annotations

import sys

from sangkien.campaign import auth
from sangkien.cli import common
from sangkien.core import safe
from sangkien.core.i18n import t_term
from sangkien.storage.state import ChangeError


def add_parser(sub) -> None:
    p_users = sub.add_parser("users", help="who may change what: add EMAIL --role ROLE, list, remove EMAIL (see README)")
    users_sub = p_users.add_subparsers(dest="users_action", required=True)
    p_add = users_sub.add_parser("add", help="give an e-mail address a role, or change it")
    p_add.add_argument("email")
    p_add.add_argument("--role", required=True, choices=("viewer", "editor", "admin"))
    users_sub.add_parser("list", help="every address with a role, who granted it and when")
    p_remove = users_sub.add_parser("remove", help="take an address's role away")
    p_remove.add_argument("email")
    for p_user in users_sub.choices.values():
        common.add_db(p_user)
        common.add_lang(p_user)


def run(args) -> int:
    action, lang = args.users_action, args.lang
    email, role = getattr(args, "email", None), getattr(args, "role", None)
    common.use_db(args.db)
    path = args.db
    try:
        if action == "add":
            identity = auth.add_user(email or "", role or "viewer", path=path)
            safe.echo(t_term("auth_cli_added", lang, email=email.strip().lower(), role=role or "viewer", who=identity.who))
        elif action == "remove":
            identity = auth.remove_user(email or "", path=path)
            safe.echo(t_term("auth_cli_removed", lang, email=email.strip().lower(), who=identity.who))
        else:
            users = auth.list_users(path)
            if users.empty:
                safe.echo(t_term("auth_cli_none", lang))
            for row in users.itertuples():
                fields = (row.email, row.role, row.granted_by)
                safe.echo("\t".join(safe.term(v) for v in fields) + f"\t{row.granted_at:%d/%m/%Y %H:%M}")
    except ChangeError as exc:
        safe.echo(exc.message(lang, "term"), file=sys.stderr)
        return 1
    return 0
