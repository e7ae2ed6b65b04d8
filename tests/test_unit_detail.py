"""Unit detail: its queries on the hand-counted fixture (see tests/fixtures.py), consistency on the
demo and the published Tuyên Quang checkpoint, and the page through AppTest."""

from __future__ import annotations

import functools
import html
import json
import re
from datetime import datetime

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sangkien.campaign import status
from sangkien.core import fmt
from sangkien.storage import db
from tests import downloads, signin

CONFERENCE = "2022-04-20T08:00"


def run(name, unit_code, as_of, campaign_id="T", **params):
    return db.run(f"progress/{name}", campaign_id=campaign_id, as_of=as_of, unit_code=unit_code, **params)


class TestOnTheFixture:
    @pytest.fixture(autouse=True)
    def _tiny(self, tiny_db, use_db):
        use_db(tiny_db)

    def test_summary_of_a(self):
        s = run("unit_summary", "U-A", "2024-03-05 12:00").iloc[0]
        assert s["count_submitted"] == 4  # s1 s2 s3 s6
        assert s["count_submitted_non_leader"] == 2 and s["non_leader_pct"] == pytest.approx(0.5)  # s1 s3
        assert s["achieved_registered_pct"] == pytest.approx(4 / 120)
        assert s["expected_pct"] == pytest.approx(0.45)  # 4.5 of 10 days
        assert s["change_submitted_7d"] == 4  # nothing a week earlier
        # among provinces A (4) leads B (2); among all units too
        assert (s["rank_in_kind"], s["count_units_in_kind"], s["rank_overall"], s["count_units_overall"]) == (1, 2, 1, 3)

    def test_sector_unit_ranks_among_its_own_kind(self):
        s = run("unit_summary", "U-C", "2024-03-05 12:00").iloc[0]
        assert (s["rank_in_kind"], s["count_units_in_kind"], s["rank_overall"]) == (1, 1, 3)

    def test_unknown_or_out_of_scope_unit_has_no_row(self):
        assert run("unit_summary", "U-X", "2024-03-05 12:00").empty
        assert run("unit_summary", "U-A", "2024-03-05 12:00", scope=["U-B"]).empty

    def test_status_mix_adds_up(self):
        # 05/03 12:00: s1 applied, s2 invalid, s3 and s6 under review
        mix = run("unit_status_mix", "U-A", "2024-03-05 12:00").set_index("status")["count_submissions"]
        assert mix.to_dict() == {"awaiting_review": 0, "under_review": 2, "invalid": 1, "valid": 0, "applied": 1, "rewarded": 0}
        # 06/03 14:00: s3 turns valid (not applied)
        mix = run("unit_status_mix", "U-A", "2024-03-06 14:00").set_index("status")["count_submissions"]
        assert (mix["under_review"], mix["valid"], mix["applied"]) == (1, 1, 1)
        # B on 04/03 08:00: s4 under review, s5 never reviewed
        mix = run("unit_status_mix", "U-B", "2024-03-04 08:00").set_index("status")
        assert (mix.loc["awaiting_review", "count_submissions"], mix.loc["under_review", "count_submissions"]) == (1, 1)
        assert mix["share_pct"].sum() == pytest.approx(1.0)

    def test_daily_curve_and_pace(self):
        daily = run("unit_daily", "U-A", "2024-03-04 12:00")
        assert len(daily) == 10
        assert list(daily["count_submitted_day"][:4]) == [2, 1, 0, 0]  # s6 comes at 23:59
        assert list(daily["count_submitted_cum"][:4]) == [2, 3, 3, 3]
        assert daily["count_submitted_cum"][4:].isna().all()
        assert daily["pace_count_cum"].iloc[0] == pytest.approx(12.0)  # 1 of 10 days of 120
        assert daily["pace_count_cum"].iloc[-1] == pytest.approx(120.0)

    def test_grassroots_top_counts_to_the_minute(self):
        assert run("unit_grassroots_top", "U-A", "2024-03-01 17:29", limit=10)["count_submitted"].tolist() == [1]
        top = run("unit_grassroots_top", "U-A", "2024-03-05 12:00", limit=10).iloc[0]
        assert (top["grassroots_union"], top["count_submitted"], top["share_of_unit_pct"], top["non_leader_pct"]) == ("CĐCS 1", 4, 1.0, 0.5)

    def test_weekly_rank(self):
        # 03/03/2024 is a Sunday; 05/03 is the as-of day
        ranks = run("unit_rank_weekly", "U-B", "2024-03-05 12:00")
        assert [d.isoformat() for d in pd.to_datetime(ranks["day"]).dt.date] == ["2024-03-03", "2024-03-05"]
        assert list(ranks["count_submitted_cum"]) == [1, 2]  # s4; then s5
        assert list(ranks["rank_in_kind"]) == [2, 2] and list(ranks["count_units_in_kind"]) == [2, 2]
        # before anyone submitted, the two provinces tie
        first = run("unit_rank_weekly", "U-B", "2024-03-01 08:00")
        assert list(first["rank_in_kind"]) == [1] and bool(first["is_as_of_day"].iloc[0])


