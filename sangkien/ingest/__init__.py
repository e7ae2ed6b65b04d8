"""Ingest: the importer of the portal's exports as a pipeline (importer: read → validate → match
→ store → publish) and its parts (read, mapping, units, errors, limits, report, sample), and the
demo database's builder (demo).

May import: sangkien.core, sangkien.storage and sangkien.campaign (the roles an import checks,
the file formats of the rejection report). Never web, ops, cli or Streamlit.
"""
