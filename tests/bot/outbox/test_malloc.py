"""Big blocks given back when freed: glibc's threshold for mapping them is fixed, so freeing
one big block does not make the next ones come from (and stay in) the heap."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from bot.outbox.malloc import BIG, M_MMAP_THRESHOLD, big_blocks_unmapped


class Libc:
    def __init__(self, answer: int):
        self.answer, self.calls = answer, []

    def mallopt(self, option: int, value: int) -> int:
        self.calls.append((option, value))
        return self.answer


def test_it_fixes_the_mapping_threshold():
    libc = Libc(1)
    assert big_blocks_unmapped(libc=libc)
    assert libc.calls == [(M_MMAP_THRESHOLD, BIG)]


def test_a_c_library_without_it_is_left_alone():
    assert not big_blocks_unmapped(libc=object())  # no mallopt (macOS)
    assert not big_blocks_unmapped(libc=Libc(0))  # mallopt refuses (musl)


# In a process of its own: the threshold stays fixed for the rest of a process's life.
AFTER_A_BIG_FREE = """
import ctypes, sys
from bot.outbox.malloc import big_blocks_unmapped

FIELDS = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"

class Info(ctypes.Structure):  # glibc's struct mallinfo2
    _fields_ = [(name, ctypes.c_size_t) for name in FIELDS.split()]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype, libc.malloc.restype = Info, ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
if sys.argv[1] == "fixed":
    assert big_blocks_unmapped()
libc.free(libc.malloc(8 << 20))  # a canvas drawn and freed
before = libc.mallinfo2().hblks
block = libc.malloc(8 << 20)  # the next canvas
print(libc.mallinfo2().hblks - before)
libc.free(block)
"""


@pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's malloc"
)
def test_after_a_big_block_is_freed_the_next_is_still_mapped_of_its_own():
    def mapped(mode: str) -> int:
        run = [sys.executable, "-c", AFTER_A_BIG_FREE, mode]
        done = subprocess.run(run, capture_output=True, check=True, text=True)  # noqa: S603
        return int(done.stdout)

    assert mapped("default") == 0  # control: glibc raised its threshold, so from the heap
    assert mapped("fixed") == 1
