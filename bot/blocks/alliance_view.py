"""The lead's view of an alliance: on their Home tab and as ``/peer-review alliance``.

The round and its dates, how many schools are at each stage, how many at each level of
each area, the shift since the round before, then one page of trios: each school one line
with its levels as coloured squares (a heatmap row), its stage, due date, how long it has
been quiet and its challenges, and a Nudge button where it is stalled or late. An alliance
of 80 schools is 27 trios: five pages of six, turned with the page buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import ids
from bot.blocks.kit import Block, button, context, escape, header, section
from core.alliance_view import AllianceView, SchoolLine, TrioGroup
from core.clock import day_text
from core.stages import Stage
from core.wording import plural
from rubric.models import Framework

PER_PAGE = 18  # school lines a page: six trios
SQUARES = {1: "🟥", 2: "🟧", 3: "🟨", 4: "🟩"}
NOT_JUDGED = "⬜"
STAGE_WORDS = {
    Stage.NOT_STARTED: "not started",
    Stage.SELF_EVALUATION: "self-evaluating",
    Stage.CHALLENGE: "in peer challenge",
    Stage.OUTCOMES: "recording outcomes",
    Stage.AGREEING: "waiting for partners to agree outcomes",
    Stage.DONE: "outcomes agreed",
}
CREATE = "`/peer-review alliance setup`"


def pages(view: AllianceView) -> list[tuple[TrioGroup, ...]]:
    """The groups split into pages of at most PER_PAGE schools, a trio never split (the
    schools in no trio are cut into pieces of a page)."""
    pieces: list[TrioGroup] = []
    for group in view.groups:
        for start in range(0, len(group.schools), PER_PAGE):
            pieces.append(TrioGroup(group.trio_id, group.schools[start : start + PER_PAGE]))
    found: list[list[TrioGroup]] = [[]]
    for piece in pieces:
        if sum(len(g.schools) for g in found[-1]) + len(piece.schools) > PER_PAGE:
            found.append([])
        found[-1].append(piece)
    return [tuple(page) for page in found]


def lead_section(framework: Framework, view: AllianceView, page: int = 0) -> list[Block]:
    """The lead's part of the Home tab (and of the message): at most 36 blocks."""
    name = view.alliance.name
    blocks: list[Block] = [header(f"Alliance · {name}"), context(_round_line(view))]
    if not view.schools:
        blocks.append(
            section(
                f"No schools have joined {escape(name)} yet. Invite schools: each joins when "
                "one of its members accepts.",
                block_id="alliance_counts",
            )
        )
        return [*blocks, _lead_actions(view)]
    blocks += [
        section(_counts(view), block_id="alliance_counts"),
        section(_distribution(framework, view), block_id="alliance_levels"),
        section(_shift(view), block_id="alliance_shift"),
        context(_legend(framework)),
    ]
    split = pages(view)
    page = min(max(page, 0), len(split) - 1)
    trio_numbers = {g.trio_id: n for n, g in enumerate(view.groups, start=1)}
    for group in split[page]:
        blocks.append(context(_trio_heading(group, trio_numbers)))
        blocks += [_school(framework, line) for line in group.schools]
    if len(split) > 1:
        blocks += _pager(view, page, len(split))
    blocks.append(_lead_actions(view))
    if view.others:
        names = ", ".join(f"*{escape(a.name)}*" for a in view.others)
        blocks.append(context(f"You also lead {names}: `/peer-review alliance NAME` shows one."))
    return blocks


def alliance_message(framework: Framework, view: AllianceView, page: int = 0) -> dict[str, Any]:
    """``/peer-review alliance``: the lead's view as a private message (at most 37 blocks)."""
    counts = plural(len(view.schools), "school")
    return {
        "text": f"{escape(view.alliance.name)}: {counts}. {_round_line(view)}",
        "blocks": lead_section(framework, view, page),
    }


def no_alliance() -> dict[str, Any]:
    """To a person who leads no alliance: what an alliance is, and how to start one."""
    text = (
        "You don't lead an alliance. An alliance's leads see how every trio and school in "
        "it is getting on with its review, open review rounds with due dates and export the "
        f"round. To start one (you become its lead, and invite its schools): {CREATE}."
    )
    return {"text": text, "blocks": [section(text)]}


def home_without_school() -> list[Block]:
    """Under the lead's section, for a lead who is in no school themselves."""
    return [
        context(
            "You're not in a school yourself. To review a school of your own, set it up "
            "(you become its first member)."
        ),
        {
            "type": "actions",
            "block_id": "home_actions",
            "elements": [button("Set up a school", ids.ACTION_OPEN_SETUP)],
        },
    ]


def _round_line(view: AllianceView) -> str:
    found = view.round
    if found is None:
        return "No review round is open. Open one to give every school the same due dates."
    return (
        f"Round {found.number} · self-evaluation due {day_text(found.self_due)}"
        f" · challenge due {day_text(found.challenge_due)}"
        f" · outcomes due {day_text(found.outcomes_due)}"
    )


