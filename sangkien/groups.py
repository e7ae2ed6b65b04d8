"""Custom unit groups (e.g. the units invited to a regional meeting): create, rename, change
members. Each change records who made it and when, in unit_groups and unit_group_log.

The app reads the database read-only. A change goes through `writing()`, the one place that
writes: it publishes a new version of the database file (sangkien/publish.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from sangkien import db, publish, reference, safe
from sangkien.i18n import t

NAME_MAX = 120
WRITE_TIMEOUT_SECONDS = 20  # waiting for another writer (an import) before giving up

SCHEMA = Path(__file__).with_name("schema.sql")


def schema_statement(table: str) -> str:
    """A table's create statement from schema.sql as "create table if not exists", so a table
    added after a database was built is created on first write and defined in one place."""
    text = re.sub(r"--[^\n]*", "", SCHEMA.read_text(encoding="utf-8"))
    for statement in text.split(";"):
        if re.search(rf"create table (if not exists )?{table}\b", statement):
            return re.sub(r"create table (if not exists )?", "create table if not exists ", statement, count=1)
    raise RuntimeError(f"schema.sql has no {table} table")


class ChangeError(ValueError):
    """A change was refused; `message(lang)` says why in the user's language."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, lang: str = "vi") -> str:
        return t(self.key, lang, **self.values)


@contextmanager
def writing(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one change, published to every reader when the block ends.

    Goes through sangkien/publish.py: the change is made on a copy of the current version and
    the pointer is switched atomically, so readers (in any process) never see a half-made change
    and never block the write. An exception inside the block publishes nothing.
    """
    path = Path(path or db.db_path())
    try:
        with publish.new_version(path, lock_timeout=WRITE_TIMEOUT_SECONDS) as con:
            yield con
    except publish.VersionError as exc:
        raise ChangeError("gr_err_locked", error=str(exc).splitlines()[0]) from exc


def resolve_units(text: str) -> tuple[list[str], list[str]]:
    """Unit codes for names or codes typed by a person (comma, semicolon or new line separated).

    Returns (codes in input order without repeats, inputs that matched no unit).
    """
    parts = [p.strip() for p in re.split(r"[,;\n]+", text or "") if p.strip()]
    if not parts:
        return [], []
    keys = [reference.alias_key(p) for p in parts]
    found = db.run("meeting/unit_lookup", keys=keys, codes=[p.upper() for p in parts])
    lookup = dict(zip(found["lookup"], found["unit_code"], strict=False))
    codes: list[str] = []
    unknown: list[str] = []
    for part, key in zip(parts, keys, strict=True):
        code = lookup.get(part.upper()) or lookup.get(key)
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def _clean_name(name: str | None) -> str:
    name = re.sub(r"\s+", " ", safe.plain(name)).strip()  # no control or bidi characters
    if not name:
        raise ChangeError("gr_err_name")
    if len(name) > NAME_MAX:
        raise ChangeError("gr_err_name_long", n=NAME_MAX)
    return name


def _clean_author(who: str | None) -> str:
    who = re.sub(r"\s+", " ", safe.plain(who)).strip()
    if not who:
        raise ChangeError("gr_err_author")
    return who[:NAME_MAX]


def _check_units(con, unit_codes: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(c.strip() for c in unit_codes if c and c.strip()))
    if not codes:
        raise ChangeError("gr_err_units")
    known = {r[0] for r in con.execute("select unit_code from units where list_contains($codes, unit_code)", {"codes": codes}).fetchall()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ChangeError("gr_err_unknown", names=", ".join(unknown))
    return codes


def _check_name_free(con, name: str, except_group: str | None = None) -> None:
    rows = con.execute("select group_id, name_vi from unit_groups").fetchall()
    key = reference.alias_key(name)
    for group_id, other in rows:
        if group_id != except_group and reference.alias_key(other) == key:
            raise ChangeError("gr_err_name_taken", name=other)


def _new_id(con, name: str) -> str:
    base = "NHOM-" + (re.sub(r"[^0-9A-Z]+", "-", reference.alias_key(name).upper()).strip("-")[:40] or "MOI")
    taken = {r[0] for r in con.execute("select group_id from unit_groups").fetchall()}
    candidate, i = base, 2
    while candidate in taken:
        candidate, i = f"{base}-{i}", i + 1
    return candidate


def _log(con, group_id: str, action: str, name: str, codes: list[str], who: str, now: datetime) -> None:
    con.execute(schema_statement("unit_group_log"))
    con.execute(
        "insert into unit_group_log values ($group_id, $action, $name, $codes, $who, $now)",
        {"group_id": group_id, "action": action, "name": name, "codes": codes, "who": who, "now": now},
    )


def _set_members(con, group_id: str, codes: list[str]) -> None:
    con.execute("delete from unit_group_members where group_id = $group_id", {"group_id": group_id})
    con.execute(
        "insert into unit_group_members select $group_id, unnest($codes)",
        {"group_id": group_id, "codes": codes},
    )


def create_group(
    name_vi: str,
    unit_codes: Iterable[str],
    created_by: str,
    name_en: str | None = None,
    now: datetime | None = None,
    path: Path | None = None,
) -> str:
    """Create a custom group and return its id (readable, from the name: NHOM-HOI-NGHI-...)."""
    name = _clean_name(name_vi)
    who = _clean_author(created_by)
    name_en = re.sub(r"\s+", " ", safe.plain(name_en)).strip() or None
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    with writing(path) as con:
        codes = _check_units(con, unit_codes)
        _check_name_free(con, name)
        group_id = _new_id(con, name)
        con.execute(
            "insert into unit_groups values ($group_id, $name, $name_en, 'custom', $who, $now)",
            {"group_id": group_id, "name": name, "name_en": name_en, "who": who, "now": now},
        )
        _set_members(con, group_id, codes)
        _log(con, group_id, "create", name, codes, who, now)
    return group_id


def update_group(
    group_id: str,
    name_vi: str,
    unit_codes: Iterable[str],
    changed_by: str,
    name_en: str | None = None,
    now: datetime | None = None,
    path: Path | None = None,
) -> None:
    """Rename a custom group and/or replace its members; regions and clusters are refused."""
    name = _clean_name(name_vi)
    who = _clean_author(changed_by)
    name_en = re.sub(r"\s+", " ", safe.plain(name_en)).strip() or None
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    with writing(path) as con:
        row = con.execute("select kind from unit_groups where group_id = $group_id", {"group_id": group_id}).fetchone()
        if row is None:
            raise ChangeError("gr_err_missing", group=group_id)
        if row[0] != "custom":
            raise ChangeError("gr_err_not_custom")
        codes = _check_units(con, unit_codes)
        _check_name_free(con, name, except_group=group_id)
        con.execute(
            "update unit_groups set name_vi = $name, name_en = $name_en where group_id = $group_id",
            {"group_id": group_id, "name": name, "name_en": name_en},
        )
        _set_members(con, group_id, codes)
        _log(con, group_id, "update", name, codes, who, now)
