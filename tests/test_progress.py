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

from sangkien.campaign import status
from sangkien.core import fmt
from sangkien.core.i18n import t
from sangkien.storage import db
from sangkien.web import tiles
from tests import downloads, signin

CONFERENCE = "2022-04-20T08:00"
# Published: the portal opened 08/01/2022 00:00 and closes 01/09/2023 23:59.
OPENS, CLOSES = datetime(2022, 1, 8), datetime(2023, 9, 1, 23, 59)


def progress(as_of, scope=None):
    return db.run("progress/unit_progress", campaign_id="T", as_of=as_of, scope=scope).set_index("unit_code")


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
        assert "count_units_on_pace" not in p.columns  # no page counts units by the straight line

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

    @pytest.mark.parametrize("as_of", ["2024-03-02 00:00", "2024-03-05 12:00", "2024-03-10 23:59", "2024-03-11 08:00"])
    def test_every_row_carries_the_one_status(self, as_of):
        # the status and its figures come from unit_status_as_of, the same as the status query's
        p = progress(as_of)
        s = db.run("status/unit_status", campaign_id="T", as_of=as_of, scope=None).set_index("unit_code")
        assert sorted(p.index) == sorted(s.index)
        for col in ["status", "status_rank", "projected_pct", "shortfall"]:
            assert p[col].reindex(s.index).tolist() == s[col].tolist(), col
        assert "is_pace_judged" not in p.columns and "pace_judged_from" not in p.columns

    def test_scope_limits_the_rows(self):
        assert list(progress("2024-03-10 23:59", scope=["U-B"]).index) == ["U-B"]

    def test_merged_province_sums_the_old_ones(self):
        merged = db.run("progress/province_2025_progress", campaign_id="T", as_of="2024-03-10 23:59").set_index("province_2025_code")
        assert list(merged.index) == ["01"]  # A and B merge into An Phú; C is a sector union
        row = merged.loc["01"]
        assert (row["count_units"], row["count_submitted"], row["registered_target"], row["guideline_target"]) == (2, 6, 160, 150)
        assert row["achieved_registered_pct"] == pytest.approx(6 / 160)
        assert row["largest_unit_code"] == "U-A" and list(row["unit_codes"]) == ["U-A", "U-B"]
        assert (row["name_vi"], row["name_en"]) == ("An Phú", "An Phu")
        # the worst status of its former provinces, decided by the status query, not again
        members = db.run("status/unit_status", campaign_id="T", as_of="2024-03-10 23:59", scope=["U-A", "U-B"])
        worst = members.sort_values(["status_rank", "shortfall"], ascending=False).iloc[0]
        assert (row["status"], row["status_rank"]) == (worst["status"], worst["status_rank"])
        assert row["worst_member"]["unit_code"] == worst["unit_code"]


class TestOnTheDemo:
    @pytest.fixture(autouse=True)
    def _demo(self, demo_db, use_db):
        use_db(demo_db)

    @pytest.mark.parametrize("as_of", [CONFERENCE.replace("T", " "), "2023-09-01 23:59"])
    def test_the_34_view_sums_the_63(self, as_of):
        old = db.run("progress/unit_progress", campaign_id="1TR-2022", as_of=as_of)
        old = old[old["kind"] == "province"]
        new = db.run("progress/province_2025_progress", campaign_id="1TR-2022", as_of=as_of)
        assert len(old) == 63 and len(new) == 34
        for col in ["count_submitted", "registered_target", "guideline_target", "members_estimate", "change_submitted_7d"]:
            assert new[col].sum() == old[col].sum(), col
        assert sorted(code for codes in new["unit_codes"] for code in codes) == sorted(old["unit_code"])

    def test_published_figures_at_the_conference(self):
        p = db.run("progress/unit_progress", campaign_id="1TR-2022", as_of=CONFERENCE.replace("T", " ")).set_index("unit_code")
        assert p["count_submitted"].sum() == 163_532
        assert p["registered_target"].sum() == 1_048_500
        assert p.loc["LDLD-38", "count_submitted"] == 35_728
        expected = (datetime(2022, 4, 20, 8) - OPENS) / (CLOSES.replace(second=0) - OPENS + pd.Timedelta(minutes=1))
        assert p["expected_pct"].iloc[0] == pytest.approx(expected)

    def test_change_over_seven_days_matches_two_snapshots(self):
        now = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-20 08:00").set_index("unit_code")
        before = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-13 08:00").set_index("unit_code")
        p = db.run("progress/unit_progress", campaign_id="1TR-2022", as_of="2022-04-20 08:00").set_index("unit_code")
        assert (p["change_submitted_7d"] == (now["count_submitted"] - before["count_submitted"]).reindex(p.index)).all()

    def test_every_province_has_one_tile_and_tiles_do_not_overlap(self):
        units = db.run("meta/units")
        provinces = set(units.loc[units["kind"] == "province", "unit_code"])
        merged = set(db.run("progress/province_2025_progress", campaign_id="1TR-2022", as_of="2022-04-20 08:00")["province_2025_code"])
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


