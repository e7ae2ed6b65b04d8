"""Composition: its queries on the tiny fixture (hand-counted), the seed's claims on the demo,
and the page through AppTest."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.storage import db
from tests import downloads, signin

SECTORS = ["state", "non_state", "fdi", "public_service"]


def sector_author(as_of, scope=None, campaign_id="T") -> pd.DataFrame:
    return db.run("composition/sector_author", campaign_id=campaign_id, as_of=as_of, scope=scope).set_index(["sector", "author_group"])


# --- the queries on the tiny fixture (tests/fixtures.py) ---


@pytest.fixture
def tiny(tiny_db, use_db):
    use_db(tiny_db)


@pytest.mark.usefixtures("tiny")
def test_non_leader_share_and_sectors():
    rows = sector_author("2024-03-10 23:59")
    assert len(rows) == 15  # 5 sector rows (4 + all) x 3 author rows (2 + all), zeros included
    everyone = rows.loc[("all", "all")]
    assert (everyone["count_submitted"], everyone["count_submitted_non_leader"]) == (6, 4)
    assert everyone["non_leader_pct"] == pytest.approx(4 / 6)
    # state: s1 s4 (non-leaders) and s6 (leader); non_state s3; fdi s2 (leader); public s5
    assert rows.loc[("state", "all"), "count_submitted"] == 3
    assert rows.loc[("state", "all"), "non_leader_pct"] == pytest.approx(2 / 3)
    assert rows.loc[("state", "all"), "sector_share_pct"] == pytest.approx(0.5)
    assert rows.loc[("fdi", "all"), "non_leader_pct"] == 0
    assert rows.loc[("fdi", "non_leader"), "count_submitted"] == 0  # present, as zero
    assert rows.loc[("public_service", "non_leader"), "count_submitted"] == 1


@pytest.mark.usefixtures("tiny")
def test_funnel_at_given_minutes():
    def funnel(as_of):
        row = sector_author(as_of).loc[("all", "all")]
        return tuple(int(row[c]) for c in ("count_submitted", "count_valid", "count_applied", "count_rewarded"))

    assert funnel("2024-03-05 07:59") == (6, 1, 0, 0)  # s1 valid 02/03; applied only at 08:00
    assert funnel("2024-03-05 08:00") == (6, 1, 1, 0)
    assert funnel("2024-03-06 14:00") == (6, 2, 1, 0)  # s3 valid at 14:00
    assert funnel("2024-03-01 17:30") == (2, 0, 0, 0)


@pytest.mark.usefixtures("tiny")
def test_reward_rate_is_over_valid_and_empty_without_valid():
    rows = sector_author("2024-03-10 23:59")
    non_leader, leader = rows.loc[("all", "non_leader")], rows.loc[("all", "leader")]
    assert non_leader["count_valid"] == 2 and non_leader["rewarded_valid_pct"] == 0  # s1 s3, none rewarded
    assert leader["count_valid"] == 0 and pd.isna(leader["rewarded_valid_pct"])  # s2 invalid, s6 under review


@pytest.mark.usefixtures("tiny")
def test_subtotals_add_up():
    rows = sector_author("2024-03-10 23:59").reset_index()
    for column in ("count_submitted", "count_valid", "count_applied", "count_rewarded"):
        by = rows.pivot(index="sector", columns="author_group", values=column)
        assert ((by["leader"] + by["non_leader"]) == by["all"]).all()
        assert by.loc[SECTORS].sum().equals(by.loc["all"])


@pytest.mark.usefixtures("tiny")
def test_per_unit_share_in_scope():
    units = db.run("composition/unit_authors", campaign_id="T", as_of="2024-03-10 23:59", scope=["U-A", "U-C"]).set_index("unit_code")
    assert list(units.index) == ["U-A", "U-C"]  # An Phú, Công đoàn Cờ in Vietnamese order
    assert (units.loc["U-A", "count_submitted"], units.loc["U-A", "count_submitted_non_leader"]) == (4, 2)
    assert units.loc["U-A", "non_leader_pct"] == pytest.approx(0.5)
    assert units.loc["U-C", "count_submitted"] == 0 and pd.isna(units.loc["U-C", "non_leader_pct"])
    assert units.loc["U-A", "rewarded_valid_non_leader_pct"] == 0 and pd.isna(units.loc["U-A", "rewarded_valid_leader_pct"])


# --- the seed's claims on the demo ---


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)


@pytest.mark.usefixtures("demo")
def test_seed_direct_workers_many_and_rewarded_less():
    rows = sector_author("2022-04-20 08:00", campaign_id="1TR-2022")
    assert rows.loc[("all", "all"), "count_submitted"] == 163_532  # published
    assert rows.loc[("all", "all"), "non_leader_pct"] > 0.5  # "rất lớn"
    for sector in ["all", *SECTORS]:
        assert rows.loc[(sector, "non_leader"), "rewarded_valid_pct"] < rows.loc[(sector, "leader"), "rewarded_valid_pct"]
    # "nhất là khu vực ngoài Nhà nước": direct workers outside the state sector are rewarded least
    non_leader = rows.xs("non_leader", level="author_group").loc[SECTORS, "rewarded_valid_pct"]
    assert set(non_leader.nsmallest(2).index) == {"non_state", "fdi"}


@pytest.mark.usefixtures("demo")
def test_per_unit_matches_the_totals():
    units = db.run("composition/unit_authors", campaign_id="1TR-2022", as_of="2022-04-20 08:00")
    rows = sector_author("2022-04-20 08:00", campaign_id="1TR-2022")
    assert len(units) == 82
    assert units["count_submitted_non_leader"].sum() == rows.loc[("all", "all"), "count_submitted_non_leader"]


# --- the page ---


def open_page(**query) -> AppTest:
    """The page as a visit to its URL with `query` (set again after the first run, which drops bad values)."""
    return signin.open_page("pages/composition.py", query, query_after_first_run=True)


@pytest.mark.usefixtures("demo")
def test_page_at_the_conference():
    at = open_page(as_of="2022-04-20T08:00")
    assert not at.exception
    everyone = sector_author("2022-04-20 08:00", campaign_id="1TR-2022").loc[("all", "all")]
    assert at.metric[0].value == fmt.percent(everyone["non_leader_pct"], "vi")
    assert "163.532" in at.metric[0].proto.delta_description  # after the change since 7 days earlier (issue 26)
    text = "\n".join(m.value for m in at.markdown)
    assert "không giữ chức vụ lãnh đạo, quản lý" in text and "Cả nước" in text
    rows = sector_author("2022-04-20 08:00", campaign_id="1TR-2022").xs("non_leader", level="author_group").loc[SECTORS]
    lowest = t(f"cp_sector_{rows['rewarded_valid_pct'].idxmin()}", "vi")
    assert f"thấp nhất ở khu vực {lowest[0].lower()}{lowest[1:]}" in text
    # the flow's two charts first; the table of every unit in its own tab
    assert len(at.get("plotly_chart")) == 3 and not at.dataframe
    assert len(signin.open_section(at, "cp_view", 1).dataframe[0].value) == 82
    assert len(at.get("plotly_chart")) == 1
    assert any("Tính đến 08:00 ngày 20/04/2022" in c.value for c in at.caption)


@pytest.mark.usefixtures("demo")
def test_page_table_csv_has_the_raw_figures(monkeypatch):
    made = downloads.record(monkeypatch)
    at = open_page(as_of="2022-04-20T08:00")
    assert not at.exception
    units = downloads.first_table_csv(signin.open_section(at, "cp_view", 1), made, "thanh-phan-don-vi-20220420-0800")
    assert len(units) == 82 and units["Đã cập nhật"].sum() == 163_532  # published
    everyone = sector_author("2022-04-20 08:00", campaign_id="1TR-2022").loc[("all", "all")]
    assert units["Của NLĐ trực tiếp"].sum() == everyone["count_submitted_non_leader"]
    assert units["% NLĐ trực tiếp"].between(0, 1).all()  # shares, not "87,0%"


@pytest.mark.usefixtures("demo")
def test_page_for_a_group_in_english():
    at = open_page(as_of="2022-04-20T08:00", group="HN-THAINGUYEN-2022", lang="en")
    assert not at.exception
    assert len(signin.open_section(at, "cp_view", 1).dataframe[0].value) == 9
    assert "Thái Nguyên conference" in "\n".join(m.value for m in at.markdown)


@pytest.mark.usefixtures("demo")
def test_page_before_the_portal_opened():
    at = open_page(as_of="2021-12-01T08:00")
    assert not at.exception
    assert any("cổng trực tuyến mở ngày 08/01/2022" in i.value for i in at.info)
    assert not at.dataframe and not at.metric


@pytest.mark.usefixtures("demo")
def test_page_with_an_empty_scope():
    # no corporate union is in the conference's group of provinces
    at = open_page(as_of="2022-04-20T08:00", group="HN-THAINGUYEN-2022", kind="corporation")
    assert not at.exception
    assert any("Chưa có sáng kiến nào" in i.value for i in at.info)


@pytest.mark.usefixtures("demo")
def test_page_with_a_bad_kind():
    at = open_page(as_of="2022-04-20T08:00", kind="planet")
    assert not at.exception
    assert any("“kind”" in w.value for w in at.warning)
    assert len(signin.open_section(at, "cp_view", 1).dataframe[0].value) == 82
