"""Operations: running the server (serve, upload_gate), warming its caches (warmup), the
websocket client and load test (wsclient, loadtest with loadtest_sessions and loadtest_import),
the benchmark (the bench/ package, bench_floor, bench_hostile, hostile), the browser's flags
(browser), the health check of the files (doctor), and what these share: processes' ports, CPU
and memory (procs), the server's health probe (health), a server started for a measurement or a
test (local_server) and a visitor's upload done by hand (upload_probe).

May import: every layer below (core, storage, campaign, ingest, web) and Streamlit (internals
only through sangkien.web.framework). Only sangkien.cli imports it.
"""
