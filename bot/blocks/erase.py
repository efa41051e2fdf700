"""Erasing a school from Slack: the Home tab's button, and the form that asks for its name."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import Block, button, context, encode, escape, modal_title, plain, section
from core.erasure import EraseForm
from core.wording import plural


def erase_button(school_id: int) -> Block:
    """At the foot of the Home tab, apart from everything else."""
    return {
        "type": "actions",
        "block_id": "home_erase",
        "elements": [button("Erase our school's data…", ids.ACTION_OPEN_ERASE, {"s": school_id})],
    }


def build_erase_modal(form: EraseForm) -> dict[str, Any]:
    name = escape(form.name)
    partners = ", ".join(escape(p) for p in form.partners)
    blocks: list[Block] = [
        section(
            f"*This erases {name} for good.* Every review cycle, judgement and its history, "
            "piece of evidence, challenge and response by or about the school, agreed outcome "
            f"and its {plural(form.members, 'member')} go, and it "
            "leaves its trio"
            + (f" ({partners} stay, with their own data)" if partners else "")
            + ". Only a line saying that a school was erased, by whom and when, is kept."
        ),
        context(
            "Export the diagnostic first if you may need it. Messages already posted in Slack "
            "stay until someone deletes them there."
        ),
        {
            "type": "input",
            "block_id": ids.BLOCK_ERASE_NAME,
            "label": plain("Type the school's name to confirm"),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.ACTION_ERASE_NAME,
                "max_length": 80,
                "placeholder": plain(form.name, 150),
            },
        },
    ]
    return {
        "type": "modal",
        "callback_id": ids.VIEW_ERASE,
        "title": modal_title("Erase school data"),
        "submit": plain("Erase for good"),
        "close": plain("Keep it"),
        "private_metadata": encode({"s": form.school_id}),
        "blocks": blocks,
    }


def build_erased(name: str) -> dict[str, Any]:
    """The form once the school is erased (what the member sees before closing it)."""
    return {
        "type": "modal",
        "callback_id": ids.VIEW_ERASE,
        "title": modal_title("Erased"),
        "close": plain("Close"),
        "blocks": [
            section(
                f"{escape(name)}'s data is erased. Its members and trio partners see it gone "
                "from the Home tab."
            )
        ],
    }
