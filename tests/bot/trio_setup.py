"""Setting schools up as people would: each its own setup, a trio by invitation and consent."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot import ids
from storage import find_school
from tests.bot.workspace import TRIO, Workspace, event_body, find_element, setup_values

School = tuple  # (user, name) or (user, name, members)


def set_up(ws: Workspace, user: str, name: str, **values: Any) -> dict[str, Any]:
    """``/peer-review setup`` and submit the form; returns the ack."""
    ws.command(user, "setup")
    return ws.submit(user, ws.last_view(), setup_values(name, **values))


def search(
    ws: Workspace,
    user: str,
    typed: str,
    picker: tuple[str, str, str] = (ids.ACTION_PARTNERS, ids.BLOCK_PARTNERS, ids.VIEW_SETUP),
) -> list[tuple[str, str]]:
    """A school picker's options load (`picker`: its action, block and form; the setup
    form's partners unless said), as Slack sends it while the person types: the (name,
    value) of each school offered."""
    action_id, block_id, callback_id = picker
    response = ws.dispatch(
        {
            "type": "block_suggestion",
            "user": {"id": user, "team_id": "T1"},
            "team": {"id": "T1"},
            "api_app_id": "A1",
            "action_id": action_id,
            "block_id": block_id,
            "value": typed,
            "view": {"id": "V1", "type": "modal", "callback_id": callback_id},
        }
    )
    return [(o["text"]["text"], o["value"]) for o in json.loads(response.body)["options"]]


def school_id(ws: Workspace, name: str) -> int:
    with ws.bot.services.store.connect() as db:
        found = find_school(db, name)
    assert found is not None, name
    return found.id


def invitation_to(ws: Workspace, user: str) -> tuple[str, str]:
    """(channel, ts) of the latest invitation DM to `user` that can still be accepted."""
    dm = "D" + user[1:]
    for channel, ts in reversed(ws.slack.posted):
        blocks = ws.slack.messages[(channel, ts)]["blocks"]
        if channel == dm and ids.ACTION_ACCEPT_INVITATION in str(blocks):
            find_element(blocks, ids.ACTION_ACCEPT_INVITATION)
            return channel, ts
    raise AssertionError(f"no invitation was sent to {user}")


def form_trio(ws: Workspace, schools: Sequence[School], channel: str = TRIO) -> None:
    """Set up `schools`; the first meets in `channel` and invites the others; each accepts."""
    (user, name, *members), *others = schools
    set_up(ws, user, name, members=tuple(members[0]) if members else (), channel=channel)
    for other_user, other_name, *other_members in others:
        set_up(ws, other_user, other_name, members=tuple(other_members[0]) if other_members else ())
    partners = tuple(school_id(ws, other[1]) for other in others)
    ack = set_up(
        ws,
        user,
        name,
        members=tuple(members[0]) if members else (),
        channel=channel,
        partners=partners,
    )
    assert ack == {}, ack
    for other_user, *_ in others:
        ws.click(other_user, invitation_to(ws, other_user), ids.ACTION_ACCEPT_INVITATION)


def summary_posts(ws: Workspace, channel: str = TRIO) -> list[dict[str, Any]]:
    """The top-level messages in a trio channel, but the news of schools joining or leaving."""
    return [
        p
        for p in ws.posts(channel)
        if not p.get("thread_ts") and "this trio" not in (p.get("text") or "")
    ]


def thread_reply(ws, user, text, ts, thread_ts, event_id, channel=TRIO):
    """`user` replies in a thread of the trio channel (or `channel`), as Slack delivers it."""
    ws.dispatch(
        event_body(
            {
                "type": "message",
                "channel": channel,
                "channel_type": "channel",
                "user": user,
                "text": text,
                "ts": ts,
                "thread_ts": thread_ts,
            },
            event_id,
        )
    )
