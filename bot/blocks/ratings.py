"""Answers to questions: "what are our ratings?", "where are we on CPD?", help and refusals."""

from __future__ import annotations

from typing import Any

from bot.blocks.actions import action_list
from bot.blocks.kit import build_notice, context, escape, section, sections, when
from bot.blocks.summary import area_rows, overall_line
from bot.limits import fit
from bot.mrkdwn import channel_link
from core.questions import Answer
from core.standing import Standing
from core.wording import plural
from rubric.models import Area, Framework

EXAMPLES = (
    "You can ask me “what are our current ratings?”, “where are we on CPD?” or "
    "“ratings for Hillmead”."
)


def build_answer(framework: Framework, answer: Answer) -> dict[str, Any]:
    """The reply to a question someone asked the bot."""
    if answer.kind == "ratings" and answer.standing is not None:
        return build_ratings(
            framework, answer.standing, area=answer.area, withheld=answer.evidence_withheld
        )
    name = escape(answer.school.name) if answer.school else ""
    if answer.kind == "help":
        return build_notice(f"Hello! {EXAMPLES} Commands: `/peer-review help`.")
    if answer.kind == "unknown_school":
        names = ", ".join(s.name for s in answer.visible) or "none yet"
        return build_notice(
            f"I don't know a school called “{escape(answer.asked_for or '')}”. "
            f"Schools whose ratings you can see: {escape(names)}."
        )
    if answer.kind == "no_school":
        return build_notice(
            "You're not a member of any school yet, so I don't know whose ratings to show. "
            "Run `/peer-review setup`, or ask “ratings for <school>”."
        )
    if answer.kind == "forbidden":
        return build_notice(escape(answer.refusal or ""))
    if answer.kind == "not_started":
        return build_notice(f"{name} hasn't started a review yet (`/peer-review start`).")
    return build_notice(
        f"Sorry, I didn't understand that. {EXAMPLES} To carry on with your "
        "self-evaluation use `/peer-review start`; `/peer-review help` lists everything."
    )


def build_private_answer(framework: Framework, answer: Answer) -> dict[str, Any]:
    """The answer sent to the asker alone, saying why it isn't where they asked."""
    found = build_answer(framework, answer)
    name = escape(answer.school.name) if answer.school else "that school"
    why = (
        f"You asked in {channel_link(answer.asked_in)}, where not everyone may see {name}'s "
        "ratings, so I'm answering you here. To share the answer, ask in the school's own "
        "channel or its trio channel."
    )
    return {"text": f"{why}\n{found['text']}", "blocks": [context(why), *found["blocks"]]}


def build_ratings(
    framework: Framework,
    standing: Standing,
    *,
    area: Area | None = None,
    withheld: str | None = None,
) -> dict[str, Any]:
    """A school's current ratings, as an answer to "what are our ratings?". `withheld`: why
    an area's evidence and key actions are left out (the access policy's words, for a lead
    of an alliance the school does not share its evidence with)."""
    school, cycle, diagnostic = standing.school, standing.cycle, standing.diagnostic
    total = len(standing.challenges)
    body = [
        f"*{escape(school.name)}* · review cycle {cycle.number}, started {when(cycle.started_at)}",
        f"{diagnostic.progress_text} · {plural(total, 'challenge')}, "
        f"{standing.open_challenges} open",
    ]
    lines = area_rows(framework, standing, only=area)
    if area is not None:
        judgement = standing.judgements.get(area.id)
        body.append("\n".join(lines))
        if judgement and withheld:
            body.append(f"_{escape(withheld)}_")
        elif judgement:
            body.append(f"*Evidence:* {escape(fit(judgement.evidence, 600))}")
            if judgement.key_actions:
                actions = action_list(judgement.key_actions, most=5, chars=150)
                body.append(f"*Key actions:*\n{actions}")
    else:
        body += [overall_line(framework, standing), "\n".join(lines)]
    body += _last_cycle(framework, standing)
    return {
        "text": escape(f"{school.name}: {_headline(framework, standing, area)}"),
        "blocks": [
            section("\n".join(body[:2])),
            *sections("\n".join(body[2:]), block_id="ratings"),
        ],
    }


def _last_cycle(framework: Framework, standing: Standing) -> list[str]:
    """A new cycle with nothing judged yet: where the last one ended, so the answer is not
    only "0 of 5 areas judged"."""
    previous = standing.previous
    if previous is None or standing.diagnostic.judged_count or not standing.previous_judgements:
        return []
    levels = " · ".join(
        f"{escape(a.short_name)} {framework.level_text(standing.previous_judgements[a.id].level)}"
        for a in framework.areas
        if a.id in standing.previous_judgements
    )
    return [f"_Cycle {previous.number} ended at: {levels}_"]


def _headline(framework: Framework, standing: Standing, area: Area | None) -> str:
    if area is not None:
        judgement = standing.judgements.get(area.id)
        level = framework.level_text(judgement.level) if judgement else "not judged"
        return f"{area.short_name} {level}"
    overall = standing.diagnostic.overall
    if overall:
        return f"overall {framework.level_text(overall.level)}"
    return standing.diagnostic.progress_text
