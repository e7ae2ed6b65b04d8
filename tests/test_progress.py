"""Progress by unit: its queries on the hand-counted fixture, invariants on the demo (the 34-province
view sums the 63, every province has its own tile), and the page through AppTest.

Fixture campaign T runs 01/03/2024 00:00 to 10/03/2024 23:59, i.e. exactly 10 days, so the
expected straight-line share is the elapsed days divided by 10.
"""

from __future__ import annotations

import functools
from datetime import datetime

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sangkien import db, fmt, tiles, watchlist
from tests import downloads, signin

PACE_DAYS = watchlist.Settings().pace_days  # the progress queries split by pace from then on

CONFERENCE = "2022-04-20T08:00"
# Published: the portal opened 08/01/2022 00:00 and closes 01/09/2023 23:59.
OPENS, CLOSES = datetime(2022, 1, 8), datetime(2023, 9, 1, 23, 59)


def progress(as_of, scope=None):
    return db.run("progress/unit_progress", pace_days=PACE_DAYS, campaign_id="T", as_of=as_of, scope=scope).set_index("unit_code")


class TestOnTheFixture:
    @pytest.fixture(autouse=True)
    def _tiny(self, tiny_db, use_db):
        use_db(tiny_db)

    def test_achieved_share_and_pace(self):
        p = progress("2024-03-05 12:00")
        assert p.loc["U-A", "count_submitted"] == 4  # s1 s2 s3 s6
        assert p.loc["U-A", "achieved_registered_pct"] == pytest.approx(4 / 120)
        assert p.loc["U-B", "achieved_registered_pct"] == pytest.approx(2 / 40)  # s4 s5
        assert p.loc["U-C", "achieved_registered_pct"] == 0
        # 4.5 of 10 days elapsed; the same expected share for every unit
        assert list(p["expected_pct"]) == pytest.approx([0.45] * 3)
        assert p.loc["U-A", "expected_count_to_date"] == pytest.approx(120 * 0.45)
        assert p["is_behind_elapsed_share"].all()
        assert (p["count_units_on_pace"] == 0).all() and (p["count_units_with_target"] == 3).all()

    def test_sorted_best_share_first(self):
        assert list(progress("2024-03-05 12:00").index) == ["U-B", "U-A", "U-C"]

    def test_change_over_seven_days_is_inclusive_to_the_minute(self):
        # 08/03 09:00 looks back to 01/03 09:00, when s1 (09:00) already counts
        p = progress("2024-03-08 09:00")
        assert (p.loc["U-A", "count_submitted_7d_ago"], p.loc["U-A", "change_submitted_7d"]) == (1, 3)
        assert p.loc["U-B", "change_submitted_7d"] == 2
        assert p.loc["U-C", "change_submitted_7d"] == 0
        assert progress("2024-03-08 08:59").loc["U-A", "change_submitted_7d"] == 4
        assert progress("2024-03-08 09:00").loc["U-A", "expected_pct"] == pytest.approx(7.375 / 10)

    def test_rate_per_thousand_members(self):
        p = progress("2024-03-10 23:59")
        assert p.loc["U-A", "count_per_1000_members"] == pytest.approx(4.0)  # 4 of 1,000
        assert p.loc["U-B", "count_per_1000_members"] == pytest.approx(4.0)  # 2 of 500

    def test_pace_is_whole_at_the_close_and_nil_before_the_opening(self):
        assert (progress("2024-03-11 08:00")["expected_pct"] == 1.0).all()
        assert (progress("2024-02-20 08:00")["expected_pct"] == 0.0).all()

    def test_units_are_split_by_pace_once_the_portal_is_old_enough_or_closed(self):
        # the fixture's campaign runs 10 days (01-10/03/2024): shorter than the 14-day window, so it
        # is split by pace only at its close; with a 3-day window from 04/03 00:00
        early = progress("2024-03-05 00:00")
        assert not early["is_pace_judged"].any() and early["is_behind_elapsed_share"].all()
        assert (early["pace_judged_from"] == pd.Timestamp("2024-03-10 23:59")).all()
        closed = progress("2024-03-10 23:59")
        assert closed["is_pace_judged"].all()
        window = db.run("progress/unit_progress", pace_days=3, campaign_id="T", as_of="2024-03-04 00:00", scope=None)
        assert window["is_pace_judged"].all() and (window["pace_judged_from"] == pd.Timestamp("2024-03-04")).all()
        before = db.run("progress/unit_progress", pace_days=3, campaign_id="T", as_of="2024-03-03 23:59", scope=None)
        assert not before["is_pace_judged"].any()

    def test_scope_limits_the_rows(self):
        assert list(progress("2024-03-10 23:59", scope=["U-B"]).index) == ["U-B"]

    def test_merged_province_sums_the_old_ones(self):
        merged = db.run("progress/province_2025_progress", pace_days=PACE_DAYS, campaign_id="T", as_of="2024-03-10 23:59").set_index(
            "province_2025_code"
        )
        assert list(merged.index) == ["01"]  # A and B merge into An Phú; C is a sector union
        row = merged.loc["01"]
        assert (row["count_units"], row["count_submitted"], row["registered_target"], row["guideline_target"]) == (2, 6, 160, 150)
        assert row["achieved_registered_pct"] == pytest.approx(6 / 160)
        assert row["largest_unit_code"] == "U-A" and list(row["unit_codes"]) == ["U-A", "U-B"]
        assert (row["name_vi"], row["name_en"]) == ("An Phú", "An Phu")


