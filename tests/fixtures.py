"""A tiny database built by code, small enough that every expected number is counted by hand.

Campaign T (opens 01/03/2024 00:00, closes 10/03/2024 23:59, national target 100, guideline 10%).
Units: A (province, 1,000 members, registered 120, guideline 100), B (province, 500 members,
registered 40, guideline 50), C (sector, 200 members, registered 20, guideline 20, no submissions).

Submissions (all in 2024):
  s1 A 01/03 09:00 non-leader state     review 01/03 10:00, valid 02/03 09:00, applied 05/03 08:00
  s2 A 01/03 17:30 leader     fdi       review 01/03 18:00, invalid 03/03 12:00
  s3 A 02/03 08:15 non-leader non_state review 02/03 09:00, valid 06/03 14:00 (status changes after 05/03)
  s4 B 02/03 11:00 non-leader state     review 02/03 11:30 (still under review)
  s5 B 04/03 07:45 non-leader public    never reviewed (updated only)
  -- no submission at all on 03/03
  s6 A 04/03 23:59 leader     state     review 04/03 23:59
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from sangkien.ingest import importer
from sangkien.storage import store


def ts(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m %H:%M").replace(year=2024)


UNITS = pd.DataFrame(
    [
        ("U-A", "An Phú", "An Phu", "An Phú", "province", "R1", "Vùng 1", "01", "01", "An Phú", 1000, 21.0, 105.0),
        ("U-B", "Bắc Sơn", "Bac Son", "Bắc Sơn", "province", "R1", "Vùng 1", "02", "01", "An Phú", 500, 22.0, 106.0),
        ("U-C", "Công đoàn Cờ", "Flag Union", "CĐ Cờ", "sector", "TW", "Khối Trung ương", None, None, None, 200, None, None),
    ],
    columns=[
        "unit_code",
        "name_vi",
        "name_en",
        "short_vi",
        "kind",
        "region_code",
        "region_vi",
        "province_gso_code",
        "province_2025_code",
        "province_2025_vi",
        "members_estimate",
        "lat",
        "lon",
    ],
)

SUBMISSIONS = [
    # id, unit, submitted, leader, sector, status, review_started, reviewed, applied, rewarded, benefit
    ("s1", "U-A", "01/03 09:00", False, "state", "applied", "01/03 10:00", "02/03 09:00", "05/03 08:00", None, 1_000_000),
    ("s2", "U-A", "01/03 17:30", True, "fdi", "invalid", "01/03 18:00", "03/03 12:00", None, None, None),
    ("s3", "U-A", "02/03 08:15", False, "non_state", "valid", "02/03 09:00", "06/03 14:00", None, None, 2_000_000),
    ("s4", "U-B", "02/03 11:00", False, "state", "under_review", "02/03 11:30", None, None, None, None),
    ("s5", "U-B", "04/03 07:45", False, "public_service", "updated", None, None, None, None, None),
    ("s6", "U-A", "04/03 23:59", True, "state", "under_review", "04/03 23:59", None, None, None, None),
]


_TINY_TEMPLATE: list[Path] = []  # built once per test process


def build_tiny(path: Path) -> Path:
    """The tiny database at `path`: a copy of one built once per process, with its own data
    version (as a fresh build has), so that the many tests needing a writable tiny database do
    not each pay for the derived tables."""
    if not _TINY_TEMPLATE or not _TINY_TEMPLATE[0].exists():
        folder = Path(tempfile.mkdtemp(prefix="sangkien-tiny-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _TINY_TEMPLATE[:] = [_build_tiny(folder / "tiny.duckdb")]
    shutil.copyfile(_TINY_TEMPLATE[0], path)
    con = duckdb.connect(str(path))
    try:
        store.touch_version(con, source="test")
    finally:
        con.close()
    return path


def _build_tiny(path: Path) -> Path:
    con = duckdb.connect(str(path))
    store.create_schema(con)
    con.register("u", UNITS)
    con.execute("insert into units by name select * from u")
    con.execute("insert into campaigns values ('T', 'Thử', 'Test', '2024-03-01 00:00', '2024-03-10 23:59', 100, 0.1, false)")
    con.execute(
        "insert into targets values ('T', 'U-A', 120, 100, '2024-02-20 08:00'), ('T', 'U-B', 40, 50, null), ('T', 'U-C', 20, 20, null)"
    )
    con.execute("insert into unit_groups values ('G1', 'Nhóm A+C', 'Group A+C', 'custom', 'test', null)")
    con.execute("insert into unit_group_members values ('G1', 'U-A'), ('G1', 'U-C')")
    for sid, unit, sub, leader, sector, status, rs, rv, ap, rw, benefit in SUBMISSIONS:
        con.execute(
            "insert into submissions values ($id, 'T', $unit, 'CĐCS 1', $sub, $leader, $sector, 'technique', $status, $rs, $rv, $ap, $rw, $benefit)",
            {
                "id": sid,
                "unit": unit,
                "sub": ts(sub),
                "leader": leader,
                "sector": sector,
                "status": status,
                "rs": ts(rs) if rs else None,
                "rv": ts(rv) if rv else None,
                "ap": ts(ap) if ap else None,
                "rw": ts(rw) if rw else None,
                "benefit": benefit,
            },
        )
    store.refresh_derived(con, source="test")
    con.close()
    return path


# --- paced campaigns: many units, each submitting at a steady daily rate -------------------------

PACED_OPENS = datetime(2024, 1, 1)
PACED_DAYS = 100  # the campaign runs 01/01/2024 00:00 to 09/04/2024 23:59


# the columns of the submissions table, in its order (sangkien/storage/schema.sql)
SUBMISSION_COLUMNS = [c for c in importer.SUBMISSION_FIELDS if c != "unit"]
SUBMISSION_COLUMNS.insert(1, "campaign_id")


def _paced_campaign(con, units: pd.DataFrame, targets: dict[str, int]) -> None:
    """The paced campaign 'P' (PACED_DAYS days from PACED_OPENS) with `units` and their registered
    targets (the guideline 1,000 each)."""
    con.register("u", units)
    con.execute("insert into units by name select * from u")
    closes = PACED_OPENS + pd.Timedelta(days=PACED_DAYS) - pd.Timedelta(minutes=1)
    con.execute("insert into campaigns values ('P', 'Nhịp', 'Paced', $o, $c, 20000, 0.1, false)", {"o": PACED_OPENS, "c": closes})
    for code, target in targets.items():
        con.execute("insert into targets values ('P', $u, $t, 1000, null)", {"u": code, "t": target})


def build_paced(path: Path, per_day: dict[str, float], until_day: int = 50) -> Path:
    """A campaign of PACED_DAYS days and one province per entry of `per_day` (code -> initiatives
    a day), each with 10,000 members, a registered target of 1,000 (= the 10% guideline) and
    submissions at 09:00 of each of the first `until_day` days at its rate (a fraction carries
    over: 2.5 a day is 2, 3, 2, 3, ...). On pace = 10 a day (1,000 over 100 days).

    At 00:00 of day `until_day` (20/02/2024 for 50) a unit at 10 a day has exactly the elapsed
    share of its target, 50%."""
    con = duckdb.connect(str(path))
    store.create_schema(con)
    units = pd.DataFrame(
        [
            (code, f"Tỉnh {code}", f"Province {code}", code, "province", "R1", "Vùng 1", None, None, None, 10_000, None, None)
            for code in per_day
        ],
        columns=UNITS.columns,
    )
    _paced_campaign(con, units, {code: 1000 for code in per_day})
    rows = []
    for code, rate in per_day.items():
        made = 0
        for d in range(until_day):
            due = int(rate * (d + 1)) - made
            for i in range(due):
                at = PACED_OPENS + pd.Timedelta(days=d, hours=9, minutes=i)
                rows.append(
                    (f"{code}-{d}-{i}", "P", code, "CĐCS 1", at, False, "state", "technique", "updated", None, None, None, None, None)
                )
            made += due
    frame = pd.DataFrame(
        rows,
        columns=SUBMISSION_COLUMNS,
    )
    con.register("s", frame)
    con.execute("insert into submissions select * from s")
    store.refresh_derived(con, source="test")
    con.close()
    return path


def build_daily(
    path: Path, daily: dict[str, list[int]], targets: dict[str, int] | None = None, kinds: dict[str, str] | None = None
) -> Path:
    """A campaign of PACED_DAYS days (as build_paced) and one unit per entry of `daily` (code ->
    the submissions of each day from the opening, at 09:00, 09:01, ...; days past the list have
    none), each with 10,000 members and a registered target of 1,000 unless `targets` says
    otherwise, a province unless `kinds` says otherwise. Counted by hand: a unit's count at a
    minute is the sum of its days whose 09:00 has passed."""
    con = duckdb.connect(str(path))
    store.create_schema(con)
    targets, kinds = targets or {}, kinds or {}
    units = pd.DataFrame(
        [
            (
                code,
                f"Đơn vị {code}",
                f"Unit {code}",
                code,
                kinds.get(code, "province"),
                "R1",
                "Vùng 1",
                None,
                None,
                None,
                10_000,
                None,
                None,
            )
            for code in daily
        ],
        columns=UNITS.columns,
    )
    _paced_campaign(con, units, {code: targets.get(code, 1000) for code in daily})
    rows = [
        (f"{code}-{d}-{i}", "P", code, "CĐCS 1", PACED_OPENS + pd.Timedelta(days=d, hours=9, minutes=i), False, "state", "technique")
        + ("updated", None, None, None, None, None)
        for code, counts in daily.items()
        for d, n in enumerate(counts)
        for i in range(n)
    ]
    con.register("s", pd.DataFrame(rows, columns=SUBMISSION_COLUMNS))
    con.execute("insert into submissions select * from s")
    store.refresh_derived(con, source="test")
    con.close()
    return path