def named(table: pd.DataFrame) -> pd.DataFrame:
    """A units table's rows by the unit's name, the text its link column shows (issue 26)."""
    return table.set_index(pd.Index([url.rpartition("#")[2] for url in table["unit_link"]]))


def test_page_at_the_conference(demo_app):
    at = demo_app(as_of=CONFERENCE)
    assert not at.exception
    table = named(at.dataframe[-1].value)
    assert len(table) == 63  # provinces by default
    assert table.loc["Thanh Hóa", "count_submitted"] == 35_728
    registered = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-20 08:00").set_index("unit_code")
    share = 35_728 / registered.loc["LDLD-38", "registered_target"]
    assert table.loc["Thanh Hóa", "achieved_registered_pct"] == pytest.approx(share)
    assert f"{fmt.percent(share, 'vi')} · 35.728" in chart_texts(at, 1)  # the bar's label, e.g. "35,7% · 35.728"
    titles = chart_titles(at)
    assert len(titles) == 2 and all("Tính đến 08:00 ngày 20/04/2022" in title for title in titles)
    expected = (datetime(2022, 4, 20, 8) - OPENS) / (CLOSES - OPENS + pd.Timedelta(minutes=1))
    assert "Trạng thái tiến độ của 63 đơn vị" in page_text(at) and fmt.percent(expected, "vi") in page_text(at)
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


def chart_spec(at: AppTest, index: int) -> dict:
    import json

    return json.loads(at.get("plotly_chart")[index].proto.spec)


def colours_by_code(spec: dict, kind: str) -> dict[str, str]:
    """{unit or province code: the colour it is drawn in} over the chart's traces of `kind`
    ("bar" for the bars, "markers+text" scatters with customdata for the tiles)."""
    out = {}
    for trace in spec["data"]:
        if (kind == "bar" and trace["type"] != "bar") or (kind == "tile" and (trace["type"] != "scatter" or "customdata" not in trace)):
            continue
        colour = trace["marker"]["color"]
        for k, code in enumerate(trace["customdata"]):
            out[str(code)] = colour[k] if isinstance(colour, list) else colour
    return out


def sentence_counts(text: str, lang: str = "vi") -> dict[str, int]:
    """{status: n} from the page's sentence "... **8** nguy cơ không đạt, **6** cần theo dõi ..."."""
    import re

    names = {status.name(code, lang).lower(): code for code in status.ORDER}
    line = next(line for line in text.splitlines() if line.startswith(("Trạng thái tiến độ của", "Progress status of")))
    return {names[name.strip()]: int(n.replace(".", "").replace(",", "")) for n, name in re.findall(r"\*\*([\d.,]+)\*\* ([^,.]+)", line)}


def unhover(text: str) -> str:
    import html

    return html.unescape(text.replace("<br>", " ").replace("<b>", "").replace("</b>", ""))


def cell_colours(element, column: str) -> list[str | None]:
    """The background colour of each row's cell in `column` of an st.dataframe (from the CSS its
    Styler sent), None where it has none."""
    import re

    columns = [c for c in element.value.columns]
    position = columns.index(column)
    found = {}
    for rule in element.proto.arrow_data.styler.styles.split("}"):
        selectors, _, props = rule.partition("{")
        colour = re.search(r"background-color:\s*(#[0-9A-Fa-f]{6})", props)
        for r, c in re.findall(r"row(\d+)_col(\d+)", selectors):
            if colour and int(c) == position:
                found[int(r)] = colour.group(1)
    return [found.get(i) for i in range(len(element.value))]


