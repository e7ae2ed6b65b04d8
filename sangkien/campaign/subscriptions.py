"""Subscriptions to the e-mailed reports: who receives which report (the weekly pack or alerts) for
which scope (sangkien/campaign/scope.py) on which schedule, kept in the state database like the
custom groups, every change recorded with who and when (subscription_log).

Only an editor or an admin may add or remove one (auth.require, checked here, not by the page or
the command). Schedules are in Vietnam time: `weekly` on a day at an hour, `daily` at an hour,
`data` at each new data version, `run` at each run of `python -m sangkien deliver` (alerts'
default: they say something only when a status changed). sangkien/campaign/reports/ builds and
sends them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from sangkien.campaign import auth, scope
from sangkien.core.i18n import LANGS
from sangkien.storage import db, state
from sangkien.storage.sqlfiles import statements
from sangkien.storage.state import ChangeError

REPORTS = ("weekly", "alerts")
SCHEDULES = ("weekly", "daily", "data", "run")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_DAY, DEFAULT_AT = "mon", "07:30"
MAX_RECIPIENTS = 20
RECIPIENTS_TEXT_MAX = 2000
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Subscription:
    subscription_id: int
    recipients: tuple[str, ...]
    scope: str
    report: str
    schedule: str
    day: str | None
    at_time: str | None
    lang: str
    created_by: str = ""
    created_at: datetime | None = None  # Vietnam time

    @classmethod
    def from_row(cls, row) -> Subscription:
        def value(name):
            v = row[name]
            return None if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v)) else v

        created = value("created_at")
        return cls(
            int(row["subscription_id"]),
            tuple(row["recipients"]),
            str(row["scope"]),
            str(row["report"]),
            str(row["schedule"]),
            value("day"),
            value("at_time"),
            str(row["lang"]),
            str(row["created_by"]),
            pd.Timestamp(created).to_pydatetime() if created is not None else None,
        )


def ensure_tables(con) -> None:
    """The reports' tables in the state copy `con` (state.writing()), made once."""
    for statement in statements("state/subscriptions"):
        con.execute(statement)


def clean_recipients(text) -> tuple[str, ...]:
    """Addresses from "a@x.vn, b@y.vn" (commas, semicolons, spaces or new lines), lower case, no
    repeats; ChangeError naming the first bad address, or when there are none or too many."""
    if isinstance(text, (list, tuple)):
        text = ",".join(text)
    text = str(text or "")
    if len(text) > RECIPIENTS_TEXT_MAX:
        raise ChangeError("sub_err_recipients_many", n=MAX_RECIPIENTS)
    found = list(dict.fromkeys(p.strip().lower() for p in re.split(r"[,;\s]+", text) if p.strip()))
    if not found:
        raise ChangeError("sub_err_recipients")
    for address in found:
        if not auth.EMAIL_RE.match(address) or any(ord(c) < 33 or ord(c) == 127 for c in address):
            raise ChangeError("sub_err_address", address=address[:80])
    if len(found) > MAX_RECIPIENTS:
        raise ChangeError("sub_err_recipients_many", n=MAX_RECIPIENTS)
    return tuple(found)


def clean_schedule(report: str, every: str | None, day: str | None, at: str | None) -> tuple[str, str | None, str | None]:
    """(schedule, day, at) from what was asked: a weekly report defaults to Mondays at 07:30, alerts
    to each run; a day makes it weekly, an hour alone daily."""
    if report not in REPORTS:
        raise ChangeError("sub_err_report", report=str(report)[:20], reports=", ".join(REPORTS))
    day = (day or "").strip().lower() or None
    at = (at or "").strip() or None
    if every is None:
        every = "weekly" if day or (report == "weekly" and not at) else ("daily" if at else "run")
    if every not in SCHEDULES:
        raise ChangeError("sub_err_schedule", schedule=str(every)[:20], schedules=", ".join(SCHEDULES))
    if every == "run" and report == "weekly":  # a pack at every run of the timer would be every 5 minutes
        raise ChangeError("sub_err_weekly_run")
    if day is not None and day not in DAYS:
        raise ChangeError("sub_err_day", day=day[:20], days=", ".join(DAYS))
    if at is not None:
        match = _TIME.match(at)
        if match is None:
            raise ChangeError("sub_err_at", at=at[:20])
        at = f"{int(match.group(1)):02d}:{match.group(2)}"
    if every == "weekly":
        return every, day or DEFAULT_DAY, at or DEFAULT_AT
    if every == "daily":
        return every, None, at or DEFAULT_AT
    return every, None, None


def add(
    recipients,
    scope_text: str,
    report: str = "weekly",
    day: str | None = None,
    at: str | None = None,
    lang: str = "vi",
    every: str | None = None,
    who: str | None = None,
    now: datetime | None = None,
    path: Path | None = None,
) -> int:
    """Add a subscription and return its number. Editors and admins only; `now` is UTC."""
    identity = auth.require("editor", "sub_act_change", who, path)
    addresses = clean_recipients(recipients)
    schedule, day, at = clean_schedule(report, every, day, at)
    if lang not in LANGS:
        raise ChangeError("sub_err_lang", value=str(lang)[:10])
    chosen = scope.resolve(scope_text)
    now = state.minute(now)
    with state.writing(path) as con:
        ensure_tables(con)
        number = con.execute("select coalesce(max(subscription_id), 0) + 1 from subscription_log").fetchone()[0]
        con.execute(
            "insert into subscriptions values ($id, $to, $scope, $report, $schedule, $day, $at, $lang, $who, $now)",
            {
                "id": number,
                "to": list(addresses),
                "scope": chosen.text,
                "report": report,
                "schedule": schedule,
                "day": day,
                "at": at,
                "lang": lang,
                "who": identity.who,
                "now": now,
            },
        )
        detail = f"{report} {chosen.text} {schedule} {day or ''} {at or ''} {lang} → {', '.join(addresses)}"
        _log(con, number, "add", re.sub(r"\s+", " ", detail), identity.who, now)
    return int(number)


def remove(subscription_id: int, who: str | None = None, now: datetime | None = None, path: Path | None = None) -> None:
    """Remove a subscription (its deliveries stay as history). Editors and admins only."""
    identity = auth.require("editor", "sub_act_change", who, path)
    try:
        number = int(subscription_id)
    except (TypeError, ValueError):
        raise ChangeError("sub_err_missing", id=str(subscription_id)[:20]) from None
    with state.writing(path) as con:
        ensure_tables(con)
        row = con.execute("select scope, report from subscriptions where subscription_id = $id", {"id": number}).fetchone()
        if row is None:
            raise ChangeError("sub_err_missing", id=str(number))
        con.execute("delete from subscriptions where subscription_id = $id", {"id": number})
        con.execute("delete from alert_state where subscription_id = $id", {"id": number})
        _log(con, number, "remove", f"{row[1]} {row[0]}", identity.who, state.minute(now))


def _log(con, number: int, action: str, detail: str, who: str, now: datetime) -> None:
    con.execute(
        "insert into subscription_log values ($id, $action, $detail, $who, $now)",
        {"id": number, "action": action, "detail": detail, "who": who, "now": now},
    )


def frame(path: Path | None = None) -> pd.DataFrame:
    """Every subscription with its last delivery (queries/subscriptions/list.sql)."""
    return db.database(path).run("subscriptions/list")


def all_subscriptions(path: Path | None = None) -> list[Subscription]:
    return [Subscription.from_row(row) for _, row in frame(path).iterrows()]


def log(path: Path | None = None) -> pd.DataFrame:
    return db.database(path).run("subscriptions/log")
