"""The memory of a process and all its descendants, as PSS, for the benchmarks.

PSS (proportional set size, ``Pss:`` in ``/proc/PID/smaps_rollup``) counts a page shared by
n processes as 1/n in each, so the PSS of a process tree adds up to what the tree takes: a
gunicorn master and the worker it forked share their interpreter and the pages of the app
they both imported, and RSS would count those twice. Linux only; a process that ends while
it is read is left out. Descendants are found by each process's parent in ``/proc/PID/stat``
(``/proc/PID/task/TID/children`` is not built into every kernel).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PROC = Path("/proc")


def parents() -> dict[int, int]:
    """Every process's parent: {pid: ppid}."""
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # "pid (comm) state ppid …": comm may hold spaces and parentheses
            found[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return found


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, parents before their children."""
    by_parent: dict[int, list[int]] = {}
    for child, parent in sorted(parents().items()):
        by_parent.setdefault(parent, []).append(child)
    tree, queue = [], [pid]
    while queue:
        tree.append(current := queue.pop(0))
        queue += by_parent.get(current, [])
    return tree


def pss_kb(pid: int) -> int:
    """The process's PSS in KiB (OSError if it has gone)."""
    rollup = (PROC / str(pid) / "smaps_rollup").read_text()
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))


def name_of(pid: int) -> str:
    """A short name from the command line: ``peer-review serve --http``, ``bench/standin.py
    floor``, or what multiprocessing started (``multiprocessing spawn``, ``… resource_tracker``)."""
    argv = (PROC / str(pid) / "cmdline").read_bytes().decode(errors="replace").split("\0")
    argv = [arg for arg in argv if arg]
    for arg in argv:
        if "from multiprocessing." in arg:  # python -c "from multiprocessing.spawn import …"
            return "multiprocessing " + arg.split("from multiprocessing.", 1)[1].split()[0]
    if argv and Path(argv[0]).name.startswith("python") and len(argv) > 1:
        argv = argv[1:]
    words = [Path(argv[0]).name, *argv[1:]] if argv else ["?"]
    return " ".join(w for w in words[:3] if not w.startswith("--host"))


def pss_of_tree(pid: int) -> dict[int, tuple[str, int]]:
    """{pid: (name, PSS in KiB)} of `pid` and all its descendants, parents first."""
    found = {}
    for each in descendants(pid):
        try:
            found[each] = (name_of(each), pss_kb(each))
        except OSError:
            continue  # it ended while we looked
    return found


def total_kb(tree: dict[int, tuple[str, int]]) -> int:
    return sum(kb for _, kb in tree.values())


def peak_rss_kb(pid: int) -> int:
    """The process's highest RSS so far (``VmHWM``; shared pages counted in full), or 0."""
    try:
        status = (PROC / str(pid) / "status").read_text()
    except OSError:
        return 0
    lines = [line for line in status.splitlines() if line.startswith("VmHWM:")]
    return int(lines[0].split()[1]) if lines else 0


def settled(
    pid: int, *, processes: int = 1, calm: float = 0.02, limit: float = 30.0, step: float = 0.5
) -> dict[int, tuple[str, int]]:
    """The tree's PSS once it holds at least `processes` processes and its total changed by
    less than `calm` (a fraction) over three looks in a row (or after `limit` seconds)."""
    deadline, totals = time.monotonic() + limit, []
    while True:
        tree = pss_of_tree(pid)
        totals = [*totals[-2:], total_kb(tree)]
        steady = len(totals) == 3 and max(totals) - min(totals) <= calm * max(totals)
        if (len(tree) >= processes and steady) or time.monotonic() > deadline:
            return tree
        time.sleep(step)


if __name__ == "__main__":  # python bench/memory.py PID: the tree's PSS
    import sys

    tree = pss_of_tree(int(sys.argv[1]) if len(sys.argv) > 1 else os.getpid())
    for each, (name, kb) in tree.items():
        print(f"{each:>8} {kb / 1024:7.1f} MB  {name}")
    print(f"{'total':>8} {total_kb(tree) / 1024:7.1f} MB")
