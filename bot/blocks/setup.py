"""The setup form: a school's name, members, channels and trio partners."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot import ids
from bot.blocks import kit
from bot.blocks.kit import Block, choice_input, context, encode, modal_title, plain
from bot.limits import OPTION_TEXT
from core.channels import CONFIRM, Readers
from storage.records import School


def build_setup_modal(
    *,
    school: School | None,
    members: Sequence[str],
    trio_channel: str | None,
    others_exist: bool,
    partners: Sequence[School],
    warnings: Mapping[str, Readers] | None = None,
) -> dict[str, Any]:
    """The setup form. `warnings`: for a channel input (by block id) whose picked channel
    others can read, who; the form then says so and asks to confirm."""
    name_element: Block = {
        "type": "plain_text_input",
        "action_id": ids.ACTION_SCHOOL_NAME,
        "max_length": 80,
        "placeholder": plain("e.g. Hillmead Teaching School Alliance"),
    }
    if school:
        name_element["initial_value"] = school.name
    members_element: Block = {
        "type": "multi_users_select",
        "action_id": ids.ACTION_MEMBERS,
        "placeholder": plain("Choose colleagues who will record judgements"),
    }
    if members:
        members_element["initial_users"] = list(members)
    channel_element: Block = {
        "type": "conversations_select",
        "action_id": ids.ACTION_TRIO_CHANNEL,
        "placeholder": plain("Choose the channel your trio meets in"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if trio_channel:
        channel_element["initial_conversation"] = trio_channel
    own_element: Block = {
        "type": "conversations_select",
        "action_id": ids.ACTION_SCHOOL_CHANNEL,
        "placeholder": plain("Choose your school's own channel"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if school and school.channel_id:
        own_element["initial_conversation"] = school.channel_id
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": ids.BLOCK_SCHOOL_NAME,
            "label": plain("Name of teaching school"),
            "element": name_element,
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_MEMBERS,
            "optional": True,
            "label": plain("Members who may record judgements"),
            "hint": plain("You are always a member. Members may add other members."),
            "element": members_element,
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_TRIO_CHANNEL,
            "dispatch_action": True,
            "optional": True,
            "label": plain("Trio channel"),
            "hint": plain(
                "Where your summary is posted and partners challenge it. Invite @peer-review to it."
            ),
            "element": channel_element,
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_SCHOOL_CHANNEL,
            "dispatch_action": True,
            "optional": True,
            "label": plain("Your school's own channel"),
            "hint": plain(
                "Where the areas are presented for your team. Leave empty to work "
                "in a direct message with the bot."
            ),
            "element": own_element,
        },
    ]
    for block_id, readers in (warnings or {}).items():
        at = next(i for i, b in enumerate(blocks) if b.get("block_id") == block_id) + 1
        blocks[at:at] = channel_warning(block_id, readers)
    if others_exist:
        chosen = school_options(partners)
        element: Block = {
            "type": "multi_external_select",  # found by typing part of a name: any number
            "action_id": ids.ACTION_PARTNERS,
            "min_query_length": 1,
            "max_selected_items": 2,
            "placeholder": plain("Type part of a school's name"),
        }
        partners_block = choice_input(
            ids.BLOCK_PARTNERS, "Partner schools to invite to your trio", element, chosen
        )
        partners_block["hint"] = plain(
            "Each school you name is asked first: it joins when one of its members accepts. "
            "Until then neither school sees anything of the other."
        )
        blocks.append(partners_block)
    else:
        blocks.append(
            context(
                "No other school has set up yet. Once one has, invite it here: it joins "
                "your trio when one of its members accepts."
            )
        )
    blocks.append(
        context(
            "Only members of a school can record or change its judgements. "
            "Partner schools that accepted can read its summary and challenge it."
        )
    )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_SETUP,
        "title": modal_title("Set up your school" if school is None else "Edit your school"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "private_metadata": encode({"s": school.id if school else None}),
        "blocks": blocks,
    }


def channel_warning(block_id: str, readers: Readers) -> list[Block]:
    """Under a channel input: who else can read it, and a box to tick to use it anyway."""
    confirm = {"text": plain(CONFIRM), "value": readers.channel}
    return [
        kit.section(
            f"⚠️ {kit.escape(readers.warning or '')}",
            block_id=f"{ids.BLOCK_CHANNEL_WARNING}_{block_id}",
        ),
        {
            "type": "input",
            "block_id": f"{ids.BLOCK_CHANNEL_CONFIRM}_{block_id}",
            "label": plain("Post our summary and evidence there?"),
            "element": {
                "type": "checkboxes",
                "action_id": ids.ACTION_CHANNEL_CONFIRM,
                "options": [confirm],
            },
        },
    ]


def school_options(schools: Sequence[School]) -> list[dict[str, Any]]:
    """Schools as options of the partner picker (its options load, its initial choices)."""
    return [{"text": plain(s.name, OPTION_TEXT), "value": str(s.id)} for s in schools]