class TestOnTheDemo:
    @pytest.fixture(autouse=True)
    def _demo(self, demo_db, use_db):
        use_db(demo_db)

    def test_tuyen_quang_checkpoint(self):
        # published: Tuyên Quang had 2,200 on 12/05/2022 23:59, rank 31 of 82
        s = run("unit_summary", "LDLD-08", "2022-05-12 23:59", campaign_id="1TR-2022").iloc[0]
        assert (s["count_submitted"], s["rank_overall"], s["count_units_overall"]) == (2200, 31, 82)

    @pytest.mark.parametrize("unit", ["LDLD-38", "LDLD-08", "CDN-GD", "CDTCT-HK"])
    def test_the_unit_queries_agree(self, unit):
        as_of = "2022-04-20 08:00"
        s = run("unit_summary", unit, as_of, campaign_id="1TR-2022").iloc[0]
        daily = run("unit_daily", unit, as_of, campaign_id="1TR-2022")
        mix = run("unit_status_mix", unit, as_of, campaign_id="1TR-2022")
        ranks = run("unit_rank_weekly", unit, as_of, campaign_id="1TR-2022")
        top = run("unit_grassroots_top", unit, as_of, campaign_id="1TR-2022", limit=1_000_000)
        assert daily["count_submitted_cum"].max() == s["count_submitted"]
        assert mix["count_submissions"].sum() == s["count_submitted"]
        assert top["count_submitted"].sum() == s["count_submitted"]  # raw submissions agree with the rollup
        last = ranks.iloc[-1]
        assert bool(last["is_as_of_day"]) and (last["count_submitted_cum"], last["rank_in_kind"]) == (
            s["count_submitted"],
            s["rank_in_kind"],
        )
        assert (pd.to_datetime(ranks["day"][:-1]).dt.dayofweek == 6).all()  # Sundays before the as-of day


@pytest.fixture
def detail(demo_page):
    return functools.partial(demo_page, "pages/unit_detail.py")


def page_text(at: AppTest) -> str:
    return signin.texts(at, "markdown", "caption", "title", "warning", "info")


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_thanh_hoa_at_the_conference(detail):
    at = detail(as_of=CONFERENCE, unit="LDLD-38")
    assert not at.exception
    m = metrics(at)
    assert m["Đã cập nhật"][0] == "35.728"
    registered = db.run("progress/unit_totals", campaign_id="1TR-2022", as_of="2022-04-20 08:00").set_index("unit_code")
    assert m["% chỉ tiêu đăng ký"][0] == fmt.percent(35_728 / registered.loc["LDLD-38", "registered_target"], "vi")
    assert m["Hạng trong loại"] == ("1/63", "1/82 mọi đơn vị")  # first of the seed's top 10
    assert [s.value for s in at.subheader] == ["Thanh Hóa"]
    charts = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert len(charts) == 5 and all("Tính đến 08:00 ngày 20/04/2022" in title for title in charts)


