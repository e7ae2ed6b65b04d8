"""Charts that survive outliers: the one rule (charts.robust_bounds) and the figures built on it,
on hand-made frames whose every expected number can be read off, then on the demo at the close."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sangkien import charts, db, export, fmt, watchlist

PACE_DAYS = watchlist.Settings().pace_days  # the progress queries split by pace from then on

# Ten units: nine between 0.8 and 1.6 of their target, one at 20.65 (the old demo's Hà Tĩnh).
# Q1 = 1.0, Q3 = 1.4 (numpy's linear quantiles), so the upper fence is 1.4 + 1.5 * 0.4 = 2.0.
SHARES = [20.65, 1.6, 1.5, 1.4, 1.4, 1.2, 1.0, 1.0, 0.9, 0.8]


def test_the_rule_keeps_the_bulk_and_the_reference_lines():
    bounds = charts.robust_bounds(SHARES, include=(0.0, 1.0))
    assert (bounds.low, bounds.high) == (0.0, 1.6)  # the largest value inside the fences
    assert list(bounds.is_outlier(SHARES)) == [True] + [False] * 9
    # never short of a reference line: a pace of 1.8 stretches the axis, not the other way
    assert charts.robust_bounds(SHARES, include=(0.0, 1.8)).high == 1.8
    # a low outlier too (a margin of −48.000 among margins of a few thousand)
    margins = [-48_000, -1_200, -300, 0, 400, 800, 828, 3_008, 3_927, 70_000]
    bounds = charts.robust_bounds(margins, include=(0.0,))
    assert (bounds.low, bounds.high) == (-1_200, 3_927)
    assert list(np.flatnonzero(bounds.is_outlier(margins))) == [0, 9]


def test_a_value_that_fits_is_drawn_whole():
    """Beyond Tukey's fence but not worth a broken bar: the meeting chart of nine units' updated
    and valid initiatives, the largest 2.511 against a bulk up to 1.842 (the upper fence is
    about 2.000); drawn whole, the bulk keeps over two thirds of the axis, so nothing is hatched."""
    updated = [2_511, 2_106, 1_245, 1_025, 830, 756, 682, 565, 215]
    valid = [1_842, 1_317, 1_054, 707, 688, 596, 572, 516, 184]
    bounds = charts.robust_bounds(updated + valid, include=(0.0,))
    assert (bounds.low, bounds.high) == (0.0, 2_511)
    assert not bounds.is_outlier(updated + valid).any()
    # ten times the bulk is still cut at the edge (the rule above)
    assert charts.robust_bounds([21_060, *updated[1:], *valid], include=(0.0,)).high < 2_511


def test_few_or_missing_values_are_never_outliers():
    bounds = charts.robust_bounds([0.1, 9.0, None, float("nan")], include=(0.0,))
    assert (bounds.low, bounds.high) == (0.0, 9.0)
    assert charts.robust_bounds([], include=(0.0, 1.0)) == charts.Bounds(0.0, 1.0)


def test_nice_ticks_stop_at_the_edge():
    assert charts.nice_ticks(1.664) == [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]
    assert charts.nice_ticks(4_000, low=-1_250) == [-1_000, 0, 1_000, 2_000, 3_000, 4_000]


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
            "is_behind_elapsed_share": [s < 1.0 for s in SHARES],
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


def test_progress_bars_put_the_outlier_at_the_edge_with_its_true_value():
    fig = charts.progress_bars(progress_frame(), "unit_code", "label_vi", "stamp", "vi")
    edge = 1.6 * 1.04
    low, high = fig.layout.xaxis.range
    assert low == 0 and high == pytest.approx(edge * 1.45)  # from the bulk, not from 20.65
    assert max(fig.layout.xaxis.tickvals) <= edge
    bars = bar_values(fig)
    assert bars["Đơn vị 0"][:2] == (pytest.approx(edge), True)  # hatched to the edge
    assert bars["Đơn vị 1"][:2] == (pytest.approx(1.6), False)
    # the hatched bar is its own trace: the legend's swatch and the other bars stay plain
    assert [tr.showlegend for tr in fig.data if tr.type == "bar" and tr.marker.pattern.shape == "/"] == [False]
    labels = next(tr for tr in fig.data if tr.type == "scatter" and tr.mode == "text")
    assert labels.text[0] == "2.065,0% · 151.984 ⟫"  # the true value, marked as beyond the scale
    assert labels.text[1] == "160,0% · 16.000"
    # every value starts after its bar, and no line (100%, pace) runs through its width (0.3 of the axis)
    width = 0.3 * high
    for x, y in zip(labels.x, labels.y, strict=True):
        assert x > bars[y][0]
        assert all(line < x or line > x + width for line in (1.0, float(progress_frame()["expected_pct"].iloc[0])))


def test_labels_step_over_the_line_they_would_cross():
    # pace 0.17, target 1.0, axis up to 2.0: a label is 0.6 wide and starts 0.03 after its bar.
    # 0.10 would cross the pace line (starts after it, 0.20); 0.18 crosses nothing (0.21);
    # 0.50 would cross the 100% line (1.03); 1.50 is past both lines (1.53)
    x = charts._label_positions([0.10, 0.18, 0.50, 1.50], (0.17, 1.0), 2.0)
    assert list(x) == pytest.approx([0.20, 0.21, 1.03, 1.53])


def test_margin_bars_clip_both_tails():
    margins = pd.DataFrame(
        {
            "registered_minus_guideline": [70_000, 3_927, 3_008, 828, 800, 400, 0, -300, -1_200, -48_000],
            "registered_target": 100_000,
            "guideline_target": 30_000,
            "members_estimate": 300_000,
        }
    )
    margins["is_below_guideline"] = margins["registered_minus_guideline"] < 0
    fig = charts.targets_margin_bars(margins, pd.Series([f"Đơn vị {i}" for i in range(10)]), "stamp", "vi")
    low, high = fig.layout.xaxis.range
    assert -1_200 * 1.04 > low > -5_000 and 3_927 * 1.04 < high < 6_000
    bars = bar_values(fig)
    assert bars["Đơn vị 0"] == (pytest.approx(3_927 * 1.04), True, "+70.000 ⟫")
    assert bars["Đơn vị 9"] == (pytest.approx(-1_200 * 1.04), True, "−48.000 ⟫")
    assert bars["Đơn vị 1"] == (pytest.approx(3_927), False, "+3.927")
    assert list(fig.layout.yaxis.categoryarray) == [f"Đơn vị {i}" for i in range(10)]  # order kept


def test_meeting_bars_are_honest_lengths_coloured_by_status():
    # issue 21: a meeting bar is as long as its value on a linear axis from zero, never clipped
    # (the 2.065% unit is drawn whole), its label is fmt's text (99,97% is not 100,0%), and each
    # unit's bar takes its status's colour (status.COLORS), the nation grey
    from sangkien import status

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
    fig = charts.meeting_bars(chart, "stamp", "vi")
    bars = bar_values(fig)
    assert bars["Cả nước"] == (pytest.approx(2.2), False, "220,0%")
    assert bars["Đơn vị 0"] == (pytest.approx(20.65), False, "2.065,0%")
    assert bars["Đơn vị 9"] == (pytest.approx(0.9997), False, "99,97%")
    assert fig.layout.xaxis.range[0] == 0 and fig.layout.xaxis.range[1] >= 20.65
    colour = {y: trace.marker.color for trace in fig.data for y in trace.y}
    for i, code in enumerate(codes):
        assert colour[f"Đơn vị {i}"] == status.COLORS[code]
    assert colour["Cả nước"] == charts.OKABE_ITO["grey"]
    assert [trace.name for trace in fig.data] == [status.name(c) for c in ("reached", "at_risk", "missed")] + ["Cả nước"]
    assert list(fig.layout.yaxis.categoryarray) == chart.categories


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)


def test_percent_digits_write_every_value_exactly():
    assert charts.percent_digits([0.0, 0.2, 0.4, 1.0]) == 0
    assert charts.percent_digits([0.0, 0.025, 0.05]) == 1
    assert charts.percent_digits([0.0, 0.0002, 0.0004]) == 2


def test_progress_at_the_close_on_the_demo(demo):
    frame = db.run("progress/unit_progress", pace_days=PACE_DAYS, campaign_id="1TR-2022", as_of="2023-09-01 23:59", scope=None)
    frame = frame[frame["achieved_registered_pct"].notna()]
    fig = charts.progress_bars(frame, "unit_code", "label_vi", "stamp", "vi")
    pct = frame["achieved_registered_pct"]
    bounds = charts.robust_bounds(pct, include=(0.0, 1.0, float(frame["expected_pct"].iloc[0])))
    beyond = bounds.is_outlier(pct)
    # Thanh Hóa's 603,5% does not set the axis; a giant or two, never a tenth of the units
    assert beyond[frame["unit_code"].tolist().index("LDLD-38")] and 1 <= beyond.sum() <= 0.1 * len(frame)
    bars = bar_values(fig)
    for label, value, out in zip(frame["label_vi"], pct, beyond, strict=True):
        assert bars[label][0] == pytest.approx(bounds.high * 1.04 if out else value)
    labels = next(tr for tr in fig.data if tr.type == "scatter" and tr.mode == "text")
    for value, count, out, text in zip(pct, frame["count_submitted"], beyond, labels.text, strict=True):
        assert text.startswith(f"{fmt.percent(value, 'vi')} · {fmt.number(count, 'vi')}") and text.endswith("⟫") == out


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
    text = charts.emulation_rank_history(history, title, "Tính đến 08:00 ngày 20/04/2022", "vi").layout.title.text
    head = text.split("<sup>")[0]
    assert head.count("<br>") >= 2  # the title's own line break, then the one before the stamp
    assert "&lt;br&gt;" not in text and "&lt;b&gt;Dệt May&lt;/b&gt;" in head
