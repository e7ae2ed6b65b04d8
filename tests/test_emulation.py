"""The monthly emulation ranking: its query on the hand-counted fixture and invariants on the
demo, the stored scoring (including databases built before its table), and the page."""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sangkien.campaign import auth, emulation, status
from sangkien.core import safe
from sangkien.storage import db, location, publish, store
from sangkien.storage.state import ChangeError
from tests import signin, tables
from tests.fixtures import build_tiny

DEFAULTS = {**emulation.Settings().params, "min_month_days": emulation.MIN_MONTH_DAYS}


def scores(campaign_id: str, as_of: str, **settings) -> pd.DataFrame:
    return db.run("emulation/monthly_scores", campaign_id=campaign_id, as_of=as_of, **{**DEFAULTS, **settings})


def months(campaign_id: str, as_of: str) -> pd.DataFrame:
    return db.run("emulation/months", campaign_id=campaign_id, as_of=as_of, min_month_days=emulation.MIN_MONTH_DAYS)


# --- the fixture: one month (01/03-10/03/2024), A and B provinces, C a sector union ----------
# At 10/03 23:59, March: A 4 updated (2 by non-leaders), reviews concluded 2 valid (s1, s3) and
# 1 invalid (s2); B 2 updated by non-leaders, no review concluded; C nothing.


@pytest.fixture
def tiny(tiny_db, use_db):
    use_db(tiny_db)


def test_scores_on_the_fixture(tiny):
    # the target gate (all three end below target) is tested on its own below
    frame = scores("T", "2024-03-10 23:59", grade_a_min=44, grade_b_min=40, grade_c_min=10, target_gate=False).set_index("unit_code")
    a, b, c = frame.loc["U-A"], frame.loc["U-B"], frame.loc["U-C"]
    # the whole campaign lies in March, so the month's share of a target is the whole target
    assert (a["month_target"], b["month_target"]) == (pytest.approx(120), pytest.approx(40))
    assert a["target_points"] == pytest.approx(100 * 4 / 120) and b["target_points"] == pytest.approx(100 * 2 / 40)
    # 4.0 per 1,000 members each: a tie for first place among provinces; C updated nothing
    assert (a["members_points"], b["members_points"], c["members_points"]) == (100, 100, 0)
    assert a["valid_pct"] == pytest.approx(2 / 3) and b["valid_points"] == 0
    assert (a["non_leader_pct"], b["non_leader_pct"]) == (0.5, 1.0)
    # (40 * 3.33 + 20 * 100 + 20 * 66.67 + 20 * 50) / 100 and (40 * 5 + 20 * 100 + 20 * 0 + 20 * 100) / 100
    assert (a["score"], b["score"], c["score"]) == (44.7, 42.0, 0.0)
    assert (a["grade"], b["grade"], c["grade"]) == ("A", "B", "D")
    assert (a["rank_in_kind"], b["rank_in_kind"], c["rank_in_kind"]) == (1, 2, 1)  # C ranks among sector unions
    assert frame["rank_previous"].isna().all()


