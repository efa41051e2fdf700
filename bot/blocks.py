"""Block Kit, built by pure functions that return plain dicts. No Slack calls here.

Every builder keeps to Slack's limits (see :mod:`bot.limits`); the tests run each one with
the longest framework content and maximum-length answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from bot import ids
from bot.limits import BUTTON_TEXT, HEADER_TEXT, MODAL_TITLE, OPTION_TEXT, SECTION_TEXT, fit
from rubric.diagnostic import Diagnostic, Priority, Shift, diagnose, format_mean
from rubric.diagnostic import priorities as rank
from rubric.models import Area, Framework
from storage.records import MAX_TEXT_CHARS, Cycle, Judgement, School

Block = dict[str, Any]

SUMMARY_EVIDENCE_CHARS = 500
SUMMARY_ACTIONS_CHARS = 350


# -- small pieces -------------------------------------------------------------------------


def escape(text: str) -> str:
    """Text shown as mrkdwn: Slack's three control characters escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int | None = None) -> dict[str, Any]:
    return {"type": "plain_text", "text": fit(text, limit) if limit else text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str, **extra: Any) -> Block:
    return {"type": "section", "text": mrkdwn(fit(text, SECTION_TEXT)), **extra}


def sections(text: str, **extra: Any) -> list[Block]:
    """Long mrkdwn split over as many sections as it needs, at line breaks where possible."""
    out = []
    for index, chunk in enumerate(chunks(text, SECTION_TEXT)):
        out.append(section(chunk, **({k: f"{v}_{index}" for k, v in extra.items()})))
    return out


def chunks(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    return [*parts, text] if text else parts


def choice_input(
    block_id: str, label: str, element: Block, chosen: Sequence[dict[str, Any]]
) -> Block:
    """An optional input block around a checkbox or select element, with its initial choices."""
    if chosen:
        element = {**element, "initial_options": list(chosen)}
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": plain(label),
        "element": element,
    }


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(t) for t in texts]}


def divider() -> Block:
    return {"type": "divider"}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def button(text: str, action_id: str, value: dict[str, Any] | None = None, **extra: Any) -> Block:
    element: Block = {"type": "button", "text": plain(text, BUTTON_TEXT), "action_id": action_id}
    if value is not None:
        element["value"] = encode(value)
    return {**element, **extra}


def encode(value: dict[str, Any]) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {escape(item)}" for item in items)


def shape(level: int | None, top: int) -> str:
    """A text bar for a level: ■■■□ for 3 of 4; □□□□ when not judged."""
    filled = level or 0
    return "■" * filled + "□" * (top - filled)


def modal_title(text: str) -> dict[str, Any]:
    return plain(text, MODAL_TITLE)


def area_label(area: Area, framework: Framework) -> str:
    return f"Area {area.number} of {len(framework.areas)} · {area.title}"


def progress_text(judged: int, total: int) -> str:
    return f"{judged} of {total} areas judged {shape(judged, total)}"


def when(iso: str) -> str:
    """A stored timestamp as a date people read: 24 Nov 2026."""
    from datetime import datetime

    return datetime.fromisoformat(iso).strftime("%-d %b %Y")


# -- help ---------------------------------------------------------------------------------

HELP_LINES = (
    ("setup", "set up your school: its name, members, trio channel and partner schools"),
    ("start", "begin your school's review, or carry on from the first area not yet judged"),
    ("area 3", "open one area again (a number, or `itt`, `cpd`, `s2ss`, `leadership` …)"),
    ("ratings [school]", "your school's current ratings, or a trio partner's"),
    ("reminders on|off", "gentle DMs when your review stalls (on by default)"),
    ("new-cycle", "close this review cycle and start the next, to track the shift"),
    (
        "export [trio]",
        "the diagnostic workbook (.xlsx) and a CSV, sent to you; `trio` adds your partners",
    ),
    ("help", "show this help"),
)


