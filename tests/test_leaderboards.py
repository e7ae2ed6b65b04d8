"""Xếp hạng: the leaderboard query on the tiny fixture (hand-counted from tests/fixtures.py),
the seed's top 10 and rank invariants on the demo, and the page through AppTest."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sangkien.campaign import status
from sangkien.core import fmt, safe
from sangkien.storage import db
from tests import downloads, signin

PAGE = "pages/leaderboards.py"
CONFERENCE = "2022-04-20T08:00"
METRICS = ["achieved_registered_pct", "change_submitted_7d", "count_per_1000_members", "count_submitted", "count_valid"]
SEED_TOP10 = [
    ("Thanh Hóa", "35.728"),
    ("Hà Nội", "18.549"),
    ("Nghệ An", "14.282"),
    ("Hà Tĩnh", "9.574"),
    ("Bắc Giang", "6.601"),
    ("TP Hồ Chí Minh", "6.475"),
    ("Hải Phòng", "5.820"),
    ("Cần Thơ", "4.808"),
    ("An Giang", "4.754"),
    ("Long An", "4.479"),
]


def board(metric, as_of="2024-03-10 23:59", scope=None, campaign_id="T") -> pd.DataFrame:
    ranked = db.run("leaderboard/unit_metrics", campaign_id=campaign_id, as_of=as_of, scope=scope)
    return ranked[ranked["metric"] == metric].set_index("unit_code")


def ranks(metric, **kw) -> dict[str, tuple[int, int]]:
    b = board(metric, **kw)
    return {code: (int(r.rank_top), int(r.rank_bottom)) for code, r in b.iterrows()}


# --- the query on the tiny fixture -----------------------------------------------------------


@pytest.fixture
def tiny(tiny_db, use_db):
    use_db(tiny_db)


def test_every_metric_ranks_every_unit(tiny):
    ranked = db.run("leaderboard/unit_metrics", campaign_id="T", as_of="2024-03-10 23:59", scope=None)
    assert sorted(ranked["metric"].unique()) == METRICS
    assert (ranked.groupby("metric").size() == 3).all()
    assert (ranked["count_units_ranked"] == 3).all()


def test_updated_count_ranks(tiny):
    # A 4 (s1 s2 s3 s6), B 2 (s4 s5), C 0
    b = board("count_submitted")
    assert b["metric_value"].to_dict() == {"U-A": 4, "U-B": 2, "U-C": 0}
    assert ranks("count_submitted") == {"U-A": (1, 3), "U-B": (2, 2), "U-C": (3, 1)}


def test_valid_count_ties_share_a_rank(tiny):
    # by the close A has s1 and s3 valid; B and C none: B and C tie for second, and for first from the bottom
    assert board("count_valid")["metric_value"].to_dict() == {"U-A": 2, "U-B": 0, "U-C": 0}
    assert ranks("count_valid") == {"U-A": (1, 3), "U-B": (2, 1), "U-C": (2, 1)}
    # before s3 turned valid (06/03 14:00) A had one
    assert board("count_valid", as_of="2024-03-05 12:00").loc["U-A", "metric_value"] == 1


def test_per_1000_members_ties(tiny):
    # A 4 per 1,000 members (4 / 1,000), B 4 too (2 / 500), C 0 (0 / 200)
    b = board("count_per_1000_members")
    assert b["metric_value"].to_dict() == pytest.approx({"U-A": 4.0, "U-B": 4.0, "U-C": 0.0})
    assert ranks("count_per_1000_members") == {"U-A": (1, 2), "U-B": (1, 2), "U-C": (3, 1)}


def test_share_of_registered_target(tiny):
    # B 2/40 = 5% beats A 4/120 = 3.3%; C 0/20
    b = board("achieved_registered_pct")
    assert b["metric_value"].to_dict() == pytest.approx({"U-A": 4 / 120, "U-B": 0.05, "U-C": 0.0})
    assert ranks("achieved_registered_pct") == {"U-B": (1, 3), "U-A": (2, 2), "U-C": (3, 1)}


def test_growth_over_seven_days(tiny):
    # 10/03 23:59 against 03/03 23:59: A 4 - 3 (s1 s2 s3) = 1, B 2 - 1 (s4) = 1, C 0
    assert board("change_submitted_7d")["metric_value"].to_dict() == {"U-A": 1, "U-B": 1, "U-C": 0}
    assert ranks("change_submitted_7d") == {"U-A": (1, 2), "U-B": (1, 2), "U-C": (3, 1)}


def test_growth_uses_the_same_minute_a_week_earlier(tiny):
    # 08/03 09:00 against 01/03 09:00, when s1 (09:00) already counted: A 4 - 1 = 3, B 2 - 0 = 2
    assert board("change_submitted_7d", as_of="2024-03-08 09:00")["metric_value"].to_dict() == {"U-A": 3, "U-B": 2, "U-C": 0}
    # one minute earlier s1 is not in the week-ago count
    assert board("change_submitted_7d", as_of="2024-03-08 08:59").loc["U-A", "metric_value"] == 4
    # a week before the opening counts nothing: growth is the whole count
    assert board("change_submitted_7d", as_of="2024-03-04 12:00")["metric_value"].to_dict() == {"U-A": 3, "U-B": 2, "U-C": 0}


def test_scope_ranks_within_the_scope(tiny):
    assert ranks("count_submitted", scope=["U-B", "U-C"]) == {"U-B": (1, 2), "U-C": (2, 1)}
    assert ranks("count_submitted", scope=["U-C"]) == {"U-C": (1, 1)}


# --- the demo --------------------------------------------------------------------------------


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)


def test_seed_top10_nationwide(demo):
    b = board("count_submitted", as_of="2022-04-20 08:00", campaign_id="1TR-2022").sort_values("rank_top")
    top = b[b["rank_top"] <= 10]
    assert list(top["name_vi"]) == [name for name, _ in SEED_TOP10]
    assert [int(v) for v in top["metric_value"]] == [int(v.replace(".", "")) for _, v in SEED_TOP10]
    assert list(top["rank_top"]) == list(range(1, 11))
    assert len(b) == 82


@pytest.mark.parametrize("as_of", ["2022-04-20 08:00", "2022-05-12 23:59"])
def test_ranks_are_sql_rank_semantics(demo, as_of):
    ranked = db.run("leaderboard/unit_metrics", campaign_id="1TR-2022", as_of=as_of, scope=None)
    for metric, rows in ranked.groupby("metric"):
        values = rows["metric_value"].to_numpy()
        expected_top = [1 + (values > v).sum() for v in values]
        expected_bottom = [1 + (values < v).sum() for v in values]
        assert list(rows["rank_top"]) == expected_top, metric
        assert list(rows["rank_bottom"]) == expected_bottom, metric


def test_growth_is_the_difference_of_two_as_of_counts(demo):
    now = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-20 08:00", scope=None).set_index("unit_code")
    before = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-13 08:00", scope=None).set_index("unit_code")
    growth = board("change_submitted_7d", as_of="2022-04-20 08:00", campaign_id="1TR-2022")["metric_value"]
    expected = (now["count_submitted"] - before["count_submitted"]).astype(float)
    pd.testing.assert_series_equal(growth.sort_index(), expected.sort_index(), check_names=False)


def test_seed_rank_of_tuyen_quang(demo):
    # published: Tuyên Quang 2,200 on 12/05/2022 23:59, rank 31 of 82
    b = board("count_submitted", as_of="2022-05-12 23:59", campaign_id="1TR-2022")
    assert (b.loc["LDLD-08", "metric_value"], b.loc["LDLD-08", "rank_top"]) == (2200, 31)


# --- the page --------------------------------------------------------------------------------


def open_page(**query) -> AppTest:
    """The page opened on a URL carrying `query`, as when a link to it is followed."""
    return signin.open_page(PAGE, query, query_after_first_run=True)


def shown_board(at: AppTest, table: int) -> pd.DataFrame:
    """A board as shown, each unit's name without its link to the unit page (issue 26)."""
    frame = at.table[table].value.copy()
    col = "Đơn vị" if "Đơn vị" in frame else "Unit"
    frame[col] = [safe.unmd(re.fullmatch(r"\[(.*)\]\(don-vi\?[^)]*unit=[^)]*\)", cell).group(1)) for cell in frame[col]]
    return frame