def test_the_top_grade_is_capped_by_a_share_of_the_kind(tiny):
    # both provinces reach the Excellent score (44.7 and 42.0 >= 40): of two units, 20% rounds down
    # to none, so the best one alone (at least one) is graded A and the other is a B that says so
    frame = scores("T", "2024-03-10 23:59", grade_a_min=40, grade_b_min=30, grade_c_min=10, target_gate=False).set_index("unit_code")
    assert (frame.loc["U-A", "grade"], frame.loc["U-B", "grade"]) == ("A", "B")
    assert list(frame.loc[["U-A", "U-B", "U-C"], "is_over_quota"]) == [False, True, False]
    assert list(frame.loc[["U-A", "U-B"], "count_grade_a_max"]) == [1, 1]
    # half of the kind: still one of two; the score alone (100%): both; no share at all: neither
    half = scores("T", "2024-03-10 23:59", grade_a_min=40, grade_b_min=30, grade_c_min=10, grade_a_share=50, target_gate=False).set_index(
        "unit_code"
    )
    assert list(half.loc[["U-A", "U-B"], "grade"]) == ["A", "B"]
    every = scores("T", "2024-03-10 23:59", grade_a_min=40, grade_b_min=30, grade_c_min=10, grade_a_share=100, target_gate=False)
    assert list(every.set_index("unit_code").loc[["U-A", "U-B"], "grade"]) == ["A", "A"] and not every["is_over_quota"].any()
    none = scores("T", "2024-03-10 23:59", grade_a_min=40, grade_b_min=30, grade_c_min=10, grade_a_share=0, target_gate=False).set_index(
        "unit_code"
    )
    assert list(none.loc[["U-A", "U-B"], "grade"]) == ["B", "B"] and none.loc[["U-A", "U-B"], "is_over_quota"].all()
    # the quiet case: with the default thresholds nobody reaches the Excellent score (44.7 at best),
    # so nobody is A and nobody is "over the quota", whatever the rank
    quiet = scores("T", "2024-03-10 23:59")
    assert "A" not in set(quiet["grade"]) and not quiet["is_over_quota"].any()


def test_the_target_gate_on_the_fixture(tiny):
    """March is the campaign's last ranked month; at the close A (4 of 120), B (2 of 40) and C (0
    of 20) all missed their registered target: none may be Excellent or Good there."""
    thresholds = dict(grade_a_min=44, grade_b_min=40, grade_c_min=10)
    frame = scores("T", "2024-03-10 23:59", **thresholds).set_index("unit_code")
    units = status.frame("T", datetime(2024, 3, 10, 23, 59)).set_index("unit_code")
    assert set(units["status"]) == {"missed"}
    assert list(frame["grade"]) == ["C", "C", "D"]  # scores 44.7 and 42.0 would be A and B
    assert list(frame["gate_status"]) == ["missed"] * 3 and frame["is_gated"].all()
    assert list(frame["is_gate_lowered"]) == [True, True, False]  # C's 0 points were a D anyway
    assert not frame["is_over_quota"].any()  # a gated unit takes no place in the A quota
    assert (frame["score"] == [44.7, 42.0, 0.0]).all() and list(frame["rank_in_kind"]) == [1, 2, 1]  # ranks unchanged
    # before the close the gate reads the projection: a unit at risk or stalled is gated, others not
    early = scores("T", "2024-03-06 12:00", **thresholds).set_index("unit_code")
    then = status.frame("T", datetime(2024, 3, 6, 12, 0)).set_index("unit_code")
    assert set(early.index[early["is_gated"]]) == set(then.index[then["status"].isin(["at_risk", "stalled"])])
    assert (early.loc[early["is_gated"], "grade"].isin(["C", "D"])).all()
    off = scores("T", "2024-03-10 23:59", **thresholds, target_gate=False).set_index("unit_code")
    assert list(off["grade"]) == ["A", "B", "D"] and not off["is_gated"].any()


def test_the_gate_reads_only_the_last_ranked_month(many_months):
    # U-A (602 registered, 48 updated) missed; its months before 08/2023 are never gated
    frame = scores("M", "2023-09-01 23:59", grade_a_min=10, grade_b_min=5, grade_c_min=1, grade_a_share=100)
    a = frame[frame["unit_code"] == "U-A"].set_index("month_start")
    assert a.loc[datetime(2023, 8, 1), "gate_status"] == "missed" and a.loc[datetime(2023, 8, 1), "grade"] == "C"
    assert not a.drop(datetime(2023, 8, 1))["is_gated"].any()
    assert a.loc[datetime(2022, 1, 1), "grade"] == "A"  # 12 updated in its first days


def test_weights_change_the_score(tiny):
    only_members = scores("T", "2024-03-10 23:59", w_target=0, w_members=1, w_valid=0, w_non_leader=0).set_index("unit_code")
    assert list(only_members["score"]) == [100.0, 100.0, 0.0]
    assert set(only_members.loc[["U-A", "U-B"], "rank_in_kind"]) == {1}


