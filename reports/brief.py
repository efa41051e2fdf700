"""The lower half of the report for governors: the priorities with their key actions, and
the peer challenge and agreed outcomes in brief, in the lines left above the footer.

Each is a list of :class:`Group` s, a heading with what it heads, shown richer or plainer as
the lines allow (``Paper.fit``): every area with challenges gets at least a line with their
number and state, every priority its level, and people are named whole ("… and 2 others").
"""

from __future__ import annotations

from collections.abc import Sequence

from core.standing import Standing
from core.wording import action_items, plural
from reports.model import SchoolReport
from reports.paper import BODY, LINE, MARGIN, Entry, Group, Paper, listed
from rubric.models import Framework
from storage.records import Challenge

KEY_ACTIONS_SHOWN = 3  # per priority at most; the rest are counted
STATES = ("open", "answered", "resolved")
VIEWS = {
    "above": "judged above what the evidence supports",
    "in_line": "judged in line with the evidence",
    "below": "judged below what the evidence supports",
}
HEADING = 9.0  # mm a section's heading takes, its rule included


def draw_lower(
    paper: Paper, report: SchoolReport, framework: Framework, y: float, bottom: float
) -> None:
    """Priorities across the page, then peer challenge and agreed outcomes side by side,
    between `y` and `bottom`: each gets what it needs when all fit, else a share."""
    current = report.current
    width, gap = paper.inner_width, 6.0
    column = (width - gap) / 2
    top_groups = priorities(framework, current)
    challenge_groups = challenge(paper, report, framework, current, column)
    outcome_groups = outcomes(framework, current)
    lines = int((bottom - y - 2 * HEADING) / LINE)
    need_top = paper.needs(top_groups, width)
    need_bottom = max(paper.needs(g, column) for g in (challenge_groups, outcome_groups))
    least_bottom = 1 + max(
        paper.needs(g, column, least=True) for g in (challenge_groups, outcome_groups)
    )
    shared = min(need_bottom, max(least_bottom, lines // 2, lines - need_top))
    paper.heading("Priorities and key actions (lowest level first)", MARGIN, y, width)
    drawn = paper.section(top_groups, MARGIN, y + 8, width, lines - shared)
    y += HEADING + drawn * LINE + 3
    paper.heading("Peer challenge", MARGIN, y, column)
    paper.section(challenge_groups, MARGIN, y + 8, column, shared)
    paper.heading("Agreed outcomes", MARGIN + column + gap, y, column)
    paper.section(outcome_groups, MARGIN + column + gap, y + 8, column, shared)


def priorities(framework: Framework, current: Standing) -> list[Group]:
    """A group per judged area, lowest level first: its level, then up to three key
    actions (fewer when the page is full), the rest counted."""
    if not current.priorities:
        return [Group.of(Entry("No area has been judged yet.", muted=True))]
    top = max(framework.levels)
    groups = []
    for n, priority in enumerate(current.priorities, start=1):
        level = framework.level_text(priority.level)
        head = Entry(f"{n}. {priority.area.title} — {level}", bold=True, most=1)
        items = action_items(priority.key_actions)
        if not items:
            none = Entry("No key actions recorded yet.", muted=True, most=1)
            groups.append(Group(((head, none), (head,)) if priority.level < top else ((head,),)))
            continue
        choices = []
        for shown in range(min(KEY_ACTIONS_SHOWN, len(items)), -1, -1):
            entries = [head, *(Entry(item, bullet=True, most=2) for item in items[:shown])]
            more = len(items) - shown
            if more:
                said = plural(more, "more key action" if shown else "key action")
                said = f"and {said} in the workbook" if shown else f"{said} in the workbook"
                entries.append(Entry(said, muted=True, most=1))
            choices.append(tuple(entries))
        groups.append(Group(tuple(choices)))
    return groups


def challenge(
    paper: Paper, report: SchoolReport, framework: Framework, current: Standing, width: float
) -> list[Group]:
    """How many challenges there are and from whom, then a line per area challenged (their
    number and state) with, as room allows, the challenge most in need of an answer."""
    challenges = current.challenges
    if not challenges:
        return [Group.of(Entry("No peer challenge recorded yet.", muted=True))]
    paper.use(BODY)
    people = [report.name(u) for u in current.challenged_by]
    lead = f"{plural(len(challenges), 'challenge')} ({_states(challenges)}) from "
    groups = [  # the names in three lines, else in two
        Group(
            tuple(
                (Entry(paper.names(people, width, most, lead=lead, end="."), most=most),)
                for most in (3, 2)
            )
        )
    ]
    areas = [(a.id, a.short_name) for a in framework.areas] + [(None, "In general")]
    for area_id, name in areas:
        about = [c for c in challenges if c.area_id == area_id]
        if not about:
            continue
        head = Entry(f"{name}: {_count(about)}", bold=True, most=2)
        shown = _most_pressing(about)
        quote = f"“{' '.join(shown.text.split())}”"
        choices = [
            (
                head,
                Entry(quote, bullet=True, most=most),
                _said(paper, report, framework, shown, width, most - 1),
            )
            for most in (3, 2)
        ]
        groups.append(Group((*choices, (head,))))
    return groups


def _states(challenges: Sequence[Challenge]) -> str:
    """ "1 open, 5 resolved"."""
    found = [(state, sum(c.status == state for c in challenges)) for state in STATES]
    return ", ".join(f"{count} {state}" for state, count in found if count)


def _count(challenges: Sequence[Challenge]) -> str:
    """ "1 challenge, open", "2 challenges, both resolved", "3 challenges: 1 open, 2 resolved"."""
    count = len(challenges)
    states = {c.status for c in challenges}
    if count == 1:
        return f"1 challenge, {challenges[0].status}"
    if len(states) == 1:
        return f"{count} challenges, {'both' if count == 2 else 'all'} {states.pop()}"
    return f"{count} challenges: {_states(challenges)}"


def _most_pressing(challenges: Sequence[Challenge]) -> Challenge:
    """The latest challenge still open, else the latest answered, else the latest."""
    for state in STATES:
        found = [c for c in challenges if c.status == state]
        if found:
            return found[-1]
    return challenges[-1]


def _said(
    paper: Paper,
    report: SchoolReport,
    framework: Framework,
    challenge: Challenge,
    width: float,
    most: int,
) -> Entry:
    """Who said it and what they thought of the level, in `most` lines: what does not fit
    of their view is left out before their name is shortened."""
    name = report.name(challenge.author_id)
    view = VIEWS.get(challenge.view or "")
    suggested = (
        f"suggesting {framework.level_text(challenge.suggested_level)}"
        if challenge.suggested_level
        else None
    )
    paper.use(BODY)
    room = width - Entry("", indent=True).left
    for parts in ([view, suggested], [suggested], []):
        text = ", ".join(["— " + name, *(p for p in parts if p)])
        if len(paper.wrapped(text, room)) <= most:
            return Entry(text, muted=True, indent=True, most=most)
    return Entry(paper.names([name], room, most, lead="— "), muted=True, indent=True, most=most)


def outcomes(framework: Framework, current: Standing) -> list[Group]:
    """The judgements that stand, those revised (with the reason, as room allows), and the
    successes and areas for improvement agreed."""
    found, agreed = current.outcomes, current.agreed
    if not found and agreed is None:
        return [Group.of(Entry("No outcomes agreed yet.", muted=True))]
    groups, stands = [], []
    for area in framework.areas:
        outcome = found.get(area.id)
        if outcome is None:
            continue
        if outcome.decision != "revised":
            stands.append(area.short_name)
            continue
        revision = current.revisions.get(area.id)
        before = f" from {framework.level_text(revision.before)}" if revision else ""
        after = framework.level_text(outcome.level)
        head = Entry(f"{area.short_name}: revised{before} to {after}", bold=True, most=2)
        reason = (Entry(outcome.reason, bullet=True, most=2),) if outcome.reason else ()
        groups.append(Group(((head, *reason), (head,))))
    if stands:
        groups.insert(0, Group.of(Entry(f"Judgements that stand: {listed(stands)}.", most=2)))
    for title, text in (
        ("Successes", agreed.successes if agreed else ""),
        ("Areas for improvement", agreed.improvements if agreed else ""),
    ):
        if text:
            head = Entry(title, bold=True, most=1)
            groups.append(Group(tuple((head, Entry(text, most=most)) for most in (3, 2, 1))))
    return groups
