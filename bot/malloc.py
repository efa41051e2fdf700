"""How the C library's malloc keeps memory in the bot's processes (glibc's, on Linux).

**Big blocks go back to the system when freed**, in the delivering process. It draws the
radar charts (each on a 1280 × 1280 canvas, 6.5 MB, scaled down to 1.6 MB) from several
threads. glibc's malloc serves a block that big from a mapping of its own, unmapped when it
is freed; but the first such free raises its threshold for mapping past that size, so every
later canvas comes from the heap of the thread's arena and stays there, in pieces, after it
is freed. The memory benchmark (bench/bench_memory.py): the delivering process grew from
36 MB to 83 MB of PSS after 50 charts and an export, and kept it. With the threshold fixed,
each canvas is mapped and unmapped: the process grows by about 3 MB (Pillow and xlsxwriter,
imported), and a chart may take a few ms more, the kernel zeroing the canvas's fresh pages.

**Threads share two arenas**, in every process of the bot. glibc gives each new thread an
arena (a heap) of its own, up to eight per core, and what one thread frees only that arena
can reuse; the bot runs a dozen threads (gunicorn's, the outbox's, the scheduler's). Two
arenas: 2-3 MB less PSS in all after the benchmark's work. The threads run Python, one at a
time, so they seldom wait for each other's arena.

Other C libraries (musl, macOS) have no such settings, or no ``mallopt``: nothing changes.
"""

from __future__ import annotations

import ctypes
from typing import Any

M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # glibc's <malloc.h>
BIG = 1 << 20  # bytes: a canvas and its reduction are over it; Python's own objects are not
ARENAS = 2


def big_blocks_unmapped(threshold: int = BIG, *, libc: Any = None) -> bool:
    """From now on, malloc serves blocks of `threshold` bytes or more from mappings of their
    own, given back when freed, however big a block was freed before. False where the C
    library does not do this."""
    return _mallopt(M_MMAP_THRESHOLD, threshold, libc)


def few_arenas(arenas: int = ARENAS, *, libc: Any = None) -> bool:
    """Threads started from now on share `arenas` arenas (inherited by a fork). False where
    the C library does not do this."""
    return _mallopt(M_ARENA_MAX, arenas, libc)


def _mallopt(option: int, value: int, libc: Any) -> bool:
    if libc is None:
        try:
            libc = ctypes.CDLL(None)  # the C library the interpreter runs on
        except (OSError, TypeError):  # pragma: no cover - Windows
            return False
    mallopt = getattr(libc, "mallopt", None)
    return mallopt is not None and mallopt(option, value) == 1
