from datetime import datetime

from sangkien import fmt
from sangkien.reference import alias_key


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
