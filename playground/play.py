"""How the demo's people act: one step at a time, through the
:class:`~playground.sender.Sender`, each waiting for the bot's answer to show."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from bot import ids
from playground.sender import Sender, elements

# area: (level, evidence, the possible sources of evidence ticked, by place in its list from 0)
Levels = dict[str, tuple[int, str, tuple[int, ...]]]


class Play:
    """One person's steps at a time, each waiting for the bot's answer to show."""

    def __init__(self, sender: Sender, settle: Callable[[], object]) -> None:
        self.sender, self.slack, self.settle = sender, sender.slack, settle

    def post(self, user: str, channel: str, text: str, thread_ts: str) -> None:
        self.sender.post(user, channel, text, thread_ts=thread_ts)
        self.settle()

    def challenge_in_thread(self, user: str, trio: str, text: str) -> tuple[str, str]:
        """`user` replies in the thread of the newest summary in `trio`; its (channel, ts)."""
        summary = self.message_with(ids.ACTION_OPEN_CHALLENGE, channel=trio)
        self.post(user, trio, text, thread_ts=summary[1])
        return summary

    def set_up(
        self,
        user: str,
        name: str,
        members: tuple[str, ...],
        own: str,
        *,
        trio: str | None = None,
        partners: tuple[int, ...] = (),
    ) -> None:
        self.sender.command(user, "setup", own)
        self.settle()
        self.submit(
            user,
            {
                ids.BLOCK_SCHOOL_NAME: {ids.ACTION_SCHOOL_NAME: {"value": name}},
                ids.BLOCK_MEMBERS: {ids.ACTION_MEMBERS: {"selected_users": list(members)}},
                ids.BLOCK_SCHOOL_CHANNEL: {
                    ids.ACTION_SCHOOL_CHANNEL: {"selected_conversation": own}
                },
                ids.BLOCK_TRIO_CHANNEL: {ids.ACTION_TRIO_CHANNEL: {"selected_conversation": trio}},
                ids.BLOCK_PARTNERS: {
                    ids.ACTION_PARTNERS: {
                        "selected_options": [
                            {"text": {"type": "plain_text", "text": str(p)}, "value": str(p)}
                            for p in partners
                        ]
                    }
                },
            },
        )

    def walk(self, user: str, channel: str, levels: Levels) -> None:
        self.sender.command(user, "start", channel)
        self.settle()
        for level, evidence, sources in levels.values():
            action = f"{ids.ACTION_CHOOSE_LEVEL}_{level}"
            self.click(user, self.message_with(action, user), action)
            form = wait(lambda: self.slack.top_modal(user), f"a form for {user}")
            self.submit(
                user,
                {
                    ids.BLOCK_LEVEL: {ids.ACTION_LEVEL_SELECT: option(str(level))},
                    ids.BLOCK_EVIDENCE: {ids.ACTION_EVIDENCE: {"value": evidence}},
                    **_ticked(form, sources),
                },
            )

    def click(self, user: str, where: tuple[str, str], action_id: str) -> None:
        blocks = self.slack.messages[where]["blocks"]
        block_id = next(b for b, e in elements(blocks) if e.get("action_id") == action_id)
        self.sender.click(user, {"channel": where[0], "ts": where[1]}, block_id, action_id)
        self.settle()

    def submit(self, user: str, values: dict[str, Any]) -> None:
        modal = wait(lambda: self.slack.top_modal(user), f"a form for {user}")
        reply = self.sender.submit(user, modal["id"], values)
        if reply.errors:
            raise RuntimeError(f"the demo's form was refused: {reply.errors}")
        self.settle()

    def form_alliance(self, lead: str, name: str, schools: tuple[str, ...]) -> None:
        """`lead` creates the alliance `name` with ``/peer-review alliance setup``, finding
        each school in the form's picker by typing its name, as a lead would."""
        self.sender.command(lead, "alliance setup", self.slack.dm_channel(lead))
        self.settle()
        form = wait(lambda: self.slack.top_modal(lead), f"the alliance form for {lead}")
        picker = (ids.BLOCK_ALLIANCE_SCHOOLS, ids.ACTION_ALLIANCE_SCHOOLS)
        chosen = []
        for school in schools:
            offered = self.sender.options(lead, form["id"], *picker, school)
            chosen += [o for o in offered if o["text"]["text"] == school][:1]
        self.submit(
            lead,
            {
                ids.BLOCK_ALLIANCE_NAME: {ids.ACTION_ALLIANCE_NAME: text(name)},
                ids.BLOCK_ALLIANCE_SCHOOLS: {
                    ids.ACTION_ALLIANCE_SCHOOLS: {"selected_options": chosen}
                },
            },
        )
        self.close(lead)  # "Alliance saved"

    def open_round(self, lead: str) -> None:
        """``/peer-review alliance round``: the lead keeps the dates the form offers."""
        self.sender.command(lead, "alliance round", self.slack.dm_channel(lead))
        self.settle()
        form = wait(lambda: self.slack.top_modal(lead), f"the round's form for {lead}")
        self.submit(
            lead,
            {
                block_id: {element["action_id"]: {"selected_date": element["initial_date"]}}
                for block_id, element in elements(form["blocks"])
                if element["type"] == "datepicker"
            },
        )
        self.close(lead)  # "Round 1 is open"

    def open_home(self, user: str) -> None:
        self.sender.open_home(user)
        self.settle()

    def close(self, user: str) -> None:
        modal = wait(lambda: self.slack.top_modal(user), f"a form for {user}")
        self.sender.close(user, modal["id"])
        self.settle()

    def message_with(self, action_id: str, user: str = "", channel: str = "") -> tuple[str, str]:
        """(channel, ts) of the newest message with `action_id` in `channel` or in a place
        `user` sees (their DM or a channel they are in)."""

        def found() -> tuple[str, str] | None:
            for key in reversed(self.slack.posted):
                where = key[0]
                seen = where == channel or (
                    user
                    and (
                        where == self.slack.dm_channel(user)
                        or user in self.slack.channels.get(where, {}).get("members", [])
                    )
                )
                message = self.slack.messages.get(key)
                if seen and message and action_id in json.dumps(message.get("blocks") or []):
                    return key
            return None

        return wait(found, f"a message with {action_id}")


def _ticked(form: dict[str, Any], sources: tuple[int, ...]) -> dict[str, Any]:
    """The form's checkboxes of possible sources (in groups of up to 10), with `sources`
    ticked wherever each is."""
    ticked = {}
    for block_id, element in elements(form.get("blocks") or []):
        if element.get("action_id") == ids.ACTION_SOURCES:
            chosen = [o for o in element["options"] if int(o["value"]) in sources]
            ticked[block_id] = {ids.ACTION_SOURCES: {"selected_options": chosen}}
    return ticked


def text(value: str) -> dict[str, Any]:
    return {"value": value}


def option(value: str) -> dict[str, Any]:
    return {"selected_option": {"value": value}}


def wait(check: Callable[[], Any], what: str, seconds: float = 15.0) -> Any:
    deadline = time.monotonic() + seconds
    while (found := check()) is None or found is False:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the demo waited {seconds:.0f} s for {what}")
        time.sleep(0.02)
    return found
