"""The import benchmark: a 1,000,000-row portal export into the default demo in under 10 seconds.

Opt-in (it writes a 150 MB file and keeps both cores busy for a while):
`SANGKIEN_BENCH=1 SANGKIEN_TEST_DEMO_DB=/tmp/demo_shared.duckdb python -m pytest -q -s tests/test_import_bench.py`.
The same figure is part of `python -m sangkien bench` (sangkien.ops.bench.imports.import_benchmark).
"""

from __future__ import annotations

import json
import os

import pytest

from sangkien.ops.bench import imports

pytestmark = pytest.mark.skipif(not os.environ.get("SANGKIEN_BENCH"), reason="set SANGKIEN_BENCH=1 to run the import benchmark")


def test_a_million_rows_import_in_under_ten_seconds(demo_db, tmp_path):
    figures = imports.import_benchmark(demo_db, 1_000_000, folder=tmp_path)
    print(json.dumps(figures, indent=2, default=str))
    assert figures["totals"]["count_inserted"] == 1_000_000
    assert figures["reimport_totals"]["count_unchanged"] == 1_000_000
    assert figures["seconds"] < 10, f"{figures['seconds']:.1f} s at load {figures['load_avg_1min']:.1f}"
