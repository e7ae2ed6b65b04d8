"""Temporary files of imports, in one folder per process that a later writer can prove dead.

An import spills an XLSX sheet or a re-read CSV to a temporary Parquet file, and re-encodes a
UTF-16 file to a temporary copy; a process killed mid-import (SIGKILL, out of memory, a power
cut) cannot remove them. Each process therefore keeps them in its own folder
`<temp>/sangkien-import-<pid>-XXXX/`, holding an flock on the folder's `.owner.lock` for as long
as it lives: the kernel drops the lock when the process dies, however it dies. `leftovers()`
finds the folders whose lock is free (their owner is dead), and the plain `sangkien-import-*`
and `sangkien-upload-*` files and folders older than an hour (made by earlier versions of the
importer and by the import page, which take no lock). Every writer sweeps them when it starts
(publish.new_version) and `python -m sangkien doctor` lists and removes them.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

PREFIX = "sangkien-import-"
UPLOAD_PREFIX = "sangkien-upload-"
OWNER = ".owner.lock"
UNOWNED_AGE_SECONDS = 3600  # a temporary file without an owner lock is a leftover once this old

_lock = threading.Lock()
_folder: Path | None = None
_fd: int | None = None


def folder() -> Path:
    """This process's folder for import temporaries (made and locked on first use)."""
    global _folder, _fd
    with _lock:
        if _folder is None or not _folder.is_dir() or _fd is None:
            made = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
            fd = os.open(made / OWNER, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            _folder, _fd = made, fd
        return _folder


def _release() -> None:
    global _folder, _fd
    with _lock:
        if _folder is not None:
            shutil.rmtree(_folder, ignore_errors=True)
        if _fd is not None:
            with contextlib.suppress(OSError):
                os.close(_fd)
        _folder, _fd = None, None


atexit.register(_release)


def _owner_alive(path: Path) -> bool:
    try:
        fd = os.open(path / OWNER, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock we may have taken
    return False


def leftovers(root: Path | None = None, now: float | None = None) -> list[Path]:
    """Temporary files and folders of dead imports under `root` (the system's temporary folder)."""
    root = Path(root or tempfile.gettempdir())
    now = time.time() if now is None else now
    found = []
    for path in sorted([*root.glob(f"{PREFIX}*"), *root.glob(f"{UPLOAD_PREFIX}*")]):
        if path == _folder:
            continue
        try:
            if path.is_dir() and (path / OWNER).exists():
                if not _owner_alive(path):
                    found.append(path)
            elif now - path.lstat().st_mtime > UNOWNED_AGE_SECONDS:
                found.append(path)
        except FileNotFoundError:
            continue
    return found


def size(path: Path) -> int:
    """Bytes held by a file or a folder (0 when it is gone)."""
    try:
        if path.is_dir() and not path.is_symlink():
            return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())
        return path.lstat().st_size
    except FileNotFoundError:
        return 0


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def sweep(root: Path | None = None) -> list[Path]:
    """Remove the leftovers of dead imports; returns what went."""
    gone = leftovers(root)
    for path in gone:
        remove(path)
    return gone
