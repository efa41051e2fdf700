"""The one domain error: something a person asked for cannot be done, said politely."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from storage.errors import NotFoundError, StorageError

STALE = (
    "This button or form is out of date or was changed, so nothing was done. "
    "Please open it again (`/peer-review start` shows where your review stands)."
)


class Refusal(Exception):
    """Nothing was changed; ``str()`` is a plain sentence for the person who asked.

    `field` names the part of a form the sentence is about, when there is one (a block id
    is the Face's business; the core names the field: "name", "channel", "partners" …).
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@contextmanager
def refusing(field: str | None = None) -> Iterator[None]:
    """Turn a storage refusal (already a readable sentence) into a :class:`Refusal`."""
    try:
        yield
    except StorageError as error:
        raise Refusal(str(error), field=field) from None


@contextmanager
def gone(sentence: str, field: str | None = None) -> Iterator[None]:
    """A record that is no longer there becomes a :class:`Refusal` saying `sentence`."""
    try:
        yield
    except NotFoundError:
        raise Refusal(sentence, field=field) from None
