"""The watchlist: its query on the tiny fixture (hand-counted), the seed's acceptance on the demo,
its sentences, and the page through AppTest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sangkien import db, fmt, watchlist
from tests import downloads

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SEED_GROUP = "HN-THAINGUYEN-2022"
# The seed: 3/9 units registered below the guideline; four update "at the national average,
# lower than their potential".
SEED_BELOW_GUIDELINE = {"Phú Thọ", "Bắc Kạn", "Lào Cai"}
SEED_ABOUT_AVERAGE = {"Thái Nguyên", "Yên Bái", "Phú Thọ", "Lào Cai"}


def flags(as_of, scope=None, campaign_id="T", **settings) -> pd.DataFrame:
    params = {**watchlist.Settings().params, **settings}
    return db.run("watchlist/unit_flags", campaign_id=campaign_id, as_of=as_of, scope=scope, **params).set_index("unit_code")


# --- the query on the tiny fixture (tests/fixtures.py) ---


@pytest.fixture
def tiny(tiny_db, use_db):
    use_db(tiny_db)


@pytest.mark.usefixtures("tiny")
def test_stalled_to_the_minute():
    # 2-day window: B's last submission (s5) is 04/03 07:45, A's (s6) 04/03 23:59, C has none.
    at_0744 = flags("2024-03-06 07:44", stall_days=2)
    assert list(at_0744.index[at_0744["is_stalled"]]) == ["U-C"]
    at_0745 = flags("2024-03-06 07:45", stall_days=2)
    assert sorted(at_0745.index[at_0745["is_stalled"]]) == ["U-B", "U-C"]
    assert at_0745.loc["U-B", "last_submitted_day"] == pd.Timestamp("2024-03-04")
    assert pd.isna(at_0745.loc["U-C", "last_submitted_day"])


@pytest.mark.usefixtures("tiny")
def test_nobody_is_stalled_before_the_portal_is_that_old():
    # 01/03 20:00 is less than 7 days after the opening: even C (nothing yet) is not "stalled".
    assert not flags("2024-03-01 20:00")["is_stalled"].any()
    # 08/03 00:00 is exactly 7 days after: C is; A and B submitted on 04/03, inside the window.
    at_open_7 = flags("2024-03-08 00:00")
    assert list(at_open_7.index[at_open_7["is_stalled"]]) == ["U-C"]


@pytest.mark.usefixtures("tiny")
def test_pace_needed_against_the_recent_pace():
    # 05/03 12:00, a 2-day window (since 03/03 12:00); the close is the end of 10/03 (5.5 days left).
    f = flags("2024-03-05 12:00", pace_days=2)
    a = f.loc["U-A"]
    assert a["count_submitted"] == 4  # s1 s2 s3 s6
    assert a["count_remaining"] == 116  # registered 120
    assert a["days_left"] == pytest.approx(5.5)
    assert a["needed_per_day"] == pytest.approx(116 / 5.5)
    assert a["count_recent"] == 1  # s6 only; s1-s3 were before 03/03 12:00
    assert a["recent_per_day"] == pytest.approx(0.5)
    assert a["forecast_at"] == pd.Timestamp("2024-03-05 12:00") + pd.Timedelta(days=232)
    assert a["is_behind_pace"] and not a["is_reached_before_close"]
    b = f.loc["U-B"]
    assert (b["count_remaining"], b["count_recent"]) == (38, 1)  # s5 in the window, s4 before it
    c = f.loc["U-C"]
    assert c["count_recent"] == 0 and pd.isna(c["forecast_at"]) and c["is_behind_pace"]


@pytest.mark.usefixtures("tiny")
def test_after_the_close_behind_pace_means_not_reached():
    f = flags("2024-03-10 23:59")
    assert f["is_closed"].all()
    assert f["is_behind_pace"].all()  # every unit is short of its registered target
    assert f.loc["U-A", "count_remaining"] == 116


@pytest.mark.usefixtures("tiny")
def test_rate_about_the_average_and_below_potential():
    # 02/03 12:00: A has s1 s2 s3 (3), B has s4 (1), C none; registered 120 / 40 / 20.
    # National rate 4/180; A and B both at 3/120 = 1/40 = 1.125 x national. Per 1,000 members:
    # A 3.0, B 2.0. A's only peer of the same kind is B and B's is A; C (sector) has no peer.
    wide = flags("2024-03-02 12:00", band_pct=0.15)
    assert wide.loc["U-A", "national_achieved_pct"] == pytest.approx(4 / 180)
    assert wide.loc["U-B", "ratio_to_national"] == pytest.approx(1.125)
    assert sorted(wide.index[wide["is_about_national"]]) == ["U-A", "U-B"]
    assert wide.loc["U-B", "potential_per_1000_members"] == pytest.approx(3.0)
    assert wide.loc["U-B", "best_peer_name_vi"] == "An Phú"
    assert wide.loc["U-B", "count_potential"] == 2  # 3.0 per 1,000 x 500 members = 1.5, rounded
    assert list(wide.index[wide["is_low_rate"]]) == ["U-B"]  # A is above its peer B
    assert wide.loc["U-C", "is_below_national"] and not wide.loc["U-C", "is_low_rate"]
    # With the ±10% band, 1.125 x national is above the average: nobody is flagged for the rate.
    narrow = flags("2024-03-02 12:00", band_pct=0.10)
    assert not narrow["is_low_rate"].any() and not narrow["is_about_national"].any()


@pytest.mark.usefixtures("tiny")
def test_guideline_and_reason_count():
    f = flags("2024-03-05 12:00", pace_days=2)
    assert list(f.index[f["is_below_guideline"]]) == ["U-B"]  # registered 40 < guideline 50
    reasons = f[list(watchlist.REASONS)].astype(int).sum(axis=1)
    assert (reasons == f["count_reasons"]).all()
    assert list(f.index) == list(f.sort_values("count_reasons", ascending=False, kind="stable").index)


@pytest.mark.usefixtures("tiny")
def test_scope_limits_rows_not_the_national_comparison():
    everyone = flags("2024-03-02 12:00")
    scoped = flags("2024-03-02 12:00", scope=["U-B"])
    assert list(scoped.index) == ["U-B"]
    assert scoped.loc["U-B", "national_achieved_pct"] == pytest.approx(everyone.loc["U-B", "national_achieved_pct"])
    assert scoped.loc["U-B", "potential_per_1000_members"] == pytest.approx(everyone.loc["U-B", "potential_per_1000_members"])


# --- sentences ---


def _row(**values) -> pd.Series:
    base = dict(
        name_vi="Bắc Sơn",
        name_en="Bac Son",
        count_submitted=1245,
        registered_target=7600,
        guideline_target=9500,
        guideline_ratio=0.1,
        members_estimate=95000,
        registered_minus_guideline=-1900,
        achieved_registered_pct=1245 / 7600,
        national_achieved_pct=0.156,
        is_about_national=True,
        count_per_1000_members=13.1,
        potential_per_1000_members=49.7,
        count_potential=4722,
        best_peer_name_vi="An Phú",
        best_peer_name_en="An Phu",
        count_peers=10,
        is_closed=False,
        count_remaining=6355,
        needed_per_day=12.7,
        days_left=499.7,
        pace_window_days=14.0,
        recent_per_day=10.0,
        closes_at=datetime(2023, 9, 1, 23, 59),
        forecast_at=pd.Timestamp("2024-03-01 10:00"),
        last_submitted_day=pd.Timestamp("2022-04-10"),
        is_low_rate=True,
        is_behind_pace=True,
        is_stalled=True,
        is_below_guideline=True,
    )
    return pd.Series({**base, **values})


def test_every_reason_is_a_sentence_with_its_numbers():
    s = watchlist.Settings()
    rate, pace, stalled, guideline = watchlist.reasons(_row(), s, "vi")
    assert "ở mức trung bình cả nước" in rate and "15,6%" in rate and "(1.245/7.600)" in rate
    assert "14,0%–17,2%" in rate  # the ±10% band
    assert "An Phú" in rate and "49,7" in rate and "4.722" in rate
    assert "6.355" in pace and "12,7" in pace and "14 ngày qua" in pace and "10,0" in pace
    assert "không đạt trước khi kết thúc (01/09/2023)" in pace and "01/03/2024" in pace
    assert "7 ngày" in stalled and "10/04/2022" in stalled
    assert "7.600" in guideline and "9.500" in guideline and "95.000" in guideline and "1.900" in guideline


def test_sentences_follow_the_settings_and_language():
    s = watchlist.Settings(band_pct=0.2, potential_quantile=0.75, pace_days=30, stall_days=3)
    row = _row(is_about_national=False, is_behind_pace=False, is_below_guideline=False, pace_window_days=30.0)
    rate, stalled = watchlist.reasons(row, s, "en")
    assert "below the national average" in rate and "12.5%–18.7%" in rate and "upper quartile" in rate
    assert "An Phu" not in rate  # a quantile names no single peer
    assert "3 days" in stalled


def test_stalled_unit_that_never_submitted():
    (sentence,) = watchlist.reasons(
        _row(is_low_rate=False, is_behind_pace=False, is_below_guideline=False, last_submitted_day=pd.NaT), watchlist.Settings(), "vi"
    )
    assert "chưa cập nhật sáng kiến nào" in sentence


# --- the seed's acceptance on the demo ---


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)


def seed_group_flags() -> pd.DataFrame:
    groups = db.run("meta/groups").set_index("group_id")
    scope = list(groups.loc[SEED_GROUP, "unit_codes"])
    return flags(datetime(2022, 4, 20, 8, 0), scope=scope, campaign_id="1TR-2022")


@pytest.mark.usefixtures("demo")
def test_seed_group_below_guideline():
    f = seed_group_flags()
    assert len(f) == 9
    assert set(f.loc[f["is_below_guideline"], "name_vi"]) == SEED_BELOW_GUIDELINE


@pytest.mark.usefixtures("demo")
def test_seed_group_about_the_national_average_below_potential():
    f = seed_group_flags()
    # published: 163,532 updated of 1,048,500 registered nationwide
    assert f["national_achieved_pct"].iloc[0] == pytest.approx(163_532 / 1_048_500)
    about = f[f["is_low_rate"] & f["is_about_national"]]
    assert set(about["name_vi"]) == SEED_ABOUT_AVERAGE
    # the other units flagged for the rate are clearly below the average band, not "about" it
    others = f[f["is_low_rate"] & ~f["is_about_national"]]
    assert others["is_below_national"].all()


@pytest.mark.usefixtures("demo")
def test_demo_invariants():
    f = flags(datetime(2022, 4, 20, 8, 0), campaign_id="1TR-2022")
    assert len(f) == 82
    assert f["count_submitted"].sum() == 163_532
    assert (f["count_recent"] >= 0).all() and (f["count_stall_window"] <= f["count_recent"]).all()
    assert (f["count_peers"] == f["kind"].map(f["kind"].value_counts().clip(upper=11) - 1)).all()


# --- the page ---


def open_page(**query) -> AppTest:
    """The page as a visit to its URL with `query`: the first run (the overview) drops a bad
    value from the URL, so the query is set again before moving to the page."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page("pages/watchlist.py").run()


