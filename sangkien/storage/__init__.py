"""Storage: reading the published DuckDB data (db), writing derived tables (store), publishing a
new data version atomically (publish), the table definitions (schema, schema.sql), the write
side's SQL files (sqlfiles, over sangkien/sql/) and the small state database of the app's own
writes (state). Paths of the databases are in storage.paths.

May import: sangkien.core. Never the campaign's logic, ingest, web, ops or Streamlit.
"""
