"""Charts that survive outliers: the one rule (scale.robust_bounds) and the figures built on it,
on hand-made frames whose every expected number can be read off, then on the demo at the close."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sangkien.campaign import export, status
from sangkien.core import fmt
from sangkien.storage import db
from sangkien.web.charts import bars as bar_charts
from sangkien.web.charts import emulation as emulation_charts
from sangkien.web.charts import leaderboards as leaderboards_charts
from sangkien.web.charts import meeting as meeting_charts
from sangkien.web.charts import progress as progress_charts
from sangkien.web.charts import scale, style
from sangkien.web.charts import targets as targets_charts

# Ten units: nine between 0.8 and 1.6 of their target, one at 20.65 (the old demo's Hà Tĩnh).
# Q1 = 1.0, Q3 = 1.4 (numpy's linear quantiles), so the upper fence is 1.4 + 1.5 * 0.4 = 2.0.
SHARES = [20.65, 1.6, 1.5, 1.4, 1.4, 1.2, 1.0, 1.0, 0.9, 0.8]


def test_the_rule_keeps_the_bulk_and_the_reference_lines():
    bounds = scale.robust_bounds(SHARES, include=(0.0, 1.0))
    assert (bounds.low, bounds.high) == (0.0, 1.6)  # the largest value inside the fences
    assert list(bounds.is_outlier(SHARES)) == [True] + [False] * 9
    # never short of a reference line: a pace of 1.8 stretches the axis, not the other way
    assert scale.robust_bounds(SHARES, include=(0.0, 1.8)).high == 1.8
    # a low outlier too (a margin of −48.000 among margins of a few thousand)
    margins = [-48_000, -1_200, -300, 0, 400, 800, 828, 3_008, 3_927, 70_000]
    bounds = scale.robust_bounds(margins, include=(0.0,))
    assert (bounds.low, bounds.high) == (-1_200, 3_927)
    assert list(np.flatnonzero(bounds.is_outlier(margins))) == [0, 9]


def test_a_value_that_fits_is_drawn_whole():
    """Beyond Tukey's fence but not worth a broken bar: the meeting chart of nine units' updated
    and valid initiatives, the largest 2.511 against a bulk up to 1.842 (the upper fence is
    about 2.000); drawn whole, the bulk keeps over two thirds of the axis, so nothing is hatched."""
    updated = [2_511, 2_106, 1_245, 1_025, 830, 756, 682, 565, 215]
    valid = [1_842, 1_317, 1_054, 707, 688, 596, 572, 516, 184]
    bounds = scale.robust_bounds(updated + valid, include=(0.0,))
    assert (bounds.low, bounds.high) == (0.0, 2_511)
    assert not bounds.is_outlier(updated + valid).any()
    # ten times the bulk is still cut at the edge (the rule above)
    assert scale.robust_bounds([21_060, *updated[1:], *valid], include=(0.0,)).high < 2_511


def test_few_or_missing_values_are_never_outliers():
    bounds = scale.robust_bounds([0.1, 9.0, None, float("nan")], include=(0.0,))
    assert (bounds.low, bounds.high) == (0.0, 9.0)
    assert scale.robust_bounds([], include=(0.0, 1.0)) == scale.Bounds(0.0, 1.0)


def test_nice_ticks_stop_at_the_edge():
    assert scale.nice_ticks(1.664) == [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]
    assert scale.nice_ticks(4_000, low=-1_250) == [-1_000, 0, 1_000, 2_000, 3_000, 4_000]


def progress_frame() -> pd.DataFrame:
    n = len(SHARES)
    registered = [7_360] + [10_000] * (n - 1)
    return pd.DataFrame(
        {
            "unit_code": [f"U{i}" for i in range(n)],
            "label_vi": [f"Đơn vị {i}" for i in range(n)],
            "achieved_registered_pct": SHARES,
            "count_submitted": [round(s * r) for s, r in zip(SHARES, registered, strict=True)],
            "registered_target": registered,
            "expected_pct": 1.0,
            "status": ["reached" if s >= 1.0 else "at_risk" for s in SHARES],
        }
    )


def bar_values(fig) -> dict:
    """y label -> (drawn x, hatched, text) over the figure's bar traces."""
    out = {}
    for trace in fig.data:
        if trace.type != "bar":
            continue
        hatched = trace.marker.pattern.shape == "/"
        for k, (x, y) in enumerate(zip(trace.x, trace.y, strict=True)):
            out[y] = (x, hatched, trace.text[k] if trace.text is not None else None)
    return out


