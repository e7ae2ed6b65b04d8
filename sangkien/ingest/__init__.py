"""Ingest: the importer of the portal's exports as a pipeline (importer: read → stage → validate,
match and store in SQL → publish) and its parts: the readers (read, over read_base, read_csv,
read_xlsx, read_parquet), the files into DuckDB (stage), the words of the exports (mapping,
units), what an import returns and tells (results, report), errors, limits and sample files; and
the demo database's builder (demo, its data in demo_data).

May import: sangkien.core, sangkien.storage and sangkien.campaign (the roles an import checks,
the file formats of the rejection report). Never web, ops, cli or Streamlit.
"""
