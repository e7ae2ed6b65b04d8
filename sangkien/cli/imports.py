"""`python -m sangkien import|import-targets`: the command line of the importer, with its progress bar."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sangkien.cli import common
from sangkien.core import safe
from sangkien.core.i18n import t_term
from sangkien.ingest.errors import ImportFailure
from sangkien.ingest.importer import import_submissions, import_targets
from sangkien.ingest.report import rejections_csv, summary_lines


class ProgressBar:
    """A progress bar on stderr: redrawn in place on a terminal, one line per stage otherwise."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last = ""

    def __call__(self, fraction: float, label: str) -> None:
        filled = int(round(self.width * max(0.0, min(1.0, fraction))))
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%} {safe.term(safe.unmd(label))}"
        if self.tty:
            self.stream.write("\r" + line.ljust(len(self.last)))
            if fraction >= 1.0:
                self.stream.write("\n")
        elif label != self.last:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.last = line if self.tty else label


def cli(
    kind: str,
    files: list[Path],
    db_path: Path | None,
    campaign_id: str | None,
    who: str | None,
    as_json: bool,
    lang: str,
    rejections_path: Path | None,
    **options,
) -> int:
    """`python -m sangkien import|import-targets`: 0 when the import went through, 1 when nothing was stored."""
    run = import_submissions if kind == "submissions" else import_targets
    try:
        result = run(files, db_path=db_path, campaign_id=campaign_id, who=who, progress=ProgressBar(), lang=lang, **options)
    except ImportFailure as failure:
        if as_json:
            safe.echo(
                json.dumps(
                    {"ok": False, "error": failure.code, "file": failure.file, "message": failure.message(lang, "text")}, ensure_ascii=False
                )
            )
        safe.echo(t_term("imp_failed", lang, message=failure.message(lang, "term")), file=sys.stderr)
        return 1
    if rejections_path is not None:
        Path(rejections_path).write_bytes(rejections_csv(result.rejections, lang))
    if as_json:
        safe.echo(json.dumps({"ok": True, **result.to_dict()}, ensure_ascii=False, default=str, indent=2))
    else:
        safe.echo(*summary_lines(result, lang))
    return 0


def add_parser(sub) -> None:
    for name, what in (("import", "submissions"), ("import-targets", "registered targets")):
        p_import = sub.add_parser(name, help=f"import {what} exported from the portal (CSV/TSV/TXT, XLSX, Parquet); see docs/import.md")
        p_import.add_argument("files", nargs="+", type=Path, metavar="FILE", help="exported files: CSV/TSV/TXT, XLSX or Parquet")
        common.add_db(p_import)
        common.add_campaign(p_import)
        p_import.add_argument("--who", default=None, help="name recorded in the import log (default: the login name)")
        p_import.add_argument("--json", action="store_true", help="print the result as JSON")
        p_import.add_argument("--lang", choices=common.LANGS, default="vi", help="language of the messages")
        p_import.add_argument("--rejections", type=Path, default=None, metavar="CSV", help="write every rejected row with its reason here")
        if name == "import-targets":
            p_import.add_argument(
                "--confirm-above-members", action="store_true", help="accept targets above a unit's members (up to 10 times them)"
            )


def run(args) -> int:
    kind = "submissions" if args.command == "import" else "targets"
    options = {"confirm_above_members": True} if getattr(args, "confirm_above_members", False) else {}
    return cli(kind, args.files, args.db, args.campaign, args.who, args.json, args.lang, args.rejections, **options)
