"""Issue 26, the link is the view, without a browser: each page's own choice kept in the URL
(Thành phần's and Chỉ tiêu's open tab, Thi đua's month, Cảnh báo's reasons, Hội nghị's tab, group,
presentation and slide) is restored from a link, written back when changed, carried by the copy
link, and a bad value falls back to the default with a message, never an exception."""

from __future__ import annotations

from datetime import datetime

import pytest

from sangkien.campaign import watchlist
from sangkien.core.i18n import t, t_text
from tests import signin

CONFERENCE = "2022-04-20T08:00"


@pytest.fixture
def open_page(demo_db, use_db):
    """A page opened on the demo with `query` as its URL (set after the first run: the URL reaches
    the page as the link has it)."""
    use_db(demo_db)
    return lambda page, **query: signin.open_page(page, query, query_after_first_run=True)


def text(at) -> str:
    return signin.texts(at, "markdown", "caption", "subheader", "success", "info", "warning")


def rejected(at, key: str) -> bool:
    """A message names the URL key `key` as rejected (filters' bad_param)."""
    return any(f"“{key}”" in w.value for w in at.warning)


def copy_link(at) -> str:
    """The sidebar's link to this exact view (controls.sidebar: the last code block)."""
    return at.sidebar.code[-1].value


# --- Thành phần and Chỉ tiêu: the open tab ------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "second_only", "first_only"),
    [
        ("pages/composition.py", "cp_units_note", "cp_tab_flow"),
        ("pages/targets.py", "tg_achieved_note", "tg_guideline_note_short"),
    ],
)
def test_the_open_tab_is_restored_and_a_bad_one_opens_the_first(open_page, page, second_only, first_only):
    at = open_page(page, as_of=CONFERENCE, kind="sector", tab="2")
    assert not at.exception
    shown = text(at)
    assert t_text(second_only, "vi").split(".")[0] in shown  # the second tab's own caption
    assert at.query_params["tab"] == "2" and "tab=2" in copy_link(at)
    for bad in ("9", "x", "0"):
        again = open_page(page, as_of=CONFERENCE, tab=bad)
        assert not again.exception
        assert t_text(second_only, "vi").split(".")[0] not in text(again)  # the first tab, as by default
        assert "tab" not in again.query_params


# --- Thi đua: the month -----------------------------------------------------------------------


def test_the_month_is_restored_written_and_carried(open_page):
    at = open_page("pages/emulation.py", as_of=CONFERENCE, thang="2022-02", tab="2")
    assert not at.exception and not rejected(at, "thang")
    assert at.select_slider(key="em_month").value == datetime(2022, 2, 1)
    assert "02/2022" in at.subheader[0].value and t("kind_sector", "vi") in at.subheader[0].value
    assert "thang=2022-02" in copy_link(at) and "tab=2" in copy_link(at)
    at.select_slider(key="em_month").set_value(datetime(2022, 1, 1)).run()
    assert at.query_params["thang"] == "2022-01"
    at.select_slider(key="em_month").set_value(datetime(2022, 3, 1)).run()  # the default at this minute
    assert "thang" not in at.query_params


@pytest.mark.parametrize("bad", ["2099-13", "2023-08", "tháng tư"])
def test_a_bad_month_falls_back_to_the_default(open_page, bad):
    # 2023-08 is a real month, but not yet ranked on 20/04/2022
    at = open_page("pages/emulation.py", as_of=CONFERENCE, thang=bad)
    assert not at.exception
    assert rejected(at, "thang")
    assert at.select_slider(key="em_month").value == datetime(2022, 3, 1)
    assert "thang" not in at.query_params


# --- Cảnh báo: the reasons shown ----------------------------------------------------------------


def reasons_shown(at) -> list[str]:
    return list(at.get("pills")[0].value)


def test_the_reasons_are_restored_written_and_carried(open_page):
    at = open_page("pages/watchlist.py", as_of=CONFERENCE, ly_do="at_risk,below_guideline")
    assert not at.exception and not rejected(at, "ly_do")
    assert reasons_shown(at) == ["at_risk", "below_guideline"]
    assert "ly_do=at_risk,below_guideline" in copy_link(at)
    assert set(at.dataframe[0].value["reason"]) == {watchlist.label(c, "vi") for c in ("at_risk", "below_guideline")}
    pills = at.get("pills")[0]
    pills.set_value(["below_guideline"]).run()
    assert at.query_params["ly_do"] == "below_guideline"
    assert set(at.dataframe[0].value["reason"]) == {watchlist.label("below_guideline", "vi")}
    pills = at.get("pills")[0]
    pills.set_value([]).run()  # none: said in the link, so that the link shows none
    assert at.query_params["ly_do"] == "none"
    assert t("wl_none_flagged", "vi") in text(at)
    codes = {watchlist.label(c, "vi"): c for c in watchlist.REASONS}
    at.get("pills")[0].set_value([codes[label] for label in at.get("pills")[0].options]).run()
    assert "ly_do" not in at.query_params  # every reason: the default, out of the link


@pytest.mark.parametrize("bad", ["planet", "at_risk,planet", ""])
def test_a_bad_reason_falls_back_to_every_reason(open_page, bad):
    at = open_page("pages/watchlist.py", as_of=CONFERENCE, ly_do=bad)
    assert not at.exception
    if bad:
        assert rejected(at, "ly_do")
    assert "ly_do" not in at.query_params
    assert len(reasons_shown(at)) == len(at.get("pills")[0].options) > 0


# --- Hội nghị: the group, the open block, the presentation and its slide -----------------------


def test_the_meeting_view_is_restored_and_carried(open_page):
    at = open_page("pages/meeting.py", as_of=CONFERENCE, group="HN-THAINGUYEN-2022", tab="2")
    assert not at.exception
    assert at.selectbox(key="w_group_select").value == "HN-THAINGUYEN-2022"
    link = copy_link(at)
    assert "group=HN-THAINGUYEN-2022" in link and "tab=2" in link
    slide = open_page("pages/meeting.py", as_of=CONFERENCE, group="HN-THAINGUYEN-2022", present="1", slide="3")
    assert not slide.exception and not rejected(slide, "slide")
    assert "Trang 3/" in " ".join(h.proto.body for h in slide.get("html"))  # mt_slide_of
    assert slide.query_params["slide"] == "3" and slide.query_params["present"] == "1"


@pytest.mark.parametrize(("key", "bad"), [("slide", "x"), ("slide", "99"), ("present", "yes")])
def test_a_bad_presentation_value_falls_back(open_page, key, bad):
    query = {"present": "1", "slide": "2", key: bad}
    at = open_page("pages/meeting.py", as_of=CONFERENCE, group="HN-THAINGUYEN-2022", **query)
    assert not at.exception
    assert rejected(at, key)
