"""rollup_unit_totals (a whole unit's events per day and their running totals) and the macros that
read it (unit_totals_as_of, unit_events_as_of): counted by hand on the tiny fixture, equal to the
fine rollup's aggregate after a full and an incremental refresh, and rebuilt for an old database."""

from __future__ import annotations

import random
import shutil
from datetime import date

import duckdb
import pytest

from sangkien.storage import db, store
from tests.fixtures import build_tiny
from tests.test_import_store import mutate

MEASURES = {
    # column of rollup_unit_totals: the events of rollup_unit_day it counts
    "submitted": "event = 'submitted'",
    "submitted_non_leader": "event = 'submitted' and not author_is_leader",
    "review_started": "event = 'review_started'",
    "valid": "event = 'valid'",
    "invalid": "event = 'invalid'",
    "applied": "event = 'applied'",
    "rewarded": "event = 'rewarded'",
}


def row(con, unit: str, day: str) -> dict:
    cur = con.execute("select * from rollup_unit_totals where unit_code = $u and day = $d", {"u": unit, "d": date.fromisoformat(day)})
    values = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], values, strict=True))


def test_hand_counted_days_and_running_totals(tmp_path):
    with duckdb.connect(str(build_tiny(tmp_path / "t.duckdb")), read_only=True) as con:
        # dense: 10 days x the two units with events (U-C has none)
        assert con.execute("select count(*), count(distinct unit_code) from rollup_unit_totals").fetchone() == (20, 2)
        a = row(con, "U-A", "2024-03-02")  # s3 submitted (non-leader) and review started; s1 valid
        assert (a["count_submitted"], a["count_submitted_non_leader"], a["count_review_started"], a["count_valid"]) == (1, 1, 1, 1)
        assert (a["cum_count_submitted"], a["cum_count_submitted_non_leader"], a["cum_count_review_started"]) == (3, 2, 3)
        a = row(con, "U-A", "2024-03-03")  # no submission; s2 invalid
        assert (a["count_submitted"], a["count_invalid"], a["cum_count_submitted"], a["cum_count_invalid"]) == (0, 1, 3, 1)
        a = row(con, "U-A", "2024-03-05")  # s1 applied with 1,000,000 VND
        assert (a["count_applied"], a["benefit_vnd_applied"], a["cum_count_valid"]) == (1, 1_000_000, 1)
        a = row(con, "U-A", "2024-03-10")  # the close: s1 s2 s3 s6
        assert (a["count_submitted"], a["cum_count_submitted"], a["cum_count_submitted_non_leader"]) == (0, 4, 2)
        assert (a["cum_count_valid"], a["cum_count_invalid"], a["cum_count_applied"], a["cum_count_rewarded"]) == (2, 1, 1, 0)
        assert a["cum_benefit_vnd_applied"] == 1_000_000
        b = row(con, "U-B", "2024-03-10")  # s4 (under review), s5 (never reviewed)
        assert (b["cum_count_submitted"], b["cum_count_review_started"], b["cum_count_valid"]) == (2, 1, 0)


def assert_matches_fine_rollup(con) -> None:
    """Every day's counts and running totals equal rollup_unit_day / rollup_unit_cum summed over sector and leader."""
    daily = ", ".join(f"coalesce(sum(count_events) filter (where {rule}), 0) as count_{name}" for name, rule in MEASURES.items())
    cum = ", ".join(f"coalesce(sum(cum_count) filter (where {rule}), 0) as cum_count_{name}" for name, rule in MEASURES.items())
    columns = [f"count_{n}" for n in MEASURES] + [f"cum_count_{n}" for n in MEASURES] + ["benefit_vnd_applied", "cum_benefit_vnd_applied"]
    differ = con.execute(
        f"""
        with
        d as (
            select campaign_id, unit_code, day, {daily},
                coalesce(sum(benefit_vnd) filter (where event = 'applied'), 0) as benefit_vnd_applied
            from rollup_unit_day group by all
        ),
        c as (
            select campaign_id, unit_code, day, {cum},
                coalesce(sum(cum_benefit_vnd) filter (where event = 'applied'), 0) as cum_benefit_vnd_applied
            from rollup_unit_cum group by all
        ),
        want as (
            select c.*, {", ".join(f"coalesce(d.count_{n}, 0) as count_{n}" for n in MEASURES)},
                coalesce(d.benefit_vnd_applied, 0) as benefit_vnd_applied
            from c left join d using (campaign_id, unit_code, day)
        )
        select count(*) from (
            (select campaign_id, unit_code, day, {", ".join(columns)} from want
             except all select campaign_id, unit_code, day, {", ".join(columns)} from rollup_unit_totals)
            union all
            (select campaign_id, unit_code, day, {", ".join(columns)} from rollup_unit_totals
             except all select campaign_id, unit_code, day, {", ".join(columns)} from want)
        )
        """
    ).fetchone()[0]
    assert differ == 0
    assert con.execute("select count(*) from rollup_unit_totals").fetchone()[0] > 0