def test_a_partial_month_counts_its_share_up_to_the_minute(tiny):
    assert scores("T", "2024-03-04 12:00").empty  # 3.5 days are too few to rank a month
    frame = scores("T", "2024-03-04 12:00", min_month_days=3).set_index("unit_code")
    # 3 days 12 hours and 1 minute of the 10-day campaign
    share = (3.5 * 24 * 60 + 1) / (10 * 24 * 60)
    assert frame.loc["U-A", "month_target"] == pytest.approx(120 * share)
    assert frame.loc["U-A", "count_submitted"] == 3


def test_before_the_portal_opened_there_is_no_month(tiny):
    assert scores("T", "2024-02-20 08:00").empty


# --- a campaign over many months, like the real one ------------------------------------------
# Campaign M opens 08/01/2022 00:00 and closes 01/09/2023 23:59: 602 days. U-A registered 602,
# one a day, so a month's share of its target is its number of days in the campaign.
# U-A updated 12 on 10/01/2022, 31 on 15/08/2023 and 5 on the closing day 01/09/2023.
M_UPDATES = [("2022-01-10 09:00", 12), ("2023-08-15 10:00", 31), ("2023-09-01 08:00", 5)]


def build_months(path: Path) -> Path:
    build_tiny(path)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "insert into campaigns values ('M', 'Nhiều tháng', 'Many months', '2022-01-08 00:00', '2023-09-01 23:59', 1000, 0.1, false)"
        )
        con.execute("insert into targets values ('M', 'U-A', 602, 100, null), ('M', 'U-B', 301, 50, null), ('M', 'U-C', 60, 20, null)")
        k = 0
        for at, n in M_UPDATES:
            for _ in range(n):
                k += 1
                con.execute(
                    "insert into submissions values ($id, 'M', 'U-A', 'CĐCS 1', $at, false, 'state', 'technique', 'updated', "
                    "null, null, null, null, null)",
                    {"id": f"m{k}", "at": at},
                )
        store.refresh_derived(con, source="test")
    return path


@pytest.fixture(scope="module")
def many_months_db(tmp_path_factory):
    return build_months(tmp_path_factory.mktemp("months") / "months.duckdb")


@pytest.fixture
def many_months(many_months_db, use_db):
    use_db(many_months_db)


def test_months_run_from_the_opening_to_the_close(many_months):
    frame = months("M", "2023-09-01 23:59")
    assert list(frame["month_start"]) == list(pd.date_range("2022-01-01", "2023-09-01", freq="MS"))  # no 12/2021, no 10/2023
    first, last = frame.iloc[0], frame.iloc[-1]
    # January 2022 had 24 of its 31 days in the campaign (from 08/01); September 2023 one day
    assert (first["first_day"], first["days_counted"], bool(first["is_partial"])) == (datetime(2022, 1, 8), 24, True)
    assert (last["last_day"], last["days_counted"], bool(last["is_ranked"])) == (datetime(2023, 9, 1), 1, False)
    assert frame["is_ranked"].sum() == 20 and frame["is_complete"].all()
    assert not frame.iloc[1:-1]["is_partial"].any()
    assert months("M", "2021-12-31 23:59").empty


def test_the_default_month_is_the_last_complete_one(many_months):
    assert emulation.default_month(months("M", "2023-09-01 23:59")) == datetime(2023, 8, 1)
    assert emulation.default_month(months("M", "2025-01-01 00:00")) == datetime(2023, 8, 1)  # after the close, the same
    assert emulation.default_month(months("M", "2022-04-20 08:00")) == datetime(2022, 3, 1)
    # in the campaign's first month, the running month once it has 7 days; none before that
    assert emulation.default_month(months("M", "2022-01-20 12:00")) == datetime(2022, 1, 1)
    assert emulation.default_month(months("M", "2022-01-12 12:00")) is None


