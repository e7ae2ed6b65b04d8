"""A scope named in words: the nation, a region, a meeting group, a kind of unit or one unit.

`nation`, `region:TDMNPB`, `group:HN-THAINGUYEN-2022`, `kind:province`, `unit:LDLD-38` is how the
command line, the subscriptions and the e-mailed reports write a scope; `resolve()` turns it into
the unit codes every named query takes as `$scope` and the scope's name in each language. The
commands' --group/--region options read the same lookups (sangkien/cli/common.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sangkien.core import safe
from sangkien.core.i18n import t_text
from sangkien.storage import db
from sangkien.storage.state import ChangeError

KINDS = ("province", "sector", "corporation")
SCOPE_KINDS = ("nation", "region", "group", "kind", "unit")
TEXT_MAX = 80
_VALUE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")


@dataclass(frozen=True)
class Scope:
    text: str  # the canonical spelling: "nation", "region:TDMNPB", "unit:LDLD-38" ...
    kind: str  # one of SCOPE_KINDS
    codes: tuple[str, ...]  # the units in scope, in the directory's order
    name_vi: str
    name_en: str
    group_id: str | None = None  # the meeting group that is this scope (regions, groups), else None

    @property
    def scope(self) -> list[str] | None:
        """The `$scope` of the named queries: None for the nation (every unit)."""
        return None if self.kind == "nation" else list(self.codes)

    def name(self, lang: str = "vi") -> str:
        return self.name_en if lang == "en" else self.name_vi

    @property
    def meeting_id(self) -> str:
        """The group id of the meeting report of this scope: the group's own, else SCOPE:NATION,
        SCOPE:KIND:PROVINCE, SCOPE:UNIT:<CODE> (scope_members in queries/_macros/60_pages.sql)."""
        return self.group_id if self.group_id is not None else "SCOPE:" + self.text.upper()

    @property
    def url_query(self) -> dict[str, str]:
        """The dashboard's URL filters that show this scope (sangkien/web/filters.py's keys)."""
        if self.kind == "kind":
            return {"kind": self.text.split(":", 1)[1]}
        if self.kind == "unit":
            return {"unit": self.codes[0]}
        if self.group_id is not None:
            return {"group": self.group_id}
        return {}


def parse(text: str | None) -> tuple[str, str | None]:
    """("region", "TDMNPB") for "region:TDMNPB"; ChangeError("sc_err_form") for anything else."""
    raw = safe.plain(text or "").strip()
    if raw.lower() == "nation":
        return "nation", None
    kind, _, value = raw.partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if kind not in SCOPE_KINDS or kind == "nation" or not _VALUE.match(value):
        raise ChangeError("sc_err_form", text=raw[:TEXT_MAX])
    return kind, value


def region_group(region: str, groups=None) -> str | None:
    """The group id of a region code ("TDMNPB" or "VUNG-TDMNPB"), None when there is none."""
    groups = db.run("meeting/groups") if groups is None else groups
    regions = groups[groups["kind"] == "region"]
    wanted = {region.upper(), f"VUNG-{region.upper()}"}
    match = regions[regions["group_id"].str.upper().isin(wanted)]
    return None if match.empty else str(match["group_id"].iloc[0])


def region_codes(groups=None) -> list[str]:
    groups = db.run("meeting/groups") if groups is None else groups
    return [g.removeprefix("VUNG-") for g in groups.loc[groups["kind"] == "region", "group_id"]]


def resolve(text: str | None) -> Scope:
    """The scope `text` names in the configured database; ChangeError with a message saying what
    to use when it names nothing."""
    kind, value = parse(text)
    units = db.run("meta/units")
    if kind == "nation":
        return Scope("nation", "nation", tuple(units["unit_code"]), t_text("sc_nation", "vi"), t_text("sc_nation", "en"))
    if kind == "kind":
        if value.lower() not in KINDS:
            raise ChangeError("sc_err_kind", value=value, kinds=", ".join(KINDS))
        value = value.lower()
        codes = tuple(units.loc[units["kind"] == value, "unit_code"])
        return Scope(f"kind:{value}", "kind", codes, t_text(f"sc_kind_{value}", "vi"), t_text(f"sc_kind_{value}", "en"))
    if kind == "unit":
        match = units[units["unit_code"].str.upper() == value.upper()]
        if match.empty:
            raise ChangeError("sc_err_unit", value=value)
        row = match.iloc[0]
        code = str(row["unit_code"])
        return Scope(f"unit:{code}", "unit", (code,), safe.plain(row["name_vi"]), safe.plain(row["name_en"] or row["name_vi"]))
    groups = db.run("meta/groups")
    if kind == "region":
        group_id = region_group(value, groups)
        if group_id is None:
            raise ChangeError("sc_err_region", value=value, codes=", ".join(region_codes(groups)))
    else:
        group_id = value if value in set(groups["group_id"]) else None
        if group_id is None:
            raise ChangeError("sc_err_group", value=value)
    row = groups.set_index("group_id").loc[group_id]
    members = set(row["unit_codes"] if row["unit_codes"] is not None else [])
    codes = tuple(c for c in units["unit_code"] if c in members)
    text = f"region:{group_id.removeprefix('VUNG-')}" if kind == "region" else f"group:{group_id}"
    return Scope(text, kind, codes, safe.plain(row["name_vi"]), safe.plain(row["name_en"] or row["name_vi"]), group_id=group_id)
