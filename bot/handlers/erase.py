"""The Home tab's "Erase our school's data…": a form that asks for the school's name again."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.erase import build_erase_modal, build_erased
from bot.handlers.base import Click, Submission
from bot.payloads import SchoolRef, parse_json, text_value
from core import erasure
from core.errors import Refusal


def open_erase(click: Click) -> None:
    def build(db: Any) -> dict[str, Any]:
        ref = parse_json(click.value, SchoolRef)
        return build_erase_modal(erasure.erase_form(db, click.user_id, ref.s))

    click.open_modal(build)


def submit_erase(sub: Submission) -> None:
    ref = sub.metadata(SchoolRef, ids.BLOCK_ERASE_NAME)
    if ref is None:
        return
    typed = text_value(sub.view, ids.BLOCK_ERASE_NAME, ids.ACTION_ERASE_NAME)
    try:
        with sub.services.unit() as db:
            name = erasure.erase_form(db, sub.user_id, ref.s).name
            erasure.erase_confirmed(db, sub.user_id, ref.s, typed or "")
    except Refusal as refusal:
        sub.refuse({ids.BLOCK_ERASE_NAME: str(refusal)})
        return
    sub.ack(response_action="update", view=build_erased(name))
