"""Custom unit groups (e.g. the units invited to a regional meeting): create, rename, change
members. Each change records who made it and when (UTC), in unit_groups and unit_group_log.

Only an editor or an admin may change groups (sangkien/campaign/auth.py; the check is made here, not by
the page). A change goes through `state.writing()`: it publishes a new version of the small state
database (sangkien/storage/state.py), never a copy of the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from sangkien.campaign import auth
from sangkien.core import reference, safe
from sangkien.storage import db, state
from sangkien.storage.sqlfiles import sql
from sangkien.storage.state import ChangeError

NAME_MAX = 120

# The writes' home is sangkien/storage/state.py; these names stay here for the pages that use them.
writing = state.writing


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


def _check_units(con, unit_codes: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(c.strip() for c in unit_codes if c and c.strip()))
    if not codes:
        raise ChangeError("gr_err_units")
    known = {r[0] for r in con.execute("select unit_code from d.units where list_contains($codes, unit_code)", {"codes": codes}).fetchall()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ChangeError("gr_err_unknown", names=", ".join(unknown))
    return codes


def _check_name_free(con, name: str, except_group: str | None = None) -> None:
    rows = con.execute(sql("groups/all_groups")).fetchall()
    key = reference.alias_key(name)
    for group_id, other in rows:
        if group_id != except_group and reference.alias_key(other) == key:
            raise ChangeError("gr_err_name_taken", name=other)


def _new_id(con, name: str) -> str:
    base = "NHOM-" + (re.sub(r"[^0-9A-Z]+", "-", reference.alias_key(name).upper()).strip("-")[:40] or "MOI")
    taken = {r[0] for r in con.execute(sql("groups/all_groups")).fetchall()}
    candidate, i = base, 2
    while candidate in taken:
        candidate, i = f"{base}-{i}", i + 1
    return candidate


def _log(con, group_id: str, action: str, name: str, codes: list[str], who: str, now: datetime) -> None:
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


def _change(by: str | None, name_vi: str, name_en: str | None, now: datetime | None, path: Path | None) -> tuple:
    """Who makes a group change (editors and admins only, checked first), the cleaned names, the minute (UTC)."""
    who = auth.require("editor", "auth_act_groups", by, path).who
    return who, _clean_name(name_vi), re.sub(r"\s+", " ", safe.plain(name_en)).strip() or None, state.minute(now)


def create_group(
    name_vi: str,
    unit_codes: Iterable[str],
    created_by: str | None = None,
    name_en: str | None = None,
    now: datetime | None = None,
    path: Path | None = None,
) -> str:
    """Create a custom group and return its id (readable, from the name: NHOM-HOI-NGHI-...).

    Editors and admins only. `created_by` names the author for scripts; in the web app the
    signed-in user is recorded whatever it says. `now` is UTC.
    """
    who, name, name_en, now = _change(created_by, name_vi, name_en, now, path)
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
    changed_by: str | None = None,
    name_en: str | None = None,
    now: datetime | None = None,
    path: Path | None = None,
) -> None:
    """Rename a custom group and/or replace its members; regions and clusters are refused.

    Editors and admins only (see create_group for `changed_by` and `now`).
    """
    who, name, name_en, now = _change(changed_by, name_vi, name_en, now, path)
    with writing(path) as con:
        row = con.execute("select kind from unit_groups where group_id = $group_id", {"group_id": group_id}).fetchone()
        if row is None and con.execute("select 1 from d.unit_groups where group_id = $g and kind <> 'custom'", {"g": group_id}).fetchone():
            row = ("reference",)
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
