"""The area message: one area of the framework as the workbook presents it, with a choice."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.actions import action_list
from bot.blocks.kit import (
    Block,
    bullets,
    button,
    context,
    divider,
    escape,
    header,
    section,
    sections,
    shape,
    when,
)
from bot.limits import fit
from bot.mrkdwn import channel_link, mention
from core.review import AreaView
from core.wording import plural
from rubric.models import Area, Framework
from storage.records import Judgement


def area_label(area: Area, framework: Framework) -> str:
    return f"Area {area.number} of {len(framework.areas)} · {area.title}"


def progress_text(judged: int, total: int) -> str:
    return f"{judged} of {total} areas judged {shape(judged, total)}"


def build_area_message(framework: Framework, view: AreaView) -> dict[str, Any]:
    """One area presented as the workbook's page: levels, questions, sources, a choice.

    Once recorded, the area is one line with Change and "Show descriptors" (the whole page
    again, with "Hide descriptors"). An older copy of the area says where the live one is,
    without buttons. The same area's judgement in the previous cycle, if any, is shown for
    comparison.
    """
    if view.moved_to is not None:
        return _moved(framework, view, view.moved_to)
    if view.judgement is not None and not view.expanded:
        return _recorded(framework, view, view.judgement)
    area, school, cycle, judgement = view.area, view.school, view.cycle, view.judgement
    judged_count, last = view.judged_count, view.last
    total = len(framework.areas)
    blocks: list[Block] = [
        header(area_label(area, framework)),
        context(
            f"*{escape(school.name)}* · Review cycle {cycle.number} · "
            + progress_text(judged_count, total)
        ),
        divider(),
    ]
    if last is not None:
        before, previous = last
        blocks.append(
            context(
                f"*Last cycle ({before.number}): {framework.level_text(previous.level)}*"
                + (
                    "\nKey actions:\n" + action_list(previous.key_actions, most=5, chars=150)
                    if previous.key_actions
                    else ""
                )
            )
        )
    chosen = judgement.level if judgement is not None else None
    for level in framework.levels:
        mark = "✅ " if level == chosen else ""  # the school's best fit, with its page shown
        ours = f" — _{escape(school.name)}'s best fit_" if level == chosen else ""
        blocks.append(
            section(
                f"{mark}*{framework.level_text(level)}*{ours}\n{bullets(area.levels[level])}",
                block_id=f"level_{level}",
            )
        )
    blocks.append(divider())
    blocks += sections(
        f"*Questions to support judgement*\n_{escape(area.question_stem)}_\n"
        + bullets(area.questions),
        block_id="questions",
    )
    blocks += sections(
        "*Possible sources of evidence*\n" + bullets(area.evidence_sources), block_id="sources"
    )
    blocks.append(divider())
    value = {"c": cycle.id, "a": area.id}
    if judgement is None:
        blocks.append(
            section(f"*Which level is the best fit for {escape(school.name)}?*", block_id="choose")
        )
        blocks.append(
            {
                "type": "actions",
                "block_id": "levels",
                "elements": [
                    button(
                        framework.level_text(level),
                        f"{ids.ACTION_CHOOSE_LEVEL}_{level}",  # unique within the block
                        {**value, "l": level},
                    )
                    for level in framework.levels
                ],
            }
        )
        text = f"{area_label(area, framework)}: choose the best-fit level for {escape(school.name)}"
        return {"text": text, "blocks": blocks}
    blocks += [
        section(
            f"✅ *{framework.level_text(judgement.level)}* — recorded by "
            f"{mention(judgement.recorded_by)} on {when(judgement.recorded_at)} · "
            + coverage_text(area, judgement),
            block_id="judged",
        ),
        context(f"Evidence: {escape(fit(judgement.evidence, 280))}"),
        *(
            [context("Key actions:\n" + action_list(judgement.key_actions, most=5, chars=150))]
            if judgement.key_actions
            else []
        ),
        _buttons(value, ("Hide descriptors", ids.ACTION_HIDE_DESCRIPTORS)),
    ]
    return {"text": _recorded_text(framework, view, judgement), "blocks": blocks}


def coverage_text(area: Area, judgement: Judgement) -> str:
    """ "evidence 2 of 5 sources": how many of the area's possible sources the school has."""
    total = plural(len(area.evidence_sources), "source")
    return f"evidence {len(judgement.evidence_sources)} of {total}"


def _recorded(framework: Framework, view: AreaView, judgement: Judgement) -> dict[str, Any]:
    """A recorded area in one line, with Change and "Show descriptors"."""
    area = view.area
    line = (
        f"*{area.number} · {escape(area.title)}:* ✅ *{framework.level_text(judgement.level)}* "
        f"— recorded by {mention(judgement.recorded_by)} · {coverage_text(area, judgement)}"
    )
    value = {"c": view.cycle.id, "a": area.id}
    return {
        "text": _recorded_text(framework, view, judgement),
        "blocks": [
            section(line, block_id="judged"),
            _buttons(value, ("Show descriptors", ids.ACTION_SHOW_DESCRIPTORS)),
        ],
    }


def _recorded_text(framework: Framework, view: AreaView, judgement: Judgement) -> str:
    return (
        f"{area_label(view.area, framework)}: {framework.level_text(judgement.level)} "
        f"recorded for {escape(view.school.name)}"
    )


def _buttons(value: dict[str, Any], toggle: tuple[str, str]) -> Block:
    return {
        "type": "actions",
        "block_id": "area_actions",
        "elements": [
            button("Change", ids.ACTION_CHANGE_JUDGEMENT, value),
            button(*toggle, value),
        ],
    }


def _moved(framework: Framework, view: AreaView, live: tuple[str, str]) -> dict[str, Any]:
    """An older copy of the area, after it was presented again: where to find it now (in
    someone else's DM: whose, and how to have it here)."""
    channel, _ = live
    if view.message is not None and view.message[0] == channel:
        where = "further down in this conversation"
    elif channel.startswith(("C", "G")):
        where = f"in {channel_link(channel)}"
    elif view.moved_to_dm_of:
        where = f"sent to {mention(view.moved_to_dm_of)} by direct message"
        if view.message is not None and view.message[0].startswith("D"):  # in another DM
            where += f", or type `/peer-review area {view.area.number}` to have it here"
    else:
        where = "sent by direct message"
    text = (
        f"{area_label(view.area, framework)} for {escape(view.school.name)} was shown again: "
        f"use the copy {where}. This one is out of date."
    )
    return {"text": text, "blocks": [context(f"↪ {text}")]}
