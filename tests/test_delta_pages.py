"""Issue 26 (Compare, Drill) on Tiến độ, Chỉ tiêu, Thành phần and Xếp hạng, on the tiny fixture
(tests/fixtures.py, counted by hand): the change since the comparison minute is the named query run
at both minutes, and every unit named in a table links to its unit page with the view's filters.

By hand, between 03/03 12:00 (the comparison minute) and 10/03 23:59 (the as-of minute):
  U-A: updated 3 (s1, s2, s3) -> 4 (s6 on 04/03), registered 120: +1, +1/120 of its target (+0,8 điểm %);
       from direct workers 2 of 3 (s1, s3) -> 2 of 4: 66,7% -> 50,0% (−16,7 điểm %).
  U-B: updated 1 (s4) -> 2 (s5 on 04/03), registered 40: +1, +2,5 điểm %.
  U-C: nothing at either minute: 0.
  Everyone: from direct workers 3 of 4 -> 4 of 6: 75,0% -> 66,7% (-8,3 điểm %)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from sangkien.storage import db
from sangkien.web import compare
from tests import signin

NOW, THEN = "2024-03-10T23:59", "2024-03-03T12:00"
QUERY = {"as_of": NOW, "so_sanh": THEN}


@pytest.fixture
def tiny(tiny_db, use_db):
    use_db(tiny_db)


def open_page(page: str, **query):
    at = signin.open_page(f"pages/{page}.py", {**QUERY, **query})
    assert not at.exception
    return at


def by_code(table: pd.DataFrame) -> pd.DataFrame:
    """A units table's raw rows by the unit code its link carries."""
    return table.set_index(pd.Index([link_params(url)["unit"] for url in table["unit_link"]]))


def link_params(url: str) -> dict[str, str]:
    """The query of a link to the unit page (one value each), and its fragment as `name`."""
    parts = urlsplit(url)
    assert parts.path == "don-vi", url
    return {k: v[0] for k, v in parse_qs(parts.query).items()} | {"name": parts.fragment}


def query_change(query: str, col: str, **params) -> pd.Series:
    """The change of `col` per unit: the named query at the as-of minute minus the same at the comparison minute."""
    now = db.run(query, campaign_id="T", as_of=NOW.replace("T", " "), scope=None, **params).set_index("unit_code")[col]
    then = db.run(query, campaign_id="T", as_of=THEN.replace("T", " "), scope=None, **params).set_index("unit_code")[col]
    return now - then


def test_progress_change_is_the_unit_query_at_both_minutes_and_names_link(tiny):
    at = open_page("progress")
    table = by_code(at.dataframe[-1].value)
    assert set(table.index) == {"U-A", "U-B"}  # the provinces
    assert table.loc["U-A", "change_count_submitted"] == 1  # 3 -> 4, by hand
    assert table.loc["U-B", "change_count_submitted"] == 1  # 1 -> 2, by hand
    expected = query_change("progress/unit_progress", "count_submitted")
    assert dict(table["change_count_submitted"]) == {code: expected[code] for code in table.index}
    share = query_change("progress/unit_progress", "achieved_registered_pct")
    assert share["U-A"] == pytest.approx(1 / 120)
    assert table.loc["U-A", "change_pct_text"] == compare.signed_points(share["U-A"], "vi") == "+0,8 điểm %"
    assert table.loc["U-B", "change_pct_text"] == "+2,5 điểm %"
    assert "change_submitted_7d" not in table.columns  # the fixed 7 days give way to the comparison minute
    params = link_params(table.loc["U-A", "unit_link"])
    assert (params["unit"], params["as_of"], params["so_sanh"], params["name"]) == ("U-A", NOW, THEN, "An Phú")


def test_progress_without_a_comparison_is_as_before(tiny):
    at = open_page("progress", so_sanh="off")
    table = at.dataframe[-1].value
    assert not [col for col in table.columns if "change_" in col and col != "change_submitted_7d"]
    assert "change_submitted_7d" in table.columns
    assert link_params(by_code(table).loc["U-B", "unit_link"])["as_of"] == NOW


def test_targets_change_is_the_margins_query_at_both_minutes(tiny):
    at = open_page("targets", tab="2")
    table = by_code(at.dataframe[0].value)
    assert set(table.index) == {"U-A", "U-B", "U-C"}
    expected = query_change("targets/unit_margins", "count_submitted")
    assert dict(table["change_count_submitted"]) == {code: expected[code] for code in table.index} == {"U-A": 1, "U-B": 1, "U-C": 0}
    assert list(table.loc[["U-A", "U-B", "U-C"], "change_pct_text"]) == ["+0,8 điểm %", "+2,5 điểm %", "0"]
    line = next(m.value for m in at.markdown if m.value.startswith("Thay đổi"))
    assert "thêm 2 sáng kiến" in line  # s5 and s6 since 03/03 12:00
    params = link_params(table.loc["U-C", "unit_link"])
    # the short name shown, as in the guideline tab's lists (with the figures a full name would not fit)
    assert (params["unit"], params["as_of"], params["name"]) == ("U-C", NOW, "CĐ Cờ")
    # the guideline tab's lists: every name a link too
    at = open_page("targets")
    names = {code: link_params(url)["name"] for frame in at.dataframe for code, url in by_code(frame.value)["unit_link"].items()}
    assert names == {"U-A": "An Phú", "U-B": "Bắc Sơn", "U-C": "CĐ Cờ"}


def test_composition_change_is_the_authors_query_at_both_minutes(tiny):
    at = open_page("composition")
    # everyone from direct workers: 3 of 4 -> 4 of 6
    assert at.metric[0].value == "66,7%" and at.metric[0].proto.delta == "-8,3 điểm %"
    at = signin.open_section(at, "cp_view", 1)
    assert not at.exception
    table = by_code(at.dataframe[0].value)
    expected = query_change("composition/unit_authors", "count_submitted")
    assert dict(table["change_count_submitted"]) == {code: expected[code] for code in table.index} == {"U-A": 1, "U-B": 1, "U-C": 0}
    share = query_change("composition/unit_authors", "non_leader_pct")
    assert share["U-A"] == pytest.approx(2 / 4 - 2 / 3)
    assert table.loc["U-A", "change_pct_text"] == compare.signed_points(share["U-A"], "vi") == "−16,7 điểm %"
    assert link_params(table.loc["U-A", "unit_link"])["as_of"] == NOW


def test_composition_without_a_comparison_is_as_before(tiny):
    at = open_page("composition", so_sanh="off")
    assert all(m.proto.delta_description == "" for m in at.metric)
    table = signin.open_section(at, "cp_view", 1).dataframe[0].value
    assert not [col for col in table.columns if "change" in col]


def test_leaderboard_names_link_to_the_unit_page(tiny):
    at = open_page("leaderboards", measure="count_submitted")
    cells = list(at.table[0].value["Đơn vị"])
    assert cells[0].startswith("[An Phú](don-vi?")  # 4 updated: first
    params = link_params(cells[0].split("](", 1)[1].rstrip(")").replace("%3A", ":"))
    assert (params["unit"], params["as_of"], params["so_sanh"]) == ("U-A", NOW, THEN)
