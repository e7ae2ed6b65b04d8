"""Processes of this machine as the measuring tools read them: a free loopback port, a process's
CPU seconds and its memory (from /proc), for the benchmark, the load test and the hostile files'
benchmark alike."""

from __future__ import annotations

import os
import resource
import socket
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stat_fields(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": field 3 (state) is [0]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                tree.setdefault(int(_stat_fields(int(entry))[1]), []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return tree


def _tree(pid: int, tree: dict[int, list[int]]) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(tree.get(p, []))
    return out


def cpu_seconds(pid: int, tree: dict[int, list[int]] | None = None, children: bool = True) -> float:
    """User + system CPU of a process, its waited-for children (cutime, cstime) and its live
    descendants; with `children=False`, of the process alone (utime, stime)."""
    if not children:
        f = _stat_fields(pid)
        return (int(f[11]) + int(f[12])) / CLOCK_TICKS
    tree = _children() if tree is None else tree
    ticks = 0
    for p in _tree(pid, tree):
        try:
            f = _stat_fields(p)
        except OSError:  # ended between the listing and the read: its time is in its parent's cutime
            continue
        ticks += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])  # utime stime cutime cstime
    return ticks / CLOCK_TICKS


def status_kib(pid: int, field: str) -> int:
    """A size from /proc/<pid>/status in KiB ("VmRSS", "VmHWM"); 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def rss_mib(pid: int, tree: dict[int, list[int]] | None = None, children: bool = True) -> float:
    """The resident memory of a process and its children; with `children=False`, of the process alone."""
    if not children:
        return status_kib(pid, "VmRSS") / 1024
    tree = _children() if tree is None else tree
    return sum(status_kib(p, "VmRSS") for p in _tree(pid, tree)) / 1024


def peak_rss_mib() -> float:
    """This process's own high-water mark of resident memory (ru_maxrss)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_tree() -> dict[int, list[int]]:
    """Every live process's children, read once from /proc (pass it to several readings)."""
    return _children()
