"""`python -m sangkien subscriptions add|list|remove`: who receives which e-mailed report
(sangkien/campaign/subscriptions.py; times in Vietnam time, as on the pages)."""

from __future__ import annotations

import sys

from sangkien.campaign import subscriptions
from sangkien.cli import common
from sangkien.core import safe
from sangkien.core.i18n import t_term
from sangkien.storage.state import ChangeError

SCOPE_HELP = "nation | region:CODE | group:ID | kind:province|sector|corporation | unit:CODE"


def add_parser(sub) -> None:
    p = sub.add_parser("subscriptions", help="e-mailed reports: add --to ... --scope ... --report weekly|alerts, list, remove ID")
    actions = p.add_subparsers(dest="subscriptions_action", required=True)
    p_add = actions.add_parser("add", help="send a report to addresses on a schedule")
    p_add.add_argument("--to", required=True, help="recipients, comma separated: a@x.vn,b@y.vn")
    p_add.add_argument("--scope", required=True, help=SCOPE_HELP)
    p_add.add_argument("--report", default="weekly", help="weekly (the pack) or alerts")
    p_add.add_argument("--day", default=None, help="weekly on this day: mon tue wed thu fri sat sun (default mon)")
    p_add.add_argument("--at", default=None, help="at this Vietnam time, HH:MM (default 07:30)")
    p_add.add_argument("--every", default=None, help="weekly | daily | data (each new data version) | run (each deliver run)")
    p_add.add_argument(
        "--report-lang", dest="report_lang", choices=common.LANGS, default=None, help="the report's language (default: --lang)"
    )
    actions.add_parser("list", help="every subscription with its last delivery")
    p_remove = actions.add_parser("remove", help="stop a subscription")
    p_remove.add_argument("id")
    for p_action in actions.choices.values():
        common.add_db(p_action)
        common.add_lang(p_action)


def run(args) -> int:
    action, lang = args.subscriptions_action, args.lang
    common.use_db(args.db)
    try:
        if action == "add":
            number = subscriptions.add(
                args.to, args.scope, args.report, args.day, args.at, args.report_lang or lang, args.every, path=args.db
            )
            safe.echo(t_term("sub_cli_added", lang, id=number))
        elif action == "remove":
            subscriptions.remove(args.id, path=args.db)
            safe.echo(t_term("sub_cli_removed", lang, id=str(args.id)))
        else:
            rows = subscriptions.frame(args.db)
            if rows.empty:
                safe.echo(t_term("sub_cli_none", lang))
            for row in rows.itertuples():
                when = " ".join(v for v in (row.day, row.at_time) if isinstance(v, str))
                last = f"{row.last_sent_at:%d/%m/%Y %H:%M}" if row.last_sent_at is not None and str(row.last_sent_at) != "NaT" else "–"
                fields = (
                    str(row.subscription_id),
                    row.report,
                    row.scope,
                    row.schedule,
                    when or "–",
                    row.lang,
                    ",".join(row.recipients),
                    last,
                )
                safe.echo("\t".join(safe.term(v) for v in fields))
    except ChangeError as exc:
        safe.echo(exc.message(lang, "term"), file=sys.stderr)
        return 1
    return 0
