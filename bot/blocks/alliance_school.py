"""An alliance as a school sees it: the invitation its members receive, the answers, what the
leads are told, the school's Alliance lines on the Home tab, and the replies to its choices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import ids
from bot.blocks.kit import Block, build_notice, button, context, escape, section
from bot.mrkdwn import mention
from core.alliance_views import InvitationView, News
from core.alliances import ANSWERED_NEWS, LEAD_NEWS, SchoolPanel
from core.wording import plural
from storage.alliances import Alliance
from storage.records import School

MOST_SHOWN = 5  # invitations to alliances shown on the Home tab at once
NOT_SHARED = "its leads see levels and progress, not evidence"
SHARED = "its leads see levels, progress and evidence"
WHAT_LEADS_SEE = (
    "An alliance's leads see each school's levels and how its review is going, and open "
    "review rounds for its schools. They see a school's evidence only if the school chooses "
    "to share it (Home tab)."
)


def the_alliance(alliance: Alliance, *, bold: bool = False) -> str:
    """“the East Midlands TSA alliance” (“the Peak Alliance” when its name says so), escaped."""
    name = escape(alliance.name)
    named = f"*{name}*" if bold else name
    return f"the {named}" + ("" if alliance.name.lower().endswith("alliance") else " alliance")


def _leads(leads: list[str]) -> str:
    shown = [mention(lead) for lead in leads[:5]]
    more = f" and {len(leads) - 5} more" if len(leads) > 5 else ""
    return ", ".join(shown) + more


def _of(schools: int) -> str:
    return f"{plural(schools, 'school')} so far" if schools else "no schools yet"


def invitation_message(view: InvitationView) -> dict[str, Any]:
    """The DM asking a member of the invited school to accept or decline."""
    school, alliance = escape(view.school.name), escape(view.alliance.name)
    text = (
        f"{mention(view.invitation.invited_by)} invites {school} to join "
        f"{the_alliance(view.alliance)}."
    )
    value = {"i": view.invitation.id}
    return {
        "text": text,
        "blocks": [
            section(
                f"*{text}*\n{alliance} has {_of(view.schools)}; its leads are "
                f"{_leads(view.leads)}. {WHAT_LEADS_SEE} Nothing of {school} is shared until "
                "one of its members accepts."
            ),
            {
                "type": "actions",
                "block_id": f"alliance_invitation_{view.invitation.id}",
                "elements": [
                    button("Accept", ids.ACTION_ACCEPT_ALLIANCE, value, style="primary"),
                    button("Decline", ids.ACTION_DECLINE_ALLIANCE, value),
                ],
            },
        ],
    }


def accepted(view: InvitationView) -> dict[str, Any]:
    return {
        "replace_original": True,
        **build_notice(
            f"✅ You accepted: {escape(view.school.name)} is in "
            f"{the_alliance(view.alliance)} now. Its leads see your levels and "
            "progress, not your evidence; to share that too, use the Home tab."
        ),
    }


def declined(view: InvitationView) -> dict[str, Any]:
    return {
        "replace_original": True,
        **build_notice(
            f"You declined the invitation to {the_alliance(view.alliance)}. "
            f"Nothing of {escape(view.school.name)} was shared."
        ),
    }


def news(found: News) -> dict[str, Any]:
    """What a lead is told: a school's answer, a school leaving, being made a lead."""
    alliance = escape(found.alliance.name)
    school = escape(found.school.name) if found.school else "A school"
    if found.what == ANSWERED_NEWS and found.state == "accepted":
        text = f"{school} accepted your invitation and is in {alliance} now."
    elif found.what == ANSWERED_NEWS:
        text = f"{school} declined your invitation to join {alliance}."
    elif found.what == LEAD_NEWS:
        text = (
            f"{mention(found.by or '')} made you a lead of {the_alliance(found.alliance)}. You "
            "see its schools' levels and progress on the bot's Home tab; "
            "`/peer-review alliance setup` invites more schools."
        )
    else:
        text = (
            f"{school} has left {alliance} ({mention(found.by or '')}). Its levels and "
            "progress are no longer shown to the alliance's leads."
        )
    return build_notice(text)


def home_alliance(panel: SchoolPanel) -> list[Block]:
    """The school's Alliance lines on its Home tab: its alliance and what the leads see, with
    the button to change that; or the invitations waiting for its answer."""
    blocks: list[Block] = []
    school = panel.school
    if panel.alliance is not None:
        seen = SHARED if panel.shares else NOT_SHARED
        label = "Stop sharing our evidence" if panel.shares else "Share our evidence with the leads"
        blocks += [
            section(
                f"*Alliance*: {escape(school.name)} is in "
                f"{the_alliance(panel.alliance, bold=True)} · {seen}.",
                block_id="alliance",
                accessory=button(
                    label, ids.ACTION_SHARE_EVIDENCE, {"s": school.id, "on": not panel.shares}
                ),
            ),
            context("To take your school out of it: `/peer-review alliance leave`."),
        ]
    for invited in panel.invitations[:MOST_SHOWN]:
        value = {"i": invited.invitation.id}
        blocks += [
            section(
                f"*{escape(invited.alliance.name)}* ({_of(invited.schools)}) invites "
                f"{escape(school.name)} to join its alliance. {WHAT_LEADS_SEE}",
                block_id=f"alliance_received_{invited.invitation.id}",
            ),
            {
                "type": "actions",
                "block_id": f"alliance_answer_{invited.invitation.id}",
                "elements": [
                    button("Accept", ids.ACTION_ACCEPT_ALLIANCE, value, style="primary"),
                    button("Decline", ids.ACTION_DECLINE_ALLIANCE, value),
                ],
            },
        ]
    if len(panel.invitations) > MOST_SHOWN:
        more = len(panel.invitations) - MOST_SHOWN
        blocks.append(
            context(f"…and {plural(more, 'more invitation')}, shown as you answer these.")
        )
    return blocks


@dataclass(frozen=True)
class Shared:
    """A member's choice of what the alliance's leads see: `on`, its evidence too."""

    school: School
    alliance: Alliance
    on: bool


def sharing(shared: Shared) -> dict[str, Any]:
    """The reply to a member's choice of what the alliance's leads see."""
    name, led = escape(shared.school.name), escape(shared.alliance.name)
    if shared.on:
        return build_notice(f"{name} now shares its evidence with the leads of {led}.")
    return build_notice(
        f"{name} no longer shares its evidence with the leads of {led}: they see its levels "
        "and progress only."
    )


def left(school: School, alliance: Alliance) -> dict[str, Any]:
    return build_notice(
        f"{escape(school.name)} has left {the_alliance(alliance)}; its leads are "
        "told, and no longer see its levels or progress."
    )
