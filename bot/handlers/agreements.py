"""A partner's "Review outcomes" (on the summary or their Home tab): agree the outcomes the
school proposes, or propose a change."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.agreement import build_agreement_modal
from bot.handlers.base import Click, Submission, form_texts
from bot.payloads import CycleRef, parse_json, selected
from core import agreements
from core.errors import Refusal

CHOICES = frozenset({"agree", "change"})


def open_agreement(click: Click) -> None:
    framework = click.services.framework

    def build(db: Any) -> dict[str, Any]:
        ref = parse_json(click.value, CycleRef)
        return build_agreement_modal(
            framework, agreements.agreement_form(db, framework, click.user_id, ref.c)
        )

    click.open_modal(build)


def submit_agreement(sub: Submission) -> None:
    ref = sub.metadata(CycleRef, ids.BLOCK_AGREEMENT_CHOICE)
    if ref is None:
        return
    choice = selected(sub.view, ids.BLOCK_AGREEMENT_CHOICE, ids.ACTION_AGREEMENT_CHOICE)
    texts, errors = form_texts(
        sub.view, {ids.BLOCK_AGREEMENT_NOTE: (ids.ACTION_AGREEMENT_NOTE, "The change", False)}
    )
    note = texts.get(ids.BLOCK_AGREEMENT_NOTE, "")
    if choice not in CHOICES:
        errors[ids.BLOCK_AGREEMENT_CHOICE] = "Choose to agree the outcomes or propose a change."
    elif choice == "change" and not note and ids.BLOCK_AGREEMENT_NOTE not in errors:
        errors[ids.BLOCK_AGREEMENT_NOTE] = (
            "Say what you would change: it goes to the school with its outcomes."
        )
    if errors:
        sub.refuse(errors)
        return
    try:
        with sub.services.unit() as db:
            if choice == "agree":
                agreements.agree(db, sub.user_id, ref.c)
            else:
                agreements.propose_change(db, sub.user_id, ref.c, note)
    except Refusal as refusal:
        sub.refuse({ids.BLOCK_AGREEMENT_CHOICE: str(refusal)})
        return
    sub.ack()
