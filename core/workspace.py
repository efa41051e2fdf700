"""The workspace leaving: when the bot may no longer speak there, nothing more is sent.

The bot runs for one workspace with one bot token, so when Slack says the app was
uninstalled or its bot token revoked, every effect still waiting is given up (kept in the
outbox as failed, with the reason) rather than tried against a token that no longer works.
Schools' data is untouched: reinstalling the app carries on from it.
"""

from __future__ import annotations

from sqlite_utils import Database

import storage
from storage import outbox

UNINSTALLED = "app_uninstalled"
TOKENS_REVOKED = "tokens_revoked"


def stop_sending(db: Database, reason: str, *, event_id: str | None = None) -> int | None:
    """Give up every waiting effect; how many, or None if this event was handled before."""
    with storage.transaction(db):
        if event_id and not storage.claim_event(db, event_id):
            return None
        return outbox.give_up_all(db, reason)
