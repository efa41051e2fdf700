"""The alliance setup form: a new alliance's name, or the alliance a lead leads; the schools
to invite (found by typing part of a name) and co-leads; and the form once it is saved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import ids
from bot.blocks.alliance_school import WHAT_LEADS_SEE, the_alliance
from bot.blocks.kit import Block, context, encode, escape, modal_title, plain, section
from bot.mrkdwn import mention
from core.alliance_views import SetupForm
from core.wording import plural
from storage.alliances import Alliance
from storage.records import School

MOST_NAMED = 20  # schools waiting to answer named on the form


def _names(schools: Sequence[School]) -> str:
    listed = [escape(s.name) for s in schools[:MOST_NAMED]]
    more = len(schools) - len(listed)
    return ", ".join(listed) + (f" and {more} more" if more else "")


def build_alliance_setup(form: SetupForm) -> dict[str, Any]:
    """Create an alliance (no alliance led yet), or invite schools and co-leads to it."""
    blocks: list[Block] = []
    alliance = form.alliance
    if alliance is None:
        blocks.append(
            {
                "type": "input",
                "block_id": ids.BLOCK_ALLIANCE_NAME,
                "label": plain("Name of the alliance"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.ACTION_ALLIANCE_NAME,
                    "max_length": 80,
                    "placeholder": plain("e.g. East Midlands Teaching Schools"),
                },
            }
        )
    else:
        leads = ", ".join(mention(lead) for lead in form.leads[:10])
        blocks.append(
            section(
                f"*{escape(alliance.name)}* · {plural(form.schools, 'school')} · "
                f"leads: {leads}{' and more' if len(form.leads) > 10 else ''}"
            )
        )
        if form.invited:
            blocks.append(context(f"Asked, not yet answered: {_names(form.invited)}."))
    blocks += [
        {
            "type": "input",
            "block_id": ids.BLOCK_ALLIANCE_SCHOOLS,
            "optional": True,
            "label": plain("Schools to invite"),
            "hint": plain(
                "Each school you name is asked first: it joins when one of its members "
                "accepts. A school belongs to one alliance at a time."
            ),
            "element": {
                "type": "multi_external_select",  # found by typing part of a name
                "action_id": ids.ACTION_ALLIANCE_SCHOOLS,
                "min_query_length": 1,
                "placeholder": plain("Type part of a school's name"),
            },
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_ALLIANCE_LEADS,
            "optional": True,
            "label": plain("Co-leads to add" if alliance else "Co-leads"),
            "hint": plain("You lead it too. Leads may invite schools and add other leads."),
            "element": {
                "type": "multi_users_select",
                "action_id": ids.ACTION_ALLIANCE_LEADS,
                "placeholder": plain("Choose colleagues who will lead it with you"),
            },
        },
        context(WHAT_LEADS_SEE),
    ]
    return {
        "type": "modal",
        "callback_id": ids.VIEW_ALLIANCE_SETUP,
        "title": modal_title("Create an alliance" if alliance is None else "Invite schools"),
        "submit": plain("Create" if alliance is None else "Invite"),
        "close": plain("Cancel"),
        "private_metadata": encode({"a": alliance.id if alliance else None}),
        "blocks": blocks,
    }


def build_alliance_saved(
    alliance: Alliance, invited: Sequence[School], leads: Sequence[str], *, created: bool
) -> dict[str, Any]:
    """The form once saved: what was done, and what happens next."""
    lines = [
        f"You created {the_alliance(alliance, bold=True)} and lead it."
        if created
        else f"*{escape(alliance.name)}*: saved."
    ]
    if invited:
        lines.append(
            f"Invited {_names(invited)}: each joins when one of its members accepts, and you "
            "are told."
        )
    if leads:
        lines.append(f"Co-leads added: {', '.join(mention(lead) for lead in leads[:10])}.")
    if not invited and not leads and not created:
        lines.append("Nothing new to send: choose schools to invite or co-leads to add.")
    return {
        "type": "modal",
        "callback_id": ids.VIEW_ALLIANCE_SETUP,
        "title": modal_title("Alliance saved"),
        "close": plain("Close"),
        "blocks": [section("\n".join(lines))],
    }