class TestOnTheDemo:
    @pytest.fixture(autouse=True)
    def _demo(self, demo_db, use_db):
        use_db(demo_db)

    @pytest.mark.parametrize("as_of", [CONFERENCE.replace("T", " "), "2023-09-01 23:59"])
    def test_the_34_view_sums_the_63(self, as_of):
        old = db.run("progress/unit_progress", pace_days=PACE_DAYS, campaign_id="1TR-2022", as_of=as_of)
        old = old[old["kind"] == "province"]
        new = db.run("progress/province_2025_progress", pace_days=PACE_DAYS, campaign_id="1TR-2022", as_of=as_of)
        assert len(old) == 63 and len(new) == 34
        for col in ["count_submitted", "registered_target", "guideline_target", "members_estimate", "change_submitted_7d"]:
            assert new[col].sum() == old[col].sum(), col
        assert sorted(code for codes in new["unit_codes"] for code in codes) == sorted(old["unit_code"])

    def test_published_figures_at_the_conference(self):
        p = db.run("progress/unit_progress", pace_days=PACE_DAYS, campaign_id="1TR-2022", as_of=CONFERENCE.replace("T", " ")).set_index(
            "unit_code"
        )
        assert p["count_submitted"].sum() == 163_532
        assert p["registered_target"].sum() == 1_048_500
        assert p.loc["LDLD-38", "count_submitted"] == 35_728
        expected = (datetime(2022, 4, 20, 8) - OPENS) / (CLOSES.replace(second=0) - OPENS + pd.Timedelta(minutes=1))
        assert p["expected_pct"].iloc[0] == pytest.approx(expected)

    def test_change_over_seven_days_matches_two_snapshots(self):
        now = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-20 08:00").set_index("unit_code")
        before = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-13 08:00").set_index("unit_code")
        p = db.run("progress/unit_progress", pace_days=PACE_DAYS, campaign_id="1TR-2022", as_of="2022-04-20 08:00").set_index("unit_code")
        assert (p["change_submitted_7d"] == (now["count_submitted"] - before["count_submitted"]).reindex(p.index)).all()

    def test_every_province_has_one_tile_and_tiles_do_not_overlap(self):
        units = db.run("meta/units")
        provinces = set(units.loc[units["kind"] == "province", "unit_code"])
        merged = set(
            db.run("progress/province_2025_progress", pace_days=PACE_DAYS, campaign_id="1TR-2022", as_of="2022-04-20 08:00")[
                "province_2025_code"
            ]
        )
        for view, codes in (("63", provinces), ("34", merged)):
            layout = tiles.layout(view)
            assert set(layout["code"]) == codes, view
            assert layout["code"].is_unique, view
            assert not layout.duplicated(["row", "col"]).any(), view
            assert layout["label"].str.len().between(2, 12).all(), view

    def test_tiles_keep_north_at_the_top(self):
        layout = tiles.layout("63").set_index("code")
        hanoi, hue, hcmc, camau = (layout.loc[c, "row"] for c in ("LDLD-01", "LDLD-46", "LDLD-79", "LDLD-96"))
        assert hanoi < hue < hcmc < camau
        assert camau == layout["row"].max() and layout.loc["LDLD-02", "row"] == 0  # Hà Giang at the top