MOMENTS = ["2022-04-20T08:00", "2022-11-15T13:37", "2023-09-02T08:00"]


@pytest.mark.parametrize("as_of", MOMENTS)
def test_bars_and_tiles_are_coloured_by_the_status(demo_app, as_of):
    at = demo_app(as_of=as_of)
    assert not at.exception
    units = status.frame("1TR-2022", datetime.fromisoformat(as_of)).set_index("unit_code")
    provinces = units[units["kind"] == "province"]
    expected = {code: status.COLORS[s] for code, s in provinces["status"].items()}
    tiles_spec, bars_spec = chart_spec(at, 0), chart_spec(at, 1)
    assert colours_by_code(bars_spec, "bar") == expected
    assert colours_by_code(tiles_spec, "tile") == expected  # the map's palette is the bars'
    # the legends list the statuses present, in the vocabulary's order, by name
    present = [code for code in status.ORDER if code in set(provinces["status"])]
    assert [tr["name"] for tr in bars_spec["data"] if tr["type"] == "bar"] == [status.name(c, "vi") for c in present]
    assert [tr["name"] for tr in tiles_spec["data"] if "customdata" in tr] == [status.name(c, "vi") for c in present]
    assert "Trạng thái tiến độ" in tiles_spec["layout"]["legend"]["title"]["text"]
    # the counts in the sentence are the rows drawn
    drawn = pd.Series({code: s for code, s in provinces["status"].items() if code in colours_by_code(bars_spec, "bar")})
    assert sentence_counts(page_text(at)) == drawn.value_counts().to_dict()
    assert sum(sentence_counts(page_text(at)).values()) == len(drawn) == 63
    # each bar's hover names the status and says why, in the status's own words
    for trace in (tr for tr in bars_spec["data"] if tr["type"] == "bar"):
        for code, hover in zip(trace["customdata"], trace["hovertext"], strict=True):
            row = units.loc[code]
            assert status.name(row["status"], "vi") in unhover(hover)
            assert status.reason(row.to_dict() | {"unit_code": code}, "vi") in unhover(hover)
    # the legend block says what each colour means
    legend = signin.texts(at, "html")
    assert all(status.meaning(c, "vi") in legend for c in present)


def test_at_the_close_the_units_that_missed_are_vermillion_and_bin_duong_is_not_100(demo_app):
    at = demo_app(as_of="2023-09-02T08:00")
    assert not at.exception
    bars = chart_spec(at, 1)
    missed = {code for code, colour in colours_by_code(bars, "bar").items() if colour == status.COLORS["missed"]}
    assert missed == {"LDLD-62", "LDLD-87", "LDLD-94", "LDLD-77", "LDLD-74"}  # Kon Tum, Đồng Tháp, Sóc Trăng, BR-VT, Bình Dương
    labels = [text for trace in bars["data"] if trace.get("mode") == "text" for text in trace["text"]]
    assert "99,97% · 37.699" in labels and not any(text.startswith("100,0% · 37.699") for text in labels)
    assert "**5** không đạt" in page_text(at)
    # the table's status column says it too, and its cell has the status's colour
    table = at.dataframe[-1]
    shown = named(table.value)
    assert shown.loc["Bình Dương", "status_name"] == "Không đạt"
    assert cell_colours(table, "status_name")[list(shown.index).index("Bình Dương")] == status.COLORS["missed"]


def test_the_34_view_takes_the_worst_status_of_the_former_provinces(demo_app):
    at = demo_app(as_of="2022-11-15T13:37", provinces="34")
    assert not at.exception
    units = status.frame("1TR-2022", datetime(2022, 11, 15, 13, 37)).set_index("unit_code")
    merged = db.run("progress/province_2025_progress", campaign_id="1TR-2022", as_of="2022-11-15 13:37")
    expected = {}
    for code, members in zip(merged["province_2025_code"], merged["unit_codes"], strict=True):
        worst = units.loc[list(members)].sort_values("status_rank").iloc[-1]["status"]
        expected[code] = status.COLORS[worst]
    assert colours_by_code(chart_spec(at, 0), "tile") == expected
    assert colours_by_code(chart_spec(at, 1), "bar") == expected
    assert "xấu nhất" in chart_spec(at, 0)["layout"]["legend"]["title"]["text"]
    counts = sentence_counts(page_text(at))
    assert sum(counts.values()) == 34
    assert (
        counts == pd.Series(expected).map({v: k for k, v in status.COLORS.items() if k not in ("made", "missed")}).value_counts().to_dict()
    )


