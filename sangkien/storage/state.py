"""App-written state in its own small DuckDB file beside the published data: users and roles,
custom meeting groups, the emulation scoring, and the history of their changes.

The data (P, `sangkien.duckdb`) changes only by imports, which publish a new version of the
whole file (sangkien/storage/publish.py). The state lives in `<P stem>.state.duckdb` (e.g.
`sangkien.storage.state.duckdb`) and is versioned the same way, but it is a few hundred kilobytes
(16 kB blocks), so saving the emulation weights or a group copies that, not the data.

Readers see one database: sangkien/storage/db.py attaches the current data version as `d` and the
current state version as `s`, and `reader_views()` gives each cursor temporary views with the
tables' usual names (`unit_groups` = the data's regions and clusters + the state's custom
groups), so the SQL in queries/ does not know where a table lives.

This module owns the writes: every app change (sangkien/campaign/groups.py, emulation.py, auth.py) runs
inside `writing()` and is refused with `ChangeError`. The state's tables come from schema.sql
(parsed by sangkien/storage/schema.py) and sangkien/sql/state/.

Times are stored in UTC (naive timestamps); the views show them in Vietnam time (UTC+7, no
daylight saving time), as every other time in the app.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from sangkien.core.i18n import translate
from sangkien.storage import location, publish, schema
from sangkien.storage.location import sql_quote, state_path
from sangkien.storage.sqlfiles import sql, statements

BLOCK_SIZE = 16384  # DuckDB's default 256 kB blocks would make an empty state file ~2 MB
KEEP_VERSIONS = 3
GRACE_SECONDS = 60  # readers attach the version they resolved within milliseconds
WRITE_TIMEOUT_SECONDS = 20  # waiting for another writer (an import) before giving up
# the tables of schema.sql that live in the state file; its own tables are in sql/state/users.sql
STATE_TABLES = ("unit_groups", "unit_group_members", "unit_group_log", "emulation_settings", "emulation_settings_log")


class ChangeError(ValueError):
    """A change was refused; `message(lang)` says why in the user's language."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, lang: str = "vi", surface: str = "md") -> str:
        """Why, for a markdown surface (the pages) or "term" (the command line)."""
        return translate(surface, self.key, lang, **self.values)


def utc_now() -> datetime:
    """This minute in UTC, naive (how every app-written time is stored)."""
    return datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)


def minute(now: datetime | None = None) -> datetime:
    """`now` (default: this minute in UTC) to the minute, as app-written times are stored."""
    return (now or utc_now()).replace(second=0, microsecond=0)


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
            con.execute(f"attach {sql_quote(building)} as s (block_size {BLOCK_SIZE})")
            con.execute("use s")
            for table in STATE_TABLES:
                con.execute(schema.create_statement(table))
            con.execute(sql("state/users"))
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
    con.execute(f"attach {sql_quote(data)} as d (read_only)")
    try:
        present = _tables(con, "d")
        if "unit_groups" in present:
            for statement in statements("state/take_over_groups"):
                con.execute(statement)
        for table in ("unit_group_log", "emulation_settings"):
            if table in present:
                con.execute(f"insert into s.{table} select * from d.{table}")
    finally:
        con.execute("detach d")


@contextlib.contextmanager
def writing(data_path: Path | None = None, lock_timeout: float = WRITE_TIMEOUT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a copy of the current state, published when the block ends.

    Every app write (groups, emulation settings, users) goes through here: the change is made on
    a copy of the small state file and its pointer is switched atomically, so readers never see a
    half-made change and never block the write. The current data version is attached read-only
    as `d` (units, reference groups) for checks. An exception inside the block publishes nothing;
    another writer holding the lock past `lock_timeout` gives a ChangeError ("gr_err_locked").
    `data_path` is the logical data database (default: the app's, sangkien/storage/db.py).
    """
    if data_path is None:
        data_path = location.db_path()
    data_path = Path(data_path)
    try:
        path = ensure(data_path)
        with publish.new_version(path, lock_timeout=lock_timeout, keep=KEEP_VERSIONS, grace_seconds=GRACE_SECONDS) as con:
            data = publish.current_file(data_path)
            con.execute(f"attach {sql_quote(data)} as d (read_only)")
            try:
                yield con
            finally:
                con.execute("detach d")
    except publish.VersionError as exc:
        raise ChangeError("gr_err_locked", error=str(exc).splitlines()[0]) from exc


def reader_views(data_tables: set[str], has_state: bool, state_tables: set[str] | None = None) -> str:
    """SQL run on each reader cursor: the tables' usual names over the data (`d`) and state (`s`)."""
    parts = ["use d;"]
    if "rollup_unit_totals" not in data_tables:  # a database made before it: db.Database builds it in memory
        parts.append("create or replace temp view rollup_unit_totals as select * from memory.main.rollup_unit_totals;")
    if has_state:
        parts.append(sql("state/reader_views"))
        # a state file made before the settings' history: an empty one until the next save adds it
        if state_tables is None or "emulation_settings_log" in state_tables:
            parts.append(sql("state/settings_log_view"))
        else:
            parts.append(schema.create_statement("emulation_settings_log", temp=True) + ";")
        parts.append(_subscription_views(state_tables is None or "subscriptions" in state_tables))
        return "\n".join(parts)
    # No state file yet (nothing was ever saved): what older databases kept in the data file.
    for table in ("unit_group_log", "emulation_settings", "emulation_settings_log"):
        if table not in data_tables:
            parts.append(schema.create_statement(table, temp=True) + ";")
    parts.append(sql("state/users").replace("create table", "create temp table"))
    parts.append(_subscription_views(False))
    return "\n".join(parts)


def _subscription_views(present: bool) -> str:
    """The e-mailed reports' tables for readers (sangkien/campaign/subscriptions.py): views over the
    state's, or empty ones until the first subscription makes them."""
    if present:
        return sql("state/subscription_views")
    return sql("state/subscriptions").replace("create table if not exists", "create temp table if not exists")
