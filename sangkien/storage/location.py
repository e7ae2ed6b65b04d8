"""Where the databases are: the data database (SANGKIEN_DB, default data/sangkien.duckdb), its
small state database beside it, and a path written into SQL. Read by the reader (db), the state
writer (state) and publishing; it imports nothing of theirs, so neither imports the other for it."""

from __future__ import annotations

import os
from pathlib import Path

from sangkien.core import paths

DEFAULT_DB = paths.DATA_DIR / "sangkien.duckdb"


def db_path() -> Path:
    """The data database the app reads: SANGKIEN_DB, else data/sangkien.duckdb."""
    return Path(os.environ.get("SANGKIEN_DB") or DEFAULT_DB)


def is_configured() -> bool:
    """Whether SANGKIEN_DB names a database other than the default (then no demo is built)."""
    value = os.environ.get("SANGKIEN_DB")
    return bool(value) and Path(value).absolute() != DEFAULT_DB.absolute()


def state_path(data_path: Path) -> Path:
    """The state database of a data database: `<stem>.state.duckdb` beside it."""
    data_path = Path(data_path)
    return data_path.with_name(f"{data_path.stem}.state{data_path.suffix}")


def sql_quote(path: Path) -> str:
    """A path as a SQL string literal (for ATTACH)."""
    return "'" + str(path).replace("'", "''") + "'"
