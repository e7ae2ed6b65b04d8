"""`python -m sangkien deliver`: send the e-mailed reports due now, once (what the systemd timer in
deploy/systemd/ runs every few minutes; sangkien/campaign/reports/delivery.py). Exit status 0 when
everything due went out, 1 when something failed (it is retried by the next run), 2 when the
command cannot run (no SMTP settings, a bad --now)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from sangkien.campaign import mailer
from sangkien.campaign.reports import delivery
from sangkien.cli import common
from sangkien.core import safe
from sangkien.core.i18n import t_term
from sangkien.storage.state import ChangeError


def add_parser(sub) -> None:
    p = sub.add_parser("deliver", help="send the e-mailed reports due now (each once); run by a timer")
    p.add_argument("--now", default=None, help="the minute to act at, Vietnam time: YYYY-MM-DDTHH:MM (default: now)")
    p.add_argument("--dry-run", action="store_true", help="send and record nothing; write the messages to --out")
    p.add_argument("--out", type=Path, default=None, help="folder for --dry-run's messages (.eml, .html, attachments)")
    common.add_lang(p)
    common.add_db(p)


def run(args) -> int:
    lang = args.lang
    common.use_db(args.db)
    now = None
    if args.now is not None:
        try:
            now = datetime.strptime(args.now, "%Y-%m-%dT%H:%M")
        except ValueError:
            safe.echo(t_term("dl_err_now", lang, now=args.now[:40]), file=sys.stderr)
            return 2
    if args.dry_run and args.out is None:
        safe.echo(t_term("dl_err_out", lang), file=sys.stderr)
        return 2

    def say(outcome: delivery.Outcome) -> None:
        line = t_term(
            f"dl_{outcome.status.replace('-', '_')}",
            lang,
            id=outcome.subscription_id,
            slot=outcome.slot or "–",
            detail=outcome.detail or "",
        )
        safe.echo(line, file=sys.stderr if outcome.status == "failed" else sys.stdout)

    try:
        outcomes = delivery.run(now, dry_run=args.dry_run, out=args.out, path=args.db, say=say)
    except mailer.MailError as exc:
        safe.echo(t_term("dl_err_settings", lang, error=str(exc)), file=sys.stderr)
        return 2
    except ChangeError as exc:  # the state database is locked by a long write
        safe.echo(exc.message(lang, "term"), file=sys.stderr)
        return 1
    if not outcomes:
        safe.echo(t_term("dl_nothing_due", lang))
    return 1 if any(o.status == "failed" for o in outcomes) else 0
