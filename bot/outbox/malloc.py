"""Big blocks go back to the system when freed, in the delivering process.

The delivering process draws the radar charts (each on a 1280 × 1280 canvas, 6.5 MB, scaled
down to 1.6 MB) from several threads. glibc's malloc serves a block that big from a mapping
of its own, unmapped when it is freed; but the first such free raises its threshold for
mapping past that size, so every later canvas comes from the heap of the thread's arena and
stays there, in pieces, after it is freed. The memory benchmark (bench/bench_memory.py):
the delivering process grew from 36 MB to 83 MB of PSS after 50 charts and an export, and
kept it. With the threshold fixed, each canvas is mapped and unmapped: the process grows by
about 3 MB (Pillow and xlsxwriter, imported), and a chart takes about 5 ms more, the kernel
zeroing the canvas's fresh pages.

Other C libraries (musl, macOS) have no such threshold to fix, or no ``mallopt``: nothing is
changed there.
"""

from __future__ import annotations

import ctypes
from typing import Any

M_MMAP_THRESHOLD = -3  # glibc's <malloc.h>
BIG = 1 << 20  # bytes: a canvas and its reduction are over it; Python's own objects are not


def big_blocks_unmapped(threshold: int = BIG, *, libc: Any = None) -> bool:
    """From now on, malloc serves blocks of `threshold` bytes or more from mappings of their
    own, given back when freed, however big a block was freed before. False where the C
    library does not do this."""
    if libc is None:
        try:
            libc = ctypes.CDLL(None)  # the C library the interpreter runs on
        except (OSError, TypeError):  # pragma: no cover - Windows
            return False
    mallopt = getattr(libc, "mallopt", None)
    return mallopt is not None and mallopt(M_MMAP_THRESHOLD, threshold) == 1