def texts(at: AppTest) -> str:
    return signin.texts(at, "markdown", "caption", "info", "warning", "title", "subheader")


def test_page_seed_top10_at_the_conference(demo):
    at = open_page(as_of=CONFERENCE, measure="count_submitted", kind="all")
    assert not at.exception
    top, bottom = shown_board(at, 0), shown_board(at, 1)
    assert list(zip(top["Đơn vị"], top["Số đã cập nhật"], strict=True)) == SEED_TOP10
    assert list(top["Hạng"]) == list(range(1, 11))
    assert len(bottom) == 10 and list(bottom["Hạng"])[0] == 82  # the last unit first
    body = texts(at)
    assert "82 đơn vị" in body
    assert "Tính đến 08:00 ngày 20/04/2022" in body


def test_page_every_board_has_a_csv_of_its_raw_figures(demo, monkeypatch):
    made = downloads.record(monkeypatch)
    at = open_page(as_of=CONFERENCE, measure="count_submitted", kind="all")
    assert not at.exception
    downloads.check_every_table(at, made)
    top = downloads.read(made["xep-hang-dau-count_submitted-20220420-0800"])
    assert list(top.columns) == [c for c in shown_board(at, 0).columns if c != "Hạng ±"]  # places moved: on screen only
    assert set(top["Trạng thái"]) <= set(status.ORDER)  # the file carries the stable codes
    assert list(zip(top["Đơn vị"], top["Số đã cập nhật"], strict=True)) == [(name, int(n.replace(".", ""))) for name, n in SEED_TOP10]
    assert list(downloads.read(made["xep-hang-cuoi-count_submitted-20220420-0800"])["Hạng"])[0] == 82
    at = open_page(as_of=CONFERENCE, kind="corporation", measure="count_submitted")  # one board, ranked once
    downloads.check_every_table(at, made)
    assert len(downloads.read(made["xep-hang-count_submitted-20220420-0800"])) == 7