@pytest.fixture
def demo_app(demo_page):
    return functools.partial(demo_page, "pages/progress.py")


def page_text(at: AppTest) -> str:
    return signin.texts(at, "markdown", "caption", "title", "warning", "info")


def chart_titles(at: AppTest) -> list[str]:
    import json

    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def chart_texts(at: AppTest, index: int) -> list[str]:
    import json

    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return [text for trace in spec["data"] for text in (trace.get("text") or [])]


def test_page_at_the_conference(demo_app):
    at = demo_app(as_of=CONFERENCE)
    assert not at.exception
    table = at.dataframe[-1].value.set_index("label_vi")
    assert len(table) == 63  # provinces by default
    assert table.loc["Thanh Hóa", "count_submitted"] == 35_728
    registered = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-20 08:00").set_index("unit_code")
    share = 35_728 / registered.loc["LDLD-38", "registered_target"]
    assert table.loc["Thanh Hóa", "achieved_registered_pct"] == pytest.approx(share)
    assert f"{fmt.percent(share, 'vi')} · 35.728" in chart_texts(at, 1)  # the bar's label, e.g. "35,7% · 35.728"
    titles = chart_titles(at)
    assert len(titles) == 2 and all("Tính đến 08:00 ngày 20/04/2022" in title for title in titles)
    expected = (datetime(2022, 4, 20, 8) - OPENS) / (CLOSES - OPENS + pd.Timedelta(minutes=1))
    assert "/63** đơn vị" in page_text(at) and fmt.percent(expected, "vi") in page_text(at)
    assert "ước tính" in page_text(at)  # membership is an estimate, said under the table


def test_every_table_has_a_csv_of_its_raw_figures(demo_app, monkeypatch):
    made = downloads.record(monkeypatch)
    at = demo_app(as_of=CONFERENCE)
    assert not at.exception
    downloads.check_every_table(at, made)
    table = downloads.read(made["tien-do-province-20220420-0800"]).set_index("Đơn vị")
    assert len(table) == 63 and "Tiến độ" not in table.columns  # the bar repeats the share
    assert table.loc["Thanh Hóa", "Đã cập nhật"] == 35_728
    assert table.loc["Thanh Hóa", "% chỉ tiêu ĐK"] == pytest.approx(35_728 / table.loc["Thanh Hóa", "Chỉ tiêu đăng ký"])
    # the former provinces of a merged one, in its dialog, have their own file
    at = demo_app(as_of=CONFERENCE, provinces="34")
    at.session_state["prog_tiles_34"] = {"selection": {"points": [{"customdata": "79"}], "point_indices": [0]}}
    at.run()
    assert not at.exception
    downloads.check_every_table(at, made)
    assert len(downloads.read(made["tien-do-34-tinh-20220420-0800"])) == 34
    assert set(downloads.read(made["tien-do-tinh-79-20220420-0800"])["Đơn vị"]) == {"TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"}


def test_the_first_days_are_not_painted_behind(demo_app):
    # 10/01/2022, two and a half days after the opening: every unit is below a line of 0,6%, which
    # says nothing yet; the page says from when units are compared, and the bars share one colour
    at = demo_app(as_of="2022-01-10T12:00")
    assert not at.exception
    text = page_text(at)
    assert "từ 22/01/2022" in text and "đơn vị đạt hoặc vượt tiến độ dự kiến" not in text
    import json

    bars = [tr for tr in json.loads(at.get("plotly_chart")[1].proto.spec)["data"] if tr["type"] == "bar"]
    assert {tr["name"] for tr in bars} == {"Chưa so với tiến độ dự kiến (cổng mới mở)"}
    assert sum(len(tr["x"]) for tr in bars) == 63
    # the map's scale runs to the bulk of the units (who has started), with no "expected" tick
    bar = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][-1]["marker"]["colorbar"]
    assert len(bar["ticktext"]) == 2 and not any("dự kiến" in text for text in bar["ticktext"])
    assert "chưa so với tiến độ dự kiến" in page_text(at)  # the map's note says what its colours mean now
    # the opening hour: shares are hundredths of a percent, and the axis and labels say so
    at = demo_app(as_of="2022-01-08T09:00")
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert not at.exception and spec["layout"]["xaxis"]["tickformat"] == ".2%"
    assert any(text.startswith("0,0") and not text.startswith("0,0%") for text in chart_texts(at, 1))
    # from the 14th day on, the split and its count are back
    at = demo_app(as_of="2022-01-22T00:00")
    assert not at.exception and "/63** đơn vị đạt hoặc vượt tiến độ dự kiến" in page_text(at)
    names = {tr["name"] for tr in json.loads(at.get("plotly_chart")[1].proto.spec)["data"] if tr["type"] == "bar"}
    assert "Chậm hơn tiến độ dự kiến" in names