def unit_reasons(at: AppTest) -> dict[str, str]:
    """Unit heading -> the markdown of its reasons, as the page lays them out."""
    values = [m.value for m in at.markdown]
    return {v[5:]: values[i + 1] for i, v in enumerate(values) if v.startswith("#### ")}


@pytest.mark.usefixtures("demo")
def test_page_at_the_conference():
    at = open_page(as_of="2022-04-20T08:00", group=SEED_GROUP)
    assert not at.exception
    reasons = unit_reasons(at)
    for name in SEED_BELOW_GUIDELINE:
        assert "Đăng ký thấp hơn chỉ tiêu định hướng" in reasons[name]
    for name in SEED_ABOUT_AVERAGE:
        assert "Cập nhật ở mức trung bình cả nước, thấp hơn tiềm năng" in reasons[name]
    assert "15,6%" in reasons["Thái Nguyên"]
    assert any("Tính đến 08:00 ngày 20/04/2022" in c.value for c in at.caption)
    assert at.dataframe[0].value.shape[0] == 9


@pytest.mark.usefixtures("demo")
def test_page_table_csv_has_the_raw_figures(monkeypatch):
    made = downloads.record(monkeypatch)
    at = open_page(as_of="2022-04-20T08:00", group=SEED_GROUP)
    assert not at.exception
    downloads.check_every_table(at, made)
    table = downloads.read(made["canh-bao-20220420-0800"]).set_index("Đơn vị")
    shown = at.dataframe[0].value
    assert list(table.columns) == list(shown.columns[1:]) and len(table) == 9
    # the shares the page shows as text ("15,6%") are numbers here
    assert [fmt.percent(v, "vi") for v in table["% chỉ tiêu đăng ký"]] == list(shown["% chỉ tiêu đăng ký"])
    assert pd.to_datetime(table["Dự kiến đạt"]).notna().all()  # minutes a spreadsheet reads as dates


