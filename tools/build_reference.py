"""Build the project's reference data files (data/*.csv) from ../shared/reference.

Run once when the reference changes: `python tools/build_reference.py [REFERENCE_DIR]`.
The outputs are committed; the app and the demo read only data/.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REF = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
OUT = ROOT / "data"

REGIONS = {
    "Trung du và miền núi phía Bắc": ("TDMNPB", "Northern Midlands and Mountains"),
    "Đồng bằng sông Hồng": ("DBSH", "Red River Delta"),
    "Bắc Trung Bộ và duyên hải miền Trung": ("BTB-DHMT", "North Central and Central Coast"),
    "Tây Nguyên": ("TN", "Central Highlands"),
    "Đông Nam Bộ": ("DNB", "South East"),
    "Đồng bằng sông Cửu Long": ("DBSCL", "Mekong River Delta"),
}
CENTRAL_REGION = ("TW", "Khối Trung ương", "Central units")

# Members (estimates) anchored on published figures (unit_kinds.md section 2) or, for the
# Thái Nguyên conference group, chosen so that 10% of members reproduces the article's
# over/under statements.
PROVINCE_ANCHORS = {
    "01": 600_000,  # Hà Nội: assigned 60,000 = 10%
    "79": 1_300_000,  # TP.HCM: >1.3 million
    "74": 780_000,  # Bình Dương: 760-834k
    "75": 680_000,  # Đồng Nai: ~700k
    "20": 45_000,  # Lạng Sơn: ~45k
    "38": 340_000,  # Thanh Hóa: 308,598 took part
    "19": 125_000,
    "06": 26_000,
    "08": 52_000,
    "25": 95_000,
    "15": 50_000,
    "17": 52_000,
    "26": 110_000,
    "10": 50_000,
    "33": 105_000,
}
INDUSTRIAL = {"27", "24", "30", "31", "80", "77", "72", "22", "48", "70", "35", "56"}
RURAL_REGIONS = {"DBSCL", "TN", "TDMNPB"}

# code, name_vi, name_en, kind, members_estimate, aliases
CENTRAL_UNITS = [
    ("CDN-GD", "Công đoàn Giáo dục Việt Nam", "Vietnam Education Union", "sector", 95_000, "CĐ Giáo dục|Công đoàn Giáo dục|CĐGDVN"),
    ("CDN-YT", "Công đoàn Y tế Việt Nam", "Vietnam Health Union", "sector", 75_000, "CĐ Y tế|Công đoàn Y tế|CĐYTVN"),
    (
        "CDN-CAND",
        "Công đoàn Công an nhân dân",
        "People's Public Security Union",
        "sector",
        110_000,
        "CĐ Công an|Công đoàn Công an|CĐ CAND|CAND",
    ),
    ("CDN-QP", "Công đoàn Quốc phòng", "Defence Union", "sector", 135_000, "CĐ Quốc phòng|CĐQP"),
    (
        "CDN-CT",
        "Công đoàn Công Thương Việt Nam",
        "Vietnam Industry and Trade Union",
        "sector",
        85_000,
        "CĐ Công Thương|Công đoàn Công Thương",
    ),
    (
        "CDN-GTVT",
        "Công đoàn Giao thông vận tải Việt Nam",
        "Vietnam Transport Union",
        "sector",
        80_000,
        "CĐ GTVT|Công đoàn GTVT|CĐ Giao thông vận tải|Công đoàn Giao thông vận tải",
    ),
    ("CDN-XD", "Công đoàn Xây dựng Việt Nam", "Vietnam Construction Union", "sector", 60_000, "CĐ Xây dựng|Công đoàn Xây dựng"),
    (
        "CDN-NN",
        "Công đoàn Nông nghiệp và Phát triển nông thôn Việt Nam",
        "Vietnam Agriculture and Rural Development Union",
        "sector",
        45_000,
        "CĐ Nông nghiệp|Công đoàn Nông nghiệp|CĐ NN&PTNT|Công đoàn NN&PTNT",
    ),
    ("CDN-NH", "Công đoàn Ngân hàng Việt Nam", "Vietnam Banking Union", "sector", 95_000, "CĐ Ngân hàng|Công đoàn Ngân hàng"),
    (
        "CDN-TTTT",
        "Công đoàn Thông tin và Truyền thông Việt Nam",
        "Vietnam Information and Communications Union",
        "sector",
        45_000,
        "CĐ TT&TT|CĐ Thông tin và Truyền thông|Công đoàn Thông tin và Truyền thông|Công đoàn Bưu điện Việt Nam|CĐ Bưu điện|Công đoàn Bưu điện",
    ),
    ("CDN-VC", "Công đoàn Viên chức Việt Nam", "Vietnam Civil Servants Union", "sector", 84_000, "CĐ Viên chức|Công đoàn Viên chức"),
    ("CDN-DS", "Công đoàn Đường sắt Việt Nam", "Vietnam Railway Union", "sector", 25_000, "CĐ Đường sắt|Công đoàn Đường sắt"),
    (
        "CDTCT-DK",
        "Công đoàn Dầu khí Việt Nam",
        "Vietnam Oil and Gas Union",
        "corporation",
        60_000,
        "CĐ Dầu khí|Công đoàn Dầu khí|CĐ Tập đoàn Dầu khí|Petrovietnam",
    ),
    (
        "CDTCT-DL",
        "Công đoàn Điện lực Việt Nam",
        "Vietnam Electricity Union",
        "corporation",
        95_000,
        "CĐ Điện lực|Công đoàn Điện lực|CĐ EVN|EVN",
    ),
    (
        "CDTCT-TKV",
        "Công đoàn Than - Khoáng sản Việt Nam",
        "Vietnam Coal and Mineral Union",
        "corporation",
        85_000,
        "CĐ Than - Khoáng sản|Công đoàn Than Khoáng sản|CĐ TKV|TKV",
    ),
    ("CDTCT-CS", "Công đoàn Cao su Việt Nam", "Vietnam Rubber Union", "corporation", 55_000, "CĐ Cao su|Công đoàn Cao su|VRG"),
    (
        "CDTCT-DM",
        "Công đoàn Dệt May Việt Nam",
        "Vietnam Textile and Garment Union",
        "corporation",
        60_000,
        "CĐ Dệt May|Công đoàn Dệt May|Vinatex",
    ),
    (
        "CDTCT-HK",
        "Công đoàn Tổng Công ty Hàng không Việt Nam",
        "Vietnam Airlines Corporation Union",
        "corporation",
        22_000,
        "CĐ Hàng không|Công đoàn Hàng không|CĐ TCT Hàng không|Vietnam Airlines",
    ),
    (
        "CDTCT-HH",
        "Công đoàn Tổng Công ty Hàng hải Việt Nam",
        "Vietnam Maritime Corporation Union",
        "corporation",
        27_000,
        "CĐ Hàng hải|Công đoàn Hàng hải|CĐ TCT Hàng hải|Vinalines",
    ),
]
NATIONAL_MEMBERS = 10_500_000

EN_NAMES = {"01": "Hanoi", "79": "Ho Chi Minh City", "46": "Thua Thien Hue", "77": "Ba Ria - Vung Tau"}
NAME_VI = {"79": "TP Hồ Chí Minh"}
# Short labels for tiles and narrow charts.
SHORT = {"79": "TP.HCM", "77": "BR-VT", "46": "TT Huế", "01": "Hà Nội"}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s.strip())


def read_labour_force() -> dict[str, float]:
    lf = {}
    for line in (REF / "unit_kinds.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| (\d\d) \| [^|]+ \| [^|]+ \| ([\d.]+) \|", line)
        if m:
            lf[m.group(1)] = float(m.group(2))
    assert len(lf) == 63, len(lf)
    return lf


def main() -> None:
    provinces = list(csv.DictReader((REF / "provinces_2022.csv").open(encoding="utf-8")))
    merger = {r["old_gso_code"]: r for r in csv.DictReader((REF / "province_merger_2025.csv").open(encoding="utf-8"))}
    lf = read_labour_force()
    central_total = sum(u[4] for u in CENTRAL_UNITS)
    province_total = NATIONAL_MEMBERS - central_total
    free_total = province_total - sum(PROVINCE_ANCHORS.values())
    weights = {}
    for p in provinces:
        code = p["gso_code"]
        if code in PROVINCE_ANCHORS:
            continue
        region = REGIONS[p["region_gso"]][0]
        factor = 1.8 if code in INDUSTRIAL else (0.8 if region in RURAL_REGIONS else 1.0)
        weights[code] = lf[code] * factor
    wsum = sum(weights.values())
    members = dict(PROVINCE_ANCHORS)
    for code, w in weights.items():
        members[code] = int(round(free_total * w / wsum, -2))

    units, aliases = [], []
    for p in provinces:
        code = p["gso_code"]
        rcode, _ = REGIONS[p["region_gso"]]
        m = merger[code]
        unit_code = f"LDLD-{code}"
        units.append(
            {
                "unit_code": unit_code,
                "name_vi": NAME_VI.get(code, nfc(p["name_vi"])),
                "name_en": EN_NAMES.get(code, p["name_ascii"]),
                "short_vi": SHORT.get(code, nfc(p["name_vi"])),
                "kind": "province",
                "region_code": rcode,
                "region_vi": nfc(p["region_gso"]),
                "province_gso_code": code,
                "province_2025_code": m["new_code"],
                "province_2025_vi": nfc(m["new_name_vi"]),
                "members_estimate": members[code],
                "lat": p["lat"],
                "lon": p["lon"],
            }
        )
        names = [nfc(a) for a in p["aliases"].split("|")] + [nfc(p["full_name_vi"])]
        for a in dict.fromkeys(names):
            aliases.append({"alias": a, "unit_code": unit_code})
    for code, name_vi, name_en, kind, mem, al in CENTRAL_UNITS:
        units.append(
            {
                "unit_code": code,
                "name_vi": name_vi,
                "name_en": name_en,
                "short_vi": name_vi.replace("Công đoàn ", "CĐ ").replace(" Việt Nam", ""),
                "kind": kind,
                "region_code": CENTRAL_REGION[0],
                "region_vi": CENTRAL_REGION[1],
                "province_gso_code": "",
                "province_2025_code": "",
                "province_2025_vi": "",
                "members_estimate": mem,
                "lat": "",
                "lon": "",
            }
        )
        for a in dict.fromkeys([name_vi, name_en, code, *al.split("|")]):
            aliases.append({"alias": nfc(a), "unit_code": code})

    with (OUT / "units.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(units[0]))
        w.writeheader()
        w.writerows(units)
    with (OUT / "unit_aliases.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["alias", "unit_code"])
        w.writeheader()
        w.writerows(aliases)
    write_groups(units)
    print(f"{len(units)} units, {len(aliases)} aliases, members {sum(u['members_estimate'] for u in units):,}")


# Emulation clusters named in the union's reports; membership partly inferred (seed_figures B).
CLUSTERS = [
    (
        "CUM-5TP",
        "Cụm thi đua 5 LĐLĐ thành phố trực thuộc Trung ương",
        "5 centrally-run city federations",
        "cluster",
        ["01", "31", "48", "79", "92"],
    ),
    (
        "CUM-6BTB",
        "Cụm thi đua 6 LĐLĐ tỉnh khu vực Bắc Trung Bộ",
        "6 North Central provinces",
        "cluster",
        ["38", "40", "42", "44", "45", "46"],
    ),
    (
        "CUM-7DNB",
        "Cụm thi đua 7 LĐLĐ tỉnh khu vực Đông Nam Bộ",
        "7 South East provinces",
        "cluster",
        ["70", "72", "74", "75", "77", "60", "68"],
    ),
    (
        "CUM-6TDMN",
        "Cụm thi đua 6 LĐLĐ tỉnh Trung du và miền núi Bắc Bộ",
        "6 Northern Midlands provinces",
        "cluster",
        ["19", "06", "08", "25", "15", "17"],
    ),
    (
        "HN-THAINGUYEN-2022",
        "Hội nghị Thái Nguyên 20/4/2022",
        "Thái Nguyên conference 20/4/2022",
        "custom",
        ["19", "06", "08", "25", "15", "17", "26", "20", "10"],
    ),
]


def write_groups(units: list[dict]) -> None:
    groups, members = [], []
    for name_vi, (rcode, name_en) in REGIONS.items():
        gid = f"VUNG-{rcode}"
        groups.append({"group_id": gid, "name_vi": name_vi, "name_en": name_en, "kind": "region"})
        members += [{"group_id": gid, "unit_code": u["unit_code"]} for u in units if u["region_code"] == rcode]
    for gid, name_vi, name_en, kind, codes in CLUSTERS:
        groups.append({"group_id": gid, "name_vi": name_vi, "name_en": name_en, "kind": kind})
        members += [{"group_id": gid, "unit_code": f"LDLD-{c}"} for c in codes]
    for kind, gid, name_vi, name_en in [
        ("sector", "KHOI-CDN", "Khối thi đua Công đoàn ngành Trung ương", "Central sector unions"),
        ("corporation", "KHOI-CDTCT", "Khối thi đua Công đoàn Tập đoàn, Tổng Công ty", "Corporate unions"),
    ]:
        groups.append({"group_id": gid, "name_vi": name_vi, "name_en": name_en, "kind": "cluster"})
        members += [{"group_id": gid, "unit_code": u["unit_code"]} for u in units if u["kind"] == kind]
    for name, rows in [("unit_groups.csv", groups), ("unit_group_members.csv", members)]:
        with (OUT / name).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
