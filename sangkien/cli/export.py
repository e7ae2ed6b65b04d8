"""`python -m sangkien export`: the meeting report of a group, a region or any scope (the nation, a
kind, one unit) as PowerPoint, Excel or CSV
files, for scheduled use; problems are reported on standard error."""

from __future__ import annotations

import sys
from pathlib import Path

from sangkien.campaign import export, meeting, scope
from sangkien.cli import common
from sangkien.core import i18n, safe
from sangkien.storage.state import ChangeError


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="a group's or a region's meeting report as PowerPoint, Excel or CSV files")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--group", help="group id, e.g. HN-THAINGUYEN-2022 (see the meeting page)")
    target.add_argument("--region", help="region code, e.g. TDMNPB (the group VUNG-<CODE>)")
    target.add_argument("--scope", help="nation | region:CODE | group:ID | kind:province|sector|corporation | unit:CODE")
    common.add_as_of(p)
    p.add_argument("--format", choices=("pptx", "xlsx", "csv"), required=True)
    p.add_argument("--out", type=Path, required=True, help="output file; for csv a folder, or NAME.csv for NAME-<table>.csv files")
    common.add_lang(p)
    common.add_campaign(p)
    common.add_db(p)


def meeting_report(campaign_id, moment, group, chosen, lang, campaign_name, is_demo):
    """The meeting report of a group (`group`) or of a scope (`chosen`, sangkien/campaign/scope.py)."""
    if chosen is not None:
        return meeting.for_scope(campaign_id, moment, chosen, lang, campaign_name, is_demo)
    return meeting.build(campaign_id, moment, group, lang, campaign_name=campaign_name, is_demo=is_demo)


def run(args) -> int:
    common.use_db(args.db)
    lang = args.lang
    try:
        campaign_id, row, group, moment = common.resolve(args.campaign, args.group, args.region, args.as_of)
        chosen = scope.resolve(args.scope) if args.scope is not None else None
    except common.CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ChangeError as exc:
        print(exc.message(lang, "term"), file=sys.stderr)
        return 2
    name = row[i18n.name_col(lang)]
    report = meeting_report(campaign_id, moment, group, chosen, lang, name, bool(row["is_demo"]))
    if report is None:
        print(f"the {'scope' if args.scope else 'group'} {args.scope or group!r} has no units", file=sys.stderr)
        return 2
    out = Path(args.out)
    written: list[Path] = []
    if args.format in ("pptx", "xlsx"):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(report.pptx() if args.format == "pptx" else report.xlsx())
        written.append(out)
    else:
        # one file per table: beside OUT when it names a .csv file, inside OUT when it is a folder
        folder, stem = (out.parent, out.stem + "-") if out.suffix.lower() == ".csv" else (out, "")
        folder.mkdir(parents=True, exist_ok=True)
        for table in report.tables():
            path = folder / f"{stem}{table.name}.csv"
            path.write_bytes(export.table_csv(table, lang))
            written.append(path)
    for path in written:
        safe.echo(path)  # a name the caller chose: control characters shown, not sent
    return 0
