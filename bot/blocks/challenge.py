"""The Challenge form, and a challenge as the bot posts it in the summary's thread."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot import ids
from bot.blocks.judgement import level_option
from bot.blocks.kit import Block, context, encode, escape, modal_title, plain, section
from bot.limits import OPTION_TEXT
from bot.limits import fit as shorten
from bot.mrkdwn import fit, mention, named
from core.policy import Relation
from core.wording import action_items
from rubric.models import Area, Framework
from storage.records import MAX_TEXT_CHARS, Judgement

CHALLENGE_VIEWS = {
    "above": "Above what the evidence supports",
    "in_line": "In line with the evidence",
    "below": "Below what the evidence supports",
}


EVIDENCE_SHOWN = 700  # characters of each area's evidence in the form
ACTION_SHOWN = 200  # characters of each key action
ACTIONS_SHOWN = 8  # key actions listed per area
EXTERNAL = Relation.EXTERNAL.value  # how a challenger from no school is named


def build_challenge_modal(
    framework: Framework,
    *,
    cycle_id: int,
    school_name: str,
    judgements: dict[str, Judgement],
    evidence: Mapping[str, Judgement] | None = None,
) -> dict[str, Any]:
    """A partner's challenge: the area, their view of the judgement, and the comment.
    `evidence`: the judgements whose evidence and key actions the form shows, for a person
    the policy lets read them (None: none shown)."""
    area_options = [
        {
            "text": plain(
                f"{a.number} {a.short_name}"
                + (
                    f" — {framework.level_text(judgements[a.id].level)}"
                    if a.id in judgements
                    else ""
                ),
                OPTION_TEXT,
            ),
            "value": a.id,
        }
        for a in framework.areas
    ] + [{"text": plain("General (no one area)"), "value": ids.GENERAL}]
    return {
        "type": "modal",
        "callback_id": ids.VIEW_CHALLENGE,
        "title": modal_title("Challenge a judgement"),
        "submit": plain("Post challenge"),
        "close": plain("Cancel"),
        "private_metadata": encode({"c": cycle_id}),
        "blocks": [
            section(
                f"Your challenge is posted in the thread of *{escape(school_name)}*'s "
                "summary, in your name."
            ),
            *judged_evidence(framework, evidence or {}),
            {
                "type": "input",
                "block_id": ids.BLOCK_CHALLENGE_AREA,
                "label": plain("Area"),
                "element": {
                    "type": "static_select",
                    "action_id": ids.ACTION_CHALLENGE_AREA,
                    "placeholder": plain("Choose the area you challenge"),
                    "options": area_options,
                },
            },
            {
                "type": "input",
                "block_id": ids.BLOCK_CHALLENGE_VIEW,
                "optional": True,
                "label": plain("The judgement is…"),
                "element": {
                    "type": "radio_buttons",
                    "action_id": ids.ACTION_CHALLENGE_VIEW,
                    "options": [{"text": plain(t), "value": v} for v, t in CHALLENGE_VIEWS.items()],
                },
            },
            {
                "type": "input",
                "block_id": ids.BLOCK_SUGGESTED_LEVEL,
                "optional": True,
                "label": plain("Suggested level"),
                "element": {
                    "type": "static_select",
                    "action_id": ids.ACTION_SUGGESTED_LEVEL,
                    "placeholder": plain("No suggestion"),
                    "options": [level_option(framework, n) for n in framework.levels],
                },
            },
            {
                "type": "input",
                "block_id": ids.BLOCK_COMMENT,
                "label": plain("Peer challenge comment"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.ACTION_COMMENT,
                    "multiline": True,
                    "max_length": MAX_TEXT_CHARS,
                },
            },
        ],
    }


def judged_evidence(framework: Framework, evidence: Mapping[str, Judgement]) -> list[Block]:
    """Each judged area as the form shows it: its level, its evidence (shortened, with “…”)
    and its key actions as the list they were written as."""
    blocks: list[Block] = []
    for area in framework.areas:
        judgement = evidence.get(area.id)
        if judgement is None:
            continue
        lines = [
            f"*{area.number} {escape(area.short_name)} — {framework.level_text(judgement.level)}*",
            f"*Evidence:* {escape(shorten(judgement.evidence, EVIDENCE_SHOWN))}",
        ]
        items = action_items(judgement.key_actions)
        if items:
            shown = [f"• {escape(shorten(item, ACTION_SHOWN))}" for item in items[:ACTIONS_SHOWN]]
            more = len(items) - len(shown)
            lines.append(
                "*Key actions:*\n" + "\n".join(shown) + (f"\n• …and {more} more" if more else "")
            )
        blocks.append(section("\n".join(lines)))
    if blocks:
        blocks.insert(0, context("What you are challenging, as the school recorded it:"))
    return blocks


def challenge_post(
    framework: Framework,
    *,
    author: str,
    partner: str | None,
    area: Area | None,
    judged: int | None,
    view: str | None,
    suggested: int | None,
    comment: str,
    author_name: str | None = None,
) -> dict[str, Any]:
    """The challenge as the bot posts it in the summary's thread (the notification names
    its author, when the bot knows their name): from a partner school (`partner`, its
    name), or from an external challenger (None)."""
    about = f"*{escape(area.short_name)}*" if area else "the review in general"
    source = escape(partner) if partner is not None else EXTERNAL
    parts = [f"Challenge from {mention(author)} ({source}) on {about}"]
    if area and judged:
        parts[0] += f", judged {framework.level_text(judged)}"
    opinion = []
    if view:
        opinion.append(CHALLENGE_VIEWS[view].lower())
    if suggested:
        opinion.append(f"suggested level {framework.level_text(suggested)}")
    if opinion:
        parts.append("View: " + "; ".join(opinion) + ".")
    quoted = "\n".join(f"> {line}" for line in escape(comment).splitlines())
    text = "\n".join([*parts, quoted])
    names = {author: author_name} if author_name else {}
    return {"text": fit(named(text, names), 3000), "blocks": [section(text)]}
