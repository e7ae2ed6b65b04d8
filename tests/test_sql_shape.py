"""The read side's SQL keeps its house shape (issue 23, "each SQL rule once"): every named query
ends in `select * from final`, no query or macro divides without nullif (or share()), the macro
files are the ones db.MACRO_FILES names, in an order DuckDB can define, and the event→measure
mapping is written once (event_measures, read by the macros and the store)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from sangkien.core import paths
from sangkien.storage import db, store

QUERIES = paths.QUERIES_DIR
MACROS = QUERIES / "_macros"
NAMED = sorted(p for p in QUERIES.rglob("*.sql") if MACROS not in p.parents)
ALL_READ_SQL = sorted(QUERIES.rglob("*.sql"))


def code(path: Path) -> str:
    """The file's SQL without comments and string literals (a '/' in either is no division)."""
    return re.sub(r"'(?:[^']|'')*'|--[^\n]*", lambda m: "''" if m.group().startswith("'") else "", path.read_text(encoding="utf-8"))


def _close(text: str, start: int) -> int:
    """Index of the parenthesis that closes the one at `start`."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    raise ValueError("unbalanced parentheses")


def unguarded_divisions(sql: str) -> list[str]:
    """Each division whose divisor is not nullif(...), a positive number or greatest(..., a
    positive number): those can be 0, and DuckDB then gives infinity, not null."""
    found = []
    for m in re.finditer(r"/", sql):
        rest = sql[m.end() :].lstrip()
        if rest.startswith("nullif(") or re.match(r"[1-9]\d*(\.\d+)?\b|0\.\d*[1-9]", rest):
            continue
        if rest.startswith("greatest("):
            inner = rest[len("greatest(") : _close(rest, len("greatest"))]
            if re.search(r",\s*[1-9]\d*(\.\d+)?\s*$", inner):
                continue
        found.append(sql[max(0, m.start() - 50) : m.end() + 30].replace("\n", " "))
    return found


@pytest.mark.parametrize("path", NAMED, ids=lambda p: str(p.relative_to(QUERIES)))
def test_every_query_ends_in_final(path):
    sql = code(path).strip()
    assert re.search(r"(^|\n)\s*with\b", sql) and re.search(r"[\s,]final as \(", sql), f"{path.name}: no final step"
    tail = re.compile(r"\)\s*select\s+\*\s+from\s+final(\s+order\s+by\s[^;()]+(\([^()]*\)[^;()]*)*)?(\s+limit \$?\w+)?$")
    assert tail.search(sql), f"{path.name} does not end in `select * from final` (then order by / limit only)"


@pytest.mark.parametrize("path", ALL_READ_SQL, ids=lambda p: str(p.relative_to(QUERIES)))
def test_no_query_divides_without_nullif(path):
    assert unguarded_divisions(code(path)) == [], path.name


def test_the_division_check_sees_an_unguarded_one():
    found = unguarded_divisions("select a / b, c / nullif(d, 0), e / 86400.0, f / greatest(g, 1.0) from t")
    assert len(found) == 1 and found[0].startswith("select a / b,")
    assert unguarded_divisions("select x / greatest(y, 0) from t") != []


def test_the_macro_files_are_db_macro_files_in_their_order():
    assert sorted(p.stem for p in MACROS.glob("*.sql")) == list(db.MACRO_FILES)
    assert list(db.MACRO_FILES) == sorted(db.MACRO_FILES)  # the file names sort in loading order
    assert db.query_text("_macros") == "\n".join((MACROS / f"{name}.sql").read_text(encoding="utf-8") for name in db.MACRO_FILES)


def test_macros_define_in_order_and_a_file_can_be_read_in_place_of_another(tiny_db):
    con = duckdb.connect(str(tiny_db), read_only=True)
    try:
        con.execute(db.query_text("_macros"))
        counts = con.execute(
            "select count_submitted from unit_totals_as_of('T', timestamp '2024-03-10 23:59', null) order by all"
        ).fetchall()
        # a text in place of a file (the benchmark's bare staging macros): here the same text
        con.execute(db.macros(instead={"20_staging": db.macro_file("20_staging")}))
        assert (
            con.execute("select count_submitted from unit_totals_as_of('T', timestamp '2024-03-10 23:59', null) order by all").fetchall()
            == counts
        )
    finally:
        con.close()
    with pytest.raises(db.QueryError):
        db.macros(instead={"99_nothing": ""})


def test_pace_judged_from_is_gone():
    assert "pace_judged_from" not in db.query_text("_macros")


def test_the_event_measure_mapping_is_written_once():
    # which event counts as which measure: only event_measures (10_measures.sql) says it among the
    # shared macros and the write side; the store defines that very file before unit_totals.sql
    sources = [*MACROS.glob("*.sql"), *paths.SQL_DIR.rglob("*.sql")]
    writers = sorted(p.name for p in sources if re.search(r"event\s*=\s*'", code(p)))
    assert writers == ["10_measures.sql"]
    assert store.MEASURES_SQL == MACROS / "10_measures.sql"
    assert "event_measures(" in (paths.SQL_DIR / "store" / "unit_totals.sql").read_text(encoding="utf-8")
    assert "event_measures(" in db.macro_file("20_staging")


def test_share_and_per_1000_are_written_once():
    # the macros themselves, and no query derives a per-1,000 rate or the non-leader share again
    for path in NAMED + [p for p in MACROS.glob("*.sql") if p.stem != "10_measures"]:
        sql = code(path)
        assert not re.search(r"1000(\.0)?\s*\*", sql), f"{path.name}: per_1000() derives rates per 1,000"
        assert not re.search(r"count_submitted_non_leader\s*/", sql), f"{path.name}: share() derives the non-leader share"


def test_share_gives_null_for_a_zero_whole():
    con = duckdb.connect()
    con.execute(db.macro_file("10_measures"))
    assert con.execute("select share(1, 4), share(1, 0), share(1, null), per_1000(4, 1000), per_1000(4, 0)").fetchone() == (
        0.25,
        None,
        None,
        4.0,
        None,
    )
