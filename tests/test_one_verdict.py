"""One verdict per unit: every surface shows the status the `status` command prints.

The reference is the command's own output (`python -m sangkien status --format json`); each
surface is read as a visitor or a file reader sees it (bar and tile colours, cards and counters,
the unit page's panel, the meeting's table and sentences, the PPTX/XLSX/CSV cells) at six
moments: the opening week, the seed article's minute, mid-campaign, 01/03/2023, the last day and
after the close. The default run covers every unit on the pages that list them all and a sample
of the per-unit and per-group surfaces; the `matrix` marker (README's second command) runs every
unit's page and every group's files.
"""

from __future__ import annotations

import json
import re

import openpyxl
import pytest
from pptx import Presentation

from sangkien import __main__ as cli
from sangkien.campaign import status
from sangkien.storage import db
from tests import downloads, signin
from tests.test_export import table_runs
from tests.test_progress import chart_spec, colours_by_code, sentence_counts
from tests.test_unit_detail import status_panel
from tests.test_watchlist import cards, status_counts

MOMENTS = {
    "opening": "2022-01-15T08:00",
    "seed": "2022-04-20T08:00",
    "mid": "2022-11-15T13:37",
    "march": "2023-03-01T08:00",
    "last_day": "2023-09-01T08:00",
    "closed": "2023-09-02T08:00",
}
# every unit is in one of these groups: the six regions' provinces, the sector and corporate unions
GROUPS = ["VUNG-TDMNPB", "VUNG-DBSH", "VUNG-BTB-DHMT", "VUNG-TN", "VUNG-DNB", "VUNG-DBSCL", "KHOI-CDN", "KHOI-CDTCT"]
KINDS = ("province", "sector", "corporation")


@pytest.fixture(scope="module")
def verdicts(demo_db, tmp_path_factory) -> dict[str, dict[str, dict]]:
    """{moment: {unit_code: the command's row}} from `python -m sangkien status --format json`."""
    out = {}
    folder = tmp_path_factory.mktemp("status")
    for label, as_of in MOMENTS.items():
        path = folder / f"{label}.json"
        assert cli.main(["status", "--db", str(demo_db), "--as-of", as_of, "--format", "json", "--out", str(path)]) == 0
        out[label] = {row["unit_code"]: row for row in json.loads(path.read_text(encoding="utf-8"))}
    db.close_all()
    return out


@pytest.fixture
def demo(demo_db, use_db):
    use_db(demo_db)


def group_units(group_id: str) -> list[str]:
    return list(db.run("meta/groups").set_index("group_id").loc[group_id, "unit_codes"])


def counts_of(rows) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        out[row["status"]] = out.get(row["status"], 0) + 1
    return out


def test_the_command_gives_every_unit_one_status_of_its_moment(verdicts):
    for label, rows in verdicts.items():
        assert len(rows) == 82, label
        allowed = status.AFTER_CLOSE if label == "closed" else status.BEFORE_CLOSE
        assert {r["status"] for r in rows.values()} <= set(allowed), label
        for r in rows.values():
            assert r["reason"] and "%" not in str(r["achieved_pct"])


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_progress_page_bars_tiles_and_counts(demo, verdicts, moment):
    rows = verdicts[moment]
    for kind in KINDS:
        at = signin.open_page("pages/progress.py", {"as_of": MOMENTS[moment], "kind": kind})
        assert not at.exception
        units = {code: r for code, r in rows.items() if r["kind"] == kind}
        bars = colours_by_code(chart_spec(at, 1 if kind == "province" else 0), "bar")
        assert set(bars) == set(units), (moment, kind)
        for code, colour in bars.items():
            assert colour == status.COLORS[units[code]["status"]], (moment, kind, code)
        if kind == "province":
            tiles = colours_by_code(chart_spec(at, 0), "tile")
            assert tiles == {code: status.COLORS[units[code]["status"]] for code in tiles} and len(tiles) == 63
        text = signin.texts(at, "markdown", "caption")
        assert sentence_counts(text) == counts_of(units.values()), (moment, kind)


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_watchlist_page_counters_and_cards(demo, verdicts, moment):
    rows = verdicts[moment]
    at = signin.open_page("pages/watchlist.py", {"as_of": MOMENTS[moment]}, query_after_first_run=True)
    assert not at.exception
    counts = counts_of(rows.values())
    shown = status_counts(at)
    assert {code: n for code, (n, _) in shown.items() if n} == counts
    for code, (_, colour) in shown.items():
        assert colour == status.COLORS[code]
    risky = {code for code, r in rows.items() if r["status"] in status.PROGRESS_RISK}
    seen = cards(at)
    for card in seen:
        assert card["status"] == rows[card["unit_code"]]["status"], (moment, card["unit_code"])
    # the cards open on the progress risks, none left out of the first places
    first = [c["unit_code"] for c in seen[: len(risky)]]
    assert set(first) <= risky, moment


def _unit_sample(rows: dict[str, dict]) -> list[str]:
    risky = [code for code, r in rows.items() if r["status"] in status.PROGRESS_RISK]
    others = [code for code, r in rows.items() if r["status"] not in status.PROGRESS_RISK]
    return risky[:4] + others[:1] + others[-1:]