@pytest.mark.parametrize("metric", ["count_valid", "count_per_1000_members", "count_submitted", "change_submitted_7d"])
def test_page_every_metric(demo, metric):
    at = open_page(as_of=CONFERENCE, kind="all")
    at.segmented_control(key=MEASURE_KEY).set_value(metric).run()
    assert not at.exception
    top = shown_board(at, 0)
    assert len(top) >= 10
    values = list(top.iloc[:, 2])
    if metric == "achieved_registered_pct":
        assert all(v.endswith("%") for v in values)
    if metric == "change_submitted_7d":
        assert all(v.startswith("+") for v in values)  # every top-10 unit grew that week


def test_page_in_english(demo):
    at = open_page(as_of=CONFERENCE, lang="en", measure="count_submitted", kind="all")
    assert not at.exception
    top = shown_board(at, 0)
    assert list(top["Unit"])[:2] == ["Thanh Hoa", "Hanoi"]
    assert list(top["Updated"])[0] == "35,728"


def test_page_one_kind_shows_the_full_ranking(demo):
    at = open_page(as_of=CONFERENCE, kind="corporation")
    assert not at.exception
    assert len(at.table) == 1 and len(shown_board(at, 0)) == 7  # 7 corporate unions, ranked once
    assert "Bảng xếp hạng đầy đủ" in texts(at)


def test_page_group_filter_is_explained(demo):
    at = open_page(as_of=CONFERENCE, group="HN-THAINGUYEN-2022", measure="count_submitted", kind="all")
    assert not at.exception
    assert "không áp dụng ở trang này" in texts(at)
    assert list(shown_board(at, 0)["Đơn vị"])[0] == "Thanh Hóa"  # still nationwide


def test_page_before_the_portal_opened(demo):
    at = signin.before_opening(open_page, texts)
    assert not at.table


def test_page_bad_kind_falls_back_to_the_provinces(demo):
    at = open_page(as_of=CONFERENCE, kind="planet", measure="count_submitted")
    assert not at.exception
    assert any("“kind”" in w.value for w in at.warning)
    assert "LĐLĐ tỉnh, thành phố (63 đơn vị)" in texts(at)
    # the seed's top 10 are all provinces: the same board
    assert list(shown_board(at, 0)["Đơn vị"]) == [name for name, _ in SEED_TOP10]


# --- issue 21: per kind, a fair measure, both in the URL; each row's status; honest lengths ---

CLOSE = "2023-09-02T08:00"  # after the close: the five provinces that missed are "Không đạt"
MEASURE_KEY = "w_measure_segmented"
KIND_KEY = "w_kind_segmented"


def shown_status(at: AppTest, table: int) -> dict[str, tuple[str, str]]:
    """{unit name: (status text, the cell's background colour)} of a board as drawn."""
    frame = shown_board(at, table)
    css = at.table[table].proto.arrow_data.styler.styles
    colours = {}
    for row in range(len(frame)):
        match = re.search(rf"#T_\w+_row{row}_col3[^{{]*{{ background-color: (#[0-9A-Fa-f]{{6}})", css)
        if match is None:  # several rows share one rule: "#T_x_row0_col3, #T_x_row1_col3 { ... }"
            rule = next(r for r in css.split("}") if f"_row{row}_col3" in r)
            match = re.search(r"background-color: (#[0-9A-Fa-f]{6})", rule)
        colours[row] = match.group(1)
    return {name: (text, colours[i]) for i, (name, text) in enumerate(zip(frame["Đơn vị"], frame["Trạng thái"], strict=True))}