@pytest.mark.parametrize("seed", range(4))
def test_equals_the_fine_rollup_after_full_and_incremental_refresh(tmp_path, seed):
    path = build_tiny(tmp_path / "t.duckdb")
    with duckdb.connect(str(path)) as con:
        assert_matches_fine_rollup(con)
        rng = random.Random(seed)
        mutate(con, rng, rng.randint(1, 6), rng.randint(1, 5), beyond_close=seed == 3)
        store.apply_changes(con, "chg_old", "chg_new", source="test")
        assert_matches_fine_rollup(con)


def test_a_database_without_the_table_gets_it_on_its_next_change(tmp_path):
    path, old = build_tiny(tmp_path / "t.duckdb"), tmp_path / "old.duckdb"
    shutil.copyfile(path, old)
    with duckdb.connect(str(old)) as con:
        con.execute("drop table rollup_unit_totals")  # as built before the table existed
        store.touch_version(con, "import-targets")  # e.g. a targets import
        assert_matches_fine_rollup(con)
    with duckdb.connect(str(old)) as con:
        con.execute("drop table rollup_unit_totals")
        mutate(con, random.Random(5), 3, 3)
        store.apply_changes(con, "chg_old", "chg_new", source="test")
        assert_matches_fine_rollup(con)


MINUTES = ["2024-02-28 12:00", "2024-03-01 09:00", "2024-03-02 08:59", "2024-03-04 12:00", "2024-03-04 23:58", "2024-03-04 23:59",
           "2024-03-06 13:59", "2024-03-10 23:59", "2024-04-01 00:00"]  # fmt: skip


@pytest.mark.parametrize("minute", MINUTES)
def test_as_of_macros_equal_the_fine_macros(tiny_db, minute):
    """unit_totals_as_of / unit_events_as_of give what totals_as_of / events_as_of give, summed per unit."""
    with duckdb.connect(str(tiny_db), read_only=True) as con:
        con.execute(db.query_text("_macros"))
        names = list(MEASURES)
        fine = ", ".join(f"coalesce(sum(count_events) filter (where {rule}), 0)" for rule in MEASURES.values())
        for scope in (None, ["U-B"]):
            args = {"t": minute, "scope": scope}
            want = con.execute(
                f"select unit_code, {fine} from totals_as_of('T', cast($t as timestamp), $scope) group by all order by all", args
            ).fetchall()
            got = con.execute(
                f"select unit_code, {', '.join('count_' + n for n in names)} from unit_totals_as_of('T', cast($t as timestamp), $scope) "
                f"where count_submitted + count_review_started + count_valid + count_invalid + count_applied + count_rewarded > 0 "
                "order by all",
                args,
            ).fetchall()
            assert got == [r for r in want if any(r[1:])]  # the fine table is dense per combination: zero rows
            want = con.execute(
                f"select day, unit_code, {fine} from events_as_of('T', cast($t as timestamp), $scope) group by all order by all", args
            ).fetchall()
            got = con.execute(
                f"select day, unit_code, {', '.join('sum(count_' + n + ')' for n in names)} "
                "from unit_events_as_of('T', cast($t as timestamp), $scope) group by all "
                "having sum(count_submitted + count_review_started + count_valid + count_invalid + count_applied + count_rewarded) > 0 "
                "order by all",
                args,
            ).fetchall()
            assert got == want


def test_partial_day_counted_to_the_minute(tiny_db):
    with duckdb.connect(str(tiny_db), read_only=True) as con:
        con.execute(db.query_text("_macros"))

        def submitted(minute):
            return dict(
                con.execute(
                    "select unit_code, count_submitted from unit_totals_as_of('T', cast($t as timestamp), null)", {"t": minute}
                ).fetchall()
            )

        # 04/03 12:00: whole days to 03/03 from the table (A: s1 s2 s3, B: s4), 04/03 to noon from the events (B: s5)
        assert submitted("2024-03-04 12:00") == {"U-A": 3, "U-B": 2}
        assert submitted("2024-03-04 23:58") == {"U-A": 3, "U-B": 2}
        assert submitted("2024-03-04 23:59") == {"U-A": 4, "U-B": 2}  # s6 at the day's last minute


def test_readers_of_a_database_without_the_table_get_the_same_answers(tmp_path, use_db):
    """An old file read by the app (no import since the upgrade): the readers build the table for themselves."""
    path, old = build_tiny(tmp_path / "t.duckdb"), tmp_path / "old.duckdb"
    shutil.copyfile(path, old)
    with duckdb.connect(str(old)) as con:
        con.execute("drop table rollup_unit_totals")
    answers = {}
    for name, file in (("new", path), ("old", old)):
        use_db(file)
        answers[name] = [
            db.run("progress/unit_totals", campaign_id="T", as_of=minute, scope=None) for minute in ("2024-03-04 12:00", "2024-03-10 23:59")
        ]
    for got, want in zip(answers["old"], answers["new"], strict=True):
        assert got.equals(want)
    assert answers["old"][1].set_index("unit_code").loc["U-A", "count_submitted"] == 4
