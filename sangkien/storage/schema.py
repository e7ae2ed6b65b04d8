"""The tables of sangkien/storage/schema.sql, parsed in one place.

`store.create_schema` runs the whole file on a new data database; `store.ensure_tables` (tables an
older data file lacks) and `state` (the state database's tables, and the temporary stand-ins a
reader gets when no state file exists yet) take single tables from `create_statement`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SCHEMA_FILE = Path(__file__).with_name("schema.sql")
_CREATE = re.compile(r"create table (?:if not exists )?(\w+)")


def text() -> str:
    """The whole of schema.sql (every table, as a new data database gets them)."""
    return SCHEMA_FILE.read_text(encoding="utf-8")


@cache
def tables() -> dict[str, str]:
    """Each table's create statement, in file order, without comments or the closing semicolon."""
    found: dict[str, str] = {}
    for statement in re.sub(r"--[^\n]*", "", text()).split(";"):
        match = _CREATE.search(statement)
        if match:
            found[match.group(1)] = statement[match.start() :].strip()
    return found


def create_statement(table: str, temp: bool = False) -> str:
    """`table`'s statement from schema.sql as "create [temp] table if not exists …"."""
    statement = tables().get(table)
    if statement is None:
        raise RuntimeError(f"schema.sql has no {table} table")
    return _CREATE.sub(f"create {'temp ' if temp else ''}table if not exists \\1", statement, count=1)