def test_partial_months_are_scored_on_their_days(many_months):
    frame = scores("M", "2023-09-01 23:59")
    assert frame["month_start"].min() == datetime(2022, 1, 1) and frame["month_start"].max() == datetime(2023, 8, 1)
    a = frame[frame["unit_code"] == "U-A"].set_index("month_start")
    # January: 12 updates against 24 days' share of 602 over 602 days; August: 31 against 31
    assert a.loc[datetime(2022, 1, 1), "month_target"] == pytest.approx(24)
    assert a.loc[datetime(2022, 1, 1), "month_target_pct"] == pytest.approx(0.5)
    assert bool(a.loc[datetime(2022, 1, 1), "is_partial"]) and not a.loc[datetime(2023, 8, 1), "is_partial"]
    assert a.loc[datetime(2023, 8, 1), "month_target_pct"] == pytest.approx(1.0)
    # the month being counted: 20/04/2022 08:00 leaves 19 days 8 hours and 1 minute of April
    april = scores("M", "2022-04-20 08:00").set_index(["month_start", "unit_code"]).loc[(datetime(2022, 4, 1), "U-A")]
    assert april["month_target"] == pytest.approx(19 + (8 * 60 + 1) / 1440)
    assert not april["is_complete"] and april["is_partial"]


def test_the_page_opens_on_the_last_complete_month(many_months):
    at = open_page(as_of="2023-09-01T23:59", campaign="M")
    assert not at.exception
    body = texts(at)
    assert "Xếp loại tháng 08/2023 — LĐLĐ tỉnh, thành phố" in body
    assert "Tháng 09/2023 không xếp loại: chỉ có 1 ngày của chương trình (cần ít nhất 7 ngày)." in body
    assert at.select_slider(key="em_month").value == datetime(2023, 8, 1)
    assert at.select_slider(key="em_month").options[0] == "01/2022"
    at.select_slider(key="em_month").set_value(pd.Timestamp("2022-01-01")).run()
    body = texts(at)
    assert "Xếp loại tháng 01/2022 (không trọn, 24/31 ngày) — LĐLĐ tỉnh, thành phố" in body
    assert "chương trình có 24 trong 31 ngày của tháng (08/01/2022–31/01/2022)" in body
    at = open_page(as_of="2022-01-12T12:00", campaign="M")
    assert not at.exception and not at.dataframe
    assert "Chưa có tháng nào đủ 7 ngày để xếp loại" in texts(at)


# --- invariants on the demo -------------------------------------------------------------------


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)


def test_months_ranks_and_movement_on_the_demo(demo):
    ranked = scores("1TR-2022", "2023-09-01 23:59")
    assert ranked["month_start"].min() == datetime(2022, 1, 1) and ranked["month_start"].max() == datetime(2023, 8, 1)
    assert len(ranked) == 82 * 20
    frame = scores("1TR-2022", "2023-09-01 23:59", min_month_days=0)  # every month, the closing day's too
    assert len(frame) == 82 * 21
    # the month shares spread each registered target over the campaign exactly once
    spread = frame.groupby("unit_code")["month_target"].sum()
    registered = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2023-09-01 23:59").set_index("unit_code")
    assert (spread - registered["registered_target"]).abs().max() < 1e-6
    # the months' updates add up to the total
    assert frame.groupby("unit_code")["count_submitted"].sum().equals(registered["count_submitted"].reindex(spread.index).astype(float))
    for (_, kind), part in frame.groupby(["month_start", "kind"]):
        assert part["rank_in_kind"].min() == 1 and part["rank_in_kind"].max() <= len(part)
        assert part["count_units_in_kind"].iloc[0] == {"province": 63, "sector": 12, "corporation": 7}[kind]
    moved = frame.dropna(subset=["rank_previous"])
    assert (moved["rank_change"] == moved["rank_previous"] - moved["rank_in_kind"]).all()
    assert frame["score"].between(0, 100).all()
    assert set(frame["grade"]) <= set(emulation.GRADES)


