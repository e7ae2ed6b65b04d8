"""docs/watchlist.md states the thresholds the code uses: its findings block is written from
`watchlist.Settings` by tools/watchlist_doc.py (the status's constants: tests/test_status_backtest.py)."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

from sangkien.campaign import watchlist
from sangkien.core import fmt

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("watchlist_doc", ROOT / "tools" / "watchlist_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_doc_s_findings_block_is_written_from_the_settings():
    tool = _tool()
    written = tool.doc_block(tool.DOC.read_text(encoding="utf-8"))
    assert written is not None, "docs/watchlist.md has no findings block"
    assert written == tool.block(), "run: python tools/watchlist_doc.py --write"
    s = watchlist.Settings()
    for name, value in (("below_ratio", s.below_ratio), ("band_pct", s.band_pct), ("potential_margin", s.potential_margin)):
        assert f"| `{name}` | {fmt.percent(value, 'vi', 0)} |" in written
    assert f"| `pace_days` | {s.pace_days} |" in written and f"| `peer_count` | {s.peer_count} |" in written


def test_the_block_follows_a_changed_default(monkeypatch):
    tool = _tool()
    changed = replace(watchlist.Settings(), below_ratio=0.5)
    monkeypatch.setattr(tool.watchlist, "Settings", lambda: changed)
    assert "| `below_ratio` | 50% |" in tool.block()
