"""A small-size smoke run of the shipped benchmark: it runs end to end and the three methods agree.
No timing is asserted (timings are the benchmark's job, not the tests')."""

from __future__ import annotations

import json

from sangkien.ops.bench import browser, machine, main, profile
from sangkien.ops.bench import report as bench_report


def test_bench_smoke(tmp_path):
    out = tmp_path / "performance.md"
    report = main.run([20_000], repeat=1, out=out, browser=False, log=lambda _m: None, bench_dir=tmp_path, moments=("mid",))
    block = report["sizes"][0]["as_of"]["mid"]
    pages = {row["page"] for row in block["pages"]}
    assert {p.rsplit("/", 1)[-1].removesuffix(".py") for p in machine.page_files()} == pages
    assert all(row["answers_equal"] for row in block["pages"]), block["pages"]
    assert block["pandas_peer"]["answers_equal"]
    assert all(row["queries"] > 0 for row in block["pages"])
    script = report["sizes"][0]["script"]
    assert set(script) == pages
    for row in script.values():  # every page's script run is measured and split
        assert row["cpu_first_s"] > 0 and set(row["first_split"]) == set(profile.CATEGORIES)
    assert script["overview"]["first_split"]["queries"] > 0 and script["overview"]["first_split"]["figures"] > 0
    saved = json.loads(out.with_suffix(".json").read_text())
    assert saved["machine"]["cores"] >= 1
    assert "| overview |" in out.read_text()
    assert block["status_ms"] > 0 and "The status query alone" in out.read_text()


def test_bench_keeps_the_prose(tmp_path):
    doc = tmp_path / "perf.md"
    doc.write_text(f"# Title\n\nprose\n\n{bench_report.START}\nold\n{bench_report.END}\n\nafter\n")
    bench_report.write_markdown(doc, "new figures\n")
    text = doc.read_text()
    assert "prose" in text and "after" in text and "new figures" in text and "old" not in text


def test_bench_browser_smoke(tmp_path):
    """The floor and two pages clicked in Chromium, one round: ratios, CPU, contents and RSS come out."""
    path, _ = machine.ensure_demo(20_000, lambda _m: None, tmp_path)
    result = browser.browser_figures(path, lambda _m: None, rounds=1, pages=["overview", "leaderboards"], memory_rounds=1)
    assert result["floor"]["first_s"] > 0 and result["floor"]["browser"]["charts"] == 1
    assert [row["page"] for row in result["pages"]] == ["overview", "leaderboards"]
    for row in result["pages"]:
        assert row["first_ratio"] > 0 and row["revisit_ratio"] > 0 and row["browser"]["charts"] >= 1
    assert result["server_rss_mib"] > 50 and len(result["server_rss_rounds_mib"]) == 1
    text = "\n".join(bench_report._browser_markdown(result, 20_000))
    assert "| overview |" in text and "× floor" in text
