"""Every published checkpoint of the campaign (data/checkpoints.toml), read through the app's own
named queries on the default demo. The figures are written only in that file, which the demo
builder reads too; a figure the demo does not reproduce fails here."""

from __future__ import annotations

import pandas as pd
import pytest

from sangkien.core.checkpoints import figure, figures
from sangkien.storage import db

CAMPAIGN = "1TR-2022"
# what a "unit at about the national rate" may differ from it by (the article gives no number)
AT_NATIONAL_RATE_TOLERANCE = 0.10


@pytest.fixture(autouse=True)
def _demo(demo_db, use_db):
    use_db(demo_db)


def run(name, as_of, **params):
    return db.run(name, campaign_id=CAMPAIGN, as_of=as_of, **params)


def units_at(as_of, scope=None) -> pd.DataFrame:
    return run("progress/unit_totals", as_of, scope=scope).set_index("unit_code")


def national_at(as_of) -> pd.Series:
    return run("overview/kpis", as_of).iloc[0]


def group_units(group_id: str) -> list[str]:
    return list(db.run("meta/groups").set_index("group_id").loc[group_id, "unit_codes"])


def holds(f, shown) -> bool:
    return shown > f.value if f.compare == "more_than" else shown == f.value


UNIT_FIGURES = [f for f in figures().values() if f.unit]
NATIONAL_FIGURES = [
    f for f in figures().values() if not (f.unit or f.group or f.ranking) and f.measure in ("count_submitted", "registered_target")
]


@pytest.mark.parametrize("f", UNIT_FIGURES, ids=lambda f: f.id)
def test_a_unit_figure(f):
    assert holds(f, units_at(f.as_of).loc[f.unit, f.measure]), f.sentence


@pytest.mark.parametrize("f", NATIONAL_FIGURES, ids=lambda f: f.id)
def test_a_national_figure(f):
    assert holds(f, national_at(f.as_of)[f.measure]), f.sentence


def test_the_top10_at_the_conference():
    f = figure("top10_conference")
    top = run("leaderboard/top_units", f.as_of, limit=len(f.ranking) + 1)
    assert list(zip(top["unit_code"][:10], top[f.measure][:10], strict=True)) == list(f.ranking)
    assert list(top["rank_submitted"][:10]) == list(range(1, 11))
    assert top[f.measure].iloc[10] < f.ranking[-1][1]


def test_the_group_registered_total_and_share():
    total, share = figure("group_registered"), figure("group_registered_share")
    group = units_at(total.as_of, scope=group_units(total.group))
    assert len(group) == total.of
    assert group[total.measure].sum() == total.value, total.sentence
    assert holds(share, group[total.measure].sum() / national_at(share.as_of)[total.measure]), share.sentence


def test_the_group_below_the_guideline():
    f = figure("group_below_guideline")
    group = units_at(f.as_of, scope=group_units(f.group))
    assert set(group.index[group[f.measure]]) == set(f.units), f.sentence


def test_the_group_units_at_the_national_rate():
    f = figure("group_at_national_rate")
    kpis = national_at(f.as_of)
    national_rate = kpis["count_submitted"] / kpis["registered_target"]
    group = units_at(f.as_of, scope=group_units(f.group))
    for code in f.units:
        rate = group.loc[code, f.measure]  # a share of the target, despite its _pct name
        assert abs(rate / national_rate - 1) <= AT_NATIONAL_RATE_TOLERANCE, (code, f.sentence)


def test_the_rank_of_tuyen_quang():
    f = figure("tuyen_quang_updated")
    board = run("leaderboard/top_units", f.as_of, limit=100).set_index("unit_code")
    assert len(board) == f.of
    assert board.loc[f.unit, "rank_submitted"] == f.rank, f.sentence
    assert (board[f.measure] == f.value).sum() == 1


def test_hung_yen_had_nothing_else_on_10_may():
    f = figure("hung_yen_updated")
    unit = units_at(f.as_of).loc[f.unit]
    assert unit["count_invalid"] == 0 and unit["count_awaiting_review"] == 0


def test_one_million_crossed_on_its_day():
    f = figure("national_one_million")
    daily = run("overview/national_daily", f.as_of).set_index("day")
    cum = daily[f.measure]
    day = pd.Timestamp(f.as_of.date())
    assert cum[day - pd.Timedelta(days=1)] < f.value <= cum[day], f.sentence


def test_partial_day_equals_raw_count(demo_db):
    """The rollup + partial-day path agrees with a plain count over raw rows."""
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        for as_of in ["2022-04-20 08:00", "2022-11-15 13:37", "2023-02-01 00:00"]:
            raw = con.execute("select count(*) from submissions where submitted_at <= $t", {"t": as_of}).fetchone()[0]
            assert run("overview/kpis", as_of).iloc[0]["count_submitted"] == raw
    finally:
        con.close()
