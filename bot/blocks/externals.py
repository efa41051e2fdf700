"""External challengers: the DM that asks one to challenge a school's review (or says they
no longer do), what the school's members are told, and the answers to
``/peer-review external``."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import Block, build_notice, button, context, escape, section
from bot.mrkdwn import channel_link, mention
from core.externals import Challengers, Told
from storage.records import School

USAGE = (
    "`/peer-review external @person` asks someone from outside your school and trio (a school "
    "improvement partner, a consultant) to challenge your school's review; "
    "`/peer-review external remove @person` asks them to stop; `/peer-review external` lists "
    "them. A lead of an alliance adds `for` and the school's name: "
    "`/peer-review external @person for Hillmead`."
)
PICK_THEM = (
    "Mention the person so Slack links their name: type @ and choose them from the list, "
    "e.g. `/peer-review external @Sam Lee`."
)


def _asked_by(told: Told) -> str:
    """ "@A of Hillmead", or "@A, a lead of North Alliance"."""
    if told.lead_of is not None:
        return f"{mention(told.by)}, a lead of {escape(told.lead_of)},"
    return f"{mention(told.by)} of {escape(told.school.name)}"


def external_message(told: Told, summary_link: str | None = None) -> dict[str, Any]:
    """The DM about an external challenger: to them (`summary_link`: the summary's permalink,
    when Slack gave one), or to a member of the school."""
    if not told.to_them:
        return _to_member(told)
    school = escape(told.school.name)
    if told.what == "removed":
        return build_notice(
            f"{_asked_by(told)} asked you to stop challenging {school}'s review as an external "
            f"challenger, so you can no longer see it. What you wrote stays with the review. "
            "Thank you for your challenge."
        )
    text = (
        f"{_asked_by(told)} asked you to challenge {school}'s self-evaluation as an external "
        "challenger."
    )
    blocks: list[Block] = [
        section(
            f"*{text}*\nYou can see what its trio partners see, for {school} only: its levels, "
            "its evidence and its summary. You belong to no school here, so nothing else is "
            f"shown to you. Ask me any time: `/peer-review ratings {school}`."
        ),
        section(_where(told, summary_link)),
    ]
    if told.judged is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"external_{told.school.id}",
                "elements": [
                    button(
                        "Challenge a judgement",
                        ids.ACTION_OPEN_CHALLENGE,
                        {"c": told.judged.id},
                        style="primary",
                    )
                ],
            }
        )
    return {"text": text, "blocks": blocks}


def _where(told: Told, summary_link: str | None) -> str:
    """Where the review is, and how to challenge it."""
    school = escape(told.school.name)
    channel = channel_link(told.trio_channel) if told.trio_channel else None
    if told.judged is None:
        where = f", in {channel}" if channel else ""
        return (
            f"{school} hasn't finished its self-evaluation yet. Once every area is judged, its "
            f"summary is posted in its trio's channel{where}, and you can challenge it there."
        )
    if told.summary is not None:
        shown = f"<{summary_link}|{school}'s summary>" if summary_link else f"{school}'s summary"
        place = f"{shown} is in {channel_link(told.summary[0])}"
    else:
        place = f"{school}'s summary is on its way to its trio's channel"
    return (
        f"{place}. That channel may be closed to you: ask {school} to add you to it to follow "
        "the thread, where you can challenge by replying (name the area, e.g. “ITT: …”). "
        "The *Challenge a judgement* button below works anyway."
    )


def _to_member(told: Told) -> dict[str, Any]:
    school, person = escape(told.school.name), mention(told.person)
    if told.what == "removed":
        return build_notice(
            f"{_asked_by(told)} asked {person} to stop challenging {school}'s review as an "
            "external challenger: they can no longer see it. What they wrote stays with the "
            "review."
        )
    return build_notice(
        f"{_asked_by(told)} asked {person} to challenge {school}'s self-evaluation as an "
        "external challenger. They see what your trio partners see, for "
        f"{school} only, and can challenge in its summary's thread or with the Challenge "
        "button. `/peer-review external` lists your external challengers."
    )


def _for(school: School, lead: bool) -> str:
    return f" for {escape(school.name)}" if lead else ""


def invited(school: School, person: str, *, lead: bool) -> dict[str, Any]:
    """The answer to whoever asked (`lead`: they named the school, as a lead does)."""
    return build_notice(
        f"I've asked {mention(person)} to challenge {escape(school.name)}'s self-evaluation "
        f"as an external challenger, and told them by DM what that means. {escape(school.name)}"
        "'s members are told too. To end it: "
        f"`/peer-review external remove @person{_for(school, lead)}`."
    )


def removed(school: School, person: str) -> dict[str, Any]:
    return build_notice(
        f"{mention(person)} is no longer an external challenger of {escape(school.name)}: "
        "they can't see its review any more. What they wrote stays with the review."
    )


def listing(found: Challengers, *, lead: bool) -> dict[str, Any]:
    """The school's external challengers, and how to ask one or ask one to stop."""
    school = escape(found.school.name)
    how = f"`/peer-review external @person{_for(found.school, lead)}`"
    if not found.people:
        return build_notice(f"{school} has no external challengers. To ask someone: {how}.")
    people = ", ".join(mention(p) for p in found.people)
    return {
        "text": f"{school}'s external challengers: {people}",
        "blocks": [
            section(f"*{school}'s external challengers:* {people}"),
            context(
                f"To ask someone else: {how}. To ask one to stop: "
                f"`/peer-review external remove @person{_for(found.school, lead)}`."
            ),
        ],
    }


def about_them(person: str, rest: str) -> dict[str, Any]:
    """A refusal about the person asked: their mention, then the sentence."""
    return build_notice(f"{mention(person)} {escape(rest)}")
