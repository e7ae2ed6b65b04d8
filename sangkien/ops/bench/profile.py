"""Where a page's server time goes: each page's script run through AppTest, its CPU on a first
visit and a revisit, split by a cProfile of the same run (named queries, figures, formatting,
Streamlit elements, the rest)."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from sangkien.ops.bench.machine import ROOT, page_files
from sangkien.storage import db

CATEGORIES = ("queries", "figures", "formatting", "elements", "other")


def _breakdown(stats) -> dict[str, float]:
    """Seconds of a profiled script run by where they went: named queries (sangkien/storage/db.py),
    building figures (sangkien/web/charts/), formatting (sangkien/core/fmt.py), Streamlit elements
    (serialising frames and figures, widgets) and the rest (page code, pandas), each counted
    where project code calls into it, so nested calls are not counted twice."""
    entries = stats.stats

    def called_into(is_target, is_inside) -> float:
        total = 0.0
        for func, (_cc, _nc, _tt, _ct, callers) in entries.items():
            if is_target(func):
                total += sum(c[3] for caller, c in callers.items() if not is_inside(caller))
        return total

    def in_file(*names):  # a name ending in "/" is a folder
        return lambda func: any(func[0].endswith(n) or (n.endswith("/") and n in func[0]) for n in names)

    streamlit_dir = os.sep + "streamlit" + os.sep
    run = [ct for func, (_cc, _nc, _tt, ct, _callers) in entries.items() if func[2] == "_run_script" and streamlit_dir in func[0]]
    compile_s = sum(ct for func, (_cc, _nc, _tt, ct, _c) in entries.items() if func[2] == "get_bytecode")
    total = max(run, default=0.0) - compile_s  # AppTest compiles the scripts on every run; a server once
    out = {
        "queries": called_into(
            lambda f: f[0].endswith(os.path.join("sangkien", "storage", "db.py")) and f[2] == "run", in_file("sangkien/storage/db.py")
        ),
        "figures": called_into(
            in_file("sangkien/web/charts/", "sangkien/web/figcache.py"), in_file("sangkien/web/charts/", "sangkien/web/figcache.py")
        ),
        "formatting": called_into(
            in_file("sangkien/core/fmt.py"), in_file("sangkien/core/fmt.py", "sangkien/web/charts/", "sangkien/web/figcache.py")
        ),
        "elements": called_into(
            lambda f: f[0].endswith(os.path.join("runtime", "metrics_util.py")) and f[2] == "wrapped_func",
            lambda f: streamlit_dir in f[0],
        ),
    }
    out["other"] = max(0.0, total - sum(out.values()))
    return out


def script_profile(path: Path, log=lambda _m: None) -> dict[str, dict]:
    """Each page's script run through AppTest: server CPU of its first visit (caches empty) and
    of a revisit, split by where the time goes (the split is taken from a cProfile of the same
    run, scaled to the unprofiled CPU time), and the sizes of the tables it sends."""
    import cProfile
    import pstats

    from streamlit.testing.v1 import AppTest

    from sangkien.web import figcache, framework

    profiler: dict = {}

    def clear() -> None:
        db.close_all()  # the queries' results and every db.memo (the meeting report, the watchlist's cards)
        figcache.clear()

    def measure(at, page: str, profile: bool) -> tuple[float, dict | None]:
        prof = cProfile.Profile() if profile else None
        profiler["on"] = prof
        started = time.process_time()
        at.switch_page(page).run()
        cpu = time.process_time() - started
        profiler["on"] = None
        return cpu, (_breakdown(pstats.Stats(prof)) if prof else None)

    previous_db = os.environ.get("SANGKIEN_DB")
    os.environ["SANGKIEN_DB"] = str(path)
    out: dict[str, dict] = {}
    runs = framework.profiled_script_runs(lambda: profiler.get("on"))  # the script runs in its own thread: profile there
    runs.__enter__()
    try:
        for page in page_files():
            row: dict = {}
            for label, profile in (("first", False), ("revisit", False), ("first_split", True), ("revisit_split", True)):
                if label.startswith("first"):
                    clear()
                    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
                    at.run()
                    if page == "pages/overview.py":  # the app opened on the overview: leave and come back cold
                        clear()
                cpu, split = measure(at, page, profile)
                if label == "revisit":  # one rerun can meet a garbage collection: the median of three
                    cpu = statistics.median([cpu, *(measure(at, page, False)[0] for _ in range(2))])
                if split is None:
                    row[f"cpu_{label}_s"] = cpu
                else:
                    whole = sum(split.values()) or 1.0
                    base = row[f"cpu_{label.removesuffix('_split')}_s"]
                    row[label] = {k: v / whole * base for k, v in split.items()}
            row["table_cells"] = sum(int(el.value.size) for el in [*at.dataframe, *at.table])
            out[Path(page).stem] = row
            log(f"script profile {Path(page).stem}: {row['cpu_first_s'] * 1000:.0f}/{row['cpu_revisit_s'] * 1000:.0f} ms")
    finally:
        runs.__exit__(None, None, None)
        clear()
        if previous_db is None:
            os.environ.pop("SANGKIEN_DB", None)
        else:
            os.environ["SANGKIEN_DB"] = previous_db
    return out