def _counts(view: AllianceView) -> str:
    schools = view.schools
    parts = [f"*{plural(len(schools), 'school')}*"]
    parts += [f"{view.by_stage[s]} {STAGE_WORDS[s]}" for s in Stage if view.by_stage.get(s)]
    stalled = sum(1 for s in schools if s.stalled)
    overdue = sum(1 for s in schools if s.overdue)
    if stalled:
        parts.append(f"{stalled} stalled")
    if overdue:
        parts.append(f"{overdue} overdue")
    return " · ".join(parts)


def _distribution(framework: Framework, view: AllianceView) -> str:
    lines = ["*Levels across the alliance* (schools at each level)"]
    total = len(view.schools)
    for area in framework.areas:
        counts = view.distribution[area.id]
        cells = [f"{SQUARES.get(level, '▪️')} {counts[level]}" for level in framework.levels]
        cells.append(f"{NOT_JUDGED} {total - sum(counts.values())}")
        lines.append(f"{escape(area.short_name)}: {'  '.join(cells)}")
    return "\n".join(lines)


def _shift(view: AllianceView) -> str:
    if not view.has_shift:
        return "*Shift*: none yet, until schools have a round (or a cycle) before this one."
    since = (
        f"round {view.compared_with.number}"
        if view.compared_with
        else "each school's previous cycle"
    )
    cells = []
    for found in view.shift:
        if found.change is None:
            continue
        arrow = "↑" if found.change > 0.05 else "↓" if found.change < -0.05 else "="
        cells.append(
            f"{escape(found.area.short_name)} {found.before:.1f} → {found.now:.1f} {arrow}"
        )
    return f"*Shift since {since}* (mean level): " + " · ".join(cells)


def _legend(framework: Framework) -> str:
    keys = [f"{SQUARES.get(n, '▪️')} {framework.label(n)}" for n in framework.levels]
    order = ", ".join(a.short_name for a in framework.areas)
    return f"{' · '.join(keys)} · {NOT_JUDGED} not judged. Squares in area order: {order}."


def _trio_heading(group: TrioGroup, numbers: dict[int | None, int]) -> str:
    if group.trio_id is None:
        return "*Not in a trio*"
    return f"*Trio {numbers[group.trio_id]}*"


def _school(framework: Framework, line: SchoolLine) -> Block:
    squares = "".join(SQUARES.get(line.levels.get(a, 0), NOT_JUDGED) for a in framework.area_ids)
    first = f"{squares}  *{escape(line.school.name)}*"
    if line.cycle is not None:
        first += f" · cycle {line.cycle}"
    if line.overall is not None:
        first += f" · overall {framework.label(line.overall)}"
    block = section(
        f"{first}\n{_where(framework, line)}", block_id=f"alliance_school_{line.school.id}"
    )
    if line.needs_nudge:
        block["accessory"] = button("Nudge", ids.ACTION_NUDGE, {"s": line.school.id})
    return block


def _where(framework: Framework, line: SchoolLine) -> str:
    """Where the school's review stands: stage, due date, quiet days, challenges."""
    parts = [STAGE_WORDS[line.stage]]
    if line.stage is Stage.SELF_EVALUATION:
        parts[0] += f", {line.judged} of {len(framework.areas)} areas judged"
    if line.stage is Stage.OUTCOMES and line.agreement == "returned":
        parts[0] += " (a partner proposed a change)"
    if line.due and line.overdue:
        parts.append(f"⚠️ overdue since {day_text(line.due)}")
    elif line.due:
        parts.append(f"due {day_text(line.due)}")
    if line.quiet_days is not None:
        parts.append(f"quiet {plural(line.quiet_days, 'day')}")
    if line.challenges.total:
        parts.append(
            f"💬 {line.challenges.open} open, {line.answered} answered, {line.resolved} resolved"
        )
    return " · ".join(parts)


def _pager(view: AllianceView, page: int, count: int) -> list[Block]:
    buttons = []
    if page > 0:
        buttons.append(_page_button("‹ Previous", view, page - 1))  # noqa: RUF001
    if page < count - 1:
        buttons.append(_page_button("Next trios ›", view, page + 1))  # noqa: RUF001
    return [
        context(f"Page {page + 1} of {count}"),
        {"type": "actions", "block_id": "alliance_pages", "elements": buttons},
    ]


def _page_button(text: str, view: AllianceView, page: int) -> Block:
    value = {"a": view.alliance.id, "p": page}
    return button(text, f"{ids.ACTION_ALLIANCE_PAGE}_{page}", value)


def _lead_actions(view: AllianceView) -> Block:
    value = {"a": view.alliance.id}
    elements: Sequence[Block] = [
        button("Open a review round", ids.ACTION_OPEN_ROUND, value, style="primary"),
        button("Invite schools", ids.ACTION_OPEN_ALLIANCE_SETUP, value),
        button("Export the round", ids.ACTION_EXPORT_ALLIANCE, value),
    ]
    return {"type": "actions", "block_id": "alliance_actions", "elements": list(elements)}
