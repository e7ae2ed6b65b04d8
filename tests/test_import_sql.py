"""The importer's SQL files, and the small helpers added for the import's speed (issue 11, 13)."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sangkien.ingest import importer, stage
from sangkien.ingest.read import contains
from sangkien.storage import sqlfiles

SQL_DIR = sqlfiles.SQL_DIR / "import"


def test_every_import_sql_file_is_used_and_parses():
    source = Path(importer.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"(?:import/)?([a-z_]+)"', source))
    import duckdb

    con = duckdb.connect()
    for path in sorted(SQL_DIR.glob("*.sql")):
        assert path.stem in used, f"{path.name} is not used by sangkien/ingest/importer.py"
        parts = sqlfiles.statements(f"import/{path.stem}")
        assert parts, path.name
        for statement in parts:
            code = statement.replace("{blank_chars}", importer.BLANK_CHARS)
            # The statements refer to tables of an import in progress: only their syntax is checked here.
            try:
                con.extract_statements(code)
            except duckdb.ParserException as exc:  # pragma: no cover - the message names the file
                pytest.fail(f"{path.name}: {exc}")


def test_parameters_are_bound_per_statement_and_comments_do_not_count():
    import duckdb

    con = duckdb.connect()
    # a parameter named only in a comment is not passed (DuckDB refuses unused parameters)
    row = stage.execute(con, "-- uses $unused\nselect $a as a, $ab as ab", {"a": 1, "ab": 2, "unused": 3}).fetchall()
    assert row == [(1, 2)]


@pytest.mark.parametrize("seed", range(5))
def test_contains_agrees_with_find(seed):
    rng = random.Random(seed)
    alphabet = [b"\xc2", b"\xa0", b"\xe2", b"\x80", b"\x8b", b"a", b"\xef", b"\xbb", b"\xbf", b"\t", b"x"]
    for _ in range(400):
        # long runs of a needle's first byte make contains() fall back to the plain search
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4000)))
        if rng.random() < 0.2:
            data = b"\xe2" * 1500 + data
        for needle, start in ((b"\xc2\xa0", 0), (b"\xe2\x80\x8b", 0), (b"\t", 0), (b"\xef\xbb\xbf", 3)):
            assert contains(data, needle, start) == (data.find(needle, start) >= 0)


def test_the_command_line_does_not_load_streamlit_to_check_who_imports():
    code = "import sys; from sangkien.campaign import auth; assert auth.current().source == 'none'; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    assert out.stdout.strip() == "False"
