"""The demo's data: the campaign as published (data/checkpoints.toml, read through
sangkien/core/checkpoints.py) pinned as cumulative counts at a few instants ("knots"), the
demo's own shaping between and around them (targets, final ratios, timing), its calendar (the
weight of each day) and the words of its rows (fields, grassroots union names). demo.py builds
the database from them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from sangkien.core.checkpoints import figure, figures, unit_counts
from sangkien.storage.sqlfiles import sql

CAMPAIGN_ID = "1TR-2022"
DEFAULT_ROWS = int(figure("national_entries").value)
DEFAULT_SEED = 2022
OPENS_AT = datetime(2022, 1, 8, 0, 0)
CLOSES_AT = datetime(2023, 9, 1, 23, 59)
CAMPAIGN = {
    "campaign_id": CAMPAIGN_ID,
    "name_vi": "Chương trình “1 triệu sáng kiến” 2022–2023",
    "name_en": "“1 million initiatives” programme 2022–2023",
    "opens_at": OPENS_AT,
    "closes_at": CLOSES_AT,
    "national_target": 1_000_000,
    "guideline_ratio": figure("guideline_ratio").value,
    "is_demo": True,
}

# The published figures (data/checkpoints.toml, read through sangkien/core/checkpoints.py) are pinned
# as cumulative counts at a few instants ("knots"); the other values below are the demo's own
# shaping, chosen to be plausible between and around them.
_TOP10 = figure("top10_conference")
_MILLION = figure("national_one_million")
KNOTS = [
    figure("national_updated_conference").as_of,  # seed article: the national count and the top 10
    figure("hung_yen_updated").as_of,
    figure("tuyen_quang_updated").as_of,  # and its rank
    figure("national_updated_phase_one").as_of,  # end of phase 1; Thanh Hóa's count
    _MILLION.as_of - timedelta(days=1),  # the day before 1,000,000 was crossed
    _MILLION.as_of,  # 1,000,000 crossed
    figure("ha_noi_updated").as_of,
    figure("thanh_hoa_final").as_of,
    CLOSES_AT,
]
# The nation's count at each knot; between the crossing knots it passes the published million.
NATIONAL = [
    int(figure("national_updated_conference").value),
    345_000,
    362_000,
    int(figure("national_updated_phase_one").value),
    int(_MILLION.value) - 700,
    int(_MILLION.value) + 2_400,
    2_060_000,
    2_330_000,
    DEFAULT_ROWS,
]

# Units whose trajectory is pinned: PUB = the published count at that knot (a unit_counts()
# figure), None = apportioned like any other unit, a number = the demo's shaping. The rest of
# the seed article's top 10 is pinned at the first knot only.
PUB = "published"
_PINNED_SHAPE = {
    "LDLD-38": [PUB, 95_000, 103_000, PUB, 245_000, 245_600, 562_000, PUB, 603_500],
    "LDLD-01": [PUB, 33_000, 34_500, 52_000, 71_000, 71_150, PUB, 145_000, 148_000],
    "LDLD-33": [520, PUB, None, None, None, None, None, None, None],
    "LDLD-08": [830, 2_080, PUB, None, None, None, None, None, None],
}


def _pinned() -> dict[str, list[int | None]]:
    published = {(code, KNOTS.index(_TOP10.as_of)): value for code, value in _TOP10.ranking}
    for f in unit_counts():
        published[(f.unit, KNOTS.index(f.as_of))] = int(f.value)
    shape = {code: [PUB] + [None] * (len(KNOTS) - 1) for code, _ in _TOP10.ranking} | _PINNED_SHAPE
    pinned = {code: [published.pop((code, k)) if v == PUB else v for k, v in enumerate(row)] for code, row in shape.items()}
    if published:
        raise AssertionError(f"published counts that no demo pin uses: {published}")
    return pinned


PINNED = _pinned()
# Units of the Thái Nguyên group that updated "at about the national average" on 20/4/2022
# (published): pinned at the national rate (updated / registered) times these factors.
AT_NATIONAL_RATE = dict(zip(figure("group_at_national_rate").units, (1.03, 0.97, 1.05, 0.95), strict=True))
# The group's other units were not named as average on 20/4/2022: pinned clearly away from it
# (Tuyên Quang's 830 of 8,208 is already at 0.65 of the national rate).
AWAY_FROM_NATIONAL_RATE = {"LDLD-06": 0.6, "LDLD-17": 0.72, "LDLD-20": 0.68, "LDLD-26": 1.4}
TOP10_CAP = _TOP10.ranking[-1][1]  # nobody outside the published top 10 reaches this on 20/4/2022
_TQ = figure("tuyen_quang_updated")
TQ_RANK = (_TQ.unit, KNOTS.index(_TQ.as_of), _TQ.rank)  # (unit, knot index, rank among all units)

# Registered targets the demo sets itself; the published ones (a unit's registered target, its
# margin over the guideline, the Thái Nguyên group's total) come from the checkpoints in
# demo.py's _registered(), and the other units' derive from the guideline.
REGISTERED_SHAPE = {
    "LDLD-38": 100_000,  # Thanh Hóa: 600,175 updated was reported as 514.6% (of valid ones)
    "LDLD-06": 2_300,
    "LDLD-25": 7_600,
    "LDLD-15": 5_000,
    "LDLD-26": 11_500,
    "LDLD-10": 4_600,
}
GROUP_REST = "LDLD-19"  # Thái Nguyên registers what the group's published total leaves
REGISTERED_TOTAL = 1_048_500
# A published early leader had done this share of its registration at 08:00 20/4/2022 (drawn
# per unit; Thanh Hóa, the only one known, had done 35.7%): its target is raised to match.
EARLY_LEADER_SHARE = (0.25, 0.45)
# Each unit's result at the close as a share of its registered target: lognormal around the
# median, times its kind's factor, clipped to the range; the free units are then scaled
# together so the national total holds. Only Thanh Hóa (603.5%, published) lies above it.
FINAL_RATIO_MEDIAN = 1.85
FINAL_RATIO_SIGMA = 0.4
FINAL_RATIO_RANGE = (0.8, 4.0)
FINAL_RATIO_KIND = {"province": 1.0, "sector": 0.8, "corporation": 0.9}
# How early a unit moves: its share of its final count at a knot is the nation's share raised
# to a lognormal power (below 1 = earlier than the nation, above 1 = later).
TIMING_SIGMA = 0.17
# Published valid counts (Hưng Yên on 10/5/2022: 588 valid of 1,260): (unit, instant, valid).
REVIEW_PINS = [(f.unit, f.as_of, int(f.value)) for f in figures().values() if f.unit and f.measure == "count_valid"]

TET = [(date(2022, 1, 29), date(2022, 2, 6)), (date(2023, 1, 19), date(2023, 1, 29))]
HOLIDAYS = {
    date(2022, 4, 30),
    date(2022, 5, 1),
    date(2022, 5, 2),
    date(2022, 5, 3),
    date(2022, 9, 2),
    date(2023, 4, 29),
    date(2023, 4, 30),
    date(2023, 5, 1),
    date(2023, 5, 2),
    date(2023, 9, 1),
}
QUARTER_ENDS = [date(2022, 6, 30), date(2022, 9, 30), date(2022, 12, 31), date(2023, 3, 31), date(2023, 6, 30)]
DEADLINES = [(date(2022, 5, 31), 14, 2.0), (date(2023, 9, 1), 35, 2.5)]
FIELDS = ["technique", "management", "education", "health", "agriculture", "digital", "safety", "other"]
FIELD_WEIGHTS = [0.30, 0.16, 0.14, 0.08, 0.08, 0.10, 0.09, 0.05]


# Plausible grassroots union names: companies, schools and hospitals of the province (or, for
# sector and corporate unions, branches in the big cities). Number k of a unit always gets the
# same name; past the lists' combinations a "số n" tells the names apart.
COMPANIES = [
    "Xi măng",
    "Cơ khí",
    "May",
    "Chè",
    "Xây dựng",
    "Vận tải",
    "Cấp nước",
    "Dược phẩm",
    "Bao bì",
    "Thực phẩm",
    "Môi trường đô thị",
    "Khoáng sản",
    "Gạch ngói",
    "Giấy",
    "Điện tử",
    "Phân bón",
]
PEOPLE = [
    "Nguyễn Trãi",
    "Lê Quý Đôn",
    "Chu Văn An",
    "Trần Phú",
    "Lương Thế Vinh",
    "Ngô Quyền",
    "Lý Thường Kiệt",
    "Trần Hưng Đạo",
    "Nguyễn Du",
    "Hùng Vương",
    "Lê Lợi",
    "Quang Trung",
    "Võ Thị Sáu",
    "Kim Đồng",
    "Nguyễn Huệ",
    "Phan Bội Châu",
]
HOSPITALS = [
    "Đa khoa",
    "Sản Nhi",
    "Y học cổ truyền",
    "Phổi",
    "Mắt",
    "Nội tiết",
    "Phục hồi chức năng",
    "Tâm thần",
    "Da liễu",
    "Ung bướu",
    "Đa khoa khu vực",
    "Lao và Bệnh phổi",
    "Răng Hàm Mặt",
    "Truyền máu",
    "Nhi",
    "Điều dưỡng",
]
KINDERGARTENS = [
    "Hoa Sen",
    "Hoa Mai",
    "Sơn Ca",
    "Họa Mi",
    "Tuổi Thơ",
    "Hướng Dương",
    "Bình Minh",
    "Ánh Dương",
    "Hoa Hồng",
    "Măng Non",
    "Hoa Ban",
    "Thỏ Ngọc",
    "Vàng Anh",
    "Hoa Phượng",
    "Sao Mai",
    "Bông Sen",
]
CITIES = [
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Quảng Ninh",
    "Nghệ An",
    "Thanh Hóa",
    "Bình Dương",
    "Đồng Nai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Bắc Ninh",
    "Thừa Thiên Huế",
    "Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu",
    "Thái Nguyên",
]
BRANCHES = ["Chi nhánh", "Công ty", "Trung tâm", "Văn phòng", "Ban Quản lý dự án", "Cơ sở"]


def day_shape(d: date) -> float:
    """A day's weight in the campaign's rhythm: weekdays, the first weeks, Tết, holidays, quarter ends and deadline surges."""
    w = [1.0, 1.0, 1.0, 1.0, 1.0, 0.55, 0.25][d.weekday()]
    opened = (d - OPENS_AT.date()).days
    w *= min(1.0, 0.2 + opened / 25)
    if any(a <= d <= b for a, b in TET):
        w *= 0.12
    if d in HOLIDAYS:
        w *= 0.3
    for q in QUARTER_ENDS:
        if 0 <= (q - d).days < 7:
            w *= 1.4
    for deadline, span, boost in DEADLINES:
        left = (deadline - d).days
        if 0 <= left < span:
            w *= 1 + boost * (1 - left / span)
    return w


def _sql_list(items: list[str]) -> str:
    return "[" + ", ".join("'" + item.replace("'", "''") + "'" for item in items) + "]"


def grassroots_sql() -> str:
    """sql/demo/grassroots_name.sql with the name lists above written in."""
    lists = {"branches": BRANCHES, "cities": CITIES, "companies": COMPANIES, "people": PEOPLE}
    lists |= {"hospitals": HOSPITALS, "kindergartens": KINDERGARTENS}
    return sql("demo/grassroots_name").format(**{name: _sql_list(items) for name, items in lists.items()})


def field_case() -> str:
    cuts = np.cumsum(FIELD_WEIGHTS)
    parts = [f"when u_field < {c:.4f} then '{f}'" for f, c in zip(FIELDS, cuts, strict=False)]
    return "case {} else 'other' end".format(" ".join(parts))
