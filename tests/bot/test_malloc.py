"""glibc's malloc as the bot sets it: a big block freed does not make the next ones come from
(and stay in) the heap, and threads share a few arenas instead of one each."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from bot.malloc import ARENAS, BIG, M_ARENA_MAX, M_MMAP_THRESHOLD, big_blocks_unmapped, few_arenas


class Libc:
    def __init__(self, answer: int):
        self.answer, self.calls = answer, []

    def mallopt(self, option: int, value: int) -> int:
        self.calls.append((option, value))
        return self.answer


def test_each_sets_its_option():
    libc = Libc(1)
    assert big_blocks_unmapped(libc=libc)
    assert few_arenas(libc=libc)
    assert libc.calls == [(M_MMAP_THRESHOLD, BIG), (M_ARENA_MAX, ARENAS)]


def test_a_c_library_without_them_is_left_alone():
    assert not big_blocks_unmapped(libc=object())  # no mallopt (macOS)
    assert not few_arenas(libc=Libc(0))  # mallopt refuses (musl)


glibc = pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's malloc"
)

# Each in a process of its own: the settings stay for the rest of a process's life.
PRELUDE = """
import ctypes, sys, threading
from bot.malloc import big_blocks_unmapped, few_arenas

libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
"""

AFTER_A_BIG_FREE = """
FIELDS = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"

class Info(ctypes.Structure):  # glibc's struct mallinfo2
    _fields_ = [(name, ctypes.c_size_t) for name in FIELDS.split()]

libc.mallinfo2.restype = Info
if sys.argv[1] == "set":
    assert big_blocks_unmapped()
libc.free(libc.malloc(8 << 20))  # a canvas drawn and freed
before = libc.mallinfo2().hblks
block = libc.malloc(8 << 20)  # the next canvas
print(libc.mallinfo2().hblks - before)
libc.free(block)
"""

THREADS = """
if sys.argv[1] == "set":
    assert few_arenas()
together = threading.Barrier(6)

def work():
    together.wait()
    block = libc.malloc(1000)  # all six threads at once, each holding a block
    together.wait()
    libc.free(block)

threads = [threading.Thread(target=work) for _ in range(6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc.malloc_stats()  # to stderr: a paragraph per arena
"""


def run(script: str, mode: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", PRELUDE + script, mode]
    return subprocess.run(command, capture_output=True, check=True, text=True)  # noqa: S603


@glibc
def test_after_a_big_block_is_freed_the_next_is_still_mapped_of_its_own():
    assert int(run(AFTER_A_BIG_FREE, "default").stdout) == 0  # control: from the heap
    assert int(run(AFTER_A_BIG_FREE, "set").stdout) == 1


@glibc
def test_threads_share_the_arenas():
    def arenas(mode: str) -> int:
        return run(THREADS, mode).stderr.count("Arena ")

    assert arenas("default") > ARENAS  # control: a thread, an arena
    assert arenas("set") == ARENAS
