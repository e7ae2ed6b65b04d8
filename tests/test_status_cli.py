"""`python -m sangkien status`: one row per unit, the one verdict and why, as the pages show it."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pandas as pd
import pytest

from sangkien import __main__ as cli
from sangkien.campaign import status
from sangkien.core import fmt

CODES = set(status.ORDER)


def _csv(path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype={"unit_code": str})


def test_every_unit_once_with_a_known_code_and_a_reason(tiny_db, use_db, tmp_path):
    use_db(tiny_db)
    out = tmp_path / "s.csv"
    assert cli.main(["status", "--as-of", "2024-03-05T12:00", "--out", str(out)]) == 0
    rows = _csv(out)
    assert list(rows.columns) == status.CLI_COLUMNS
    assert sorted(rows["unit_code"]) == ["U-A", "U-B", "U-C"]
    assert set(rows["status"]) <= set(status.BEFORE_CLOSE)
    expected = status.frame("T", datetime(2024, 3, 5, 12, 0)).set_index("unit_code")
    for _, row in rows.iterrows():
        assert row["status"] == expected.loc[row["unit_code"], "status"]
        assert row["reason"] == status.reason(expected.loc[row["unit_code"]].to_dict() | {"unit_code": row["unit_code"]}, "vi")
        assert "%" not in str(row["achieved_pct"])


def test_after_the_close_only_made_or_missed(tiny_db, use_db, tmp_path):
    use_db(tiny_db)
    out = tmp_path / "s.json"
    assert cli.main(["status", "--as-of", "2024-03-11T08:00", "--format", "json", "--out", str(out), "--lang", "en"]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {r["status"] for r in rows} <= set(status.AFTER_CLOSE)
    for r in rows:
        assert isinstance(r["achieved_pct"], (int, float))
        assert (r["status"] == "made") == (r["shortfall"] <= 0)


def test_scope_and_bad_arguments(tiny_db, use_db, tmp_path, capsys):
    use_db(tiny_db)
    out = tmp_path / "s.csv"
    assert cli.main(["status", "--as-of", "2024-03-05T12:00", "--kind", "sector", "--out", str(out)]) == 0
    assert list(_csv(out)["unit_code"]) == ["U-C"]
    assert cli.main(["status", "--as-of", "yesterday"]) == 2
    assert "--as-of" in capsys.readouterr().err


def test_plain_percent_never_reaches_a_mark_it_is_below():
    assert fmt.plain_percent(37_699 / 37_710) == 99.97
    assert fmt.plain_percent(0.4999) == 49.99
    assert fmt.plain_percent(0.99999999) < 100
    assert fmt.plain_percent(1.0) == 100.0
    assert fmt.percent(37_699 / 37_710, "vi") == "99,97%"
    assert fmt.percent(0.156, "vi") == "15,6%"


@pytest.mark.parametrize("as_of", ["2022-11-15T13:37", "2023-09-02T08:00"])
def test_the_command_on_the_default_demo(demo_db, use_db, as_of, capsys):
    use_db(demo_db)
    assert cli.main(["status", "--as-of", as_of]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))
    assert len(rows) == 82 and set(rows["status"]) <= CODES
    risky = rows[rows["status"].isin(status.PROGRESS_RISK)]
    # the demo's five provinces that end below their registered target are warned mid-campaign
    assert {"Kon Tum", "Đồng Tháp", "Sóc Trăng", "Bà Rịa - Vũng Tàu", "Bình Dương"} <= set(risky["unit"])
    assert len(risky) <= 16
