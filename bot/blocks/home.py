"""The App Home tab: a dashboard of the person's school, or how to set one up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import ids
from bot.blocks.actions import action_lines
from bot.blocks.alliance_school import home_alliance
from bot.blocks.alliance_view import home_without_school
from bot.blocks.area import progress_text
from bot.blocks.erase import erase_button
from bot.blocks.home_reviews import waiting_blocks
from bot.blocks.kit import Block, button, context, escape, header, section, when
from bot.blocks.rounds import round_line
from bot.blocks.summary import area_rows, overall_line
from bot.blocks.trios import home_trio
from core.alliances import SchoolPanel
from core.reviewing import Waiting
from core.rounds import RoundPlace
from core.standing import Standing
from core.trios import TrioPanel
from rubric.models import Framework
from storage.records import School


def build_home(
    framework: Framework,
    *,
    school: School | None = None,
    standing: Standing | None = None,
    trio: TrioPanel | None = None,
    waiting: Sequence[Waiting] = (),
    alliance: list[Block] | None = None,
    membership: SchoolPanel | None = None,
    round_place: RoundPlace | None = None,
) -> dict[str, Any]:
    """The Home tab: a dashboard of the user's school, or how to set one up (and where it
    is against its review round's dates, `round_place`, when it is in one); other schools'
    reviews waiting for them (`waiting`); and for an alliance's lead, its section
    (`alliance`, bot.blocks.alliance_view.lead_section); the school's own alliance, or its
    invitations to one (`membership`)."""
    if school is None and alliance:
        blocks = [*alliance, *waiting_blocks(waiting), *home_without_school()]
        return {"type": "home", "blocks": blocks}
    if school is None:
        return {
            "type": "home",
            "blocks": [
                header("Peer review"),
                *waiting_blocks(waiting)[1:],
                section(
                    "Self-evaluate your school against the five areas of the Peer Review "
                    "Framework, then share the summary with your two trio partners for "
                    "challenge.\n\nYou're not in a school yet. Set one up (you become its "
                    "first member), or ask a colleague to add you."
                ),
                {
                    "type": "actions",
                    "block_id": "home_actions",
                    "elements": [
                        button("Set up your school", ids.ACTION_OPEN_SETUP, style="primary")
                    ],
                },
            ],
        }
    blocks: list[Block] = [header(f"Peer review · {school.name}")]
    if round_place is not None:
        blocks.append(round_line(round_place))
    buttons = [button("Edit your school", ids.ACTION_OPEN_SETUP)]
    if standing is None:
        blocks.append(section("Your school hasn't started a review yet."))
        buttons.insert(0, button("Start the review", ids.ACTION_START_REVIEW, style="primary"))
    else:
        cycle, diagnostic, priorities = standing.cycle, standing.diagnostic, standing.priorities
        blocks.append(
            context(
                f"Review cycle {cycle.number} · started {when(cycle.started_at)}"
                f" · {progress_text(diagnostic.judged_count, len(framework.areas))}"
            )
        )
        line = overall_line(framework, standing)
        rows = area_rows(framework, standing)
        blocks += [section(line, block_id="overall"), section("\n".join(rows), block_id="areas")]
        if priorities:
            lines = ["*Priorities* (lowest first)"]
            for n, p in enumerate(priorities, start=1):
                lines.append(f"{n}. {escape(p.area.short_name)} — {framework.level_text(p.level)}")
                lines += [
                    f"      {line}" for line in action_lines(p.key_actions, most=3, chars=100)
                ]
            blocks.append(section("\n".join(lines), block_id="priorities"))
        if diagnostic.complete:
            buttons.insert(
                0,
                button("Start a new cycle", ids.ACTION_NEW_CYCLE, {"c": cycle.id}),
            )
        else:
            buttons.insert(
                0, button("Continue the review", ids.ACTION_START_REVIEW, style="primary")
            )
        buttons.append(button("Export the diagnostic", ids.ACTION_EXPORT))
        buttons.append(button("Report for governors (PDF)", ids.ACTION_EXPORT_PDF))
    blocks.append({"type": "actions", "block_id": "home_actions", "elements": buttons})
    if trio is not None:
        blocks += home_trio(trio, school)
    if membership is not None:
        blocks += home_alliance(membership)
    blocks += waiting_blocks(waiting)
    blocks += alliance or []
    blocks.append(erase_button(school.id))
    return {"type": "home", "blocks": blocks}