def test_the_grades_single_out_the_best_few_on_the_demo(demo):
    # by the scores alone (the quota lifted) about half of the provinces are Excellent every month
    # from 04/2022 on; with the default share a grade names a few, the best ranked, every month
    close = "2023-09-01 23:59"
    lifted = scores("1TR-2022", close, grade_a_share=100, target_gate=False)
    provinces = lifted[(lifted["kind"] == "province") & (lifted["month_start"] >= datetime(2022, 4, 1))]
    assert provinces.groupby("month_start")["grade"].apply(lambda g: (g == "A").mean()).min() > 0.4
    frame = scores("1TR-2022", close, target_gate=False)  # the quota alone; the gate is tested below
    share = emulation.Settings().grade_a_share / 100
    for _, part in frame.groupby(["month_start", "kind"]):
        graded_a = part[part["grade"] == "A"]
        allowed = max(1, int(share * len(part)))
        # never more than the share, except units tied at its last place
        assert (graded_a["rank_in_kind"] <= allowed).all()
        # exactly the best ranked of those with the score, worst of them no better than any B over the quota
        reached = part[part["score"] >= emulation.Settings().grade_a_min]
        assert set(graded_a["unit_code"]) == set(reached.loc[reached["rank_in_kind"] <= allowed, "unit_code"])
        assert set(part.loc[part["is_over_quota"], "unit_code"]) == set(reached["unit_code"]) - set(graded_a["unit_code"])
        assert (part.loc[part["is_over_quota"], "grade"] == "B").all()
        if len(graded_a) and part["is_over_quota"].any():
            assert graded_a["score"].min() >= part.loc[part["is_over_quota"], "score"].max()
    monthly = frame[frame["kind"] == "province"].groupby("month_start")["grade"].apply(lambda g: int((g == "A").sum()))
    assert monthly.max() <= 13 and monthly.min() >= 1  # 20% of 63 is 12 (13 with a tie)


MISSED = {"Kon Tum", "Đồng Tháp", "Sóc Trăng", "Bà Rịa - Vũng Tàu", "Bình Dương"}


def test_at_the_close_the_units_that_missed_are_not_excellent_or_good(demo):
    close = "2023-09-01 23:59"
    frame = scores("1TR-2022", close)
    last = frame[frame["month_start"] == datetime(2023, 8, 1)].set_index("name_vi")
    units = status.frame("1TR-2022", datetime(2023, 9, 1, 23, 59))
    missed = set(units.loc[units["status"] == "missed", "name_vi"])
    assert missed == MISSED
    assert set(last.loc[last["is_gated"]].index) == missed
    assert not last.loc[list(missed), "grade"].isin(["A", "B"]).any()
    # without the gate at least one of them was Excellent or Good (Bà Rịa - Vũng Tàu scores 85,1)
    off = scores("1TR-2022", close, target_gate=False)
    off_last = off[off["month_start"] == datetime(2023, 8, 1)].set_index("name_vi")
    assert off_last.loc[list(missed), "grade"].isin(["A", "B"]).all()
    # the earlier months keep their grades
    before = frame[frame["month_start"] < datetime(2023, 8, 1)]
    assert before["grade"].tolist() == off[off["month_start"] < datetime(2023, 8, 1)]["grade"].tolist()
    # the A quota passes to the next units: as many Excellent provinces as without the gate
    assert (last["grade"] == "A").sum() == (off_last["grade"] == "A").sum()


def test_the_page_shows_the_gate_in_the_grade_column(demo):
    at = open_page(as_of="2023-09-02T08:00", kind="province")
    assert not at.exception
    table = tables.shown(at.dataframe[0]).set_index("Đơn vị")
    for name in MISSED:
        assert table.loc[name, "Xếp loại"] == "Khá (không đạt chỉ tiêu đăng ký)", name
    assert "Tháng cuối: đơn vị chưa đạt chỉ tiêu đăng ký xếp tối đa loại Khá." in texts(at)


# --- stored scoring ------------------------------------------------------------------------------