def test_progress_bars_draw_every_bar_whole_from_zero():
    # a giant (20.65) among shares of 0.8-1.6: no bar is cut at an edge, the axis is linear from
    # zero and reaches the giant, and every value is written from its own length
    fig = progress_charts.progress_bars(progress_frame(), "unit_code", "label_vi", "stamp", "vi")
    low, high = fig.layout.xaxis.range
    assert low == 0 and high >= 20.65 and fig.layout.xaxis.type in (None, "linear")
    bars = bar_values(fig)
    for label, share in zip(progress_frame()["label_vi"], SHARES, strict=True):
        assert bars[label][:2] == (pytest.approx(share), False)
    # one trace per status, coloured by status.COLORS, in the vocabulary's order
    traces = [tr for tr in fig.data if tr.type == "bar"]
    assert [tr.name for tr in traces] == ["Đã đạt", "Nguy cơ không đạt"]
    assert [tr.marker.color for tr in traces] == ["#0072B2", "#D55E00"]
    # the giant's value is written inside its bar, at its end; the others after their bars
    inside, labels = sorted((tr for tr in fig.data if tr.type == "scatter" and tr.mode == "text"), key=lambda tr: tr.textposition)
    assert list(inside.text) == ["2.065,0% · 151.984"] and inside.textposition == "middle left" and inside.x[0] < bars[inside.y[0]][0]
    assert labels.text[0] == "160,0% · 16.000"
    # axis ticks written by fmt (Vietnamese decimal comma), never by a d3 format
    assert fig.layout.xaxis.ticktext[1].endswith("%") and not fig.layout.xaxis.tickformat
    # every value starts after its bar, and no line (100%, pace) runs through its width (0.3 of the axis)
    width = 0.3 * high
    for x, y in zip(labels.x, labels.y, strict=True):
        assert x > bars[y][0]
        assert all(line < x or line > x + width for line in (1.0, float(progress_frame()["expected_pct"].iloc[0])))


def test_labels_step_over_the_line_they_would_cross():
    # pace 0.17, target 1.0, axis up to 2.0: a label is 0.6 wide and starts 0.03 after its bar.
    # 0.10 would cross the pace line (starts after it, 0.20); 0.18 crosses nothing (0.21);
    # 0.50 would cross the 100% line (1.03); 1.50 is past both lines (1.53)
    x = scale.label_positions([0.10, 0.18, 0.50, 1.50], (0.17, 1.0), 2.0)
    assert list(x) == pytest.approx([0.20, 0.21, 1.03, 1.53])


def drawn(fig) -> dict[str, tuple[str, float, str]]:
    """{label: (x axis, length, text)} of every bar."""
    return {y: (trace.xaxis or "x", x, text) for trace in fig.data for y, x, text in zip(trace.y, trace.x, trace.text, strict=True)}


def assert_honest(fig) -> None:
    """Every bar whole on a linear axis through zero: no clipping, no log axis."""
    for _, (axis, x, _) in drawn(fig).items():
        layout = fig.layout["xaxis" + axis[1:]]
        low, high = layout.range
        assert layout.type in (None, "linear")
        assert low <= min(0.0, x) and max(0.0, x) <= high
        assert low == 0 or x < 0 or any(v < 0 for a, v, _ in drawn(fig).values() if a == axis)