def test_tuyen_quang_in_english(detail):
    at = detail(as_of="2022-05-12T23:59", unit="LDLD-08", lang="en")
    assert not at.exception
    m = metrics(at)
    assert m["Updated"][0] == "2,200"
    assert m["Rank in kind"][1] == "31/82 all units"


def test_daily_figures_csv_ends_at_the_published_checkpoint(detail, monkeypatch):
    made = downloads.record(monkeypatch)
    at = detail(as_of="2022-05-12T23:59", unit="LDLD-08")
    assert not at.exception
    downloads.check_every_table(at, made, minute="20220512-2359")
    daily = downloads.read(made["don-vi-LDLD-08-theo-ngay-20220512-2359"])
    assert list(daily.columns) == ["Ngày", "Cập nhật trong ngày", "Đã cập nhật (lũy kế)", "Tiến độ đều đến chỉ tiêu đăng ký"]
    assert (daily["Ngày"].iloc[0], daily["Ngày"].iloc[-1]) == ("2022-01-08 00:00", "2022-05-12 00:00")  # to the as-of day only
    assert daily["Đã cập nhật (lũy kế)"].iloc[-1] == daily["Cập nhật trong ngày"].sum() == 2_200  # Tuyên Quang, published


@pytest.mark.parametrize("as_of", [CONFERENCE, "2022-11-15T13:37", "2023-09-02T08:00"])
def test_no_unit_chosen_opens_the_unit_to_call_first(detail, as_of):
    at = detail(as_of=as_of)
    assert not at.exception
    first = status.frame("1TR-2022", datetime.fromisoformat(as_of)).iloc[0]
    assert first["status"] in status.PROGRESS_RISK
    assert [s.value for s in at.subheader] == [first["name_vi"].replace("-", "\\-")]
    assert at.selectbox(key="w_unit_select").value == first["unit_code"]
    assert f"đang mở đơn vị cần gọi trước ({status.name(first['status'], 'vi')})" in page_text(at)


def test_no_unit_in_scope_prompts(detail):
    at = detail(as_of=CONFERENCE, group="HN-THAINGUYEN-2022", kind="corporation")
    assert not at.exception
    assert "Chọn một đơn vị" in page_text(at)
    assert not at.metric and not at.get("plotly_chart")


def test_unknown_unit_in_the_url(detail):
    at = detail(as_of=CONFERENCE)
    at.query_params["unit"] = "XYZ"
    at.run()
    assert not at.exception
    assert any("“unit”" in w.value for w in at.warning)
    assert "đang mở đơn vị cần gọi trước" in page_text(at)


def test_before_the_portal_opened(detail):
    at = detail(as_of="2021-12-01T08:00", unit="LDLD-38")
    assert not at.exception
    assert "cổng trực tuyến mở ngày 08/01/2022" in page_text(at)
    assert not at.metric


def test_choosing_a_unit_writes_the_url(detail):
    at = detail(as_of=CONFERENCE)
    at.selectbox(key="w_unit_select").set_value("LDLD-08").run()
    assert not at.exception
    assert at.query_params["unit"] in ("LDLD-08", ["LDLD-08"])
    assert [s.value for s in at.subheader] == ["Tuyên Quang"]


# --- the unit's progress status, why, and the projection (issue 21) ---

STATUS_PANEL = re.compile(
    r'<div class="ud-status" data-status="([a-z_]+)" style="border-left:6px solid (#[0-9A-F]{6}).*?'
    r'<span class="ud-badge" style="[^"]*background:(#[0-9A-F]{6});[^"]*">(.*?)</span>.*?<p class="ud-reason"[^>]*>(.*?)</p>',
    re.S,
)