@pytest.mark.usefixtures("demo")
def test_page_settings_reach_the_query_and_the_sentences():
    at = open_page(as_of="2022-04-20T08:00", group=SEED_GROUP)
    at.slider(key="wl_band").set_value(0).run()
    assert not at.exception
    assert "±0%" in at.expander[0].label
    text = "\n".join(unit_reasons(at).values())
    assert "ở mức trung bình cả nước" not in text  # nobody is exactly at the national rate


@pytest.mark.usefixtures("demo")
def test_page_in_english():
    at = open_page(as_of="2022-04-20T08:00", group=SEED_GROUP, lang="en")
    assert not at.exception
    reasons = unit_reasons(at)
    assert "Updating at about the national average" in reasons["Thai Nguyen"]
    assert "15.6%" in reasons["Thai Nguyen"]


@pytest.mark.usefixtures("demo")
def test_page_before_the_portal_opened():
    at = open_page(as_of="2021-12-01T08:00")
    assert not at.exception
    assert any("cổng trực tuyến mở ngày 08/01/2022" in i.value for i in at.info)
    assert not at.dataframe


@pytest.mark.usefixtures("demo")
def test_page_with_a_bad_group():
    at = open_page(as_of="2022-04-20T08:00", group="nope")
    assert not at.exception
    assert any("“group”" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 82  # fell back to nationwide


@pytest.mark.usefixtures("demo")
def test_page_with_an_empty_scope():
    # no corporate union is in the conference's group of provinces
    at = open_page(as_of="2022-04-20T08:00", group=SEED_GROUP, kind="corporation")
    assert not at.exception
    assert any("Không có đơn vị nào trong phạm vi" in i.value for i in at.info)
