"""What the benchmark measures on: the machine, the demo database of each size (built once, then
reused) and the pages (the registry's, as the warm-up visits them)."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import duckdb
import pandas as pd

from sangkien.core import paths
from sangkien.ingest import demo
from sangkien.ops import warmup

ROOT = paths.ROOT
BENCH_DIR = ROOT / "data" / "bench"
AS_OF = {"close": "2023-09-01T23:59", "mid": "2022-11-15T13:37"}
CAMPAIGN_ID = demo.CAMPAIGN_ID


def machine() -> dict:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    import plotly
    import streamlit

    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 2**30, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "platform": platform.platform(),
    }


def ensure_demo(rows: int, log, bench_dir: Path = BENCH_DIR) -> tuple[Path, float | None]:
    """The demo of a given size, built once and reused; returns (path, build seconds or None)."""
    bench_dir.mkdir(parents=True, exist_ok=True)
    path = bench_dir / f"demo-{rows}.duckdb"
    if path.exists():
        return path, None
    log(f"building demo with {rows:,} rows")
    result = demo.build(path, rows=rows)
    return path, result.seconds


def page_files() -> list[str]:
    """Page files in navigation order (the registry's pages an anonymous visitor gets, warmup.app_pages)."""
    return [page for page, _ in warmup.app_pages()]
