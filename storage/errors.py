"""Refusals from the storage API. ``str(error)`` is a sentence a school leader can read."""

from typing import TypeVar

T = TypeVar("T")


class StorageError(Exception):
    """Base class: a write was refused or a record is missing; nothing was changed."""


class NotFoundError(StorageError):
    """The school, cycle or record asked for does not exist."""


class InvalidError(StorageError):
    """The values do not fit the framework or the rules (unknown area, level, too long)."""


class ConflictError(StorageError):
    """The write clashes with what is stored (a name taken, a cycle already open)."""


def found(value: T | None, message: str) -> T:
    """`value`, or NotFoundError(message) when it is None."""
    if value is None:
        raise NotFoundError(message)
    return value
