"""Read side of the database: open it read-only, run named queries from queries/, cache results.

Pages call `run("overview/kpis", campaign_id=..., as_of=...)` and get a DataFrame. Values travel
as DuckDB named parameters; results are cached by (query, parameters, data version).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from sangkien.core import paths
from sangkien.storage import publish, sqlfiles, state
from sangkien.storage.location import db_path, sql_quote, state_path

ROOT = paths.ROOT
QUERIES = ROOT / "queries"
MACROS = QUERIES / "_macros"
CACHE_MAX_ENTRIES = 512
POOL_MAX = 8  # idle cursors kept per database (one per concurrent query is enough)
READER_MEMORY = os.environ.get("SANGKIEN_READER_MEMORY", "256MB")  # DuckDB memory_limit of a reading connection
# DuckDB threads of a reading connection; unset: one per core (DuckDB's default). Where several
# processes share the cores (the test suite's workers and servers), 1 spends less CPU in all.
READER_THREADS = os.environ.get("SANGKIEN_READER_THREADS", "")


class QueryError(RuntimeError):
    """A named query does not exist or failed; the message says which."""


# The shared macros (queries/_macros/<file>.sql), one concern a file, defined on every reader
# cursor in this order: DuckDB binds a macro's macros and tables when it is created, so each file
# uses only those above it. Measures first (scalar, no table: the store defines it too), then the
# as-of rule over the stored tables, the calendar, the per-unit base, the status, page helpers.
MACRO_FILES = ("10_measures", "20_staging", "30_calendar", "40_units", "50_status", "60_pages")


def macros(instead: dict[str, str] | None = None) -> str:
    """Every macro file's text in MACRO_FILES order (`query_text("_macros")`); `instead` maps a
    file's name to a text read in its place (the benchmark's bare staging macros)."""
    instead = instead or {}
    unknown = set(instead) - set(MACRO_FILES)
    if unknown:
        raise QueryError(f"unknown macro files {sorted(unknown)} (expected some of {MACRO_FILES})")
    return "\n".join(instead[name] if name in instead else macro_file(name) for name in MACRO_FILES)


@cache
def macro_file(name: str) -> str:
    """The text of queries/_macros/<name>.sql, one of MACRO_FILES."""
    path = sqlfiles.sql_file(MACROS, name)
    if path is None:
        raise QueryError(f"unknown macro file {name!r} (expected queries/_macros/{name}.sql)")
    return path.read_text(encoding="utf-8")


_MACRO_START = re.compile(r"(?m)^create or replace temp macro ([A-Za-z_][A-Za-z0-9_]*)")


@cache
def _macro_statements() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """Every shared macro as (name, its `create` statement, the macros its body calls), in
    MACRO_FILES order (a macro file holds nothing but macros and their comments)."""
    found = []
    for name in MACRO_FILES:
        text = macro_file(name)
        starts = [m.start() for m in _MACRO_START.finditer(text)] + [len(text)]
        found += [(_MACRO_START.match(text, a).group(1), text[a:b]) for a, b in zip(starts, starts[1:], strict=False)]
    names = [n for n, _ in found]
    return tuple((n, statement, _calls(statement, names) - {n}) for n, statement in found)


def _calls(sql: str, names) -> frozenset[str]:
    """The macros of `names` that `sql` calls (a name followed by its parenthesis; one named in a
    comment only counts too, which costs a definition, never an answer)."""
    return frozenset(n for n in names if re.search(rf"\b{n}\s*\(", sql))


@cache
def macros_for(sql: str) -> tuple[str, ...]:
    """The shared macros `sql` needs, those they call included, in definition order."""
    statements = _macro_statements()
    calls = {n: c for n, _, c in statements}
    needed, todo = set(), list(_calls(sql, calls))
    while todo:
        n = todo.pop()
        if n not in needed:
            needed.add(n)
            todo += calls[n]
    return tuple(n for n, _, _ in statements if n in needed)


@cache
def _macro_text(names: tuple[str, ...]) -> str:
    text = {n: statement for n, statement, _ in _macro_statements()}
    return "\n".join(text[n] for n in names)


@cache
def query_text(name: str) -> str:
    """The text of queries/<name>.sql; "_macros" is every shared macro file in order (macros())."""
    if name == "_macros":
        return macros()
    path = sqlfiles.sql_file(QUERIES, name)
    if path is None:
        raise QueryError(f"unknown query {name!r} (expected queries/{name}.sql)")
    return path.read_text(encoding="utf-8")


class _Cursor:
    """A pooled DuckDB cursor and the shared macros defined on it so far."""

    __slots__ = ("con", "macros")

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.macros: set[str] = set()

    def execute(self, sql: str, params=None):
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def close(self) -> None:
        self.con.close()


class Database:
    """One read-only DuckDB connection per file; each query runs on its own cursor.

    The connection is an in-memory database with the current data version attached read-only
    as `d` and the current app-state version (sangkien/storage/state.py) as `s`; each cursor sees
    their tables under the usual names.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple | None = None
        self._views = ""
        self._retired: list[duckdb.DuckDBPyConnection] = []
        self._version = ""
        self._cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._generation = 0
        self._idle: list[_Cursor] = []  # cursors of this generation, views defined, not in use

    def _file_stamp(self) -> tuple:
        # self.path is the logical database; the file read is the version its pointer names
        # (sangkien/storage/publish.py), so an import switches readers to a new file, never rewrites one.
        # The app state (groups, scoring, users) is a second, small versioned file.
        target = publish.current_file(self.path)
        st = target.stat()
        state_file = publish.current_file(state_path(self.path))
        state_name = str(state_file) if state_file.exists() else ""
        return (str(target), st.st_mtime, st.st_size, state_name)

    def _open(self, stamp: tuple) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:")
        try:
            con.execute("set enable_progress_bar = false")
            # DuckDB's buffer pool keeps blocks read from the file up to 80 % of RAM by default; a replica
            # serves answers from its own result cache, so a small pool is enough (docs/deploy.md).
            con.execute(f"set memory_limit = '{READER_MEMORY}'")
            if READER_THREADS.isdigit() and int(READER_THREADS) > 0:
                con.execute(f"set threads = {int(READER_THREADS)}")
            con.execute(f"attach {sql_quote(Path(stamp[0]))} as d (read_only)")
            if stamp[3]:
                con.execute(f"attach {sql_quote(Path(stamp[3]))} as s (read_only)")
            tables = {r[0] for r in con.execute("select table_name from duckdb_tables() where database_name = 'd'").fetchall()}
            if "rollup_unit_totals" not in tables and "rollup_unit_day" in tables:
                from sangkien.storage import store

                store.build_unit_totals_for_readers(con)
            state_tables = (
                {r[0] for r in con.execute("select table_name from duckdb_tables() where database_name = 's'").fetchall()}
                if stamp[3]
                else set()
            )
            self._views = state.reader_views(tables, bool(stamp[3]), state_tables)
            row = con.execute("select value from d.meta where key = 'data_version'").fetchone()
        except BaseException:
            con.close()
            raise
        self._version = (row[0] if row else "") + ("+" + Path(stamp[3]).name if stamp[3] else "")
        return con

    def _connection(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            stamp = self._file_stamp()
            if self._con is None or stamp != self._stamp:
                if self._con is not None and self._stamp is not None and (self._stamp[0], self._stamp[3]) != (stamp[0], stamp[3]):
                    # A new data or state version: another thread may still be reading on a cursor of the
                    # old connection, so close it only at the switch after next.
                    self._retired.append(self._con)
                    while len(self._retired) > 1:
                        self._retired.pop(0).close()
                elif self._con is not None:
                    # The same path rewritten (a rebuilt demo): DuckDB would hand back the cached
                    # old instance while any connection to it is open.
                    self._con.close()
                try:
                    con = self._open(stamp)
                except duckdb.IOException:
                    # pruned between resolving the pointer and opening: the pointer is newer now
                    stamp = self._file_stamp()
                    con = self._open(stamp)
                self._con, self._stamp = con, stamp
                self._generation += 1
                self._idle = []  # cursors of the old connection close with it
                self._cache.clear()
            return self._con

    def check(self) -> str:
        """Open the file now (raising if it cannot be read) and return its data version."""
        return self.version

    @property
    def stamp(self) -> tuple:
        """What identifies the files read now (data and state version files, their times and sizes)."""
        self._connection()
        return self._stamp

    @property
    def version(self) -> str:
        self._connection()
        return self._version

    def run(self, name: str, **params) -> pd.DataFrame:
        self._connection()
        sql = query_text(name)
        names = used_parameters(sql)
        params = {k: _param(v) for k, v in params.items() if k in names}
        key = (name, tuple(sorted((k, _hashable(v)) for k, v in params.items())), self._version)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        cursor, generation = self._checkout()
        try:
            missing = tuple(m for m in macros_for(sql) if m not in cursor.macros)
            if missing:
                cursor.execute(_macro_text(missing))
                cursor.macros.update(missing)
            frame = cursor.execute(sql, params).df()
        except duckdb.Error as exc:
            raise QueryError(f"query {name} failed: {exc}") from exc
        finally:
            self._checkin(cursor, generation)
        with self._lock:
            self._cache[key] = frame
            while len(self._cache) > CACHE_MAX_ENTRIES:
                self._cache.popitem(last=False)
        return frame

    def _checkout(self) -> tuple[_Cursor, int]:
        """A cursor on the current connection with the shared views defined, for one query at a
        time: an idle one when there is one, else a new one. `run` defines on it the shared macros
        its query needs that the cursor lacks (`macros_for`; all 22 of them cost a new cursor
        30 ms, more than most queries, and a query needs a few).

        DuckDB cursors are not thread-safe and temporary macros live per cursor, so a cursor serves
        one query at a time; defining the views and macros costs about as much as a small query,
        and Streamlit runs every rerun on a new thread, so cursors are pooled rather than kept per
        thread."""
        with self._lock:
            if self._idle:
                return self._idle.pop(), self._generation
            con, views, generation = self._con, self._views, self._generation
        if con is None:  # closed since run() opened it (close_all from another thread): open again
            self._connection()
            return self._checkout()
        cursor = _Cursor(con.cursor())
        cursor.execute(views)
        return cursor, generation

    def _checkin(self, cursor: _Cursor, generation: int) -> None:
        with self._lock:
            if generation == self._generation and len(self._idle) < POOL_MAX:
                self._idle.append(cursor)
                return
        with contextlib.suppress(duckdb.Error):
            cursor.close()

    def close(self) -> None:
        with self._lock:
            for con in [*self._retired, self._con]:
                if con is not None:
                    con.close()
            self._con, self._retired, self._idle = None, [], []
            self._cache.clear()


_COMMENT = re.compile(r"--[^\n]*")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def used_parameters(sql: str) -> frozenset[str]:
    """Named parameters a statement uses (comments may mention others), so callers can pass
    the common ones (campaign_id, as_of, scope) to every query."""
    return frozenset(_PARAMETER.findall(_COMMENT.sub("", sql)))


def _param(value):
    if isinstance(value, (list, tuple)):
        return list(value)
    return value


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


_databases: dict[Path, Database] = {}
_registry_lock = threading.Lock()


def database(path: Path | None = None) -> Database:
    path = Path(path or db_path()).resolve()
    with _registry_lock:
        if path not in _databases:
            _databases[path] = Database(path)
        return _databases[path]


def run(name: str, **params) -> pd.DataFrame:
    """Run a named query on the configured database. Every query takes campaign_id and as_of."""
    params.setdefault("scope", None)
    return database().run(name, **params)


_memo_caches: list[OrderedDict] = []  # every db.memo's results, emptied by close_all


def memo(maxsize: int = 64):
    """Cache a function of the database's contents by (its arguments, the data version).

    For derived results built from several queries (a meeting report, a ranking with its
    sentences): every session asking the same question at the same data version shares one
    result, and an import (a new version) builds it again. Arguments must be hashable; callers
    must treat the result as read-only."""

    def decorate(fn):
        results: OrderedDict[tuple, object] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            base = database()
            key = (
                str(base.path),
                base.version,
                base.stamp,  # a file rewritten in place under the same version is new content
                tuple(_hashable(a) for a in args),
                tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())),
            )
            with lock:
                if key in results:
                    results.move_to_end(key)
                    return results[key]
            value = fn(*args, **kwargs)
            with lock:
                results[key] = value
                while len(results) > maxsize:
                    results.popitem(last=False)
            return value

        wrapper.cache_clear = results.clear
        _memo_caches.append(results)
        return wrapper

    return decorate


def close_all(keep: tuple[Path, ...] = ()) -> None:
    """Close every database and forget what was built from them (the memos), but those at the
    paths in `keep`, whose connections, cached results and memos stay (tests keep the shared
    read-only fixtures open from one test to the next)."""
    kept = {Path(p).resolve() for p in keep}
    with _registry_lock:
        for path in [p for p in _databases if p not in kept]:
            _databases.pop(path).close()
    names = {str(p) for p in kept}
    for results in _memo_caches:
        for key in [k for k in results if k[0] not in names]:
            del results[key]
