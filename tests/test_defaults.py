"""Sensible defaults (issue 26): Hội nghị opens on the group whose meeting is nearest the as-of
minute, and `?present=1` without a minute shows that meeting at its own minute."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from sangkien.campaign import meeting


def _groups() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_id": ["A", "B", "C", "EMPTY"],
            "count_units": [5, 6, 7, 0],
            "meeting_at": [pd.Timestamp("2022-04-20 08:00"), None, pd.Timestamp("2023-06-01 09:00"), pd.Timestamp("2023-01-01")],
        }
    )


def test_the_nearest_meeting_group_by_date():
    assert meeting.nearest_group(_groups(), datetime(2022, 1, 10)) == "A"
    assert meeting.nearest_group(_groups(), datetime(2022, 12, 1)) == "C"  # 182 days before C, 225 after A
    assert meeting.nearest_group(_groups(), datetime(2022, 8, 1)) == "A"
    assert meeting.nearest_group(_groups(), datetime(2023, 9, 1, 23, 59)) == "C"
    assert meeting.nearest_group(_groups()[_groups()["meeting_at"].isna()], datetime(2023, 1, 1)) is None


def test_present_without_a_minute_opens_at_the_meeting_minute(demo_page):
    at = demo_page("pages/meeting.py", present="1")
    assert not at.exception
    # the demo's one recorded meeting: Thái Nguyên, 08:00 20/04/2022
    assert at.query_params["as_of"] == "2022-04-20T08:00"
    assert at.session_state["_filters"].as_of == datetime(2022, 4, 20, 8, 0)
