from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn

import pytest
from sqlite_utils import Database

import storage
from rubric.loader import load_builtin
from rubric.models import Framework
from tests import scale

SCHOOLS = 20_000


def eventually(check, *, seconds: float, waiting_for: str) -> None:
    """Wait until `check()` is true (another process or thread is at work); fail, naming
    what was awaited, after `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {waiting_for}")
        time.sleep(0.02)


CI = "PEER_REVIEW_CI"


def missing(reason: str) -> NoReturn:
    """Skip a test, saying why, on a machine that lacks what it needs; under CI (``.ci/run``
    sets PEER_REVIEW_CI=1 and installs everything) fail instead, so CI runs every test."""
    if os.environ.get(CI):
        pytest.fail(f"{reason} ({CI} is set: CI runs every test)")
    pytest.skip(reason)


def shared(path: Path) -> Path:
    """A file from the project's shared folder (seeds, Slack samples) beside the checkout;
    a test that needs one is skipped, saying so, in a clone without it."""
    if not path.is_file():
        missing(f"needs {path.name} from the shared folder beside the checkout ({path})")
    return path


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_builtin()


@pytest.fixture
def db() -> Database:
    """A migrated in-memory database, prepared like every real connection."""
    database = storage.prepare(Database(memory=True))
    storage.migrate(database)
    yield database
    database.close()


def judge_all(db, framework, cycle_id, levels=2, *, user="U1", **fields):
    """Record every area of a cycle: `levels` is one level for all, or one per area."""
    if isinstance(levels, int):
        levels = [levels] * len(framework.area_ids)
    fields.setdefault("evidence", "e")
    for area_id, level in zip(framework.area_ids, levels, strict=True):
        storage.record_judgement(
            db, cycle_id, area_id, level, recorded_by=user, framework=framework, **fields
        )


@pytest.fixture(scope="session")
def many_schools(tmp_path_factory, framework) -> Path:
    """A database file of 20,000 schools (tests.scale: each with a member, in trios of three,
    with a review in progress), built once a session, in about two seconds."""
    return scale.build(
        tmp_path_factory.mktemp("scale") / "schools.db", SCHOOLS, framework, cycles=1
    )


@pytest.fixture
def at_scale(many_schools) -> Database:
    """The 20,000 schools, read only: a test that writes takes a copy (scale.copy_of)."""
    connection = sqlite3.connect(f"file:{many_schools}?mode=ro", uri=True)
    database = storage.prepare(Database(connection))
    yield database
    database.close()


def working_hours_after(moment: datetime) -> datetime:
    """The first 10:00 UK time on a weekday after `moment`: when a reminder may go out."""
    from core.clock import UK

    day = moment.astimezone(UK).replace(hour=10, minute=0, second=0, microsecond=0)
    while day <= moment or day.weekday() >= 5:
        day += timedelta(days=1)
    return day.astimezone(UTC)