def test_page_in_english(demo_app):
    at = demo_app(as_of=CONFERENCE, lang="en")
    assert not at.exception
    assert "Thanh Hoa" in list(at.dataframe[-1].value["name_en"])
    assert "As of 08:00 on 20/04/2022" in chart_titles(at)[0]


def test_sector_unions_have_bars_but_no_tile_map(demo_app):
    at = demo_app(as_of=CONFERENCE, kind="sector")
    assert not at.exception
    assert len(at.dataframe[-1].value) == 12
    assert len(at.get("plotly_chart")) == 1


def test_the_34_province_view(demo_app):
    at = demo_app(as_of=CONFERENCE, provinces="34")
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) == 34
    provinces = db.run("progress/unit_progress", pace_days=PACE_DAYS, campaign_id="1TR-2022", as_of="2022-04-20 08:00").query(
        "kind == 'province'"
    )
    assert table["count_submitted"].sum() == provinces["count_submitted"].sum()


def test_group_filter(demo_app):
    at = demo_app(as_of=CONFERENCE, group="HN-THAINGUYEN-2022")
    assert not at.exception
    assert len(at.dataframe[-1].value) == 9  # the seed's conference: 9 provinces
    assert at.dataframe[-1].value["registered_target"].sum() == 66_775


def test_before_the_portal_opened(demo_app):
    at = signin.before_opening(demo_app, page_text)
    assert not at.dataframe and not at.get("plotly_chart")


@pytest.mark.parametrize(("key", "value"), [("kind", "planet"), ("provinces", "99")])
def test_bad_url_value_falls_back_with_a_message(demo_app, key, value):
    at = demo_app(as_of=CONFERENCE)
    at.query_params[key] = value  # typed into the address while on this page
    at.run()
    assert not at.exception
    assert any(f"“{key}”" in w.value for w in at.warning)
    assert len(at.dataframe[-1].value) == 63


def test_a_click_on_a_bar_opens_the_unit(demo_app):
    at = demo_app(as_of=CONFERENCE)
    # what st.plotly_chart returns when a bar is clicked: the point with its customdata
    at.session_state["prog_bars_province_63"] = {"selection": {"points": [{"customdata": "LDLD-38"}], "point_indices": [6]}}
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Chi tiết đơn vị"]
    assert at.query_params["unit"] in ("LDLD-38", ["LDLD-38"])
    assert at.metric[0].value == "35.728"


def test_a_click_on_a_merged_tile_lists_its_old_provinces(demo_app):
    at = demo_app(as_of=CONFERENCE, provinces="34")
    at.session_state["prog_tiles_34"] = {"selection": {"points": [{"customdata": "79"}], "point_indices": [0]}}
    at.run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    members = next(t for t in tables if "count_units" not in t.columns and len(t) == 3)
    assert set(members["label_vi"]) == {"TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"}
    assert "**Hồ Chí Minh** (sau sáp nhập 2025) gồm 3 tỉnh, thành cũ:" in page_text(at)
    # each one links to its detail page with the view's filters kept
    queries = sorted(link.proto.query_string for link in at.get("page_link") if link.proto.page == "don-vi")
    assert sorted(q.rsplit("unit=", 1)[1] for q in queries) == ["LDLD-74", "LDLD-77", "LDLD-79"]
    assert all("provinces=34" in q and "as_of=2022-04-20T08%3A00" in q for q in queries)
