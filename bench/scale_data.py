"""The scale benchmark's databases: 80, 2,000 and 20,000 schools, built once and cached.

Each is built by :func:`tests.scale.build` (bulk inserts into the project's own migrated
schema, in one transaction: three cycles a school, two finished, one in progress) and kept
under ``bench/.cache/`` (git-ignored), named by a hash of the migrations and the seeder, so
a changed schema or seeder builds them again and stale files are removed. A run works on a
copy (tests.scale.copy_of), never on the cache.

It also says who does what in a run: the schools the requests are about, picked evenly
across each database (the first school, the last, and those between), and the requests
about them (bench/workload.py), the same number at every size.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.workload import Target, command, home, judgement, options  # noqa: E402
from tests import scale  # noqa: E402

SIZES = (80, 2_000, 20_000)
CYCLES = 3
CACHE = ROOT / "bench" / ".cache"
SOURCES = ("storage/migrations*.py", "tests/scale.py", "bench/scale_data.py")


def fingerprint() -> str:
    """A hash of the schema's migrations and the seeder: what the cached files depend on."""
    digest = hashlib.sha256()
    for path in sorted(p for pattern in SOURCES for p in ROOT.glob(pattern)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def cached(size: int, framework) -> tuple[Path, float | None]:
    """The cached database of `size` schools, and how long building it took (None: it was
    there already)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"schools-{size}-{fingerprint()}.db"
    for stale in CACHE.glob(f"schools-{size}-*.db*"):
        if stale != path:
            stale.unlink()
    if path.exists():
        return path, None
    start, building = time.monotonic(), path.with_suffix(".building")
    scale.build(building, size, framework, cycles=CYCLES)
    building.rename(path)
    return path, time.monotonic() - start


# -- who the requests are about -----------------------------------------------------------


def picks(size: int, count: int) -> list[int]:
    """`count` schools spread evenly from the first to the last of `size`."""
    count = min(count, size)
    return sorted({round(k * (size - 1) / max(1, count - 1)) for k in range(count)})


def in_progress(i: int) -> int:
    """The id of school i's cycle in progress (tests.scale numbers cycles school by school)."""
    return i * CYCLES + CYCLES


class Requests:
    """The signed requests of each kind, about schools spread across one database."""

    KINDS = ("ratings", "home", "judgement", "setup", "options")

    def __init__(self, size: int, framework, base: str, spread: int = 40):
        self.size, self.framework, self.base = size, framework, base
        self.schools = picks(size, spread)
        self.made = dict.fromkeys(self.KINDS, 0)

    def make(self, kind: str, n: int) -> list[tuple[bytes, str]]:
        """n more requests of `kind`; the k-th made is about the (k mod spread)-th school."""
        made, first = [], self.made[kind]
        self.made[kind] += n
        for k in range(first, first + n):
            i = self.schools[k % len(self.schools)]
            user = scale.member(i)
            if kind in ("ratings", "setup"):
                made.append(command(user, kind, self.base))
            elif kind == "home":
                made.append(home(user))
            elif kind == "judgement":
                made.append(self.judgement(i, k // len(self.schools)))
            else:
                made.append(options(user, self.fragment(k)))
        return made

    def judgement(self, i: int, hit: int) -> tuple[bytes, str]:
        """School i's first area judged again: its level changes at every hit (the level
        follows the target's index), so each is a real change, and the cycle never
        completes (the summary is the load benchmark's "fifth")."""
        target = Target(hit, scale.member(i), in_progress(i), scale.trio_channel(i))
        return judgement(self.framework, target, self.framework.area_ids[0])

    def fragment(self, k: int) -> str:
        """Part of a school's name as someone would type it: its place and kind's start."""
        other = self.schools[(k * 7 + 3) % len(self.schools)]
        return scale.school_name(other)[:12].lower()