def status_panel(at: AppTest) -> dict:
    (body,) = [h.proto.body for h in at.html if 'class="ud-status"' in h.proto.body]
    code, border, fill, name, reason = STATUS_PANEL.search(body).groups()
    return {"status": code, "border": border, "fill": fill, "name": html.unescape(name), "reason": html.unescape(reason)}


def _units_to_check(as_of: str) -> list[str]:
    frame = status.frame("1TR-2022", datetime.fromisoformat(as_of))
    # every progress risk, and the best and a middle unit of the others
    others = frame[~frame["is_progress_risk"]]
    return [*frame.loc[frame["is_progress_risk"], "unit_code"], others["unit_code"].iloc[0], others["unit_code"].iloc[-1]]


@pytest.mark.parametrize("as_of", ["2022-11-15T13:37", "2023-09-02T08:00"])
def test_the_unit_page_shows_the_status_why_and_the_projection(detail, as_of):
    frame = status.frame("1TR-2022", datetime.fromisoformat(as_of)).set_index("unit_code")
    for lang in ("vi", "en"):
        for code in _units_to_check(as_of) if lang == "vi" else _units_to_check(as_of)[:2]:
            row = frame.loc[code]
            at = detail(as_of=as_of, unit=code, lang=lang)
            assert not at.exception
            panel = status_panel(at)
            assert panel["status"] == row["status"], code
            assert panel["border"] == panel["fill"] == status.COLORS[row["status"]]
            assert panel["name"] == status.name(row["status"], lang)
            assert panel["reason"] == status.reason(row.to_dict() | {"unit_code": code}, lang)
            cards = metrics(at)
            curve = json.loads(at.get("plotly_chart")[0].proto.spec)
            projection = [tr for tr in curve["data"] if tr.get("line", {}).get("dash") == "dash" and tr.get("customdata")]
            if row["is_closed"]:
                final_label = "Kết thúc" if lang == "vi" else "Final count"
                assert cards[final_label][0] == fmt.number(row["count_submitted"], lang)
                assert cards[final_label][1] == ("{} chỉ tiêu" if lang == "vi" else "{} of target").format(
                    fmt.percent(row["achieved_pct"], lang)
                )
                assert not projection  # nothing left to project
            else:
                label = "Dự báo đến hạn" if lang == "vi" else "Projected at close"
                assert cards[label][0] == fmt.number(row["projected_count"], lang)
                assert fmt.percent(row["projected_pct"], lang) in cards[label][1]
                short = (
                    ("Thiếu dự báo" if lang == "vi" else "Projected shortfall")
                    if row["shortfall"] > 0
                    else ("Dư dự báo" if lang == "vi" else "Projected margin")
                )
                assert cards[short][0] == fmt.number(abs(row["shortfall"]), lang)
                assert cards["Cần mỗi ngày" if lang == "vi" else "Needed a day"][0] == fmt.number(row["needed_per_day"], lang, 1)
                # the projection on the curve: from the count now to the projection at the close, in the status's colour
                (line,) = projection
                assert line["line"]["color"] == status.COLORS[row["status"]]
                assert line["customdata"] == [fmt.number(row["count_submitted"], lang), fmt.number(row["projected_count"], lang)]
                assert line["x"][-1].startswith(str(pd.Timestamp(row["closes_at"]).date()))


def test_binh_duong_at_the_close_is_missed_at_99_97(detail):
    at = detail(as_of="2023-09-02T08:00", unit="LDLD-74")
    panel = status_panel(at)
    assert panel["status"] == "missed" and "99,97%" in panel["reason"]
    text = page_text(at) + "\n".join(f"{v[0]} {v[1]}" for v in metrics(at).values())
    assert "100,0%" not in text and "99,97%" in metrics(at)["Kết thúc"][1]
    assert metrics(at)["Còn thiếu"][0] == "11"
