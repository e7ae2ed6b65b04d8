"""The write side's SQL: one file per statement (or script) under sangkien/sql/, as the read side's is under queries/.

`sql("store/event_rows")` is the text of sangkien/sql/store/event_rows.sql. Files may hold several statements
separated by semicolons; `statements()` splits them for drivers that bind parameters per statement.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sangkien.core import paths

SQL_DIR = paths.SQL_DIR


def sql_file(folder: Path, name: str) -> Path | None:
    """folder/<name>.sql when it is a file inside `folder` (a name never climbs out of it), else None.
    The read side (queries/, sangkien.storage.db) and the write side (sangkien/sql/) both find files so."""
    path = (folder / f"{name}.sql").resolve()
    return path if folder.resolve() in path.parents and path.is_file() else None


@cache
def sql(name: str) -> str:
    """The text of sangkien/sql/<name>.sql (cached; the files ship with the package)."""
    path = sql_file(SQL_DIR, name)
    if path is None:
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
