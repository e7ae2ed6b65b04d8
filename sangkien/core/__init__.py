"""The core: the string catalogue (i18n), Vietnamese number and date formats (fmt), safe text
(safe), reference data and published figures (reference, checkpoints), the repository's paths
(paths) and bounded scratch space (scratch).

May import: the standard library and third-party libraries only (no DuckDB connection, no
Streamlit). Everything else may import it.
"""
