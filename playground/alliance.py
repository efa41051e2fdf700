"""The demo alliance: three schools in a trio, its people and channels, and a story so far.

Hillmead Primary has finished its self-evaluation (ticking some sources of evidence for
each area), been challenged twice in its summary's thread, answered the CPD challenge there
and agreed its outcome; Oakfield Academy is half-way through its walk; Riverside
Infant School has not started. Everything is done as people would do it, through the
:class:`~playground.sender.Sender`: the bot's database and the workspace hold only what the
real bot wrote and posted.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from bot import ids
from playground.sender import Sender, elements
from playground.slack import BOT, LocalSlack

TRIO = "CTRIO0001"
GENERAL = "CGENERAL01"
SCHOOLS = {  # name: (its channel, its people)
    "Hillmead Primary": ("CHILLMEAD1", ("UHM1", "UHM2")),
    "Oakfield Academy": ("COAKFIELD1", ("UOK1", "UOK2", "UOK3")),
    "Riverside Infant School": ("CRIVERSID1", ("URS1", "URS2")),
}
PEOPLE = {
    "UHM1": "Amara Okafor (Head, Hillmead)",
    "UHM2": "Ben Hughes (Deputy, Hillmead)",
    "UOK1": "Chloe Patel (Principal, Oakfield)",
    "UOK2": "Dan Evans (CPD lead, Oakfield)",
    "UOK3": "Ella Shah (ITT lead, Oakfield)",
    "URS1": "Farah Khan (Head, Riverside)",
    "URS2": "George Lee (SENCo, Riverside)",
    "UOUT1": "Hannah Wood (Faraway School, not in the trio)",
}
# area: (level, evidence, the possible sources of evidence ticked, by place in its list from 0)
Levels = dict[str, tuple[int, str, tuple[int, ...]]]
HILLMEAD_LEVELS: Levels = {
    "leadership": (
        3,
        "Strategic board meets termly; shared vision signed by all 9 schools.",
        (0, 2),
    ),
    "infrastructure": (3, "Data sharing agreement in place; common CPD calendar.", (1, 2, 3)),
    "itt": (
        2,
        "12 School Direct trainees across 6 schools; mentor training started.",
        (0, 3, 9),
    ),
    "cpd": (
        4,
        "Lesson study in every school, impact evaluated at 6 and 12 months.",
        (0, 2, 7, 8, 9),
    ),
    "s2ss": (2, "Two support deployments this year, brokered case by case.", (0, 4)),
}
OAKFIELD_LEVELS: Levels = {
    "leadership": (
        2,
        "Senior leaders meet half-termly; roles are still being agreed.",
        (0,),
    ),
    "infrastructure": (2, "Shared drive set up; no common data yet.", (3,)),
}


def workspace(slack: LocalSlack) -> None:
    """The people and channels, before anyone has used the bot."""
    slack.people.update(PEOPLE)
    trio_people = [u for _, people in SCHOOLS.values() for u in people]
    slack.channels[TRIO] = {
        "name": "trio-east-midlands",
        "is_private": True,
        "members": [*trio_people, BOT],
    }
    slack.channels[GENERAL] = {"name": "general", "is_private": False, "members": list(PEOPLE)}
    for name, (channel, people) in SCHOOLS.items():
        slug = name.split()[0].lower()
        slack.channels[channel] = {
            "name": f"{slug}-leaders",
            "is_private": True,
            "members": [*people, BOT],
        }
    slack.touch()


def story(
    sender: Sender, school_id: Callable[[str], int], settle: Callable[[], object] = lambda: None
) -> None:
    """What has happened so far (takes a few seconds: the bot answers as it would).
    `settle` returns once the bot has delivered what the last step asked of it."""
    play = Play(sender, settle)
    hill, oak, river = SCHOOLS
    for name, (channel, (lead, *others)) in SCHOOLS.items():
        play.set_up(lead, name, tuple(others), channel, trio=TRIO if name == hill else None)
    play.set_up(
        "UHM1",
        hill,
        ("UHM2",),
        SCHOOLS[hill][0],
        trio=TRIO,
        partners=(school_id(oak), school_id(river)),
    )
    for lead in ("UOK1", "URS1"):
        play.click(
            lead,
            play.message_with(ids.ACTION_ACCEPT_INVITATION, lead),
            ids.ACTION_ACCEPT_INVITATION,
        )
    play.walk("UHM1", SCHOOLS[hill][0], HILLMEAD_LEVELS)
    summary = play.message_with(ids.ACTION_OPEN_CHALLENGE, channel=TRIO)
    play.post(
        "UOK2",
        TRIO,
        "CPD: how do you know the lesson study changed practice at 12 months? "
        "Could we see one evaluation?",
        thread_ts=summary[1],
    )
    play.click("URS1", summary, ids.ACTION_OPEN_CHALLENGE)
    play.submit(
        "URS1",
        {
            ids.BLOCK_CHALLENGE_AREA: {ids.ACTION_CHALLENGE_AREA: _option("itt")},
            ids.BLOCK_CHALLENGE_VIEW: {ids.ACTION_CHALLENGE_VIEW: _option("below")},
            ids.BLOCK_SUGGESTED_LEVEL: {ids.ACTION_SUGGESTED_LEVEL: _option("3")},
            ids.BLOCK_COMMENT: {
                ids.ACTION_COMMENT: {
                    "value": "Your School Direct reach across six "
                    "schools looks Secure to us, not Expanding."
                }
            },
        },
    )
    play.post(
        "UHM1",
        TRIO,
        "CPD: a fair question. We'll share the Year 4 lesson study evaluation next week; "
        "it shows what changed in classrooms at 12 months.",
        thread_ts=summary[1],
    )
    play.click("UHM1", summary, ids.ACTION_OPEN_OUTCOMES)
    play.submit(
        "UHM1",
        {
            f"{ids.BLOCK_DECISION}_itt": {ids.ACTION_DECISION: _option("3")},
            f"{ids.BLOCK_REASON}_itt": {ids.ACTION_REASON: _text("Riverside showed it is Secure")},
            ids.BLOCK_SUCCESSES: {ids.ACTION_SUCCESSES: _text("Lesson study across the alliance")},
            ids.BLOCK_IMPROVEMENTS: {ids.ACTION_IMPROVEMENTS: _text("A brokered S2SS offer")},
        },
    )
    proposed = play.message_with(ids.ACTION_OPEN_AGREEMENT, channel=TRIO)  # Riverside agrees
    play.click("URS1", proposed, ids.ACTION_OPEN_AGREEMENT)
    play.submit(
        "URS1", {ids.BLOCK_AGREEMENT_CHOICE: {ids.ACTION_AGREEMENT_CHOICE: _option("agree")}}
    )
    play.walk("UOK1", SCHOOLS[oak][0], OAKFIELD_LEVELS)


class Play:
    """One person's steps at a time, each waiting for the bot's answer to show."""

    def __init__(self, sender: Sender, settle: Callable[[], object]) -> None:
        self.sender, self.slack, self.settle = sender, sender.slack, settle

    def post(self, user: str, channel: str, text: str, thread_ts: str) -> None:
        self.sender.post(user, channel, text, thread_ts=thread_ts)
        self.settle()

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
            form = _wait(lambda: self.slack.top_modal(user), f"a form for {user}")
            self.submit(
                user,
                {
                    ids.BLOCK_LEVEL: {ids.ACTION_LEVEL_SELECT: _option(str(level))},
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
        modal = _wait(lambda: self.slack.top_modal(user), f"a form for {user}")
        reply = self.sender.submit(user, modal["id"], values)
        if reply.errors:
            raise RuntimeError(f"the demo's form was refused: {reply.errors}")
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

        return _wait(found, f"a message with {action_id}")


def _ticked(form: dict[str, Any], sources: tuple[int, ...]) -> dict[str, Any]:
    """The form's checkboxes of possible sources (in groups of up to 10), with `sources`
    ticked wherever each is."""
    ticked = {}
    for block_id, element in elements(form.get("blocks") or []):
        if element.get("action_id") == ids.ACTION_SOURCES:
            chosen = [o for o in element["options"] if int(o["value"]) in sources]
            ticked[block_id] = {ids.ACTION_SOURCES: {"selected_options": chosen}}
    return ticked


def _text(value: str) -> dict[str, Any]:
    return {"value": value}


def _option(value: str) -> dict[str, Any]:
    return {"selected_option": {"value": value}}


def _wait(check: Callable[[], Any], what: str, seconds: float = 15.0) -> Any:
    deadline = time.monotonic() + seconds
    while (found := check()) is None or found is False:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the demo waited {seconds:.0f} s for {what}")
        time.sleep(0.02)
    return found
