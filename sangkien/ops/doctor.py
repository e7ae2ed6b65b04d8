"""`python -m sangkien doctor [--db PATH] [--dry-run] [--lang vi|en]`: check the published data and
state databases and remove what killed writers left behind.

For the data database and the state database beside it: the pointer names a file that exists
and opens; every published version opens; and, when no writer holds the lock, the leftovers of
dead writers (publish.leftovers: unfinished `.building` copies and their `.wal`, temporary
pointer files, versions never published). Then the temporary files of dead imports in the
system's temporary folder (sangkien/core/scratch.py). Leftovers are removed unless `--dry-run`.

Exit status: 0 when everything checked is usable (leftovers found and removed are reported, not
failures), 1 when a pointer or a database is unusable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from sangkien.core import fmt, safe, scratch
from sangkien.core.i18n import t
from sangkien.storage import location, publish


@dataclass
class Report:
    lang: str = "vi"
    lines: list[str] = field(default_factory=list)
    problems: int = 0
    leftovers: list[tuple[Path, int]] = field(default_factory=list)

    def say(self, key: str, ok: bool = True, **values) -> None:
        mark = "✓" if ok else "✗"
        self.problems += not ok
        self.lines.append(f"{mark} {t(key, self.lang, **values)}")


def _mib(size: int, lang: str = "vi") -> str:
    return f"{fmt.number(size / 2**20, lang, 1)} MB"


def _opens(path: Path, table: str | None) -> str | None:
    """None when `path` opens read-only (and holds `table`), else why not (first line)."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            if table is not None:
                present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
                if table not in present:
                    return f"no table {table}"
    except duckdb.Error as exc:
        return str(exc).strip().splitlines()[0][:200]
    return None


def _check(report: Report, kind: str, path: Path, table: str, dry_run: bool, optional: bool) -> None:
    name = safe.plain(path.name)
    what = t(f"doc_kind_{kind}", report.lang)
    try:
        current = publish.current_file(path)
    except publish.VersionError as exc:
        report.say("doc_pointer_bad", ok=False, what=what, name=name, error=safe.plain(str(exc))[:200])
        current = None
    if current is not None:
        if not current.exists():
            if optional and not publish.pointer_path(path).exists():
                report.say("doc_state_none", name=name)
                return
            report.say("doc_current_missing", ok=False, what=what, name=safe.plain(current.name))
        else:
            problem = _opens(current, table)
            report.say(
                "doc_current_ok" if problem is None else "doc_current_bad",
                ok=problem is None,
                what=what,
                name=safe.plain(current.name),
                size=_mib(current.stat().st_size, report.lang),
                error=safe.plain(problem or ""),
            )
    versions = [v for v in publish.version_files(path) if v != current]
    bad = [(v, p) for v in versions if (p := _opens(v, None)) is not None]
    report.say("doc_versions", ok=not bad, what=what, n=len(versions), size=_mib(sum(v.stat().st_size for v in versions), report.lang))
    for version, problem in bad:
        report.say("doc_version_bad", ok=False, name=safe.plain(version.name), error=safe.plain(problem))
    try:
        with publish.writer_lock(path, timeout=0):
            found = publish.leftovers(path)
            sizes = [(p, scratch.size(p)) for p in found]
            if not dry_run:
                for leftover in found:
                    publish.remove(leftover)
    except publish.VersionError:
        report.say("doc_busy", what=what)
        return
    report.leftovers += sizes
    for leftover, size in sizes:
        report.lines.append(f"  - {safe.plain(leftover.name)} ({_mib(size, report.lang)})")


def run(db_path: Path | None = None, dry_run: bool = False, lang: str = "vi", tmp: Path | None = None) -> Report:
    path = Path(db_path or location.db_path()).absolute()
    report = Report(lang)
    report.lines.append(t("doc_title", lang, name=safe.plain(path.name)))
    _check(report, "data", path, "meta", dry_run, optional=False)
    _check(report, "state", location.state_path(path), "users", dry_run, optional=True)
    found = scratch.leftovers(tmp)
    sizes = [(p, scratch.size(p)) for p in found]
    if not dry_run:
        for leftover in found:
            scratch.remove(leftover)
    report.say("doc_scratch", n=len(found), size=_mib(sum(s for _, s in sizes), lang))
    for leftover, size in sizes:
        report.lines.append(f"  - {safe.plain(str(leftover))} ({_mib(size, lang)})")
    report.leftovers += sizes
    total = sum(s for _, s in report.leftovers)
    if report.leftovers:
        key = "doc_leftovers_listed" if dry_run else "doc_leftovers_removed"
        report.lines.append(t(key, lang, n=len(report.leftovers), size=_mib(total, lang)))
    else:
        report.lines.append(t("doc_no_leftovers", lang))
    report.lines.append(t("doc_ok" if not report.problems else "doc_problems", lang, n=report.problems))
    return report
