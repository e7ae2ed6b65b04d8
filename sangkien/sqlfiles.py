"""The write side's SQL: one file per statement (or script) under sangkien/sql/, as the read side's is under queries/.

`sql("store/event_rows")` is the text of sangkien/sql/store/event_rows.sql. Files may hold several statements
separated by semicolons; `statements()` splits them for drivers that bind parameters per statement.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).with_name("sql")


@cache
def sql(name: str) -> str:
    """The text of sangkien/sql/<name>.sql (cached; the files ship with the package)."""
    path = (SQL_DIR / f"{name}.sql").resolve()
    if SQL_DIR.resolve() not in path.parents or not path.is_file():
        raise KeyError(f"no write-side SQL file named {name!r} under {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """The file's statements, split on semicolons that end a line (comments and blank pieces dropped)."""
    parts = [part.strip() for part in sql(name).split(";\n")]
    return [
        part.rstrip(";")
        for part in parts
        if part and not all(line.strip().startswith("--") or not line.strip() for line in part.splitlines())
    ]
