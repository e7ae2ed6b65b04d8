"""Chỉ tiêu: the targets queries on the tiny fixture (hand-counted from tests/fixtures.py), the
seed's published figures on the demo, and the page through AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from sangkien.core import safe
from sangkien.storage import db
from sangkien.web.charts import targets as targets_charts
from tests import downloads, signin, tables

PAGE = "pages/targets.py"
CONFERENCE = "2022-04-20T08:00"
SEED_GROUP = "HN-THAINGUYEN-2022"
BANDS = ["lt25", "25_50", "50_100", "ge100"]


def run(name, as_of="2024-03-10 23:59", scope=None, campaign_id="T"):
    return db.run(name, campaign_id=campaign_id, as_of=as_of, scope=scope)


# --- queries on the tiny fixture -------------------------------------------------------------


@pytest.fixture
def tiny(tiny_db, use_db):
    use_db(tiny_db)


def test_unit_margins_are_registered_minus_guideline(tiny):
    m = run("targets/unit_margins")
    # A 120 - 100 = +20, C 20 - 20 = 0, B 40 - 50 = -10: the largest margin first
    assert list(m["unit_code"]) == ["U-A", "U-C", "U-B"]
    assert list(m["registered_minus_guideline"]) == [20, 0, -10]
    assert list(m["is_below_guideline"]) == [False, False, True]


def test_unit_margins_achieved_against_registered(tiny):
    m = run("targets/unit_margins").set_index("unit_code")
    # by the close A has s1 s2 s3 s6 (4 of 120), B s4 s5 (2 of 40), C nothing (0 of 20)
    assert list(m.loc[["U-A", "U-B", "U-C"], "count_submitted"]) == [4, 2, 0]
    assert list(m.loc[["U-A", "U-B", "U-C"], "submitted_minus_registered"]) == [-116, -38, -20]
    assert m.loc["U-A", "achieved_registered_pct"] == pytest.approx(4 / 120)
    assert m.loc["U-B", "achieved_registered_pct"] == pytest.approx(0.05)
    assert (m["achieved_band"] == "lt25").all()  # 3.3%, 5% and 0% are all under 25%


def test_unit_margins_follow_the_as_of_minute(tiny):
    # 01/03 17:29: only s1 for A
    m = run("targets/unit_margins", as_of="2024-03-01 17:29").set_index("unit_code")
    assert list(m.loc[["U-A", "U-B", "U-C"], "count_submitted"]) == [1, 0, 0]


def test_band_counts_by_region_and_kind(tiny):
    b = run("targets/band_counts")
    assert list(b.columns[:2]) == ["breakdown", "breakdown_code"]
    counts = {(r.breakdown, r.breakdown_code, r.achieved_band): r.count_units for r in b.itertuples()}
    # every band is listed, empty ones with 0: regions R1 (A, B) and TW (C), kinds province (A, B) and sector (C)
    assert len(b) == 4 * 4
    assert counts[("region", "R1", "lt25")] == 2
    assert counts[("region", "TW", "lt25")] == 1
    assert counts[("kind", "province", "lt25")] == 2
    assert counts[("kind", "sector", "lt25")] == 1
    assert sum(v for (_, _, band), v in counts.items() if band != "lt25") == 0
    assert list(b.loc[b["breakdown"] == "region", "breakdown_code"].unique()) == ["R1", "TW"]  # provinces before central unions


def test_band_counts_respect_the_scope(tiny):
    b = run("targets/band_counts", scope=["U-A", "U-C"])
    kinds = b[b["breakdown"] == "kind"]
    assert sorted(kinds["breakdown_code"].unique()) == ["province", "sector"]
    assert kinds.groupby("breakdown_code")["count_units"].sum().to_dict() == {"province": 1, "sector": 1}


def test_scope_totals(tiny):
    t = run("targets/scope_totals").iloc[0]
    assert (t["count_units"], t["registered_target"], t["guideline_target"], t["registered_minus_guideline"]) == (3, 180, 170, 10)
    assert (t["count_units_over_guideline"], t["count_units_at_guideline"], t["count_units_below_guideline"]) == (1, 1, 1)
    assert t["count_units_at_or_above_guideline"] == 2
    assert t["count_submitted"] == 6
    assert t["achieved_registered_pct"] == pytest.approx(6 / 180)
    g = run("targets/scope_totals", scope=["U-A", "U-C"]).iloc[0]  # group G1
    assert (g["registered_target"], g["guideline_target"], g["count_units_below_guideline"]) == (140, 120, 0)


# --- the demo: published figures and invariants ---------------------------------------------


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)


def seed_group_codes() -> list[str]:
    groups = db.run("meta/groups").set_index("group_id")
    return list(groups.loc[SEED_GROUP, "unit_codes"])


def test_seed_group_margins(demo):
    m = run("targets/unit_margins", as_of="2022-04-20 08:00", scope=seed_group_codes(), campaign_id="1TR-2022").set_index("name_vi")
    assert len(m) == 9
    assert m.loc["Hòa Bình", "registered_minus_guideline"] == 3927
    assert m.loc["Tuyên Quang", "registered_minus_guideline"] == 3008
    assert m.loc["Lạng Sơn", "registered_minus_guideline"] == 828
    assert set(m.index[m["is_below_guideline"]]) == {"Phú Thọ", "Bắc Kạn", "Lào Cai"}
    assert list(m.index[:3]) == ["Hòa Bình", "Tuyên Quang", "Lạng Sơn"]


def test_seed_registered_totals(demo):
    group = run("targets/scope_totals", as_of="2022-04-20 08:00", scope=seed_group_codes(), campaign_id="1TR-2022").iloc[0]
    assert group["registered_target"] == 66_775
    assert group["count_units_below_guideline"] == 3
    nationwide = run("targets/scope_totals", as_of="2022-04-20 08:00", campaign_id="1TR-2022").iloc[0]
    assert nationwide["registered_target"] == 1_048_500
    assert nationwide["count_units"] == 82


@pytest.mark.parametrize("as_of", ["2022-04-20 08:00", "2023-09-01 23:59"])
def test_bands_agree_with_the_unit_rows(demo, as_of):
    units = run("targets/unit_margins", as_of=as_of, campaign_id="1TR-2022")
    bands = run("targets/band_counts", as_of=as_of, campaign_id="1TR-2022")
    pct = units["achieved_registered_pct"]
    expected_band = [BANDS[(p >= 0.25) + (p >= 0.5) + (p >= 1.0)] for p in pct]
    assert list(units["achieved_band"]) == expected_band
    for breakdown, column in (("region", "region_code"), ("kind", "kind")):
        rows = bands[bands["breakdown"] == breakdown]
        assert rows["count_units"].sum() == len(units) == 82
        expected = units.groupby([column, "achieved_band"]).size().to_dict()
        got = {(r.breakdown_code, r.achieved_band): r.count_units for r in rows.itertuples() if r.count_units}
        assert got == expected


# --- the page --------------------------------------------------------------------------------


def open_page(**query) -> AppTest:
    """The page opened on a URL carrying `query`, as when a link to it is followed."""
    return signin.open_page(PAGE, query, query_after_first_run=True)


def texts(at: AppTest) -> str:
    return signin.texts(at, "markdown", "caption", "metric", "warning", "info", "title")


def test_page_seed_group_at_the_conference(demo):
    at = open_page(as_of=CONFERENCE, group=SEED_GROUP)
    assert not at.exception
    assert at.title[0].value == "Chỉ tiêu"
    assert at.metric[0].value == "66.775"
    body = texts(at)
    for label in ("Hòa Bình +3.927", "Tuyên Quang +3.008", "Lạng Sơn +828"):
        assert label in body
    assert "Tính đến 08:00 ngày 20/04/2022" in body
    assert "ước tính" in body  # members are an estimate, and the page says so
    below = tables.shown(at.dataframe[1])
    assert set(below["Đơn vị"]) == {"Phú Thọ", "Bắc Kạn", "Lào Cai"}
    assert list(below["Chênh lệch"]) == ["−1.900", "−400", "−300"]  # true minus sign, largest shortfall first
    assert len(at.dataframe[0].value) == 6
    # the second view is drawn when its tab is opened
    assert len(at.dataframe) == 2 and not any("Mức đạt" in m.value for m in at.markdown)
    signin.open_section(at, "tg_view", 1)
    assert not at.exception
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 9  # every unit against its registered target


def test_page_every_table_has_a_csv_of_its_raw_figures(demo, monkeypatch):
    made = downloads.record(monkeypatch)
    at = open_page(as_of=CONFERENCE, group=SEED_GROUP)
    assert not at.exception
    above = downloads.first_table_csv(at, made, "chi-tieu-dat-dinh-huong-20220420-0800")
    margins = dict(zip(above["Đơn vị"], above["Chênh lệch"], strict=True))
    assert (margins["Hòa Bình"], margins["Tuyên Quang"], margins["Lạng Sơn"]) == (3_927, 3_008, 828)  # signed numbers, no "+"
    below = downloads.read(made["chi-tieu-duoi-dinh-huong-20220420-0800"])
    assert set(below["Đơn vị"]) == {"Phú Thọ", "Bắc Kạn", "Lào Cai"} and (below["Chênh lệch"] < 0).all()
    signin.open_section(at, "tg_view", 1)
    downloads.check_every_table(at, made)
    achieved = downloads.read(made["chi-tieu-muc-dat-20220420-0800"])
    assert list(achieved.columns) == list(tables.shown(at.dataframe[0]).columns)
    assert achieved["Chỉ tiêu đăng ký"].sum() == 66_775
    assert list(achieved["Mức đạt"]) == list(tables.shown(at.dataframe[0])["Mức đạt"])  # a band keeps its name


def test_page_in_english(demo):
    at = open_page(as_of=CONFERENCE, group=SEED_GROUP, lang="en")
    assert not at.exception
    assert at.metric[0].value == "66,775"
    assert "Hoa Binh +3,927" in texts(at)
    assert "As of 08:00 on 20/04/2022" in texts(at)


def test_page_nationwide_by_kind(demo):
    at = open_page(as_of=CONFERENCE, kind="province")
    assert not at.exception
    assert "63 đơn vị" in texts(at)


def test_page_before_the_portal_opened(demo):
    at = signin.before_opening(open_page, texts)
    assert not at.dataframe and not at.metric


def test_page_empty_scope(demo):
    at = open_page(as_of=CONFERENCE, group=SEED_GROUP, kind="sector")  # no sector union in the 9 provinces
    assert not at.exception
    assert "Không có đơn vị nào trong phạm vi đã chọn." in texts(at)
    assert not at.dataframe


@pytest.mark.parametrize(("key", "value"), [("kind", "planet"), ("group", "nope")])
def test_page_bad_url_value_falls_back(demo, key, value):
    at = open_page(as_of=CONFERENCE, **{key: value})
    assert not at.exception
    assert any(f"“{key}”" in w.value for w in at.warning)
    assert at.metric[0].value == "1.048.500"  # nationwide, every unit kind


def test_margin_chart_on_the_demo_is_honest(demo):
    """Every unit's margin drawn whole on one linear axis: TP Hồ Chí Minh's −48.185 is drawn as
    long as it is, not as long as −7.360 (it was cut to the axis edge)."""
    from tests.test_charts import assert_honest, drawn

    margins = db.run("targets/unit_margins", campaign_id="1TR-2022", as_of="2023-09-01 23:59", scope=None)
    fig = targets_charts.targets_margin_bars(margins, margins["short_vi"], "stamp", "vi")
    assert_honest(fig)
    bars = drawn(fig)
    assert len(bars) == 82
    expected = dict(zip(margins["short_vi"].map(safe.html), margins["registered_minus_guideline"], strict=True))
    # a long name is drawn in lines (issue 26): the label read back as one line
    assert {label.replace("<br>", " "): x for label, (_, x, _) in bars.items()} == pytest.approx(expected)
    assert min(expected.values()) == -48_185 and -7_360 in expected.values()
    assert {axis for axis, _, _ in bars.values()} == {"x"}  # no value dwarfs the rest: one axis
