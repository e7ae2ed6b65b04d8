"""App-written state in its own small DuckDB file beside the published data: users and roles,
custom meeting groups, the emulation scoring, and the history of their changes.

The data (P, `sangkien.duckdb`) changes only by imports, which publish a new version of the
whole file (sangkien/publish.py). The state lives in `<P stem>.state.duckdb` (e.g.
`sangkien.state.duckdb`) and is versioned the same way, but it is a few hundred kilobytes
(16 kB blocks), so saving the emulation weights or a group copies that, not the data.

Readers see one database: sangkien/db.py attaches the current data version as `d` and the
current state version as `s`, and `reader_views()` gives each cursor temporary views with the
tables' usual names (`unit_groups` = the data's regions and clusters + the state's custom
groups), so the SQL in queries/ does not know where a table lives.

Times are stored in UTC (naive timestamps); the views show them in Vietnam time (UTC+7, no
daylight saving time), as every other time in the app.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from sangkien import publish

BLOCK_SIZE = 16384  # DuckDB's default 256 kB blocks would make an empty state file ~2 MB
VIETNAM_OFFSET = "interval 7 hour"
KEEP_VERSIONS = 3
GRACE_SECONDS = 60  # readers attach the version they resolved within milliseconds
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
STATE_TABLES = ("unit_groups", "unit_group_members", "unit_group_log", "emulation_settings")

USERS_SQL = """
create table if not exists users (
    email varchar primary key,
    role varchar not null check (role in ('viewer', 'editor', 'admin')),
    granted_by varchar not null,
    granted_at timestamp not null
);
create table if not exists user_log (
    email varchar not null,
    action varchar not null,
    role varchar,
    changed_by varchar not null,
    changed_at timestamp not null
);
"""


def utc_now() -> datetime:
    """This minute in UTC, naive (how every app-written time is stored)."""
    return datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)


def state_path(data_path: Path) -> Path:
    data_path = Path(data_path)
    return data_path.with_name(f"{data_path.stem}.state{data_path.suffix}")


def schema_statement(table: str) -> str:
    """A table's create statement from schema.sql as "create table if not exists"."""
    text = re.sub(r"--[^\n]*", "", SCHEMA_FILE.read_text(encoding="utf-8"))
    for statement in text.split(";"):
        if re.search(rf"create table (if not exists )?{table}\b", statement):
            return re.sub(r"create table (if not exists )?", "create table if not exists ", statement, count=1)
    raise RuntimeError(f"schema.sql has no {table} table")


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _tables(con, catalog: str) -> set[str]:
    rows = con.execute("select table_name from duckdb_tables() where database_name = $c", {"c": catalog}).fetchall()
    return {r[0] for r in rows}


def ensure(data_path: Path) -> Path:
    """The state file of the logical database `data_path`, created on first write.

    A new state file takes over what older databases kept in the data file (custom groups, their
    history, the emulation scoring), so nothing is lost; from then on the data file's copies are
    ignored by readers.
    """
    data_path = Path(data_path)
    path = state_path(data_path)
    if publish.current_file(path).exists():
        return path
    with publish.writer_lock(path):
        if publish.current_file(path).exists():
            return path
        building = path.with_name(f"{path.name}.new-{uuid.uuid4().hex[:6]}")
        con = duckdb.connect()
        try:
            con.execute(f"attach {_quote(building)} as s (block_size {BLOCK_SIZE})")
            con.execute("use s")
            for table in STATE_TABLES:
                con.execute(schema_statement(table))
            con.execute(USERS_SQL)
            data = publish.current_file(data_path)
            if data.exists():
                _migrate(con, data)
            con.execute("use memory")
            con.execute("checkpoint s")
            con.execute("detach s")
        except BaseException:
            con.close()
            building.unlink(missing_ok=True)
            raise
        con.close()
        os.replace(building, path)
    return path


def _migrate(con, data: Path) -> None:
    con.execute(f"attach {_quote(data)} as d (read_only)")
    try:
        present = _tables(con, "d")
        if "unit_groups" in present:
            con.execute("insert into s.unit_groups select * from d.unit_groups where kind = 'custom'")
            con.execute(
                "insert into s.unit_group_members select m.* from d.unit_group_members as m "
                "semi join d.unit_groups as g on g.group_id = m.group_id and g.kind = 'custom'"
            )
        for table in ("unit_group_log", "emulation_settings"):
            if table in present:
                con.execute(f"insert into s.{table} select * from d.{table}")
    finally:
        con.execute("detach d")


@contextlib.contextmanager
def writing(data_path: Path, lock_timeout: float = 20.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a copy of the current state, published when the block ends.

    The current data version is attached read-only as `d` (units, reference groups) for checks.
    An exception inside the block publishes nothing.
    """
    data_path = Path(data_path)
    path = ensure(data_path)
    with publish.new_version(path, lock_timeout=lock_timeout, keep=KEEP_VERSIONS, grace_seconds=GRACE_SECONDS) as con:
        data = publish.current_file(data_path)
        con.execute(f"attach {_quote(data)} as d (read_only)")
        try:
            yield con
        finally:
            con.execute("detach d")


def reader_views(data_tables: set[str], has_state: bool) -> str:
    """SQL run on each reader cursor: the tables' usual names over the data (`d`) and state (`s`)."""
    local = f"+ {VIETNAM_OFFSET}"
    parts = ["use d;"]
    if "rollup_unit_totals" not in data_tables:  # a database made before it: built for this reader
        from sangkien import store

        parts.append(store.unit_totals_for_readers_sql())
    if has_state:
        parts += [
            "create or replace temp view unit_groups as "
            "select * from d.main.unit_groups where kind <> 'custom' "
            f"union all select * replace (created_at {local} as created_at) from s.main.unit_groups;",
            "create or replace temp view unit_group_members as "
            "select m.* from d.main.unit_group_members as m "
            "where m.group_id not in (select group_id from d.main.unit_groups where kind = 'custom') "
            "union all select * from s.main.unit_group_members;",
            f"create or replace temp view unit_group_log as select * replace (changed_at {local} as changed_at) from s.main.unit_group_log;",
            "create or replace temp view emulation_settings as "
            f"select * replace (updated_at {local} as updated_at) from s.main.emulation_settings;",
            f"create or replace temp view users as select * replace (granted_at {local} as granted_at) from s.main.users;",
            f"create or replace temp view user_log as select * replace (changed_at {local} as changed_at) from s.main.user_log;",
        ]
        return "\n".join(parts)
    # No state file yet (nothing was ever saved): what older databases kept in the data file.
    for table in ("unit_group_log", "emulation_settings"):
        if table not in data_tables:
            parts.append(schema_statement(table).replace("create table if not exists", "create temp table if not exists", 1) + ";")
    parts.append(USERS_SQL.replace("create table", "create temp table"))
    return "\n".join(parts)
