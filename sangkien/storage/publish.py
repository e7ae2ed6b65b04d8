"""Versioned database files: a writer builds a new file, then atomically points readers at it.

The configured path P (SANGKIEN_DB or data/sangkien.duckdb) is the logical database. When the
pointer file `P.current` exists, it holds the name of the current version, a file beside P
(`sangkien.v20260101T120000-ab12cd.duckdb`); otherwise P itself is current, so a freshly built
demo needs no pointer. A published version is never written again: DuckDB lets one process write
or many read a file, and caches open instances by path, so readers must never see a file change
under the same name. A writer copies the current version to `<new version>.building`, changes
the copy, checkpoints and closes it, renames it to its final name, and only then replaces the
pointer (write a temporary file, fsync, os.replace). A crash or kill at any moment leaves the
pointer naming the previous complete version. Old versions are removed by count, by disk budget
and by age (`cleanup`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import duckdb

POINTER_SUFFIX = ".current"
BUILDING_SUFFIX = ".building"
LOCK_SUFFIX = ".import.lock"
KEEP_VERSIONS = 3  # newest versions kept besides the current one
GRACE_SECONDS = 600  # a reader that resolved the pointer just before a switch opens the old file within this time
BUDGET_ENV = "SANGKIEN_VERSIONS_BUDGET_MB"  # disk budget of the old versions, in MiB (default below)
BUDGET_MB = 2048
MIN_AGE_SECONDS = 30  # over budget, a version is removed once this old, grace period or not


class VersionError(RuntimeError):
    """The pointer file is unusable, or another writer holds the lock; the message says which."""


def pointer_path(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + POINTER_SUFFIX)


def current_file(path: Path) -> Path:
    """The file that holds the current version of the logical database `path`."""
    path = Path(path)
    try:
        name = pointer_path(path).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return path
    if not name or name != Path(name).name or name in (".", ".."):
        raise VersionError(f"{pointer_path(path)} does not name a file beside {path.name}: {name!r}")
    return path.with_name(name)


def new_version_path(path: Path) -> Path:
    """A fresh, never used name for the next version; names sort by creation time."""
    path = Path(path)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.stem}.v{stamp}-{uuid.uuid4().hex[:6]}{path.suffix}")


def version_files(path: Path) -> list[Path]:
    """Published version files of `path`, oldest first (not the base file P, not unfinished ones)."""
    path = Path(path)
    return sorted(p for p in path.parent.glob(f"{path.stem}.v*{path.suffix}") if p.is_file())


@contextlib.contextmanager
def writer_lock(path: Path, timeout: float = 120.0):
    """Serialise writers of one logical database (two imports must not both start from version N).

    An flock dies with its process, so a killed import never leaves the database locked.
    """
    path = Path(path)
    lock = path.with_name(path.name + LOCK_SUFFIX)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise VersionError(f"another import into {path.name} is still running") from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)


def start_version(path: Path) -> Path:
    """Copy the current version to a new unfinished file and return its path (call under writer_lock).

    Published files are immutable and checkpointed, so a byte copy is a consistent snapshot even
    while readers have the source open.
    """
    source = current_file(path)
    if not source.exists():
        raise VersionError(f"the database {source} does not exist")
    target = new_version_path(path)
    building = target.with_name(target.name + BUILDING_SUFFIX)
    shutil.copyfile(source, building)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():  # the base file of a writer that did not checkpoint: replay it in the copy
        shutil.copyfile(wal, building.with_name(building.name + ".wal"))
    return building


def finish_version(building: Path) -> Path:
    """Give a closed, checkpointed unfinished file its final version name."""
    building = Path(building)
    if not building.name.endswith(BUILDING_SUFFIX):
        raise ValueError(f"not an unfinished version: {building}")
    final = building.with_name(building.name[: -len(BUILDING_SUFFIX)])
    _fsync(building)
    os.replace(building, final)
    return final


def switch(path: Path, version: Path) -> None:
    """Atomically make `version` (a file beside `path`) the current version."""
    path, version = Path(path), Path(version)
    if version.parent.resolve() != path.parent.resolve():
        raise ValueError(f"{version} must be in {path.parent}")
    pointer = pointer_path(path)
    tmp = pointer.with_name(f"{pointer.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(version.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, pointer)
    _fsync_dir(path.parent)


def budget_bytes() -> int:
    """The disk budget of old versions (SANGKIEN_VERSIONS_BUDGET_MB, default 2048 MiB)."""
    try:
        return int(float(os.environ.get(BUDGET_ENV) or BUDGET_MB) * 2**20)
    except ValueError:
        return BUDGET_MB * 2**20


def cleanup(path: Path, keep: int = KEEP_VERSIONS, grace_seconds: float = GRACE_SECONDS, budget: int | None = None) -> list[Path]:
    """Remove old versions and leftovers of dead writers (call under writer_lock); returns what went.

    Kept: the current version, and of the others the `keep` newest, each only while their total
    size stays within `budget` bytes. A version past those limits goes once it was superseded
    (the next version published) more than the grace period ago (docs/deploy.md explains why that
    is safe for replicas in other processes), or, when the budget is exceeded, once superseded
    MIN_AGE_SECONDS ago (a reader opens the version it resolved within milliseconds; the grace
    period only covers slow starts), so repeated imports cannot fill the disk. The base file P is
    never removed (the app builds the demo when P is missing).
    """
    path = Path(path)
    budget = budget_bytes() if budget is None else budget
    current = current_file(path)
    now = time.time()
    removed: list[Path] = []
    versions = version_files(path)
    others = [p for p in versions if p != current]
    kept_bytes = 0
    for rank, old in enumerate(reversed(others)):  # newest first
        try:
            stat = old.stat()
            age = now - superseded_at(old, versions)
        except FileNotFoundError:
            continue
        over_count = rank >= keep
        over_budget = kept_bytes + stat.st_size > budget
        if (over_count and age >= grace_seconds) or (over_budget and age >= min(grace_seconds, MIN_AGE_SECONDS)):
            old.unlink(missing_ok=True)
            removed.append(old)
        else:
            kept_bytes += stat.st_size
    for leftover in leftovers(path):
        remove(leftover)
        removed.append(leftover)
    return removed


def leftovers(path: Path) -> list[Path]:
    """What dead writers of `path` left (call under writer_lock: no writer is running then):
    unfinished copies (`.building`, their `.wal` and DuckDB's spill folder `.building.tmp`),
    temporary pointer files, and versions never published (killed between their last write and
    the switch: written after the pointer was).

    Only on the host that imports: a replica host receives each version before its pointer
    (deploy/sync-published.sh) and runs no data writer, so nothing there removes such a file."""
    path = Path(path)
    found = [
        *path.parent.glob(f"{path.stem}.v*{path.suffix}{BUILDING_SUFFIX}*"),
        *path.parent.glob(f"{pointer_path(path).name}.tmp-*"),
    ]
    current = current_file(path)
    # A version is written (checkpointed, closed) just before its switch writes the pointer, so
    # every version ever published is older than the pointer; one written after it was never
    # published. A pointer an administrator rewrote by hand is newer than every version, so
    # nothing is taken for unpublished then. Without a pointer, the base file plays its part.
    mark = pointer_path(path) if pointer_path(path).exists() else path
    try:
        since = mark.stat().st_mtime_ns
    except FileNotFoundError:
        since = 0
    for version in version_files(path):
        with contextlib.suppress(FileNotFoundError):
            if version != current and version.stat().st_mtime_ns > since:
                found.append(version)
    found += [w for v in found if (w := v.with_name(v.name + ".wal")).exists() and w not in found]
    return sorted(set(found))


def remove(leftover: Path) -> None:
    """Remove a leftover file or folder."""
    if leftover.is_dir() and not leftover.is_symlink():
        shutil.rmtree(leftover, ignore_errors=True)
    else:
        leftover.unlink(missing_ok=True)


def superseded_at(version: Path, versions: list[Path]) -> float:
    """When `version` stopped being current: when the next version was published.

    The grace period runs from then, not from when `version` was built: a version current for
    a month is exactly as much "just read" at its switch as one built a minute before. Writers
    take turns (writer_lock) and a version's file is last written just before its switch, so
    modification times order the versions (names do not within one second; they break ties).
    """
    built = (version.stat().st_mtime, version.name)
    later = []
    for other in versions:
        with contextlib.suppress(FileNotFoundError):  # removed by this cleanup already
            if (mtime := other.stat().st_mtime, other.name) > built:
                later.append(mtime)
    return min(later) if later else time.time()


@contextlib.contextmanager
def new_version(
    path: Path,
    on_stage: Callable[[str], None] | None = None,
    lock_timeout: float = 120.0,
    keep: int = KEEP_VERSIONS,
    grace_seconds: float = GRACE_SECONDS,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a copy of the current version, published when the block ends.

    The block's changes become visible to every reader at once, on their next query; an
    exception (or a crash, or a kill) inside the block publishes nothing. `on_stage` is told
    "copied", "written" (the block ended), "closed" (the file is complete) and "switched".

        with publish.new_version(location.db_path()) as con:
            con.execute("insert into ...")
            store.refresh_derived(con, source="...")
    """
    stage = on_stage or (lambda _name: None)
    from sangkien.core import scratch

    scratch.sweep()  # temporary files of imports killed in any process
    with writer_lock(path, lock_timeout):
        cleanup(path, keep, grace_seconds)
        building = start_version(path)
        stage("copied")
        con = duckdb.connect(str(building))
        try:
            con.execute("set enable_progress_bar = false")
            # No transaction needed: until the switch nobody reads this file, and a failure
            # discards all of it.
            yield con
            stage("written")
            con.execute("checkpoint")
        except BaseException:
            con.close()
            for leftover in (building, building.with_name(building.name + ".wal")):
                leftover.unlink(missing_ok=True)
            raise
        con.close()
        final = finish_version(building)
        stage("closed")
        switch(path, final)
        stage("switched")
        cleanup(path, keep, grace_seconds)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a directory be fsynced
        _fsync(folder)
