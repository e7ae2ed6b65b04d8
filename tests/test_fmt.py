from datetime import datetime

import pytest

from sangkien.core import fmt
from sangkien.core.reference import alias_key


def test_vietnamese_formats():
    assert fmt.number(163_532) == "163.532"
    assert fmt.percent(0.156) == "15,6%"
    assert fmt.day(datetime(2022, 4, 20, 8, 0)) == "20/04/2022"
    assert fmt.stamp(datetime(2022, 4, 20, 8, 0)) == "Tính đến 08:00 ngày 20/04/2022"
    assert fmt.signed(3_927) == "+3.927"
    assert fmt.signed(-1_200) == "−1.200"
    assert fmt.money_vnd(162_000_000_000) == "162,0 tỷ đồng"


def test_english_formats():
    assert fmt.number(163_532, "en") == "163,532"
    assert fmt.percent(0.156, "en") == "15.6%"
    assert fmt.stamp(datetime(2022, 4, 20, 8, 0), "en") == "As of 08:00 on 20/04/2022"


def test_format_by_suffix():
    assert fmt.by_suffix("achieved_registered_pct", 1.332) == "133,2%"
    assert fmt.by_suffix("count_submitted", 35_728) == "35.728"
    assert fmt.by_suffix("count_submitted", None) == "–"


def test_alias_key_folds_d_and_diacritics():
    assert alias_key("  Đắk   Lắk ") == "dak lak"
    assert alias_key("TP. Hồ Chí Minh") == alias_key("tp ho chi minh")
    assert alias_key("Thừa Thiên Huế") == alias_key("THUA THIEN HUE")


def test_a_share_below_a_verdict_mark_never_shows_the_mark():
    for value, text in ((37_699 / 37_710, "99,97%"), (0.9996, "99,96%"), (0.49996, "49,996%"), (0.999999, "99,9999%"), (1.0, "100,0%")):
        assert fmt.percent(value, "vi") == text
    assert fmt.percent(0.9996, "en", 0) == "99.96%"
    assert fmt.percent(0.156, "vi") == "15,6%" and fmt.percent(0.9994, "vi") == "99,9%"


def test_fast_number_paths_render_exactly_as_babel():
    """fmt formats numbers and dates without babel on its hot path; it must render every value
    babel would, ties and signs included (rounding half to even on the decimal text)."""
    import random
    from datetime import date
    from decimal import Decimal

    import numpy as np
    from babel.dates import format_date
    from babel.numbers import format_decimal, format_percent

    rng = random.Random(7)
    values = [0, -0.0, -0.04, 0.125, 2.675, 0.155, 2.5, 1e15, 1e-7, np.int64(163_532), np.float64(0.1567), Decimal("2.25")]
    values += [
        rng.choice([rng.randint(-(10**9), 10**9), rng.uniform(-1e6, 1e6), round(rng.uniform(-2, 2), rng.randint(0, 5))])
        for _ in range(2000)
    ]
    for value in values:
        for lang, locale in (("vi", "vi_VN"), ("en", "en_US")):
            for digits in (0, 1, 2):
                pattern = "#,##0" + ("." + "0" * digits if digits else "")
                assert fmt.number(value, lang, digits) == format_decimal(value, format=pattern, locale=locale), (value, lang, digits)
                # a share just below 50% or 100% takes the decimals it needs (never shown as the mark)
                shown = fmt.honest_digits(value, digits)
                honest = "#,##0" + ("." + "0" * shown if shown else "") + "%"
                expected = format_percent(fmt.honest_share(value, shown), format=honest, locale=locale)
                assert fmt.percent(value, lang, digits) == expected, (value, lang, digits)
    for day in (date(2022, 1, 8), date(2023, 12, 31), datetime(2022, 4, 20, 8, 0)):
        for lang, locale in (("vi", "vi_VN"), ("en", "en_US")):
            expected = format_date(day.date() if isinstance(day, datetime) else day, "dd/MM/yyyy", locale=locale)
            assert fmt.day(day, lang) == expected


@pytest.mark.parametrize(
    ("column", "value", "vi", "en", "excel", "axis"),
    [
        ("achieved_registered_pct", 0.156, "15,6%", "15.6%", "0.0%", ".0%"),
        ("registered_minus_guideline", 1223, "+1.223", "+1,223", "+#,##0;-#,##0;0", "+,d"),
        ("rank_change", -3, "−3", "−3", "+#,##0;-#,##0;0", "+,d"),
        ("rank_submitted", 7, "7", "7", "0", "d"),
        ("count_per_1000_members", 35.72, "35,7", "35.7", "#,##0.0", ",.0f"),
        ("score", 72.46, "72,5", "72.5", "#,##0.0", ",.0f"),
        ("count_submitted", 163532, "163.532", "163,532", "#,##0", ",d"),
        ("registered_target", 1048500, "1.048.500", "1,048,500", "#,##0", ",d"),
    ],
)
def test_one_format_table_for_screen_exports_and_charts(column, value, vi, en, excel, axis):
    from sangkien.campaign import export

    assert (fmt.by_suffix(column, value, "vi"), fmt.by_suffix(column, value, "en")) == (vi, en)
    assert export.number_format(column) == fmt.format_of(column).excel == excel
    assert fmt.format_of(column).axis == axis
