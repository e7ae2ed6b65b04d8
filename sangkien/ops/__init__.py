"""Operations: running the server (serve, upload_gate), warming its caches (warmup), the
websocket client and load test (wsclient, loadtest), the benchmark (bench, bench_floor,
bench_hostile, hostile), the browser's flags (browser) and the health check of the files
(doctor).

May import: every layer below (core, storage, campaign, ingest, web) and Streamlit (internals
only through sangkien.web.framework). Only sangkien.cli imports it.
"""
