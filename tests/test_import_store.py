"""store.apply_changes (the importer's incremental refresh) gives exactly what refresh_derived gives."""

from __future__ import annotations

import random
import shutil
from datetime import timedelta

import duckdb
import pytest

from sangkien.storage import store
from tests.fixtures import build_tiny

DERIVED = ("submission_events", "rollup_unit_day", "rollup_unit_cum", "rollup_unit_totals")
STATUSES = ["updated", "under_review", "valid", "invalid", "applied", "rewarded"]
SECTORS = ["state", "non_state", "fdi", "public_service"]


def mutate(con, rng: random.Random, n_update: int, n_insert: int, beyond_close: bool = False) -> None:
    """Change some submissions (kept in chg_old / chg_new the way the importer does) and apply them."""
    campaign_id, opens, closes = con.execute("select campaign_id, opens_at, closes_at from campaigns").fetchall()[0]
    units = [r[0] for r in con.execute("select unit_code from units").fetchall()]
    ids = [r[0] for r in con.execute("select submission_id from submissions order by submission_id").fetchall()]
    chosen = rng.sample(ids, min(n_update, len(ids)))
    con.execute(
        "create or replace temp table chg_old as select * from submissions where list_contains($ids, submission_id)", {"ids": chosen}
    )
    rows = con.execute("select * from chg_old").fetchall()
    columns = [d[0] for d in con.description]
    new_rows = []
    span = int((closes - opens).total_seconds() // 60)
    for row in rows:
        r = dict(zip(columns, row, strict=True))
        kind = rng.choice(["status", "unit", "sector", "benefit", "leader", "time"])
        if kind == "status":
            r["status"] = rng.choice(STATUSES)
            base = r["submitted_at"]
            stages = ["review_started_at", "reviewed_at", "applied_at", "rewarded_at"]
            depth = {"updated": 0, "under_review": 1, "valid": 2, "invalid": 2, "applied": 3, "rewarded": 4}[r["status"]]
            for i, stage in enumerate(stages):
                base = base + timedelta(minutes=rng.randint(0, 5000))
                r[stage] = base if i < depth else None
        elif kind == "unit":
            r["unit_code"] = rng.choice(units)
        elif kind == "sector":
            r["sector"] = rng.choice(SECTORS)
        elif kind == "benefit":
            r["benefit_vnd"] = rng.choice([None, 0, rng.randint(1, 10**9)])
        elif kind == "leader":
            r["author_is_leader"] = not r["author_is_leader"]
        else:
            r["submitted_at"] = opens + timedelta(minutes=rng.randint(0, span))
            for stage in ("review_started_at", "reviewed_at", "applied_at", "rewarded_at"):
                if r[stage] is not None:
                    r[stage] = max(r[stage], r["submitted_at"])
        new_rows.append(r)
    for i in range(n_insert):
        at = opens + timedelta(minutes=rng.randint(0, span))
        status = rng.choice(["updated", "under_review", "valid"])
        new_rows.append(
            {
                **dict.fromkeys(columns),
                "submission_id": f"new-{rng.random()}-{i}",
                "campaign_id": campaign_id,
                "unit_code": rng.choice(units),
                "submitted_at": at,
                "author_is_leader": rng.random() < 0.2,
                "sector": rng.choice(SECTORS),
                "status": status,
                "review_started_at": at if status != "updated" else None,
                "reviewed_at": at + timedelta(days=2) if status == "valid" else None,
                "benefit_vnd": rng.choice([None, 5_000_000]),
            }
        )
    if beyond_close and new_rows:  # a review after the campaign closed moves the last day
        new_rows[0]["status"], new_rows[0]["review_started_at"] = "under_review", closes + timedelta(days=3)
        for stage in ("reviewed_at", "applied_at", "rewarded_at"):
            new_rows[0][stage] = None
    con.execute("create or replace temp table chg_new as select * from submissions limit 0")
    if new_rows:
        con.executemany(f"insert into chg_new by name select {', '.join('$' + c + ' as ' + c for c in columns)}", new_rows)
    con.execute("delete from submissions as s using chg_old as o where s.campaign_id = o.campaign_id and s.submission_id = o.submission_id")
    con.execute("insert into submissions by name select * from chg_new")


@pytest.mark.parametrize("seed", range(8))
def test_incremental_equals_full_refresh_on_the_tiny_fixture(tmp_path, seed):
    n_update, n_insert = random.Random(seed).randint(0, 6), random.Random(seed + 100).randint(0, 5)
    inc_path, full_path = build_tiny(tmp_path / "inc.duckdb"), build_tiny(tmp_path / "full.duckdb")
    with duckdb.connect(str(inc_path)) as inc, duckdb.connect(str(full_path)) as full:
        mutate(inc, random.Random(seed), n_update, n_insert, beyond_close=seed == 7)
        mutate(full, random.Random(seed), n_update, n_insert, beyond_close=seed == 7)
        store.apply_changes(inc, "chg_old", "chg_new", source="test")
        store.refresh_derived(full, source="test")
        full.close()
        assert_same(inc, full_path)


@pytest.mark.parametrize(("seed", "n_update", "n_insert", "beyond_close"), [(1, 300, 200, False), (2, 2000, 0, False), (3, 50, 50, True)])
def test_incremental_equals_full_refresh_on_a_small_demo(small_demo, tmp_path, seed, n_update, n_insert, beyond_close):
    inc_path, full_path = tmp_path / "inc.duckdb", tmp_path / "full.duckdb"
    shutil.copyfile(small_demo, inc_path)
    shutil.copyfile(small_demo, full_path)
    with duckdb.connect(str(inc_path)) as inc, duckdb.connect(str(full_path)) as full:
        mutate(inc, random.Random(seed), n_update, n_insert, beyond_close)
        mutate(full, random.Random(seed), n_update, n_insert, beyond_close)
        store.apply_changes(inc, "chg_old", "chg_new", source="test")
        store.refresh_derived(full, source="test")
        full.close()
        assert_same(inc, full_path)


def test_a_change_no_event_sees_rewrites_no_rollup(tmp_path):
    """Rows whose changes touch no event (field, grassroots union) leave every derived table as
    a full rebuild gives it; the running totals and unit totals are not rewritten at all."""
    inc_path, full_path = build_tiny(tmp_path / "inc.duckdb"), build_tiny(tmp_path / "full.duckdb")
    with duckdb.connect(str(inc_path)) as inc, duckdb.connect(str(full_path)) as full:
        for con in (inc, full):
            con.execute("create or replace temp table chg_old as select * from submissions using sample 5 rows (reservoir, 1)")
            con.execute(
                "create or replace temp table chg_new as select * replace ('other' as field, 'CĐCS mới' as grassroots_union) from chg_old"
            )
            con.execute("delete from submissions as s using chg_old as o where s.submission_id = o.submission_id")
            con.execute("insert into submissions by name select * from chg_new")
        cum_rows = inc.execute("select count(*) from rollup_unit_cum").fetchone()[0]
        store.apply_changes(inc, "chg_old", "chg_new", source="test")
        store.refresh_derived(full, source="test")
        full.close()
        assert_same(inc, full_path)
        assert inc.execute("select count(*) from rollup_unit_cum").fetchone()[0] == cum_rows


def test_new_events_are_appended_in_time_order_piece_by_piece(tmp_path, monkeypatch):
    """A large import sorts its new events in several consecutive time ranges: the table gains
    one run in time order all the same, and the derived tables equal a full rebuild (on the tiny
    fixture, which 400 new submissions outnumber many times)."""
    monkeypatch.setattr(store, "EVENTS_PIECE_ROWS", 60)  # 400 new submissions: 7 pieces
    inc_path, full_path = build_tiny(tmp_path / "inc.duckdb"), build_tiny(tmp_path / "full.duckdb")
    with duckdb.connect(str(inc_path)) as inc, duckdb.connect(str(full_path)) as full:
        mutate(inc, random.Random(5), 0, 400)
        mutate(full, random.Random(5), 0, 400)
        before = inc.execute("select count(*) from submission_events").fetchone()[0]
        store.apply_changes(inc, "chg_old", "chg_new", source="test")
        store.refresh_derived(full, source="test")
        full.close()
        assert_same(inc, full_path)
        appended = [r[0] for r in inc.execute("select event_at from submission_events order by rowid offset $n", {"n": before}).fetchall()]
    assert len(appended) >= 400
    assert appended == sorted(appended)


def assert_same(inc, full_path) -> None:
    """Every derived table of the connection `inc` holds exactly the rows (with their multiplicity)
    of the same table in the database at `full_path`: compared inside DuckDB, row by row, since
    the small demo's running totals hold about two million rows."""
    inc.execute(f"attach '{full_path}' as want (read_only)")
    try:
        for table in DERIVED:
            got_n, want_n = (inc.execute(f"select count(*) from {db}.{table}").fetchone()[0] for db in ("main", "want"))
            assert got_n == want_n, f"{table}: {got_n} rows, want {want_n}"
            extra, missing = (
                inc.execute(f"select count(*) from (select * from {a}.{table} except all select * from {b}.{table})").fetchone()[0]
                for a, b in (("main", "want"), ("want", "main"))
            )
            assert (extra, missing) == (0, 0), f"{table}: {extra} rows not in a full rebuild, {missing} rows of it missing"
    finally:
        inc.execute("detach want")
