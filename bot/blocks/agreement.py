"""Agreed outcomes between partners: where they stand (on the summary), the form a partner
agrees them with, and the message that tells the reviewed school."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import (
    Block,
    build_notice,
    encode,
    escape,
    modal_title,
    plain,
    section,
    when,
)
from bot.mrkdwn import fit as fit_mrkdwn
from bot.mrkdwn import mention
from core.agreements import AgreementNews
from core.standing import Standing
from rubric.models import Framework
from storage.agreements import Agreement
from storage.records import MAX_TEXT_CHARS

NOTE_SHOWN = 600  # of a partner's proposed change, on the summary
REASON_SHOWN = 600  # of an area's reason, in the form
AGREED_SHOWN = 1200  # of the successes and the improvement areas, in the form


def _answered_by(agreement: Agreement) -> str:
    """ "@B (Oakfield)" """
    school = agreement.answered_school or "a partner school"
    return f"{mention(agreement.answered_by or '')} ({escape(school)})"


def agreement_line(agreement: Agreement | None) -> str | None:
    """Where the proposed outcomes stand, for the summary (mrkdwn); None before any."""
    if agreement is None:
        return None
    if agreement.state == "proposed":
        return (
            f"*Outcomes proposed* by {mention(agreement.proposed_by)} on "
            f"{when(agreement.proposed_at)} — waiting for a partner to agree"
        )
    if agreement.state == "agreed":
        return (
            f"*Outcomes agreed* by {_answered_by(agreement)} on "
            f"{when(agreement.answered_at or agreement.proposed_at)}"
        )
    note = fit_mrkdwn(escape(agreement.note), NOTE_SHOWN)
    return f"*Returned* by {_answered_by(agreement)}: {note}"


def waiting_for_partner(standing: Standing) -> bool:
    """Are the outcomes proposed and waiting (the summary offers "Review outcomes")?"""
    agreement = standing.agreement
    return agreement is not None and agreement.state == "proposed"


def _area_lines(framework: Framework, standing: Standing) -> list[Block]:
    blocks: list[Block] = []
    for area in framework.areas:
        judgement = standing.judgements.get(area.id)
        if judgement is None:
            continue
        title = f"*{area.number} · {escape(area.title)}*"
        outcome = standing.outcomes.get(area.id)
        revision = standing.revisions.get(area.id)
        if outcome is not None and outcome.decision == "revised" and revision is not None:
            line = (
                f"{title}: revised from {framework.level_text(revision.before)} to "
                f"*{framework.level_text(judgement.level)}*"
            )
        elif outcome is not None:
            line = f"{title}: stands at *{framework.level_text(judgement.level)}*"
        else:
            line = f"{title}: *{framework.level_text(judgement.level)}*, no decision recorded"
        reason = outcome.reason if outcome is not None else ""
        if reason:
            line += f"\n_{fit_mrkdwn(escape(reason), REASON_SHOWN)}_"
        blocks.append(section(line, block_id=f"proposed_{area.id}"))
    return blocks


def build_agreement_modal(framework: Framework, standing: Standing) -> dict[str, Any]:
    """The outcomes a school proposes, for a member of a partner school: agree them, or
    propose a change (a note, sent to the school with the outcomes)."""
    school = escape(standing.school.name)
    agreement = standing.agreement
    by = (
        f" by {mention(agreement.proposed_by)} on {when(agreement.proposed_at)}"
        if agreement
        else ""
    )
    blocks: list[Block] = [
        section(
            f"*{school}* proposes these outcomes of review cycle {standing.cycle.number}{by}, "
            "after peer challenge. Agree them, or propose a change: they go back to "
            f"{school} with your note."
        ),
        *_area_lines(framework, standing),
    ]
    agreed = standing.agreed
    for label, text, block_id in (
        ("Successes", agreed.successes if agreed else "", "proposed_successes"),
        ("Improvement areas", agreed.improvements if agreed else "", "proposed_improvements"),
    ):
        if text:
            shown = fit_mrkdwn(escape(text), AGREED_SHOWN)
            blocks.append(section(f"*{label}:* {shown}", block_id=block_id))
    options = [
        {"text": plain("Agree these outcomes"), "value": "agree"},
        {"text": plain("Propose a change"), "value": "change"},
    ]
    blocks += [
        {
            "type": "input",
            "block_id": ids.BLOCK_AGREEMENT_CHOICE,
            "label": plain("Your answer"),
            "element": {
                "type": "radio_buttons",
                "action_id": ids.ACTION_AGREEMENT_CHOICE,
                "options": options,
            },
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_AGREEMENT_NOTE,
            "optional": True,
            "label": plain("The change you propose (needed for a change)"),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.ACTION_AGREEMENT_NOTE,
                "multiline": True,
                "max_length": MAX_TEXT_CHARS,
            },
        },
    ]
    return {
        "type": "modal",
        "callback_id": ids.VIEW_AGREEMENT,
        "title": modal_title(f"Outcomes · {standing.school.name}"),
        "submit": plain("Send"),
        "close": plain("Cancel"),
        "private_metadata": encode({"c": standing.cycle.id}),
        "blocks": blocks,
    }


def agreement_news(news: AgreementNews) -> dict[str, Any]:
    """The DM to a member of the reviewed school: a partner agreed, or proposed a change."""
    agreement, school = news.agreement, escape(news.school.name)
    partner = escape(agreement.answered_school or "A partner school")
    number = news.cycle.number
    if agreement.state == "agreed":
        return build_notice(
            f"*{partner} agreed {school}'s outcomes* of review cycle {number} "
            f"({mention(agreement.answered_by or '')}). The summary now shows them as agreed."
        )
    note = fit_mrkdwn(escape(agreement.note), 2000)
    return build_notice(
        f"{mention(agreement.answered_by or '')} of {partner} *proposed a change to your "
        f"outcomes* of review cycle {number}: {note}\n\nRecord the outcomes again (the "
        "summary's *Record agreed outcomes*) and they go back to your partners to agree."
    )
