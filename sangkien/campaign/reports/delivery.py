"""`deliver`: send every subscription's report that is due at a minute, once.

Bookkeeping lives in the state database's `deliveries` table, one row per subscription and due
slot (its primary key). A run claims a slot inside `state.writing()`, which serialises writers,
so two runs at once never both claim it; the row turns `sent` after the server accepted the
message, `failed` (and is claimed again by the next run) when it did not. A claim left `sending`
by a run that died is taken over after STALE_MINUTES.

A subscription's first run records where it starts (the slot "start", and for alerts the
statuses of the moment) and sends nothing: from then on a weekly or daily report is due at the
latest slot at or before the run's minute (so a run after missed ones sends the latest once), a
`data` one at each new data version, and alerts when something changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from sangkien.campaign import auth, export, mailer, meeting, scope, subscriptions
from sangkien.campaign.reports import alerts, content, docx_file, html_body
from sangkien.campaign.subscriptions import Subscription
from sangkien.core import fmt
from sangkien.core.i18n import t_text
from sangkien.storage import db, state
from sangkien.storage.state import ChangeError

VIETNAM = timedelta(hours=7)
STALE_MINUTES = 30
START = "start"
SLOT_FORMAT = "%Y-%m-%dT%H:%M"
DAY_INDEX = {d: i for i, d in enumerate(subscriptions.DAYS)}


@dataclass
class Outcome:
    subscription_id: int
    slot: str
    status: str  # sent, failed, skipped (claimed by another run), started, nothing, dry-run
    detail: str = ""
    recipients: tuple[str, ...] = ()
    message: object = None  # the EmailMessage (sent or written)


def vietnam_now() -> datetime:
    return (datetime.now(UTC) + VIETNAM).replace(tzinfo=None, second=0, microsecond=0)


def data_version(path: Path | None = None) -> str:
    """The data's version (not the state's: every delivery writes the state)."""
    return db.database(path).version.split("+", 1)[0]


def last_slot(sub: Subscription, now: datetime) -> datetime | None:
    """The latest minute at or before `now` (Vietnam time) a weekly or daily subscription is due."""
    if sub.schedule not in ("weekly", "daily") or not sub.at_time:
        return None
    hour, minute = (int(x) for x in sub.at_time.split(":"))
    slot = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if slot > now:
        slot -= timedelta(days=1)
    if sub.schedule == "weekly":
        slot -= timedelta(days=(slot.weekday() - DAY_INDEX[sub.day or "mon"]) % 7)
    return slot


# --- the bookkeeping, inside state.writing() ---------------------------------------------------


def _remember(con, sub_id: int, items: dict[str, str], now_utc: datetime) -> None:
    con.execute("delete from alert_state where subscription_id = $id", {"id": sub_id})
    if items:
        frame = pd.DataFrame({"item": list(items), "value": list(items.values())})
        con.register("remembered", frame)
        con.execute("insert into alert_state select $id, item, value, $now from remembered", {"id": sub_id, "now": now_utc})
        con.unregister("remembered")


def start(sub: Subscription, now: datetime, version: str, items: dict[str, str] | None, path: Path | None = None) -> bool:
    """Record where a subscription starts (False when another run did first). The command line's
    (admin) only, as every delivery write."""
    auth.require("admin", "dl_act_deliver", path=path)
    real = state.utc_now()
    with state.writing(path) as con:
        subscriptions.ensure_tables(con)
        if con.execute(
            "select 1 from deliveries where subscription_id = $id and slot = $slot", {"id": sub.subscription_id, "slot": START}
        ).fetchone():
            return False
        con.execute(
            "insert into deliveries values ($id, $slot, 'sent', 0, $real, null, null, $detail)",
            {"id": sub.subscription_id, "slot": START, "real": real, "detail": f"{now.strftime(SLOT_FORMAT)} {version}"},
        )
        if items is not None:
            _remember(con, sub.subscription_id, items, real)
    return True


def claim(sub_id: int, slot: str, path: Path | None = None) -> bool:
    """Take the slot for this run: True when nobody has sent it, nobody is sending it (or the
    claim is stale), else False."""
    auth.require("admin", "dl_act_deliver", path=path)
    real = state.utc_now()
    with state.writing(path) as con:
        subscriptions.ensure_tables(con)
        row = con.execute(
            "select status, claimed_at from deliveries where subscription_id = $id and slot = $slot", {"id": sub_id, "slot": slot}
        ).fetchone()
        if row is None:
            con.execute(
                "insert into deliveries values ($id, $slot, 'sending', 1, $real, null, null, null)",
                {"id": sub_id, "slot": slot, "real": real},
            )
            return True
        status, claimed_at = row
        if status == "sent" or (status == "sending" and claimed_at > real - timedelta(minutes=STALE_MINUTES)):
            return False
        con.execute(
            "update deliveries set status = 'sending', attempts = attempts + 1, claimed_at = $real "
            "where subscription_id = $id and slot = $slot",
            {"id": sub_id, "slot": slot, "real": real},
        )
    return True


def finish(sub_id: int, slot: str, ok: bool, detail: str = "", message_id: str | None = None, items=None, path: Path | None = None) -> None:
    """Mark the claimed slot sent (remembering an alert's state) or failed (the next run retries)."""
    auth.require("admin", "dl_act_deliver", path=path)
    real = state.utc_now()
    with state.writing(path) as con:
        subscriptions.ensure_tables(con)
        con.execute(
            "update deliveries set status = $status, sent_at = $sent, message_id = $mid, detail = $detail "
            "where subscription_id = $id and slot = $slot",
            {
                "id": sub_id,
                "slot": slot,
                "status": "sent" if ok else "failed",
                "sent": real if ok else None,
                "mid": message_id,
                "detail": detail[:500] or None,
            },
        )
        if ok and items is not None:
            _remember(con, sub_id, items, real)


def _bookkeeping(path: Path | None) -> tuple[dict[int, str], dict[tuple[int, str], str]]:
    """(start detail by subscription, status by (subscription, slot))."""
    rows = db.database(path).run("subscriptions/deliveries")
    starts = {int(r["subscription_id"]): str(r["detail"]) for _, r in rows[rows["slot"] == START].iterrows()}
    done = {(int(r["subscription_id"]), str(r["slot"])): str(r["status"]) for _, r in rows.iterrows()}
    return starts, done


# --- what is sent --------------------------------------------------------------------------------


def weekly_message(sub: Subscription, chosen: scope.Scope, as_of: datetime, config_sender: str, domain: str):
    """The weekly pack of a subscription as an e-mail: the HTML and text body, the DOCX báo cáo, the
    meeting PPTX and XLSX of the scope (or links instead when over the size limit)."""
    lang = sub.lang
    pack = content.weekly(chosen, as_of, lang)
    link = content.dashboard_link(mailer.base_url(), chosen, as_of, lang)
    pack.link = link
    campaign = content.latest_campaign()
    stem = export.file_stem(f"{pack.scope_name} {as_of:%Y-%m-%d %H%M}")
    files = [(f"bao-cao-{stem}.docx", docx_file.MIME, docx_file.docx_bytes(pack, as_of))]
    report = _meeting(chosen, as_of, lang, campaign)
    if report is not None:
        files += [(f"{stem}.pptx", export.MIME["pptx"], report.pptx()), (f"{stem}.xlsx", export.MIME["xlsx"], report.xlsx())]
    notes = [t_text("rp_attached", lang, files=", ".join(name for name, _, _ in files))]
    if sum(len(data) for _, _, data in files) > mailer.max_bytes():
        files = []
        notes = [t_text("rp_too_large", lang, mb=fmt.number(mailer.max_bytes() / 2**20, lang, 0), link=link or "–")]
    message = mailer.compose(
        config_sender, sub.recipients, pack.subject, html_body.render_text(pack, notes), html_body.render_html(pack, notes), files, domain
    )
    return pack, message


def _meeting(chosen: scope.Scope, as_of: datetime, lang: str, campaign) -> meeting.Report | None:
    name = campaign["name_en" if lang == "en" else "name_vi"]
    return meeting.for_scope(str(campaign["campaign_id"]), as_of, chosen, lang, name, bool(campaign["is_demo"]))


def alert_message(sub: Subscription, chosen: scope.Scope, pack: content.Pack, as_of: datetime, sender: str, domain: str):
    pack.link = content.dashboard_link(mailer.base_url(), chosen, as_of, sub.lang)
    return mailer.compose(
        sender, sub.recipients, pack.subject, html_body.render_text(pack, []), html_body.render_html(pack, []), [], domain
    )


# --- the run -------------------------------------------------------------------------------------


def run(now: datetime | None = None, dry_run: bool = False, out: Path | None = None, path: Path | None = None, say=None) -> list[Outcome]:
    """Send what is due at `now` (Vietnam time; default this minute). `dry_run` sends nothing,
    records nothing and writes each message that would go to `out` (.eml and .html). `say(line)`
    is told each outcome."""
    now = (now or vietnam_now()).replace(second=0, microsecond=0)
    say = say or (lambda _line: None)
    config = None
    if not dry_run:
        config = mailer.settings()  # MailError before anything is claimed
    sender = config.sender if config else "sangkien@localhost"
    domain = config.domain if config else "localhost"
    version = data_version(path)
    starts, done = _bookkeeping(path)
    outcomes = []
    for sub in subscriptions.all_subscriptions(path):
        try:
            outcome = _one(sub, now, version, starts, done, dry_run, config, sender, domain, path)
        except ChangeError as exc:  # the scope names nothing any more (a group removed)
            outcome = Outcome(sub.subscription_id, "", "failed", exc.message(sub.lang, "text"))
        except mailer.MailError as exc:
            outcome = Outcome(sub.subscription_id, "", "failed", str(exc))
        if outcome is None:
            continue
        if dry_run and outcome.message is not None and out is not None:
            _write(out, outcome)
        outcomes.append(outcome)
        say(outcome)
    return outcomes


def _write(out: Path, outcome: Outcome) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{outcome.subscription_id}-{re.sub(r'[^0-9A-Za-z]+', '-', outcome.slot).strip('-')}"
    (out / f"{stem}.eml").write_bytes(bytes(outcome.message))
    body = outcome.message.get_body(("html",))
    if body is not None:
        (out / f"{stem}.html").write_text(body.get_content(), encoding="utf-8")
    for part in outcome.message.iter_attachments():
        (out / f"{stem}-{part.get_filename()}").write_bytes(part.get_content())


def _one(sub, now, version, starts, done, dry_run, config, sender, domain, path) -> Outcome | None:
    chosen = scope.resolve(sub.scope)
    started = starts.get(sub.subscription_id)
    if started is None and not dry_run:
        items = alerts.current(chosen, now)[2] if sub.report == "alerts" else None
        made = start(sub, now, version, items, path)
        return Outcome(sub.subscription_id, START, "started" if made else "skipped", now.strftime(SLOT_FORMAT))
    start_minute, _, start_version = (started or "").partition(" ")
    # the slot due now, if any
    if sub.schedule in ("weekly", "daily"):
        slot_time = last_slot(sub, now)
        if slot_time is None or (start_minute and slot_time.strftime(SLOT_FORMAT) <= start_minute):
            return None
        slot, as_of = slot_time.strftime(SLOT_FORMAT), slot_time
    elif sub.schedule == "data":
        if version == start_version and not dry_run:
            return None
        slot, as_of = f"data:{version}", now
    else:
        slot, as_of = "", now
    if slot and done.get((sub.subscription_id, slot)) == "sent" and not dry_run:
        return None
    if sub.report == "alerts":
        known, since = ({}, "") if dry_run else _known_now(sub.subscription_id, path)
        alert = alerts.evaluate(chosen, as_of, known, sub.lang)
        if not slot:
            if alert.pack is None:
                return None
            slot = f"alert:{alert.digest(since)}"
        if alert.pack is None:  # a timed slot with nothing to say: recorded, nothing sent
            if not dry_run and claim(sub.subscription_id, slot, path):
                finish(sub.subscription_id, slot, True, "nothing changed", None, alert.items, path)
            return Outcome(sub.subscription_id, slot, "nothing", "nothing changed")
        if dry_run:
            return Outcome(
                sub.subscription_id, slot, "dry-run", "", sub.recipients, alert_message(sub, chosen, alert.pack, as_of, sender, domain)
            )
        if not claim(sub.subscription_id, slot, path):
            return Outcome(sub.subscription_id, slot, "skipped", "claimed by another run")
        message = alert_message(sub, chosen, alert.pack, as_of, sender, domain)
        return _send(sub, slot, message, config, alert.items, path)
    if dry_run:
        _pack, message = weekly_message(sub, chosen, as_of, sender, domain)
        return Outcome(sub.subscription_id, slot, "dry-run", "", sub.recipients, message)
    if not claim(sub.subscription_id, slot, path):
        return Outcome(sub.subscription_id, slot, "skipped", "claimed by another run")
    try:
        _pack, message = weekly_message(sub, chosen, as_of, sender, domain)
    except Exception as exc:  # noqa: BLE001 - recorded as failed and retried, never a traceback
        finish(sub.subscription_id, slot, False, f"cannot build the report: {type(exc).__name__}: {str(exc)[:200]}", path=path)
        return Outcome(sub.subscription_id, slot, "failed", f"cannot build the report: {type(exc).__name__}")
    return _send(sub, slot, message, config, None, path)


def _known_now(sub_id: int, path: Path | None) -> tuple[dict[str, str], str]:
    """What the subscription last alerted, and when it was noted (part of an alert's slot: the same
    change after a recovery is a new alert)."""
    rows = db.database(path).run("subscriptions/alert_state", subscription_id=sub_id)
    since = str(rows["noted_at"].max()) if len(rows) else ""
    return dict(zip(rows["item"], rows["value"], strict=True)), since


def _send(sub, slot, message, config, items, path) -> Outcome:
    try:
        refused = mailer.send(message, config)
    except mailer.MailError as exc:
        finish(sub.subscription_id, slot, False, str(exc), path=path)
        return Outcome(sub.subscription_id, slot, "failed", str(exc), sub.recipients, message)
    detail = f"refused: {', '.join(refused)}" if refused else ""
    finish(sub.subscription_id, slot, True, detail, str(message["Message-ID"]), items, path)
    return Outcome(sub.subscription_id, slot, "sent", detail, sub.recipients, message)