def test_page_opens_on_the_provinces_and_their_share_of_target(demo):
    at = open_page(as_of=CLOSE)
    assert not at.exception
    assert "Xếp hạng trong: LĐLĐ tỉnh, thành phố (63 đơn vị)" in texts(at)
    top, bottom = shown_board(at, 0), shown_board(at, 1)
    assert list(top.columns) == ["Hạng", "Đơn vị", "% chỉ tiêu đăng ký", "Trạng thái", "Hạng ±"]  # moved since 7 days earlier
    assert at.segmented_control(key=MEASURE_KEY).value == "achieved_registered_pct"
    assert at.segmented_control(key=KIND_KEY).value == "province"
    units = status.frame("1TR-2022", datetime(2023, 9, 1, 23, 59))
    provinces = units[units["kind"] == "province"].set_index("name_vi")
    assert set(top["Đơn vị"]) | set(bottom["Đơn vị"]) <= set(provinces.index)  # no sector union among them
    # the bottom board: the five that missed, worst first, each "Không đạt" in the status colour
    missed = provinces[provinces["status"] == "missed"].sort_values("achieved_pct")
    assert list(bottom["Đơn vị"])[:5] == list(missed.index)
    for board in (0, 1):
        for name, (text, colour) in shown_status(at, board).items():
            code = provinces.loc[name, "status"]
            assert (text, colour.upper()) == (status.name(code), status.COLORS[code].upper()), name
    # Bình Dương's 99,97% never reads 100,0%
    assert bottom.set_index("Đơn vị").loc["Bình Dương", "% chỉ tiêu đăng ký"] == "99,97%"


def test_page_keeps_measure_and_kind_in_the_url(demo):
    at = open_page(as_of=CLOSE, measure="count_per_1000_members", kind="sector")
    assert not at.exception
    assert at.segmented_control(key=MEASURE_KEY).value == "count_per_1000_members"
    assert at.segmented_control(key=KIND_KEY).value == "sector"
    assert "Công đoàn ngành Trung ương (12 đơn vị)" in texts(at)
    assert list(shown_board(at, 0).columns)[2] == "Trên 1.000 đoàn viên"
    at.segmented_control(key=MEASURE_KEY).set_value("count_submitted").run()
    assert at.query_params["measure"] == "count_submitted"
    at.segmented_control(key=KIND_KEY).set_value("all").run()
    assert at.query_params["kind"] == "all" and "82 đơn vị" in texts(at)
    # the URL alone reproduces the view: a new session on it shows the same board
    again = open_page(**dict(at.query_params))
    assert shown_board(at, 0).equals(shown_board(again, 0))
    # back to the page's defaults: the URL keeps neither
    at.segmented_control(key=KIND_KEY).set_value("province").run()
    at.segmented_control(key=MEASURE_KEY).set_value("achieved_registered_pct").run()
    assert "kind" not in at.query_params and "measure" not in at.query_params
    assert "(63 đơn vị)" in texts(at)
    bad = open_page(as_of=CLOSE, measure="planet")
    assert any("“measure”" in w.value for w in bad.warning)
    assert list(bad.table[0].value.columns)[2] == "% chỉ tiêu đăng ký"


def bars(fig: dict) -> list[tuple[str, str, float]]:
    """(axis, label, length) of every bar of a figure as sent to the browser."""
    return [(trace.get("xaxis", "x"), y, x) for trace in fig["data"] for y, x in zip(trace["y"], trace["x"], strict=True)]


def check_honest(fig: dict) -> None:
    """Every bar drawn whole on a linear axis that starts at zero (ends there for negative bars)."""
    for axis, _, x in bars(fig):
        layout = fig["layout"]["xaxis" + axis[1:]]
        low, high = layout["range"]
        assert layout.get("type", "linear") == "linear"
        assert min(low, high) <= min(0.0, x) and max(0.0, x) <= max(low, high)
        assert low == 0 or (low < 0 and x < 0) or any(b < 0 for a, _, b in bars(fig) if a == axis)


def test_page_bars_are_as_long_as_their_values(demo):
    at = open_page(as_of=CLOSE, measure="count_submitted", kind="all")
    assert not at.exception
    charts_shown = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    top = charts_shown[0]
    check_honest(top)
    drawn = {label.split(". ", 1)[1]: (axis, x) for axis, label, x in bars(top)}
    # Thanh Hóa 603.500 against TP Hồ Chí Minh 224.473: on one axis, each bar its true length
    assert drawn["Thanh Hóa"] == ("x", 603_500) and drawn["TP.HCM"] == ("x", 224_473)
    table = shown_board(at, 0).set_index("Đơn vị")["Số đã cập nhật"]
    assert [x for _, _, x in bars(top)] and all(
        fmt.number(x) in set(table) for _, _, x in bars(top)
    )  # every bar's length is the value in its row
    for fig in charts_shown[1:]:
        check_honest(fig)
