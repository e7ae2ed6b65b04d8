"""The write side's single homes: the schema parser, the SQL files, the published checkpoints file."""

from __future__ import annotations

import duckdb
import pytest

from sangkien.core import reference
from sangkien.core.checkpoints import FILE, figures
from sangkien.storage import schema, sqlfiles, state, store


def columns(con, table: str) -> list[tuple]:
    return con.execute(f"select column_name, data_type from duckdb_columns() where table_name = '{table}' order by column_index").fetchall()


def test_the_parser_finds_every_table_the_schema_creates():
    con = duckdb.connect()
    store.create_schema(con)
    created = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert set(schema.tables()) == created
    other = duckdb.connect()
    for table in schema.tables():
        other.execute(schema.create_statement(table))
        other.execute(schema.create_statement(table))  # "if not exists": a second time is harmless
        assert columns(other, table) == columns(con, table)


def test_ensure_tables_adds_only_what_is_missing():
    con = duckdb.connect()
    con.execute(schema.create_statement("campaigns"))
    con.execute("insert into campaigns values ('X', 'x', 'x', '2024-01-01', '2024-02-01', 1, 0.1, false)")
    store.ensure_tables(con, "campaigns", "imports")
    assert con.execute("select count(*) from campaigns").fetchone()[0] == 1
    assert {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()} == {"campaigns", "imports"}


def test_temp_statements_and_unknown_tables():
    assert schema.create_statement("meta", temp=True).startswith("create temp table if not exists meta")
    with pytest.raises(RuntimeError, match="no nonesuch table"):
        schema.create_statement("nonesuch")


def test_reader_views_without_a_state_file_give_empty_stand_ins():
    con = duckdb.connect()
    con.execute("attach ':memory:' as d")
    con.execute(state.reader_views({"rollup_unit_totals"}, has_state=False))
    for table in ("unit_group_log", "emulation_settings", "users", "user_log"):
        assert con.execute(f"select count(*) from {table}").fetchone()[0] == 0


def test_sql_files_stay_inside_their_folder():
    assert "create temp macro grassroots_name" in sqlfiles.sql("demo/grassroots_name")
    with pytest.raises(KeyError):
        sqlfiles.sql("../schema")
    assert len(sqlfiles.statements("state/take_over_groups")) == 2


def test_the_checkpoints_file_names_real_units_and_groups_and_quotes_its_sources():
    units = set(reference.units()["unit_code"])
    everything = list(figures().values())
    named = {f.unit for f in everything if f.unit} | {u for f in everything for u in f.units}
    named |= {code for f in everything for code, _ in f.ranking}
    assert named <= units
    assert {f.group for f in everything if f.group} <= set(reference.groups()["group_id"])
    assert all(f.sentence.strip() and f.source in ("seed", "later") for f in everything), FILE
    assert all(f.compare in ("equal", "more_than", "crosses") for f in everything)