def build_help(not_understood: str | None = None) -> dict[str, Any]:
    lines = [f"`{ids.COMMAND} {name}` — {what}" for name, what in HELP_LINES]
    blocks = []
    if not_understood:
        blocks.append(section(f"Sorry, I didn't understand `{escape(fit(not_understood, 200))}`."))
    blocks += [
        section("*peer-review* guides your school through the Peer Review Framework.\n"),
        section("\n".join(lines)),
        context(
            "A school self-evaluates each of the 5 areas, its trio partners challenge the "
            "judgements in the summary's thread, and together you agree successes and next steps."
        ),
    ]
    intro = f"I didn't understand “{fit(not_understood, 200)}”. " if not_understood else ""
    text = intro + "Commands: " + ", ".join(f"{ids.COMMAND} {n}" for n, _ in HELP_LINES)
    return {"text": text, "blocks": blocks}


# -- the area message ---------------------------------------------------------------------


def build_area_message(
    framework: Framework,
    area: Area,
    *,
    school: School,
    cycle: Cycle,
    judged_count: int,
    judgement: Judgement | None,
    last: tuple[Cycle, Judgement] | None = None,
) -> dict[str, Any]:
    """One area presented as the workbook's page: levels, questions, sources, a choice.

    `last` is the same area's judgement in the previous cycle, shown for comparison.
    """
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
        text = f"{area_label(area, framework)}: choose the best-fit level for {school.name}"
    else:
        blocks.append(
            section(
                f"✅ *{framework.level_text(judgement.level)}* — recorded by "
                f"<@{judgement.recorded_by}> on {when(judgement.recorded_at)}",
                block_id="judged",
                accessory=button("Change", ids.ACTION_CHANGE_JUDGEMENT, value),
            )
        )
        blocks.append(context(f"Evidence: {escape(fit(judgement.evidence, 280))}"))
        text = (
            f"{area_label(area, framework)}: {framework.level_text(judgement.level)} "
            f"recorded for {school.name}"
        )
    return {"text": text, "blocks": blocks}