def _check_unit_pages(verdicts, moment, codes):
    rows = verdicts[moment]
    for code in codes:
        at = signin.open_page("pages/unit_detail.py", {"as_of": MOMENTS[moment], "unit": code})
        assert not at.exception
        panel = status_panel(at)
        assert panel["status"] == rows[code]["status"], (moment, code)
        assert panel["name"] == status.name(rows[code]["status"])
        assert panel["reason"] == rows[code]["reason"]


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_unit_page_status_and_reason(demo, verdicts, moment):
    _check_unit_pages(verdicts, moment, _unit_sample(verdicts[moment]))


@pytest.mark.matrix
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_every_unit_page(demo, verdicts, moment):
    _check_unit_pages(verdicts, moment, list(verdicts[moment]))


def _check_meeting_page(verdicts, moment, group_id):
    rows = verdicts[moment]
    at = signin.open_page("pages/meeting.py", {"as_of": MOMENTS[moment], "group": group_id})
    assert not at.exception
    signin.open_section(at, "mt_view", 2)  # the units' table
    grid = at.dataframe[0].value
    shown = grid[grid["unit"] != "Tổng cộng"]
    expected = {rows[c]["unit"]: status.name(rows[c]["status"]) for c in group_units(group_id)}
    assert dict(zip(shown["unit"], shown["status_name"], strict=True)) == expected, (moment, group_id)
    signin.open_section(at, "mt_view", 1)  # the sentences count the units by status
    body = signin.texts(at, "markdown")
    for code, n in counts_of(rows[c] for c in group_units(group_id)).items():
        assert f"{status.name(code)}: **{n}**" in body, (moment, group_id, code)


def _check_files(verdicts, moment, group_id, folder, formats=("pptx", "xlsx", "csv")):
    rows = verdicts[moment]
    expected = {rows[c]["unit"]: status.name(rows[c]["status"]) for c in group_units(group_id)}
    args = ["export", "--group", group_id, "--as-of", MOMENTS[moment]]
    if "csv" in formats:
        assert cli.main([*args, "--format", "csv", "--out", str(folder / "csv")]) == 0
        units = downloads.read((folder / "csv" / "tien-do-don-vi.csv").read_bytes())
        assert dict(zip(units["Đơn vị"], units["Trạng thái"], strict=True)) == expected, (moment, group_id)
    if "xlsx" in formats:
        assert cli.main([*args, "--format", "xlsx", "--out", str(folder / "m.xlsx")]) == 0
        sheet = openpyxl.load_workbook(folder / "m.xlsx")["tien-do-don-vi"]
        top = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Đơn vị")
        cells = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(top + 1, top + 1 + len(expected))}
        assert cells == expected, (moment, group_id)
    if "pptx" in formats:
        assert cli.main([*args, "--format", "pptx", "--out", str(folder / "m.pptx")]) == 0
        grids = table_runs(Presentation(str(folder / "m.pptx")))["Tiến độ từng đơn vị — bảng số liệu"]
        seen = {g.cell(i, 0).text: g.cell(i, 1).text for g in grids for i in range(1, len(g.rows)) if g.cell(i, 0).text != "Tổng cộng"}
        assert seen == expected, (moment, group_id)


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_meeting_page_and_files(demo, verdicts, moment, tmp_path):
    # two groups per moment on the page (the six moments cover six of the eight), the units' CSV of
    # every group, and one group's PowerPoint and Excel
    k = list(MOMENTS).index(moment)
    for group_id in (GROUPS[k], GROUPS[(k + 3) % len(GROUPS)]):
        _check_meeting_page(verdicts, moment, group_id)
    for group_id in GROUPS:
        _check_files(verdicts, moment, group_id, tmp_path / group_id, formats=("csv",))
    _check_files(verdicts, moment, GROUPS[(k + 4) % len(GROUPS)], tmp_path / "files", formats=("pptx", "xlsx"))


@pytest.mark.matrix
@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("group_id", GROUPS)
def test_every_group_page_and_files(demo, verdicts, moment, group_id, tmp_path):
    _check_meeting_page(verdicts, moment, group_id)
    _check_files(verdicts, moment, group_id, tmp_path)


def test_the_groups_cover_every_unit(demo, verdicts):
    covered = {code for group_id in GROUPS for code in group_units(group_id)}
    assert covered == set(verdicts["mid"])


def test_overview_counts_are_the_commands(demo, verdicts):
    rows = verdicts["mid"]
    at = signin.open_page("pages/overview.py", {"as_of": MOMENTS["mid"]})
    assert not at.exception
    body = signin.texts(at, "markdown", "caption")
    line = next(line for line in body.splitlines() if line.startswith("Trạng thái tiến độ của"))
    shown = {name.strip().lower(): int(n.replace(".", "")) for n, name in re.findall(r"\*\*([\d.]+)\*\* ([^,.]+)", line)}
    assert shown == {status.name(code).lower(): n for code, n in counts_of(rows.values()).items()}
