"""Named queries against the tiny fixture database; every expected number is counted by hand
from the table in tests/fixtures.py."""

from __future__ import annotations

import pandas as pd
import pytest

from sangkien.storage import db


@pytest.fixture(autouse=True)
def _tiny(tiny_db, use_db):
    use_db(tiny_db)


def totals(as_of, scope=None):
    return db.run("progress/unit_totals", campaign_id="T", as_of=as_of, scope=scope).set_index("unit_code")


def test_counts_before_a_status_change():
    # 05/03 12:00: s1 applied, s2 invalid, s3 still under review (valid only on 06/03)
    a = totals("2024-03-05 12:00").loc["U-A"]
    assert a["count_submitted"] == 4  # s1 s2 s3 s6
    assert a["count_valid"] == 1  # s1
    assert a["count_invalid"] == 1  # s2
    assert a["count_applied"] == 1  # s1
    assert a["count_under_review"] == 2  # s3 s6
    assert a["count_submitted_non_leader"] == 2  # s1 s3


def test_counts_after_the_status_change():
    a = totals("2024-03-06 14:00").loc["U-A"]
    assert (a["count_valid"], a["count_under_review"]) == (2, 1)


def test_partial_day_to_the_minute():
    # On 01/03 at 17:29 only s1 exists; at 17:30 s2 too.
    assert totals("2024-03-01 17:29").loc["U-A", "count_submitted"] == 1
    assert totals("2024-03-01 17:30").loc["U-A", "count_submitted"] == 2
    # s6 at 23:59 on 04/03 counts at 23:59, not at 23:58
    assert totals("2024-03-04 23:58").loc["U-A", "count_submitted"] == 3
    assert totals("2024-03-04 23:59").loc["U-A", "count_submitted"] == 4


def test_unit_without_submissions_is_listed():
    c = totals("2024-03-10 23:59").loc["U-C"]
    assert c["count_submitted"] == 0
    assert pd.isna(c["achieved_registered_pct"]) or c["achieved_registered_pct"] == 0


def test_updated_only_and_awaiting_review():
    b = totals("2024-03-04 08:00").loc["U-B"]
    assert (b["count_submitted"], b["count_under_review"], b["count_awaiting_review"]) == (2, 1, 1)


def test_guideline_flags():
    t = totals("2024-03-10 23:59")
    assert t.loc["U-A", "registered_minus_guideline"] == 20
    assert t.loc["U-B", "registered_minus_guideline"] == -10
    assert list(t.index[t["is_below_guideline"]]) == ["U-B"]


def test_kpis_and_invariants():
    k = db.run("overview/kpis", campaign_id="T", as_of="2024-03-10 23:59").iloc[0]
    assert k["count_submitted"] == 6
    assert k["registered_target"] == 180
    assert k["count_units_below_guideline"] == 1 and k["count_units_at_or_above_guideline"] == 2
    assert k["achieved_national_pct"] == pytest.approx(0.06)
    assert k["non_leader_pct"] == pytest.approx(4 / 6)
    t = totals("2024-03-10 23:59")
    # every submission is awaiting review, under review, valid or invalid
    assert (t["count_awaiting_review"] + t["count_under_review"] + t["count_valid"] + t["count_invalid"] == t["count_submitted"]).all()


def test_daily_curve_has_the_empty_day():
    daily = db.run("overview/national_daily", campaign_id="T", as_of="2024-03-04 12:00").set_index("day")
    assert len(daily) == 10  # the whole campaign, for the pace line
    assert list(daily["count_submitted_day"][:4]) == [2, 2, 0, 1]  # 01/03, 02/03, 03/03 (none), 04/03 to noon
    assert list(daily["count_submitted_cum"][:4]) == [2, 4, 4, 5]
    assert daily["count_submitted_cum"][4:].isna().all()  # nothing shown after the as-of day
    assert daily["pace_count_cum"].iloc[-1] == pytest.approx(100.0)
    assert daily["pace_count_cum"].iloc[0] == pytest.approx(10.0)  # 1 of 10 days of a 100 target


def test_leaderboard_ties_share_rank():
    board = db.run("leaderboard/top_units", campaign_id="T", as_of="2024-03-02 11:00", limit=10)
    # A has 3 (s1 s2 s3), B has 1 (s4), C 0
    assert list(board["rank_submitted"]) == [1, 2, 3]
    board = db.run("leaderboard/top_units", campaign_id="T", as_of="2024-03-01 08:00", limit=10)
    assert list(board["rank_submitted"]) == [1, 1, 1]  # nobody has submitted yet


def test_scope_limits_every_figure():
    k = db.run("overview/kpis", campaign_id="T", as_of="2024-03-10 23:59", scope=["U-B"]).iloc[0]
    assert (k["count_submitted"], k["registered_target"], k["count_units"]) == (2, 40, 1)


def test_before_the_campaign_everything_is_zero():
    k = db.run("overview/kpis", campaign_id="T", as_of="2024-02-01 00:00").iloc[0]
    assert k["count_submitted"] == 0
    assert db.run("overview/national_daily", campaign_id="T", as_of="2024-02-01 00:00").empty


def test_groups_and_units_directory():
    groups = db.run("meta/groups").set_index("group_id")
    assert list(groups.loc["G1", "unit_codes"]) == ["U-A", "U-C"]
    units = db.run("meta/units")
    assert list(units["name_vi"]) == ["An Phú", "Bắc Sơn", "Công đoàn Cờ"]


def test_unknown_query_is_a_clear_error():
    with pytest.raises(db.QueryError, match="unknown query"):
        db.run("nope/nothing", campaign_id="T", as_of="2024-03-01 00:00")
    with pytest.raises(db.QueryError, match="unknown query"):
        db.run("../sangkien/schema", campaign_id="T", as_of="2024-03-01 00:00")


def test_parameters_named_only_in_comments_are_not_sent():
    assert db.used_parameters("-- uses $scope in prose\nselect $campaign_id as c -- and $as_of\n") == {"campaign_id"}