# -- the judgement modal ------------------------------------------------------------------


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
    blocks: list[Block] = [
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
        blocks.append(
            context(
                fit(
                    f"*Next level, {framework.level_text(level + 1)}:* "
                    + " ".join(escape(s) for s in area.levels[level + 1]),
                    SECTION_TEXT,
                )
            )
        )
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
    indexed = list(enumerate(area.evidence_sources))
    for part, start in enumerate(range(0, len(indexed), 10)):
        options = [source_option(i, s) for i, s in indexed[start : start + 10]]
        element: Block = {"type": "checkboxes", "action_id": ids.ACTION_SOURCES, "options": options}
        initial = [
            o for o, (_, s) in zip(options, indexed[start : start + 10], strict=True) if s in had
        ]
        if initial:
            element["initial_options"] = initial
        label = "Possible sources of evidence you have" if part == 0 else "…and"
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
    if school_name:
        blocks.append(context(f"Recording for *{escape(school_name)}*."))
    return {
        "type": "modal",
        "callback_id": ids.VIEW_JUDGEMENT,
        "title": modal_title(f"Area {area.number} · {area.short_name}"),
        "submit": plain("Record"),
        "close": plain("Cancel"),
        "private_metadata": encode(metadata),
        "blocks": blocks,
    }


# -- setup --------------------------------------------------------------------------------


def build_setup_modal(
    *,
    school: School | None,
    members: Sequence[str],
    trio_channel: str | None,
    other_schools: Sequence[School],
    partners: Sequence[School],
) -> dict[str, Any]:
    name_element: Block = {
        "type": "plain_text_input",
        "action_id": ids.ACTION_SCHOOL_NAME,
        "max_length": 80,
        "placeholder": plain("e.g. Hillmead Teaching School Alliance"),
    }
    if school:
        name_element["initial_value"] = school.name
    members_element: Block = {"type": "multi_users_select", "action_id": ids.ACTION_MEMBERS}
    if members:
        members_element["initial_users"] = list(members)
    channel_element: Block = {
        "type": "conversations_select",
        "action_id": ids.ACTION_TRIO_CHANNEL,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if trio_channel:
        channel_element["initial_conversation"] = trio_channel
    own_element: Block = {
        "type": "conversations_select",
        "action_id": ids.ACTION_SCHOOL_CHANNEL,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if school and school.channel_id:
        own_element["initial_conversation"] = school.channel_id
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": ids.BLOCK_SCHOOL_NAME,
            "label": plain("Name of teaching school"),
            "element": name_element,
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_MEMBERS,
            "optional": True,
            "label": plain("Members who may record judgements"),
            "hint": plain("You are always a member. Members may add other members."),
            "element": members_element,
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_TRIO_CHANNEL,
            "optional": True,
            "label": plain("Trio channel"),
            "hint": plain(
                "Where your summary is posted and partners challenge it. Invite @peer-review to it."
            ),
            "element": channel_element,
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_SCHOOL_CHANNEL,
            "optional": True,
            "label": plain("Your school's own channel"),
            "hint": plain(
                "Where the areas are presented for your team. Leave empty to work "
                "in a direct message with the bot."
            ),
            "element": own_element,
        },
    ]
    if other_schools:
        options = [
            {"text": plain(s.name, OPTION_TEXT), "value": str(s.id)} for s in other_schools[:100]
        ]
        chosen = [o for o in options if int(o["value"]) in {p.id for p in partners}]
        element: Block = {
            "type": "multi_static_select",
            "action_id": ids.ACTION_PARTNERS,
            "max_selected_items": 2,
            "options": options,
        }
        blocks.append(
            choice_input(ids.BLOCK_PARTNERS, "Partner schools in your trio", element, chosen)
        )
    else:
        blocks.append(
            context(
                "No other school has set up yet. Partners join your trio by "
                "choosing the same trio channel when they set up."
            )
        )
    blocks.append(
        context(
            "Only members of a school can record or change its judgements. "
            "Partners in the trio channel can read the summary and challenge it."
        )
    )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_SETUP,
        "title": modal_title("Set up your school" if school is None else "Edit your school"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "private_metadata": encode({"s": school.id if school else None}),
        "blocks": blocks,
    }


# -- the summary --------------------------------------------------------------------------


def build_summary(
    framework: Framework,
    *,
    school: School,
    cycle: Cycle,
    diagnostic: Diagnostic,
    judgements: dict[str, Judgement],
    priorities: Sequence[Priority],
    completed_by: Sequence[str],
    challenges: dict[str | None, tuple[int, int]] | None = None,
    revisions: dict[str, str] | None = None,
    agreed: tuple[str, str] | None = None,
    challenged_by: tuple[Sequence[str], str | None] | None = None,
    shift: Shift | None = None,
) -> dict[str, Any]:
    """The school's maturity summary for the trio channel.

    `challenges` maps an area id (None: general) to (challenges, still open); `revisions`
    an area id to a line about its revision after challenge; `agreed` is the cycle's
    (successes, improvement areas); `challenged_by` the workbook's "Peer challenged by"
    (user ids) and "Date of peer challenge".
    """
    challenges = challenges or {}
    revisions = revisions or {}
    since = f" since cycle {cycle.number - 1}"
    arrows = {s.area.id: s for s in shift.areas} if shift else {}
    top = max(framework.levels)
    overall = diagnostic.overall
    if overall is not None:
        headline = (
            f"*Overall: {framework.level_text(overall.level)}* — mean {overall.mean_text} "
            f"of {top} across the {len(framework.areas)} areas"
        )
        if shift and shift.mean_change is not None and shift.overall_before is not None:
            headline += (
                f" ({format_change(shift.mean_change)}{since}, when it was "
                f"{framework.level_text(shift.overall_before.level)})"
            )
    else:
        headline = f"*Overall: not yet rated* — {diagnostic.missing_text}"
    shape_lines = [
        f"`{shape(r.level, top)}` {escape(r.area.short_name)} — "
        + (framework.level_text(r.level) if r.level else "not judged")
        + shift_note(framework, arrows.get(r.area.id))
        for r in diagnostic.areas
    ]
    blocks: list[Block] = [
        header(f"{school.name} · Peer review summary · Cycle {cycle.number}"),
        context(
            f"Completed by {', '.join(f'<@{u}>' for u in completed_by) or 'nobody yet'}"
            + (f" on {when(cycle.completed_at)}" if cycle.completed_at else "")
            + f" · {diagnostic.progress_text}"
        ),
        section(headline, block_id="overall"),
        section("\n".join(shape_lines), block_id="shape"),
        divider(),
    ]
    for rating in diagnostic.areas:
        area = rating.area
        judgement = judgements.get(area.id)
        title = f"*{area.number} · {escape(area.title)}*"
        if judgement is None:
            blocks.append(section(f"{title} — not judged yet", block_id=f"area_{area.id}"))
            continue
        lines = [
            f"{title} — *{framework.level_text(judgement.level)}*",
            f"*Evidence:* {escape(fit(judgement.evidence, SUMMARY_EVIDENCE_CHARS))}",
        ]
        if judgement.key_actions:
            lines.append(
                f"*Key actions:* {escape(fit(judgement.key_actions, SUMMARY_ACTIONS_CHARS))}"
            )
        coverage = (
            f"Evidence coverage: {len(judgement.evidence_sources)} of "
            f"{len(area.evidence_sources)} possible sources"
        )
        if judgement.evidence_links:
            coverage += f" · {len(judgement.evidence_links)} link(s)"
        lines.append(f"_{coverage}_")
        if area.id in challenges:
            lines.append(challenge_text(*challenges[area.id]))
        if area.id in revisions:
            lines.append(f"_{fit(revisions[area.id], 600)}_")  # mrkdwn, reason escaped
        blocks.append(
            section(
                "\n".join(lines),
                block_id=f"area_{area.id}",
                accessory=button(
                    "Full evidence", ids.ACTION_FULL_EVIDENCE, {"c": cycle.id, "a": area.id}
                ),
            )
        )
    if priorities:
        lines = ["*Priorities* (lowest first)"]
        for n, p in enumerate(priorities, start=1):
            actions = f": {escape(fit(p.key_actions, 200))}" if p.key_actions else ""
            lines.append(
                f"{n}. {escape(p.area.short_name)} — {framework.level_text(p.level)}" + actions
            )
        blocks += [divider(), section("\n".join(lines), block_id="priorities")]
    if None in challenges:
        blocks.append(context("General comments: " + challenge_text(*challenges[None])))
    if agreed and any(agreed):
        successes, improvements = agreed
        blocks.append(
            section(
                "*Agreed after peer challenge*\n"
                + (f"*Successes:* {escape(fit(successes, 1200))}\n" if successes else "")
                + (
                    f"*Improvement areas:* {escape(fit(improvements, 1200))}"
                    if improvements
                    else ""
                ),
                block_id="agreed",
            )
        )
    if challenged_by and challenged_by[0]:
        people, date = challenged_by
        blocks.append(
            context(
                f"Peer challenged by {', '.join(f'<@{u}>' for u in people[:20])}"
                + (f" · date of peer challenge {when(date)}" if date else "")
            )
        )
    blocks.append(
        {
            "type": "actions",
            "block_id": "summary_actions",
            "elements": [
                button("Challenge a judgement", ids.ACTION_OPEN_CHALLENGE, {"c": cycle.id}),
                button("Record agreed outcomes", ids.ACTION_OPEN_OUTCOMES, {"c": cycle.id}),
            ],
        }
    )
    blocks.append(
        context(
            "*Trio partners:* reply in this thread to challenge a judgement. Name the area "
            "(e.g. “ITT: …” or “Area 3 …”) so the comment is filed against it."
        )
    )
    text = (
        f"{school.name} peer review summary (cycle {cycle.number}): "
        + (
            f"overall {framework.level_text(overall.level)}, mean {overall.mean_text}. "
            if overall
            else "not yet rated. "
        )
        + "; ".join(
            f"{r.area.short_name} {framework.level_text(r.level) if r.level else 'not judged'}"
            for r in diagnostic.areas
        )
    )
    return {"text": text, "blocks": blocks}


def overall_line(
    framework: Framework, diagnostic: Diagnostic, shift: Shift | None, cycle: Cycle
) -> str:
    """ "*Overall: Secure (3)* — mean 3.2 (+0.4 since cycle 1)", or what is still missing."""
    overall = diagnostic.overall
    if overall is None:
        return f"*Overall: not yet rated* — {diagnostic.missing_text}"
    line = f"*Overall: {framework.level_text(overall.level)}* — mean {overall.mean_text}"
    if shift and shift.mean_change is not None:
        line += f" ({format_change(shift.mean_change)} since cycle {cycle.number - 1})"
    return line


def area_rows(
    framework: Framework,
    diagnostic: Diagnostic,
    shift: Shift | None,
    open_challenges: dict[str | None, int],
    only: Area | None = None,
) -> list[str]:
    """One line per area: ■□ shape, level, shift since last cycle, open challenges."""
    top = max(framework.levels)
    arrows = {s.area.id: s for s in shift.areas} if shift else {}
    rows = []
    for rating in diagnostic.areas:
        if only is not None and rating.area.id != only.id:
            continue
        level = framework.level_text(rating.level) if rating.level else "not judged"
        row = (
            f"`{shape(rating.level, top)}` *{escape(rating.area.short_name)}* — {level}"
            + shift_note(framework, arrows.get(rating.area.id))
        )
        if open_challenges.get(rating.area.id):
            row += f" · 💬 {open_challenges[rating.area.id]} open"
        rows.append(row)
    return rows


def shift_note(framework: Framework, change: Any) -> str:
    """ " ↑ from Expanding (2)", " =" or "" for an area's shift since the last cycle."""
    if change is None or change.change is None:
        return ""
    if change.change == 0:
        return " ="
    return f" {change.arrow} from {framework.level_text(change.before)}"


def challenge_text(total: int, still_open: int) -> str:
    return f"💬 {total} challenge{'s' if total != 1 else ''}, {still_open} open"


def build_summary_for(
    framework: Framework,
    *,
    school: School,
    cycle: Cycle,
    judgements: dict[str, Judgement],
    challenges: dict[str | None, tuple[int, int]] | None = None,
    **notes: Any,
) -> dict[str, Any]:
    """The summary computed from a cycle's judgements: diagnostic, priorities, who recorded."""
    judged = {a: j for a, j in judgements.items() if framework.has_area(a)}
    scores = {a: j.level for a, j in judged.items()}
    return build_summary(
        framework,
        school=school,
        cycle=cycle,
        diagnostic=diagnose(framework, scores),
        judgements=judged,
        priorities=rank(framework, scores, {a: j.key_actions for a, j in judged.items()}),
        completed_by=list(dict.fromkeys(j.recorded_by for j in judged.values())),
        challenges=challenges,
        **notes,
    )


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
            "*Key actions to move to the next maturity level*\n" + escape(judgement.key_actions),
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
        context(f"Recorded by <@{judgement.recorded_by}> on {when(judgement.recorded_at)}")
    )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_FULL_EVIDENCE,
        "title": modal_title(f"Area {area.number} · {area.short_name}"),
        "close": plain("Close"),
        "blocks": blocks,
    }


