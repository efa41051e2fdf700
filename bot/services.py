"""What every listener is given: the store, the framework, the modal pool, the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.modals import ModalOpener
from core.reminders import ReminderRule
from rubric.models import Framework
from storage.store import Store


@dataclass(frozen=True)
class Services:
    store: Store
    framework: Framework
    modals: ModalOpener
    wake: Callable[[], None]  # tells the outbox worker new effects were written
    home_opened: Callable[[str], None]  # asks the outbox to publish this person's Home tab
    reminders: ReminderRule = field(default_factory=ReminderRule)  # the deployment's setting

    @contextmanager
    def unit(self) -> Iterator[Database]:
        """One unit of work on its own connection; the outbox worker is woken afterwards."""
        with self.store.connect() as db:
            yield db
        self.wake()
