"""Trios by consent: the invitation a school's members receive, what the inviter is told,
what the trio channel is told, and the trio's part of the Home tab."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import Block, build_notice, button, context, escape, section
from bot.mrkdwn import channel_link, mention
from core.channels import Readers
from core.trios import InvitationView, TrioPanel
from storage.records import School

CONFIRM_LEAVE_TITLE = "Leave the trio?"
MOST_SHOWN = 10  # invitations waiting for the school's answer shown on the Home tab


def _names(schools: list[School]) -> str:
    listed = [f"*{escape(s.name)}*" for s in schools]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


def invitation_message(view: InvitationView) -> dict[str, Any]:
    """The DM asking a member of the invited school to accept or decline."""
    inviting, invited = escape(view.inviting.name), escape(view.invited.name)
    text = (
        f"{inviting} invites {invited} to join its peer review trio, which meets in "
        f"{channel_link(view.channel)}."
    )
    value = {"i": view.invitation.id}
    return {
        "text": text,
        "blocks": [
            section(
                f"*{text}*\nIf you accept, the trio's schools ({_names(view.partners)} now) "
                f"will see {invited}'s summary and evidence there and can challenge it, and "
                "you will see theirs. Until a member of your school accepts, nothing of either "
                "school is shared."
            ),
            *(
                [
                    context(
                        f"⚠️ #{escape(view.public.name)} is public: everyone in the workspace "
                        "can read what is posted there."
                    )
                ]
                if view.public
                else []
            ),
            {
                "type": "actions",
                "block_id": f"invitation_{view.invitation.id}",
                "elements": [
                    button("Accept", ids.ACTION_ACCEPT_INVITATION, value, style="primary"),
                    button("Decline", ids.ACTION_DECLINE_INVITATION, value),
                ],
            },
        ],
    }


def accepted(view: InvitationView) -> dict[str, Any]:
    others = [s.name for s in view.partners if s.id != view.invited.id] or [view.inviting.name]
    together = " and ".join(escape(n) for n in others)
    return {
        "replace_original": True,
        **build_notice(
            f"✅ You accepted: {escape(view.invited.name)} is in the trio with "
            f"{together}, meeting in {channel_link(view.channel)}. Your "
            "summary goes there when all five areas are judged."
        ),
    }


def declined(view: InvitationView) -> dict[str, Any]:
    return {
        "replace_original": True,
        **build_notice(
            f"You declined {escape(view.inviting.name)}'s invitation. Nothing of either school "
            "was shared."
        ),
    }


def withdrawn(view: InvitationView) -> dict[str, Any]:
    return build_notice(f"You withdrew the invitation to {escape(view.invited.name)}.")


def left(school: School) -> dict[str, Any]:
    return build_notice(
        f"{escape(school.name)} has left its trio. Any partners it had are told in the trio "
        "channel; what was posted there stays in that channel's history."
    )


def invitation_answered(view: InvitationView) -> dict[str, Any]:
    """The inviting member is told what the invited school answered."""
    invited = escape(view.invited.name)
    if view.invitation.state == "accepted":
        return build_notice(
            f"{invited} accepted your invitation and is in your trio now, meeting in "
            f"{channel_link(view.channel)}."
        )
    return build_notice(f"{invited} declined your invitation to join your trio.")


def trio_news(school: School, what: str, by: str) -> dict[str, Any]:
    """What the trio channel is told when a school is invited, joins or leaves."""
    name = escape(school.name)
    if what == "joined":
        text = f"{name} has joined this trio (accepted by {mention(by)})."
    elif what == "invited":
        text = (
            f"{mention(by)} has invited {name} to this trio. It joins if one of its members "
            "accepts; until then it sees nothing here."
        )
    else:
        text = (
            f"{name} has left this trio ({mention(by)}). Its summaries will no longer be "
            "updated here."
        )
    return build_notice(text)


def home_trio(panel: TrioPanel, school: School) -> list[Block]:
    """The trio lines of the Home tab: partners, invitations waiting either way, leaving."""
    blocks: list[Block] = []
    if panel.channel:
        with_ = f" with {_names(panel.partners)}" if panel.partners else " (no partners yet)"
        blocks.append(
            section(
                f"*Trio*: {channel_link(panel.channel)}{with_}.",
                block_id="trio",
                accessory=button(
                    "Leave the trio",
                    ids.ACTION_LEAVE_TRIO,
                    {"s": school.id},
                    confirm=_confirm_leave(panel),
                ),
            )
        )
    for received in panel.received[:MOST_SHOWN]:
        value = {"i": received.invitation.id}
        blocks += [
            section(
                f"*{escape(received.inviting.name)}* invites your school to its trio, "
                f"meeting in {channel_link(received.channel)}. Nothing is shared until you accept.",
                block_id=f"received_{received.invitation.id}",
            ),
            {
                "type": "actions",
                "block_id": f"answer_{received.invitation.id}",
                "elements": [
                    button("Accept", ids.ACTION_ACCEPT_INVITATION, value, style="primary"),
                    button("Decline", ids.ACTION_DECLINE_INVITATION, value),
                ],
            },
        ]
    for sent in panel.sent:
        ours = sent.inviting.id == school.id
        line = section(
            f"{'Invited' if ours else escape(sent.inviting.name) + ' invited'} "
            f"*{escape(sent.invited.name)}*: waiting for one of its members to accept.",
            block_id=f"sent_{sent.invitation.id}",
        )
        if ours:  # only the inviting school may withdraw it
            line["accessory"] = button(
                "Withdraw", ids.ACTION_WITHDRAW_INVITATION, {"i": sent.invitation.id}
            )
        blocks.append(line)
    if len(panel.received) > MOST_SHOWN:
        more = len(panel.received) - MOST_SHOWN
        blocks.append(context(f"…and {more} more invitations, shown as you answer these."))
    if blocks:
        blocks.append(context("A school sees a partner's summaries only once it is in the trio."))
    return blocks


def _confirm_leave(panel: TrioPanel) -> dict[str, Any]:
    told = "Your partners are told, and your" if panel.partners else "Your"
    return {
        "title": {"type": "plain_text", "text": CONFIRM_LEAVE_TITLE},
        "text": {
            "type": "mrkdwn",
            "text": (
                f"Your school leaves its trio. {told} summaries are no longer updated in the "
                "trio channel. To rejoin, a member of the trio must invite you again."
            ),
        },
        "confirm": {"type": "plain_text", "text": "Leave"},
        "deny": {"type": "plain_text", "text": "Stay"},
        "style": "danger",
    }


def channel_warning(readers: Readers) -> dict[str, Any]:
    """Told after saving a channel the setup form could not check in time."""
    return build_notice(
        f"You chose {channel_link(readers.channel)} for your school's summaries and evidence. "
        f"{escape(readers.warning or '')} To use another channel, run `/peer-review setup`."
    )