def test_margin_bars_are_as_long_as_their_margins():
    # −48.000 and +70.000 were cut to the axis edge beside −1.200 and +3.927
    margins = pd.DataFrame(
        {
            "registered_minus_guideline": [70_000, 3_927, 3_008, 828, 800, 400, 0, -300, -1_200, -48_000],
            "registered_target": 100_000,
            "guideline_target": 30_000,
            "members_estimate": 300_000,
        }
    )
    margins["is_below_guideline"] = margins["registered_minus_guideline"] < 0
    fig = targets_charts.targets_margin_bars(margins, pd.Series([f"Đơn vị {i}" for i in range(10)]), "stamp", "vi")
    assert_honest(fig)
    bars = drawn(fig)
    # 70.000 and −48.000 are over five times any other margin (3.927): each whole, in a panel of
    # its own at its end of the ranking; the rest on one axis between them
    assert bars["Đơn vị 0"] == ("x", 70_000, "+70.000") and bars["Đơn vị 9"] == ("x3", -48_000, "−48.000")
    assert {bars[f"Đơn vị {i}"][0] for i in range(1, 9)} == {"x2"}
    assert bars["Đơn vị 8"] == ("x2", -1_200, "−1.200")
    assert fig.layout.meta["own_scale_axes"] == ["xaxis", "xaxis3"]
    assert fig.layout.xaxis.range[0] == 0 and fig.layout.xaxis3.range[1] == 0
    low, high = fig.layout.xaxis2.range
    assert low <= -1_200 and high >= 3_927
    labels = [y for axis in ("yaxis", "yaxis2", "yaxis3") for y in fig.layout[axis].categoryarray]
    assert labels == [f"Đơn vị {i}" for i in range(10)]  # order kept across the panels


def test_a_value_that_dwarfs_the_rest_gets_a_panel_of_its_own():
    board = pd.DataFrame(
        {
            "label": [f"{i + 1}. Đơn vị {i}" for i in range(6)],
            "metric_value": [60_000, 9_000, 8_000, 5_000, 1_000, 0],
            "status": ["made", "made", "missed", "made", None, "missed"],
        }
    )
    assert list(bar_charts.dwarfs(board["metric_value"])) == [True] + [False] * 5
    assert not bar_charts.dwarfs([603_500, 224_473, 148_000, 81_152]).any()  # 2,7 times: one axis
    fig = leaderboards_charts.leaderboard_bars(board, "count_submitted", "Bảng", "stamp", "vi")
    assert_honest(fig)
    bars = drawn(fig)
    assert bars["1. Đơn vị 0"][:2] == ("x", 60_000)  # whole, in the upper panel
    assert {label: axis for label, (axis, _, _) in bars.items() if label != "1. Đơn vị 0"} == dict.fromkeys(
        [f"{i + 1}. Đơn vị {i}" for i in range(1, 6)], "x2"
    )
    assert bars["2. Đơn vị 1"][1] == 9_000
    assert fig.layout.meta["own_scale_axes"] == ["xaxis"] and "Thang đo riêng" in fig.layout.xaxis.title.text
    assert fig.layout.xaxis.range[0] == 0 and fig.layout.xaxis2.range[0] == 0
    # each bar in its status's colour, the legend in the vocabulary's order
    colours = {y: trace.marker.color for trace in fig.data for y in trace.y}
    assert colours["3. Đơn vị 2"] == status.COLORS["missed"] and colours["1. Đơn vị 0"] == status.COLORS["made"]
    assert [trace.name for trace in fig.data if trace.showlegend] == ["Đạt", "Không đạt", "Chưa có chỉ tiêu"]
    # share labels never round up to a mark
    shares = board.assign(metric_value=[1.2, 1.1, 0.9997, 0.8, 0.5, 0.49996])
    texts = {
        y: text
        for y, (_, _, text) in drawn(leaderboards_charts.leaderboard_bars(shares, "achieved_registered_pct", "B", "s", "vi")).items()
    }
    assert texts["3. Đơn vị 2"] == "99,97%" and texts["6. Đơn vị 5"] == "49,996%"


