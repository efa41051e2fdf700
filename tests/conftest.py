from __future__ import annotations

import pytest
from sqlite_utils import Database

import storage
from rubric.loader import load_builtin
from rubric.models import Framework


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
