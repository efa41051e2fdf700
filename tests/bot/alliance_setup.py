"""Setting an alliance up as people would: a lead's form, each school's member accepting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import storage
from bot import ids
from tests.bot.trio_setup import school_id, search
from tests.bot.workspace import Workspace, find_element


def alliance_values(
    name: str | None = None, *, schools: Sequence[int] = (), leads: Sequence[str] = ()
) -> dict[str, Any]:
    """The state of a submitted alliance form (`name` only when creating one)."""
    values: dict[str, Any] = {
        ids.BLOCK_ALLIANCE_SCHOOLS: {
            ids.ACTION_ALLIANCE_SCHOOLS: {
                "type": "multi_external_select",
                "selected_options": [{"value": str(s)} for s in schools],
            }
        },
        ids.BLOCK_ALLIANCE_LEADS: {
            ids.ACTION_ALLIANCE_LEADS: {"type": "multi_users_select", "selected_users": list(leads)}
        },
    }
    if name is not None:
        values[ids.BLOCK_ALLIANCE_NAME] = {
            ids.ACTION_ALLIANCE_NAME: {"type": "plain_text_input", "value": name}
        }
    return values


def alliance_form(
    ws: Workspace, user: str, name: str | None = None, *, schools=(), leads=(), **submit: Any
) -> dict[str, Any]:
    """``/peer-review alliance setup`` and submit the form with these schools (by name) and
    co-leads; returns the ack."""
    ws.command(user, "alliance setup")
    ids_ = [school_id(ws, s) for s in schools]
    return ws.submit(
        user, ws.last_view(), alliance_values(name, schools=ids_, leads=leads), **submit
    )


def alliance_invitation_to(ws: Workspace, user: str) -> tuple[str, str]:
    """(channel, ts) of the latest invitation to an alliance sent to `user` by DM."""
    dm = "D" + user[1:]
    for channel, ts in reversed(ws.slack.posted):
        blocks = ws.slack.messages[(channel, ts)]["blocks"]
        if channel == dm and ids.ACTION_ACCEPT_ALLIANCE in str(blocks):
            find_element(blocks, ids.ACTION_ACCEPT_ALLIANCE)
            return channel, ts
    raise AssertionError(f"no invitation to an alliance was sent to {user}")


def form_alliance(ws: Workspace, lead: str, name: str, schools: Sequence[str]) -> None:
    """`lead` creates the alliance `name` and invites `schools` (set up already); the first
    member of each accepts."""
    ack = alliance_form(ws, lead, name, schools=schools)
    assert ack.get("response_action") == "update", ack
    for school in schools:
        with ws.bot.services.store.connect() as db:
            member = storage.members_of(db, school_id(ws, school))[0]
        ws.click(member, alliance_invitation_to(ws, member), ids.ACTION_ACCEPT_ALLIANCE)


def search_schools(ws: Workspace, user: str, typed: str) -> list[tuple[str, str]]:
    """The alliance form's school picker as Slack loads it while the lead types."""
    picker = (ids.ACTION_ALLIANCE_SCHOOLS, ids.BLOCK_ALLIANCE_SCHOOLS, ids.VIEW_ALLIANCE_SETUP)
    return search(ws, user, typed, picker)