def test_meeting_bars_are_honest_lengths_coloured_by_status():
    # issue 21: a meeting bar is as long as its value on a linear axis from zero, never clipped
    # (the 2.065% unit is drawn whole), its label is fmt's text (99,97% is not 100,0%), and each
    # unit's bar takes its status's colour (status.COLORS), the nation grey
    from sangkien.campaign import status

    values = [*SHARES[:-1], 0.9997]
    codes = ["reached"] * 8 + ["at_risk", "missed"]
    chart = export.Chart(
        title="Tỷ lệ",
        categories=[f"Đơn vị {i}" for i in range(10)] + ["Cả nước"],
        series=[("Tỷ lệ", [*values, 2.2])],
        number_format=export.FMT_PCT,
        highlight=10,
        statuses=[*codes, None],
    )
    fig = meeting_charts.meeting_bars(chart, "stamp", "vi")
    bars = bar_values(fig)
    assert bars["Cả nước"] == (pytest.approx(2.2), False, "220,0%")
    assert bars["Đơn vị 0"] == (pytest.approx(20.65), False, "2.065,0%")
    assert bars["Đơn vị 9"] == (pytest.approx(0.9997), False, "99,97%")
    assert fig.layout.xaxis.range[0] == 0 and fig.layout.xaxis.range[1] >= 20.65
    colour = {y: trace.marker.color for trace in fig.data for y in trace.y}
    for i, code in enumerate(codes):
        assert colour[f"Đơn vị {i}"] == status.COLORS[code]
    assert colour["Cả nước"] == style.OKABE_ITO["grey"]
    assert [trace.name for trace in fig.data] == [status.name(c) for c in ("reached", "at_risk", "missed")] + ["Cả nước"]
    assert list(fig.layout.yaxis.categoryarray) == chart.categories


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)


def test_percent_digits_write_every_value_exactly():
    assert scale.percent_digits([0.0, 0.2, 0.4, 1.0]) == 0
    assert scale.percent_digits([0.0, 0.025, 0.05]) == 1
    assert scale.percent_digits([0.0, 0.0002, 0.0004]) == 2


def test_progress_at_the_close_on_the_demo(demo):
    frame = db.run("progress/unit_progress", campaign_id="1TR-2022", as_of="2023-09-01 23:59", scope=None)
    frame = frame[frame["achieved_registered_pct"].notna()]
    fig = progress_charts.progress_bars(frame, "unit_code", "label_vi", "stamp", "vi")
    # Thanh Hóa's 603,5% is drawn whole: the axis reaches it, every bar is its own length
    assert fig.layout.xaxis.range[1] >= frame["achieved_registered_pct"].max()
    bars = bar_values(fig)
    for label, value in zip(frame["label_vi"], frame["achieved_registered_pct"], strict=True):
        assert bars[label][:2] == (pytest.approx(value), False)
    # every value written once (inside the longest bars, after the others), by fmt
    written = {y: text for tr in fig.data if tr.type == "scatter" and tr.mode == "text" for y, text in zip(tr.y, tr.text, strict=True)}
    assert len(written) == len(frame)
    for label, value, count in zip(frame["label_vi"], frame["achieved_registered_pct"], frame["count_submitted"], strict=True):
        assert written[label] == f"{fmt.percent(value, 'vi')} · {fmt.number(count, 'vi')}"


def test_a_long_chart_title_breaks_into_lines_and_keeps_markup_as_text():
    # the emulation page's title names a unit and its kind: too long for one line on a projector
    history = pd.DataFrame(
        {
            "month_start": pd.to_datetime(["2022-02-01", "2022-03-01"]),
            "rank_in_kind": [3, 1],
            "grade": ["B", "A"],
            "grade_label": ["Tốt", "Xuất sắc"],
            "score": [80.0, 90.0],
            "count_units_in_kind": [7, 7],
        }
    )
    title = "Thứ hạng của Công đoàn <b>Dệt May</b> Việt Nam qua các tháng (Công đoàn Tập đoàn, Tổng Công ty)"
    text = emulation_charts.emulation_rank_history(history, title, "Tính đến 08:00 ngày 20/04/2022", "vi").layout.title.text
    head = text.split("<sup>")[0]
    assert head.count("<br>") >= 2  # the title's own line break, then the one before the stamp
    # the markup is text (escaped), wherever the lines of ~40 characters break it (issue 26: a phone)
    assert "&lt;br&gt;" not in text and "&lt;b&gt;Dệt May&lt;/b&gt;" in head.replace("<br>", " ")
