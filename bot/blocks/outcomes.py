"""The agreed outcomes form: per area, the judgement stands or is revised."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import Block, encode, escape, modal_title, plain, section
from bot.limits import OPTION_TEXT, fit
from core.standing import Standing
from core.wording import plural
from rubric.models import Framework
from storage.records import MAX_TEXT_CHARS


def build_outcomes_modal(framework: Framework, standing: Standing) -> dict[str, Any]:
    """After challenge: per area, the judgement stands or is revised; and what was agreed."""
    cycle_id, school_name, judgements = standing.cycle.id, standing.school.name, standing.judgements
    agreed = (
        (standing.agreed.successes, standing.agreed.improvements) if standing.agreed else ("", "")
    )
    blocks: list[Block] = [
        section(
            f"Record what *{escape(school_name)}* agreed with its trio. For each area, "
            "does the judgement stand, or is it revised? A revision needs a reason and "
            "keeps its history."
        )
    ]
    for area in framework.areas:
        judgement = judgements.get(area.id)
        if judgement is None:
            continue
        current = framework.level_text(judgement.level)
        options = [{"text": plain(fit(f"Stands: {current}", OPTION_TEXT)), "value": "stands"}]
        saved = standing.outcomes.get(area.id)
        if saved is not None and saved.level != judgement.level:
            saved = None  # the judgement changed since: decide again
        if saved is not None and saved.decision == "revised":  # the agreed revision, kept;
            # "stands" would only blur it (undoing it is another "Revise to")
            text = f"Revised to {current}, as agreed"
            options = [{"text": plain(fit(text, OPTION_TEXT)), "value": str(saved.level)}]
        options += [
            {"text": plain(f"Revise to {framework.level_text(n)}"), "value": str(n)}
            for n in framework.levels
            if n != judgement.level
        ]
        decision: Block = {
            "type": "static_select",
            "action_id": ids.ACTION_DECISION,
            "placeholder": plain("No decision yet"),
            "options": options,
        }
        reason: Block = {
            "type": "plain_text_input",
            "action_id": ids.ACTION_REASON,
            "multiline": True,
            "max_length": MAX_TEXT_CHARS,
        }
        if saved is not None:  # reopened: what was saved
            decision["initial_option"] = options[0]
            if saved.reason:
                reason["initial_value"] = saved.reason
        counts = standing.counts.get(area.id)
        waiting = counts.unresolved if counts else 0
        label = f"{area.number} {area.short_name}: judged {current}"
        hint = f"{plural(waiting, 'challenge')} to resolve with this decision" if waiting else ""
        blocks += [
            {
                "type": "input",
                "block_id": f"{ids.BLOCK_DECISION}_{area.id}",
                "optional": True,
                "label": plain(label),
                "element": decision,
                **({"hint": plain(hint)} if hint else {}),
            },
            {
                "type": "input",
                "block_id": f"{ids.BLOCK_REASON}_{area.id}",
                "optional": True,
                "label": plain(f"Reason ({area.short_name})"),
                "element": reason,
            },
        ]
    for block_id, action_id, label, value in (
        (ids.BLOCK_SUCCESSES, ids.ACTION_SUCCESSES, "Successes identified", agreed[0]),
        (ids.BLOCK_IMPROVEMENTS, ids.ACTION_IMPROVEMENTS, "Improvement areas agreed", agreed[1]),
    ):
        element: Block = {
            "type": "plain_text_input",
            "action_id": action_id,
            "multiline": True,
            "max_length": MAX_TEXT_CHARS,
        }
        if value:
            element["initial_value"] = value
        blocks.append(
            {
                "type": "input",
                "block_id": block_id,
                "optional": True,
                "label": plain(label),
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_OUTCOMES,
        "title": modal_title("Agreed outcomes"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "private_metadata": encode({"c": cycle_id}),
        "blocks": blocks,
    }