def build_notice(text: str) -> dict[str, Any]:
    """A short message (ephemeral reply, refusal, confirmation); `text` is mrkdwn."""
    return {"text": text, "blocks": [section(text)]}


def build_home(
    framework: Framework,
    *,
    school: School | None = None,
    cycle: Cycle | None = None,
    diagnostic: Diagnostic | None = None,
    shift: Shift | None = None,
    open_challenges: dict[str | None, int] | None = None,
    priorities: Sequence[Priority] = (),
) -> dict[str, Any]:
    """The Home tab: a dashboard of the user's school, or how to set one up."""
    if school is None:
        return {
            "type": "home",
            "blocks": [
                header("Peer review"),
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
    buttons = [button("Edit your school", ids.ACTION_OPEN_SETUP)]
    if cycle is None or diagnostic is None:
        blocks.append(section("Your school hasn't started a review yet."))
        buttons.insert(0, button("Start the review", ids.ACTION_START_REVIEW, style="primary"))
    else:
        blocks.append(
            context(
                f"Review cycle {cycle.number} · started {when(cycle.started_at)}"
                f" · {progress_text(diagnostic.judged_count, len(framework.areas))}"
            )
        )
        line = overall_line(framework, diagnostic, shift, cycle)
        rows = area_rows(framework, diagnostic, shift, open_challenges or {})
        blocks += [section(line, block_id="overall"), section("\n".join(rows), block_id="areas")]
        if priorities:
            lines = ["*Priorities* (lowest first)"] + [
                f"{n}. {escape(p.area.short_name)} — {framework.level_text(p.level)}"
                + (f": {escape(fit(p.key_actions, 300))}" if p.key_actions else "")
                for n, p in enumerate(priorities, start=1)
            ]
            blocks.append(section("\n".join(lines), block_id="priorities"))
        if diagnostic.complete:
            buttons.insert(
                0,
                button(
                    "Start a new cycle",
                    ids.ACTION_NEW_CYCLE,
                    {"c": cycle.id},
                    confirm=new_cycle_confirm(cycle),
                ),
            )
        else:
            buttons.insert(
                0, button("Continue the review", ids.ACTION_START_REVIEW, style="primary")
            )
        buttons.append(button("Export the diagnostic", ids.ACTION_EXPORT))
    blocks.append({"type": "actions", "block_id": "home_actions", "elements": buttons})
    return {"type": "home", "blocks": blocks}


def build_ratings(
    framework: Framework,
    *,
    school: School,
    cycle: Cycle,
    diagnostic: Diagnostic,
    judgements: dict[str, Judgement],
    shift: Shift | None,
    open_challenges: dict[str | None, int],
    challenges: int,
    area: Area | None = None,
) -> dict[str, Any]:
    """A school's current ratings, as an answer to "what are our ratings?"."""
    title = (
        f"*{escape(school.name)}* · review cycle {cycle.number}, started {when(cycle.started_at)}"
    )
    lines = area_rows(framework, diagnostic, shift, open_challenges, only=area)
    overall = diagnostic.overall
    summary = overall_line(framework, diagnostic, shift, cycle)
    body = [
        title,
        f"{diagnostic.progress_text} · {challenges} challenge(s), "
        f"{sum(open_challenges.values())} open",
    ]
    if area is not None:
        judgement = judgements.get(area.id)
        body.append("\n".join(lines))
        if judgement:
            body.append(f"*Evidence:* {escape(fit(judgement.evidence, 600))}")
            if judgement.key_actions:
                body.append(f"*Key actions:* {escape(fit(judgement.key_actions, 400))}")
    else:
        body += [summary, "\n".join(lines)]
    text = f"{school.name}: " + (
        f"{area.short_name} "
        + (
            framework.level_text(judgements[area.id].level)
            if area.id in judgements
            else "not judged"
        )
        if area is not None
        else (
            f"overall {framework.level_text(overall.level)}"
            if overall
            else diagnostic.progress_text
        )
    )
    return {
        "text": text,
        "blocks": [
            section("\n".join(body[:2])),
            *sections("\n".join(body[2:]), block_id="ratings"),
        ],
    }


def format_change(change: Fraction) -> str:
    text = format_mean(change)
    return ("+" + text if change > 0 else text) if change else "no change"


# -- challenge ----------------------------------------------------------------------------

CHALLENGE_VIEWS = {
    "above": "Above what the evidence supports",
    "in_line": "In line with the evidence",
    "below": "Below what the evidence supports",
}


def build_challenge_modal(
    framework: Framework, *, cycle_id: int, school_name: str, judgements: dict[str, Judgement]
) -> dict[str, Any]:
    """A partner's challenge: the area, their view of the judgement, and the comment."""
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
            {
                "type": "input",
                "block_id": ids.BLOCK_CHALLENGE_AREA,
                "label": plain("Area"),
                "element": {
                    "type": "static_select",
                    "action_id": ids.ACTION_CHALLENGE_AREA,
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


def challenge_post(
    framework: Framework,
    *,
    author: str,
    partner: str,
    area: Area | None,
    judged: int | None,
    view: str | None,
    suggested: int | None,
    comment: str,
) -> dict[str, Any]:
    """The challenge as the bot posts it in the summary's thread."""
    about = f"*{escape(area.short_name)}*" if area else "the review in general"
    parts = [f"Challenge from <@{author}> ({escape(partner)}) on {about}"]
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
    return {"text": fit(text, 3000), "blocks": [section(text)]}


# -- agreed outcomes ----------------------------------------------------------------------


def build_outcomes_modal(
    framework: Framework,
    *,
    cycle_id: int,
    school_name: str,
    judgements: dict[str, Judgement],
    open_challenges: dict[str | None, int],
    agreed: tuple[str, str] = ("", ""),
) -> dict[str, Any]:
    """After challenge: per area, the judgement stands or is revised; and what was agreed."""
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
        options += [
            {"text": plain(f"Revise to {framework.level_text(n)}"), "value": str(n)}
            for n in framework.levels
            if n != judgement.level
        ]
        waiting = open_challenges.get(area.id, 0)
        label = f"{area.number} {area.short_name} — {current}" + (
            f" · {waiting} open challenge(s)" if waiting else ""
        )
        blocks += [
            {
                "type": "input",
                "block_id": f"{ids.BLOCK_DECISION}_{area.id}",
                "optional": True,
                "label": plain(label),
                "element": {
                    "type": "static_select",
                    "action_id": ids.ACTION_DECISION,
                    "placeholder": plain("No decision yet"),
                    "options": options,
                },
            },
            {
                "type": "input",
                "block_id": f"{ids.BLOCK_REASON}_{area.id}",
                "optional": True,
                "label": plain(f"Reason ({area.short_name})"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.ACTION_REASON,
                    "multiline": True,
                    "max_length": MAX_TEXT_CHARS,
                },
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


def new_cycle_confirm(cycle: Cycle) -> dict[str, Any]:
    """Slack's own "are you sure?" dialog for starting the next cycle."""
    return {
        "title": plain("Start a new cycle?"),
        "text": plain(f"Cycle {cycle.number} will be closed and can no longer be changed."),
        "confirm": plain(f"Start cycle {cycle.number + 1}"),
        "deny": plain("Not yet"),
    }


def build_new_cycle_confirm(school: School, cycle: Cycle) -> dict[str, Any]:
    """Ask before closing a cycle: the next one starts from scratch, the old one is kept."""
    text = (
        f"Close review cycle {cycle.number} for *{escape(school.name)}* and start cycle "
        f"{cycle.number + 1}? Cycle {cycle.number}'s judgements and challenges are kept, and "
        "the new walk shows them beside each area so you can track the shift."
    )
    confirm = new_cycle_confirm(cycle)
    return {
        "text": f"Start review cycle {cycle.number + 1} for {school.name}?",
        "blocks": [
            section(text),
            {
                "type": "actions",
                "block_id": "new_cycle",
                "elements": [
                    button(
                        f"Start cycle {cycle.number + 1}",
                        ids.ACTION_NEW_CYCLE,
                        {"c": cycle.id},
                        style="primary",
                        confirm=confirm,
                    ),
                    button("Cancel", ids.ACTION_CANCEL),
                ],
            },
        ],
    }