def test_the_opening_hour_is_drawn_on_an_axis_the_bars_can_be_seen_on(demo_app):
    # 09:00 on the opening day: shares are hundredths of a percent; the axis spans the bars and
    # the pace line (no 100% nobody is near), with the decimals they need, written by fmt
    at = demo_app(as_of="2022-01-08T09:00")
    assert not at.exception
    spec = chart_spec(at, 1)
    names = {tr.get("name") for tr in spec["data"]}
    assert "100% chỉ tiêu đăng ký" not in names
    assert spec["layout"]["xaxis"]["range"][1] < 0.01
    assert any("," in text and text.startswith("0,0") for text in spec["layout"]["xaxis"]["ticktext"])
    assert any(text.startswith("0,0") and not text.startswith("0,0%") for text in chart_texts(at, 1))
    # the bars still carry each unit's status (the status handles the opening: no special case)
    units = status.frame("1TR-2022", datetime(2022, 1, 8, 9)).set_index("unit_code")
    expected = {c: status.COLORS[s] for c, s in units.loc[units["kind"] == "province", "status"].items()}
    assert colours_by_code(spec, "bar") == expected


def test_page_in_english(demo_app):
    at = demo_app(as_of=CONFERENCE, lang="en")
    assert not at.exception
    assert "Thanh Hoa" in list(named(at.dataframe[-1].value).index)
    assert "As of 08:00 on 20/04/2022" in chart_titles(at)[0]
    units = status.frame("1TR-2022", datetime(2022, 4, 20, 8))
    assert sentence_counts(page_text(at), "en") == units.loc[units["kind"] == "province", "status"].value_counts().to_dict()


def test_sector_unions_have_bars_but_no_tile_map(demo_app):
    at = demo_app(as_of=CONFERENCE, kind="sector")
    assert not at.exception
    assert len(at.dataframe[-1].value) == 12
    assert len(at.get("plotly_chart")) == 1
    units = status.frame("1TR-2022", datetime(2022, 4, 20, 8)).set_index("unit_code")
    sectors = units.loc[units["kind"] == "sector", "status"]
    assert colours_by_code(chart_spec(at, 0), "bar") == {c: status.COLORS[s] for c, s in sectors.items()}
    assert sentence_counts(page_text(at)) == sectors.value_counts().to_dict()


def test_the_34_province_view(demo_app):
    at = demo_app(as_of=CONFERENCE, provinces="34")
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) == 34
    provinces = db.run("progress/unit_progress", campaign_id="1TR-2022", as_of="2022-04-20 08:00").query("kind == 'province'")
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
    counts = [m.value for m in at.metric if m.label == t("ud_metric_count")]
    assert counts == ["35.728"]


def test_a_click_on_a_merged_tile_lists_its_old_provinces(demo_app):
    at = demo_app(as_of=CONFERENCE, provinces="34")
    at.session_state["prog_tiles_34"] = {"selection": {"points": [{"customdata": "79"}], "point_indices": [0]}}
    at.run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    members = next(t for t in tables if "count_units" not in t.columns and len(t) == 3)
    assert set(named(members).index) == {"TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"}
    assert "**Hồ Chí Minh** (sau sáp nhập 2025) gồm 3 tỉnh, thành cũ:" in page_text(at)
    # each one links to its detail page with the view's filters kept
    queries = sorted(link.proto.query_string for link in at.get("page_link") if link.proto.page == "don-vi")
    assert sorted(q.rsplit("unit=", 1)[1] for q in queries) == ["LDLD-74", "LDLD-77", "LDLD-79"]
    assert all("provinces=34" in q and "as_of=2022-04-20T08%3A00" in q for q in queries)
