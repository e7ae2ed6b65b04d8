"""The progress status (unit_status_as_of in queries/_macros/) on hand-built campaigns
(tests/fixtures.py build_daily: 100 days, a registered target of 1,000, 10 a day is exactly on a
straight line): a steady unit that will just make it is not at risk; a pace that projects a miss
is at risk before half the campaign; a late surge moves a unit back; 99,97% never shows as
100,0%; and the status at a minute is the same on a database cut at that minute."""

from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
import pandas as pd
import pytest

from sangkien.campaign import status
from sangkien.core import fmt
from sangkien.storage import store
from tests.fixtures import PACED_DAYS, PACED_OPENS, build_daily

PEERS = {f"P{i:02d}": [12] * PACED_DAYS for i in range(8)}  # their kind projects 1,200: no ramp-up


def day(n: float) -> datetime:
    """The minute `n` days after the opening (00:00 of day n, before that day's 09:00 submissions)."""
    return pd.Timestamp(PACED_OPENS + pd.Timedelta(days=n)).to_pydatetime()


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    daily = {
        **PEERS,
        "STEADY": [10] * 50 + [11] * 50,  # 1,050 at the close: just makes it, every day the same
        "SLOW": [8] * PACED_DAYS,  # 800 at the close
        "SURGE": [6] * 60 + [25] * 40,  # 360 by day 60, then 25 a day: 1,360
        "NEAR": [33] * 99 + [66],  # target 3,334: ends at 3,333, 99,97%
    }
    return build_daily(tmp_path_factory.mktemp("status") / "daily.duckdb", daily, targets={"NEAR": 3334})


@pytest.fixture
def on(campaign, use_db):
    use_db(campaign)


def at(moment: datetime) -> pd.DataFrame:
    return status.frame("P", moment).set_index("unit_code")


@pytest.mark.usefixtures("on")
def test_a_steady_unit_that_will_just_make_it_is_not_at_risk():
    for n in (8, 20, 35, 50, 70, 90):
        row = at(day(n)).loc["STEADY"]
        assert row["status"] in ("watch", "on_track"), (n, row["status"], row["projected_pct"])
        assert not row["is_progress_risk"]
    # at half time: 500 done, 10 a day over the last 28 days and 50 days left: exactly 1,000
    mid = at(day(50)).loc["STEADY"]
    assert (mid["count_submitted"], mid["projected_count"], mid["shortfall"]) == (500, pytest.approx(1000), 0)
    assert mid["status"] == "watch"  # it makes it, by no margin: a thin one is watched, not alarmed


@pytest.mark.usefixtures("on")
def test_a_pace_that_projects_a_miss_is_at_risk_before_half_the_campaign():
    row = at(day(30)).loc["SLOW"]  # 30% of the campaign gone
    assert row["count_submitted"] == 240 and row["projected_count"] == pytest.approx(800)
    assert row["status"] == "at_risk" and row["shortfall"] == 200
    assert "thiếu 200" in status.reason(row, "vi")
    # and it stays at risk to the close, then missed
    assert all(at(day(n)).loc["SLOW", "status"] == "at_risk" for n in (40, 60, 90))
    assert at(day(PACED_DAYS)).loc["SLOW", "status"] == "missed"


@pytest.mark.usefixtures("on")
def test_a_late_surge_moves_a_unit_back():
    seq = {n: at(day(n)).loc["SURGE"] for n in (60, 65, 75, 90)}
    assert seq[60]["status"] == "at_risk" and seq[60]["projected_count"] == pytest.approx(360 + 6 * 40)
    # day 75: 735 done, (13 x 6 + 15 x 25) / 28 a day over 25 days: about 1,140, no longer at risk
    assert seq[75]["count_submitted"] == 735
    assert seq[75]["projected_count"] == pytest.approx(735 + (13 * 6 + 15 * 25) / 28 * 25)
    assert seq[75]["status"] in ("watch", "on_track")
    assert seq[90]["status"] == "reached"  # 360 + 30 x 25 = 1,110
    # the change between two minutes says it recovered
    change = status.changes("P", day(75), day(60)).set_index("unit_code").loc["SURGE"]
    assert change["is_recovered"] and not change["is_new_risk"]


@pytest.mark.usefixtures("on")
def test_a_unit_at_99_97_percent_is_never_shown_as_100():
    row = at(day(PACED_DAYS)).loc["NEAR"]
    assert (row["count_submitted"], row["registered_target"], row["status"]) == (3333, 3334, "missed")
    for lang, shown in (("vi", "99,97%"), ("en", "99.97%")):
        assert fmt.percent(row["achieved_pct"], lang) == shown
        sentence = status.reason(row, lang)
        assert shown in sentence and "100,0%" not in sentence and "100.0%" not in sentence
    table = status.table(status.frame("P", day(PACED_DAYS)), "vi").set_index("unit_code")
    assert table.loc["NEAR", "achieved_pct"] == 99.97 and table.loc["NEAR", "status"] == "missed"
    # two minutes before the close: the same 3,333, still short, at risk, and 99,97% too
    late = at(day(PACED_DAYS) - pd.Timedelta(minutes=2)).loc["NEAR"]
    assert (late["count_submitted"], late["status"]) == (3333, "at_risk")
    assert fmt.percent(late["achieved_pct"], "vi") == "99,97%" and "100,0%" not in status.reason(late, "vi")


def _cut(source, target, moment: datetime):
    shutil.copyfile(source, target)
    con = duckdb.connect(str(target))
    try:
        con.execute("delete from submissions where submitted_at > $t", {"t": moment})
        store.refresh_derived(con, source="test-cut")
    finally:
        con.close()
    return target


@pytest.mark.parametrize("moment", [day(20.5), day(60) + pd.Timedelta(hours=9, minutes=30), day(75) + pd.Timedelta(minutes=1)])
def test_the_status_at_a_minute_is_the_same_on_a_database_cut_there(campaign, use_db, tmp_path, moment):
    use_db(campaign)
    full = status.frame("P", moment).set_index("unit_code")
    use_db(_cut(campaign, tmp_path / "cut.duckdb", moment))
    cut = status.frame("P", moment).set_index("unit_code")
    assert len(cut) == len(full) == 12
    columns = ["status", "count_submitted", "projected_count", "shortfall", "recent_per_day", "kind_median_projected_pct"]
    pd.testing.assert_frame_equal(cut.loc[full.index, columns], full[columns])


def test_the_status_on_the_tiny_fixture_is_the_same_cut_at_a_minute(tiny_db, use_db, tmp_path):
    # the hand-counted fixture, whose submissions are also reviewed: cut between its submissions
    for moment in (datetime(2024, 3, 2, 9, 0), datetime(2024, 3, 4, 8, 0), datetime(2024, 3, 8, 0, 0)):
        use_db(tiny_db)
        full = status.frame("T", moment).set_index("unit_code")
        use_db(_cut(tiny_db, tmp_path / f"tiny-{moment:%d%H}.duckdb", moment))
        cut = status.frame("T", moment).set_index("unit_code")
        pd.testing.assert_frame_equal(
            cut[["status", "count_submitted", "projected_count"]], full[["status", "count_submitted", "projected_count"]]
        )
