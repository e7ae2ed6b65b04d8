"""What the commands share: options that name a database, a campaign, a minute and a scope, and
how an argument that names nothing is answered (CliError: the message says what to use)."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd

from sangkien.campaign import scope
from sangkien.core import safe
from sangkien.storage import db

DB_HELP = "database (default: SANGKIEN_DB or data/sangkien.duckdb)"
LANGS = ("vi", "en")


class CliError(ValueError):
    """A command-line argument that names nothing in the database; the message says what to use."""


def add_db(parser, help_text: str = DB_HELP) -> None:
    parser.add_argument("--db", type=Path, default=None, help=help_text)


def add_lang(parser) -> None:
    parser.add_argument("--lang", choices=LANGS, default="vi")


def add_campaign(parser) -> None:
    parser.add_argument("--campaign", default=None, help="campaign id (default: the most recent campaign)")


def add_as_of(parser) -> None:
    parser.add_argument("--as-of", default=None, help="minute of the figures, YYYY-MM-DDTHH:MM (default: the latest data)")


def use_db(path: Path | None) -> None:
    """Point this process's readers at `--db` when given (SANGKIEN_DB, as the app reads it)."""
    if path is not None:
        os.environ["SANGKIEN_DB"] = str(path)


def resolve(campaign: str | None, group: str | None, region: str | None, as_of: str | None):
    """The campaign row, group id (None when neither a group nor a region is given) and as-of
    minute that command-line arguments name; CliError with a message when one names nothing."""
    campaigns = db.run("meta/campaigns")
    if campaigns.empty:
        raise CliError("no campaign in the database")
    ids = campaigns["campaign_id"].tolist()
    campaign_id = campaign or ids[0]
    if campaign_id not in ids:
        raise CliError(f"unknown campaign {campaign_id!r}; one of: {', '.join(ids)}")
    row = campaigns.set_index("campaign_id").loc[campaign_id]
    groups_frame = db.run("meeting/groups")
    if region is not None:
        group = scope.region_group(region, groups_frame)
        if group is None:
            raise CliError(f"unknown region {region!r}; one of: {', '.join(scope.region_codes(groups_frame))}")
    if group is not None and group not in set(groups_frame["group_id"]):
        raise CliError(f"unknown group {group!r}; one of: {', '.join(groups_frame['group_id'])}")
    if as_of is None:
        moment = pd.Timestamp(row["last_event_at"]).to_pydatetime().replace(second=0, microsecond=0)
    else:
        try:
            moment = datetime.strptime(as_of, "%Y-%m-%dT%H:%M")
        except ValueError:
            raise CliError(f"--as-of must look like 2022-04-20T08:00, not {as_of!r}") from None
    return campaign_id, row, group, moment


def resolve_scope(campaign: str | None, group: str | None, region: str | None, as_of: str | None, kind: str | None):
    """`resolve` for the commands that list units (status, watchlist): the campaign id, the minute
    and the unit codes of the kind and/or group asked for (None: every unit); CliError as resolve."""
    campaign_id, _, group, moment = resolve(campaign, group, region, as_of)
    codes: set[str] | None = None
    if kind is not None:
        units = db.run("meta/units")
        codes = set(units.loc[units["kind"] == kind, "unit_code"])
    if group is not None:
        members = set(db.run("meta/groups").set_index("group_id").loc[group, "unit_codes"])
        codes = members if codes is None else codes & members
    return campaign_id, moment, None if codes is None else sorted(codes)


def write_output(data: bytes, out: Path | None) -> None:
    """A command's file: to standard output, or to `out` (its folder made) with its name said on
    standard error (control characters shown, safe.echo)."""
    if out is None:
        sys.stdout.buffer.write(data)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    safe.echo(out, file=sys.stderr)


def add_unit_list_options(parser) -> None:
    """The options of the commands that list units (status, watchlist): the same on both."""
    add_as_of(parser)
    parser.add_argument("--kind", choices=("province", "sector", "corporation"), default=None, help="only units of this kind")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--group", help="only the units of this group, e.g. HN-THAINGUYEN-2022")
    where.add_argument("--region", help="only the units of this region, e.g. TDMNPB")
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--out", type=Path, default=None, help="output file (default: standard output)")
    add_lang(parser)
    add_campaign(parser)
    add_db(parser)


def unit_scope(args):
    """(campaign id, minute, unit codes or None) of a unit-listing command's options; CliError."""
    use_db(args.db)
    return resolve_scope(args.campaign, args.group, args.region, args.as_of, args.kind)


def list_units(args, rows) -> int:
    """A unit-listing command's run: `rows(campaign_id, minute, unit codes or None)` gives the
    file's bytes for the options' scope, written to --out or standard output; 2 with the message
    when an option names nothing."""
    try:
        campaign_id, moment, scope = unit_scope(args)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    write_output(rows(campaign_id, moment, scope), args.out)
    return 0
