"""The judgement form, and the full evidence of one area."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import ids
from bot.blocks.actions import action_list
from bot.blocks.kit import (
    Block,
    bullets,
    choice_input,
    context,
    encode,
    escape,
    modal_title,
    plain,
    section,
    sections,
    when,
)
from bot.limits import CHECKBOX_OPTIONS, OPTION_TEXT, SECTION_TEXT, fit
from bot.mrkdwn import fit as fit_mrkdwn
from bot.mrkdwn import mention
from rubric.models import Area, Framework
from storage.records import MAX_TEXT_CHARS, Judgement


def level_option(framework: Framework, level: int) -> dict[str, Any]:
    return {"text": plain(framework.level_text(level)), "value": str(level)}


def source_option(index: int, source: str) -> dict[str, Any]:
    """A checkbox for one possible source of evidence; long ones continue in the description.

    Option text and description hold 75 characters each. The split is at a space where the
    rest fits the description, else mid-word (only the workbook's 141-character CPD source).
    """
    option: dict[str, Any] = {"value": str(index)}
    if len(source) <= OPTION_TEXT:
        option["text"] = plain(source)
        return option
    room = OPTION_TEXT - 2  # for " …"
    spaces = [i for i, ch in enumerate(source[: room + 1]) if ch == " "]
    fitting = [i for i in spaces if len(source) - i - 1 <= OPTION_TEXT]
    cut = fitting[-1] if fitting else len(source) - OPTION_TEXT
    option["text"] = plain(source[:cut].rstrip() + " …")
    option["description"] = plain(fit(source[cut:].strip(), OPTION_TEXT))
    return option


def source_groups(sources: Sequence[str]) -> list[list[tuple[int, str]]]:
    """The sources, numbered, in as few checkbox groups as Slack allows (10 options each),
    of even size: 11 sources are 6 and 5, not 10 and 1."""
    indexed = list(enumerate(sources))
    count = -(-len(indexed) // CHECKBOX_OPTIONS)
    size = -(-len(indexed) // count) if count else 0
    return [indexed[start : start + size] for start in range(0, len(indexed), size or 1)]


def build_judgement_modal(
    framework: Framework,
    area: Area,
    *,
    level: int,
    metadata: dict[str, Any],
    judgement: Judgement | None = None,
    school_name: str = "",
    last_actions: Sequence[str] = (),
) -> dict[str, Any]:
    """The form for one area's best-fit judgement, prefilled from an earlier one.

    `last_actions` are the previous cycle's key actions for the area, one per line: the
    form asks which were done.
    """
    blocks: list[Block] = []
    if school_name:  # first, so it stays in sight whatever the level shows below it
        recording = f"Recording for *{escape(school_name)}* · {escape(area.title)}"
        blocks.append({**context(recording), "block_id": "recording_for"})
    blocks += [
        {
            "type": "input",
            "block_id": ids.BLOCK_LEVEL,
            "dispatch_action": True,
            "label": plain("Best fit overall judgement"),
            "element": {
                "type": "static_select",
                "action_id": ids.ACTION_LEVEL_SELECT,
                "options": [level_option(framework, n) for n in framework.levels],
                "initial_option": level_option(framework, level),
            },
        },
        section(
            f"*{framework.level_text(level)}* — {escape(area.title)}\n"
            + bullets(area.levels[level]),
            block_id="chosen_descriptors",
        ),
    ]
    if level + 1 in framework.scale:
        following = f"*Next level, {framework.level_text(level + 1)}:*\n" + bullets(
            area.levels[level + 1]
        )
        blocks.append({**context(fit_mrkdwn(following, SECTION_TEXT)), "block_id": "next_level"})
    blocks.append(
        {
            "type": "input",
            "block_id": ids.BLOCK_EVIDENCE,
            "label": plain("Evidence to support best-fit judgement"),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.ACTION_EVIDENCE,
                "multiline": True,
                "max_length": MAX_TEXT_CHARS,
                **({"initial_value": judgement.evidence} if judgement else {}),
                "placeholder": plain("What shows this is the best fit? Be specific."),
            },
        }
    )
    if last_actions:
        done = set(judgement.actions_done) if judgement else set()
        options = [source_option(i, line) for i, line in enumerate(last_actions[:10])]
        element = {"type": "checkboxes", "action_id": ids.ACTION_ACTIONS_DONE, "options": options}
        chosen = [o for o, line in zip(options, last_actions, strict=False) if line in done]
        blocks.append(
            choice_input(
                ids.BLOCK_ACTIONS_DONE,
                "Which of last cycle's key actions were done?",
                element,
                chosen,
            )
        )
    had = set(judgement.evidence_sources) if judgement else set()
    groups = source_groups(area.evidence_sources)
    for part, group in enumerate(groups):
        options = [source_option(i, s) for i, s in group]
        element: Block = {"type": "checkboxes", "action_id": ids.ACTION_SOURCES, "options": options}
        initial = [o for o, (_, s) in zip(options, group, strict=True) if s in had]
        if initial:
            element["initial_options"] = initial
        label = "Possible sources of evidence you have"
        if len(groups) > 1:
            label += f" ({part + 1} of {len(groups)})"
        blocks.append(
            {
                "type": "input",
                "block_id": f"{ids.BLOCK_SOURCES}_{part}",
                "optional": True,
                "label": plain(label),
                "element": element,
            }
        )
    blocks += [
        {
            "type": "input",
            "block_id": ids.BLOCK_LINKS,
            "optional": True,
            "label": plain("Links to evidence (one per line)"),
            "hint": plain("Slack message links or web addresses."),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.ACTION_LINKS,
                "multiline": True,
                "max_length": MAX_TEXT_CHARS,
                **(
                    {"initial_value": "\n".join(judgement.evidence_links)}
                    if judgement and judgement.evidence_links
                    else {}
                ),
            },
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_KEY_ACTIONS,
            "optional": True,
            "label": plain("Key actions to move to the next maturity level"),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.ACTION_KEY_ACTIONS,
                "multiline": True,
                "max_length": MAX_TEXT_CHARS,
                **(
                    {"initial_value": judgement.key_actions}
                    if judgement and judgement.key_actions
                    else {}
                ),
            },
        },
    ]
    return {
        "type": "modal",
        "callback_id": ids.VIEW_JUDGEMENT,
        "title": modal_title(f"Area {area.number} · {area.short_name}"),
        "submit": plain("Record"),
        "close": plain("Cancel"),
        "private_metadata": encode(metadata),
        "blocks": blocks,
    }


def build_full_evidence_modal(
    framework: Framework, area: Area, judgement: Judgement, school_name: str
) -> dict[str, Any]:
    """Everything recorded for one area, nothing trimmed."""
    blocks: list[Block] = [
        section(
            f"*{escape(school_name)}* — {escape(area.title)}: "
            f"*{framework.level_text(judgement.level)}*",
            block_id="title",
        ),
        *sections(
            "*Evidence to support best-fit judgement*\n" + escape(judgement.evidence),
            block_id="evidence",
        ),
    ]
    if judgement.key_actions:
        blocks += sections(
            "*Key actions to move to the next maturity level*\n"
            + action_list(judgement.key_actions),
            block_id="actions",
        )
    if judgement.evidence_sources:
        blocks += sections(
            "*Sources of evidence the school has*\n" + bullets(judgement.evidence_sources),
            block_id="sources",
        )
    if judgement.evidence_links:
        blocks += sections(
            "*Links*\n" + "\n".join(escape(link) for link in judgement.evidence_links),
            block_id="links",
        )
    blocks.append(
        context(f"Recorded by {mention(judgement.recorded_by)} on {when(judgement.recorded_at)}")
    )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_FULL_EVIDENCE,
        "title": modal_title(f"Area {area.number} · {area.short_name}"),
        "close": plain("Close"),
        "blocks": blocks,
    }
