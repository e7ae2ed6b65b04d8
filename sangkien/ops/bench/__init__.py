"""The project's benchmark (`python -m sangkien bench`, sangkien/cli/bench.py), one module per
kind of figure: the machine and the demo databases (machine), the page queries against bare
DuckDB and the pandas peer (queries), where a page's server time goes (profile), page switches in
headless Chromium beside a bare Streamlit floor (browser), the import's throughput (imports), the
Markdown report (report); main runs them all for each size.

Nothing is imported here, so that importing one part does not start the others.
"""
