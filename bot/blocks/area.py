"""The area message: one area of the framework as the workbook presents it, with a choice."""

from __future__ import annotations

from typing import Any

from bot import ids
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
from bot.mrkdwn import mention
from core.review import AreaView
from rubric.models import Area, Framework


def area_label(area: Area, framework: Framework) -> str:
    return f"Area {area.number} of {len(framework.areas)} · {area.title}"


def progress_text(judged: int, total: int) -> str:
    return f"{judged} of {total} areas judged {shape(judged, total)}"


def build_area_message(framework: Framework, view: AreaView) -> dict[str, Any]:
    """One area presented as the workbook's page: levels, questions, sources, a choice.

    The same area's judgement in the previous cycle, if any, is shown for comparison.
    """
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
                    f" · key actions: {escape(fit(previous.key_actions, 600))}"
                    if previous.key_actions
                    else ""
                )
            )
        )
    for level in framework.levels:
        blocks.append(
            section(
                f"*{framework.level_text(level)}*\n{bullets(area.levels[level])}",
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
    else:
        blocks.append(
            section(
                f"✅ *{framework.level_text(judgement.level)}* — recorded by "
                f"{mention(judgement.recorded_by)} on {when(judgement.recorded_at)}",
                block_id="judged",
                accessory=button("Change", ids.ACTION_CHANGE_JUDGEMENT, value),
            )
        )
        blocks.append(context(f"Evidence: {escape(fit(judgement.evidence, 280))}"))
        text = (
            f"{area_label(area, framework)}: {framework.level_text(judgement.level)} "
            f"recorded for {escape(school.name)}"
        )
    return {"text": text, "blocks": blocks}