@pytest.fixture
def writable(tmp_path, use_db):
    path = build_tiny(tmp_path / "tiny.duckdb")
    use_db(path)
    return path


def test_a_database_without_the_settings_table_uses_the_defaults(tmp_path, use_db):
    path = build_tiny(tmp_path / "old.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("drop table emulation_settings")
    use_db(path)
    assert emulation.load("T") == emulation.Stored(emulation.Settings())
    emulation.save("T", emulation.Settings(w_target=10), "Nguyễn Văn A", now=datetime(2024, 3, 5, 9, 30))
    stored = emulation.load("T")
    assert stored.settings.w_target == 10 and stored.settings.w_members == 20
    # stored in UTC, read in Vietnam time (UTC+7)
    assert (stored.updated_by, stored.updated_at) == ("Nguyễn Văn A", datetime(2024, 3, 5, 16, 30))
    assert emulation.load("other campaign").settings == emulation.Settings()


@pytest.mark.parametrize(
    ("settings", "who", "key"),
    [
        (emulation.Settings(w_valid=-1), "x", "em_err_weights"),
        (emulation.Settings(w_target=0, w_members=0, w_valid=0, w_non_leader=0), "x", "em_err_weights"),
        (emulation.Settings(grade_b_min=90), "x", "em_err_thresholds"),
        (emulation.Settings(grade_a_min=120), "x", "em_err_thresholds"),
        (emulation.Settings(grade_a_share=120), "x", "em_err_share"),
        (emulation.Settings(grade_a_share=-5), "x", "em_err_share"),
    ],
)
def test_bad_settings_are_refused(writable, settings, who, key):
    with pytest.raises(ChangeError) as info:
        emulation.save("T", settings, who)
    assert info.value.key == key
    assert emulation.load("T").updated_by is None
    assert not publish.pointer_path(writable).exists()  # nothing was published
    assert not publish.pointer_path(location.state_path(writable)).exists()


def test_movement_and_month_labels():
    assert [emulation.movement_label(v) for v in (3, -2, 0, None, float("nan"))] == ["▲ 3", "▼ 2", "=", "–", "–"]
    assert emulation.month_label(datetime(2022, 4, 1)) == "04/2022"


# --- the page --------------------------------------------------------------------------------


def open_page(user: str | None = None, **query) -> AppTest:
    return signin.open_page("pages/emulation.py", query, user)


def texts(at: AppTest) -> str:
    return signin.texts(at, "markdown", "caption", "subheader", "warning", "info", "error", "success")


def test_ranking_page_at_the_conference(demo):
    at = open_page(as_of="2022-04-20T08:00", kind="province")
    assert not at.exception
    body = texts(at)
    # the last complete month opens; April, still running, is one step away
    assert "Xếp loại tháng 03/2022 — LĐLĐ tỉnh, thành phố" in body
    at.select_slider(key="em_month").set_value(pd.Timestamp("2022-04-01")).run()
    body = texts(at)
    assert "Tháng 04/2022 chưa kết thúc" in body and "Xếp loại tháng 04/2022 (không trọn, 19,3/30 ngày)" in body
    table = at.dataframe[0].value
    expected = scores("1TR-2022", "2022-04-20 08:00", **emulation.load("1TR-2022").settings.params)
    expected = expected[(expected["kind"] == "province") & (expected["month_start"] == datetime(2022, 4, 1))]
    assert list(table["unit"]) == list(expected["name_vi"])
    assert list(table["rank_in_kind"])[:3] == list(expected["rank_in_kind"])[:3]
    assert len(at.dataframe) == 1
    tables_buttons = [b.label for b in at.download_button if not b.key.startswith(("cd_csv_", "cd_xlsx_")) and b.key != "pt_xlsx"]
    assert tables_buttons == ["Tải CSV", "Tải Excel (mọi tháng)"]  # the charts' own files: tests/test_chart_data.py
    assert at.selectbox(key="w_unit_select").value == expected["unit_code"].iloc[0]


def test_the_rank_chart_follows_the_ranking_on_screen(demo):
    # no unit in the URL: the chart shows the first unit of the open tab's ranking
    at = open_page(as_of="2022-11-15T13:37")
    kinds = db.run("meta/units").set_index("unit_code")["kind"]
    assert not at.exception and kinds[at.selectbox(key="w_unit_select").value] == "province"
    signin.open_section(at, "em_view", 2)
    assert not at.exception and kinds[at.selectbox(key="w_unit_select").value] == "corporation"
    # the chart's title names that unit (read from the figure, not searched in its JSON text, which
    # may write a Vietnamese name as \uXXXX escapes)
    import json

    title = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert at.dataframe[0].value["unit"].iloc[0] in html.unescape(title.replace("<br>", " "))


def test_ranking_page_every_kind_and_an_earlier_month(demo):
    at = open_page(as_of="2022-04-20T08:00", unit="CDN-GD")
    assert not at.exception
    # one ranking per unit kind, each in its tab
    assert [tab.label for tab in at.tabs] == ["LĐLĐ tỉnh, thành phố", "Công đoàn ngành Trung ương", "Công đoàn Tập đoàn, Tổng Công ty"]
    kinds = db.run("meta/units")["kind"].value_counts()
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == kinds["province"]
    assert len(signin.open_section(at, "em_view", 1).dataframe[0].value) == kinds["sector"]
    assert len(signin.open_section(at, "em_view", 2).dataframe[0].value) == kinds["corporation"]
    at.select_slider(key="em_month").set_value(pd.Timestamp("2022-01-01")).run()
    assert not at.exception
    assert "Xếp loại tháng 01/2022" in texts(at)
    assert at.selectbox(key="w_unit_select").value == "CDN-GD"


def test_ranking_page_empty_state_and_bad_url(demo):
    at = signin.before_opening(open_page, texts)
    assert not at.dataframe
    at = open_page(as_of="2022-04-20T08:00", kind="planet")
    assert not at.exception
    assert len(at.tabs) == 3  # the bad kind fell back to every kind


def test_saving_the_scoring_in_the_page(writable):
    auth.add_user("nva@example.org", "editor")
    at = open_page(user="nva@example.org", as_of="2024-03-10T23:59")
    assert not at.exception
    assert "Đang dùng cách chấm điểm mặc định." in texts(at)
    at.number_input(key="em_g_B").set_value(90.0)
    at.form_submit_button[0].click().run()
    assert any("Ngưỡng phải giảm dần" in e.value for e in at.error)
    assert emulation.load("T").updated_by is None
    at.number_input(key="em_g_B").set_value(40.0)
    at.number_input(key="em_g_A").set_value(44.0)
    at.number_input(key="em_g_C").set_value(10.0)
    at.number_input(key="em_w_target").set_value(50.0)
    at.number_input(key="em_share").set_value(50.0)
    at.form_submit_button[0].click().run()
    assert not at.exception
    stored = emulation.load("T")
    assert (stored.settings.w_target, stored.settings.grade_a_min, stored.updated_by) == (50.0, 44.0, "nva@example.org")
    assert stored.settings.grade_a_share == 50.0
    assert stored.settings.target_gate is True  # the gate stays on unless switched off
    assert at.toggle(key="em_gate").value is True
    at.toggle(key="em_gate").set_value(False)
    at.form_submit_button[0].click().run()
    assert not at.exception
    assert emulation.load("T").settings.target_gate is False
    assert "Tháng cuối: không xét chỉ tiêu đăng ký khi xếp loại." in texts(at)
    assert at.toggle(key="em_gate").value is False
    assert "Xuất sắc ≥ 44 (tối đa 50% số đơn vị của khối)" in texts(at)
    assert any("Đã lưu cách chấm điểm" in s.value for s in at.success)
    assert f"Cách chấm điểm do {safe.md('nva@example.org')} lưu lúc" in texts(at)  # an address as text, not a mail link
