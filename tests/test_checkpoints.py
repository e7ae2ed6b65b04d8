"""Every published checkpoint of the campaign, read through the app's own named queries."""

from __future__ import annotations

import pandas as pd
import pytest

from sangkien import db

CAMPAIGN = "1TR-2022"
SEED_TOP10 = [
    ("Thanh Hóa", 35_728),
    ("Hà Nội", 18_549),
    ("Nghệ An", 14_282),
    ("Hà Tĩnh", 9_574),
    ("Bắc Giang", 6_601),
    ("TP Hồ Chí Minh", 6_475),
    ("Hải Phòng", 5_820),
    ("Cần Thơ", 4_808),
    ("An Giang", 4_754),
    ("Long An", 4_479),
]
GROUP = "HN-THAINGUYEN-2022"


@pytest.fixture(autouse=True)
def _demo(demo_db, use_db):
    use_db(demo_db)


def run(name, as_of, **params):
    return db.run(name, campaign_id=CAMPAIGN, as_of=as_of, **params)


def units_at(as_of, scope=None):
    frame = run("progress/unit_totals", as_of, scope=scope)
    return frame.set_index("name_vi")


def group_units() -> list[str]:
    groups = db.run("meta/groups").set_index("group_id")
    return list(groups.loc[GROUP, "unit_codes"])


def test_national_count_at_the_conference():
    kpis = run("overview/kpis", "2022-04-20 08:00").iloc[0]
    assert kpis["count_submitted"] == 163_532


def test_top10_at_the_conference_is_the_published_one():
    top = run("leaderboard/top_units", "2022-04-20 08:00", limit=11)
    assert list(zip(top["name_vi"][:10], top["count_submitted"][:10], strict=False)) == SEED_TOP10
    assert list(top["rank_submitted"][:10]) == list(range(1, 11))
    assert top["count_submitted"].iloc[10] < 4_479


def test_registered_totals():
    kpis = run("overview/kpis", "2022-04-20 08:00").iloc[0]
    assert 1_000_000 <= kpis["registered_target"] <= 1_110_000
    group = units_at("2022-04-20 08:00", scope=group_units())
    assert len(group) == 9
    assert group["registered_target"].sum() == 66_775
    assert group["registered_target"].sum() / kpis["registered_target"] > 0.06


def test_group_over_and_under_guideline():
    group = units_at("2022-04-20 08:00", scope=group_units())
    margin = group["registered_minus_guideline"]
    assert margin["Hòa Bình"] == 3_927
    assert margin["Tuyên Quang"] == 3_008
    assert margin["Lạng Sơn"] == 828
    assert set(group.index[group["is_below_guideline"]]) == {"Phú Thọ", "Bắc Kạn", "Lào Cai"}


def test_hanoi_targets():
    hanoi = units_at("2022-04-20 08:00").loc["Hà Nội"]
    assert hanoi["guideline_target"] == 60_000
    assert hanoi["registered_target"] == 130_000


def test_average_updaters_in_the_group():
    kpis = run("overview/kpis", "2022-04-20 08:00").iloc[0]
    national_rate = kpis["count_submitted"] / kpis["registered_target"]
    group = units_at("2022-04-20 08:00", scope=group_units())
    for name in ["Thái Nguyên", "Yên Bái", "Phú Thọ", "Lào Cai"]:
        rate = group.loc[name, "achieved_registered_pct"]
        assert abs(rate / national_rate - 1) <= 0.10, name


def test_hung_yen_on_10_may():
    hy = units_at("2022-05-10 23:59").loc["Hưng Yên"]
    assert (hy["count_submitted"], hy["count_valid"], hy["count_under_review"]) == (1_260, 588, 672)
    assert hy["count_invalid"] == 0 and hy["count_awaiting_review"] == 0


def test_tuyen_quang_on_12_may():
    board = run("leaderboard/top_units", "2022-05-12 23:59", limit=100).set_index("name_vi")
    assert len(board) == 82
    assert board.loc["Tuyên Quang", "count_submitted"] == 2_200
    assert board.loc["Tuyên Quang", "rank_submitted"] == 31
    assert (board["count_submitted"] == 2_200).sum() == 1


def test_end_of_phase_one():
    kpis = run("overview/kpis", "2022-05-31 23:59").iloc[0]
    assert kpis["count_submitted"] == 696_948
    assert units_at("2022-05-31 23:59").loc["Thanh Hóa", "count_submitted"] == 170_263


def test_one_million_crossed_on_3_october():
    daily = run("overview/national_daily", "2022-10-03 23:59").set_index("day")
    cum = daily["count_submitted_cum"]
    assert cum[pd.Timestamp("2022-10-02")] < 1_000_000 <= cum[pd.Timestamp("2022-10-03")]


def test_late_checkpoints():
    assert units_at("2023-08-03 23:59").loc["Hà Nội", "count_submitted"] == 130_569
    assert units_at("2023-08-31 23:59").loc["Thanh Hóa", "count_submitted"] == 600_175
    assert run("overview/kpis", "2023-09-01 23:59").iloc[0]["count_submitted"] > 2_000_000


def test_partial_day_equals_raw_count(demo_db):
    """The rollup + partial-day path agrees with a plain count over raw rows."""
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        for as_of in ["2022-04-20 08:00", "2022-11-15 13:37", "2023-02-01 00:00"]:
            raw = con.execute("select count(*) from submissions where submitted_at <= $t", {"t": as_of}).fetchone()[0]
            assert run("overview/kpis", as_of).iloc[0]["count_submitted"] == raw
    finally:
        con.close()
