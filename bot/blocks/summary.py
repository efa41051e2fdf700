"""The school's maturity summary in the trio channel, and the rows it shares."""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction
from typing import Any

from bot import ids
from bot.blocks.actions import action_lines
from bot.blocks.agreement import agreement_line, waiting_for_partner
from bot.blocks.challenge import EXTERNAL
from bot.blocks.kit import Block, button, context, divider, escape, header, section, shape, when
from bot.limits import fit
from bot.mrkdwn import fit as fit_mrkdwn
from bot.mrkdwn import mention
from core.lifecycle import ChallengeCounts
from core.standing import Revision, Standing
from core.wording import plural
from rubric.diagnostic import format_mean
from rubric.models import Area, Framework

# What the summary shows of an area, so that each stays within a screen; the rest is behind
# its "Full evidence" button.
SUMMARY_EVIDENCE_CHARS = 120  # the first line of the evidence
SUMMARY_ACTIONS_SHOWN = 3
SUMMARY_ACTION_CHARS = 100  # each key action
SUMMARY_REVISION_CHARS = 300


def build_summary(framework: Framework, standing: Standing) -> dict[str, Any]:
    """The school's maturity summary for the trio channel, from its standing."""
    cycle = standing.cycle
    blocks: list[Block] = [
        header(f"{standing.school.name} · Peer review summary · Cycle {cycle.number}"),
        context(
            f"Completed by {', '.join(map(mention, standing.completed_by)) or 'nobody yet'}"
            + (f" on {when(cycle.completed_at)}" if cycle.completed_at else "")
            + f" · {standing.diagnostic.progress_text}"
        ),
        section(_headline(framework, standing), block_id="overall"),
        section("\n".join(_shape_lines(framework, standing)), block_id="shape"),
        divider(),
    ]
    blocks += [
        _area_section(framework, standing, rating.area) for rating in standing.diagnostic.areas
    ]
    blocks += _after_areas(framework, standing)
    agreement = agreement_line(standing.agreement)
    if agreement:
        blocks.append(section(agreement, block_id="agreement"))
    buttons = [
        button("Challenge a judgement", ids.ACTION_OPEN_CHALLENGE, {"c": cycle.id}),
        button("Record agreed outcomes", ids.ACTION_OPEN_OUTCOMES, {"c": cycle.id}),
    ]
    if waiting_for_partner(standing):
        buttons.append(button("Review outcomes", ids.ACTION_OPEN_AGREEMENT, {"c": cycle.id}))
    blocks += [
        {"type": "actions", "block_id": "summary_actions", "elements": buttons},
        context(
            "*Trio partners:* reply in this thread to challenge a judgement. Name the area "
            "(e.g. “ITT: …” or “Area 3 …”) so the comment is filed against it."
        ),
    ]
    return {"text": summary_text(framework, standing), "blocks": blocks}


def summary_text(framework: Framework, standing: Standing) -> str:
    """The summary's notification text (escaped: it is mrkdwn too)."""
    return escape(summary_line(framework, standing))


def summary_line(framework: Framework, standing: Standing) -> str:
    """The summary in one line of plain text (for alt text, which Slack never parses)."""
    overall = standing.diagnostic.overall
    return (
        f"{standing.school.name} peer review summary (cycle {standing.cycle.number}): "
        + (
            f"overall {framework.level_text(overall.level)}, mean {overall.mean_text}. "
            if overall
            else "not yet rated. "
        )
        + "; ".join(
            f"{r.area.short_name} {framework.level_text(r.level) if r.level else 'not judged'}"
            for r in standing.diagnostic.areas
        )
    )


def _headline(framework: Framework, standing: Standing) -> str:
    overall, shift = standing.diagnostic.overall, standing.shift
    if overall is None:
        return f"*Overall: not yet rated* — {standing.diagnostic.missing_text}"
    headline = (
        f"*Overall: {framework.level_text(overall.level)}* — mean {overall.mean_text} "
        f"of {max(framework.levels)} across the {len(framework.areas)} areas"
    )
    if shift and shift.mean_change is not None and shift.overall_before is not None:
        headline += (
            f" ({format_change(shift.mean_change)} since cycle {standing.cycle.number - 1}, "
            f"when it was {framework.level_text(shift.overall_before.level)})"
        )
    return headline


def _shape_lines(framework: Framework, standing: Standing) -> list[str]:
    top = max(framework.levels)
    arrows = {s.area.id: s for s in standing.shift.areas} if standing.shift else {}
    return [
        f"`{shape(r.level, top)}` {escape(r.area.short_name)} — "
        + (framework.level_text(r.level) if r.level else "not judged")
        + shift_note(framework, arrows.get(r.area.id))
        for r in standing.diagnostic.areas
    ]


def _area_section(framework: Framework, standing: Standing, area: Area) -> Block:
    """One area in a few lines: its level, the start of its evidence, its first key actions,
    how many sources; everything else behind "Full evidence"."""
    judgement = standing.judgements.get(area.id)
    title = f"*{area.number} · {escape(area.title)}*"
    if judgement is None:
        return section(f"{title} — not judged yet", block_id=f"area_{area.id}")
    lines = [
        f"{title} — *{framework.level_text(judgement.level)}*",
        f"*Evidence:* {escape(preview(judgement.evidence, SUMMARY_EVIDENCE_CHARS))}",
    ]
    if judgement.key_actions:
        lines.append("*Key actions:*")
        lines += action_lines(
            judgement.key_actions, most=SUMMARY_ACTIONS_SHOWN, chars=SUMMARY_ACTION_CHARS
        )
    coverage = (
        f"Evidence sources: {len(judgement.evidence_sources)} of {len(area.evidence_sources)}"
    )
    if judgement.evidence_links:
        coverage += f" · {plural(len(judgement.evidence_links), 'link')}"
    lines.append(f"_{coverage}_")
    if area.id in standing.counts:
        lines.append(challenge_text(standing.counts[area.id]))
    outcome = standing.outcomes.get(area.id)
    if area.id in standing.revisions:
        revision = revision_text(framework, standing.revisions[area.id], standing.externals)
        lines.append(f"_{fit_mrkdwn(revision, SUMMARY_REVISION_CHARS)}_")
    elif outcome is not None and outcome.decision == "stands" and outcome.reason:
        stands = f"Stands after challenge: {escape(outcome.reason)}"
        lines.append(f"_{fit_mrkdwn(stands, SUMMARY_REVISION_CHARS)}_")
    return section(
        "\n".join(lines),
        block_id=f"area_{area.id}",
        accessory=button(
            "Full evidence", ids.ACTION_FULL_EVIDENCE, {"c": standing.cycle.id, "a": area.id}
        ),
    )


def preview(text: str, chars: int) -> str:
    """The first line of `text`, cut to `chars`, with "…" when there is more."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else ""
    cut = fit(first, chars)
    return cut if cut != first or len(lines) < 2 else fit(first + " …", chars)


def _after_areas(framework: Framework, standing: Standing) -> list[Block]:
    """Priorities, general comments, what was agreed and who challenged."""
    blocks: list[Block] = []
    if standing.priorities:
        lines = ["*Priorities* (lowest first)"]
        for n, p in enumerate(standing.priorities, start=1):
            lines.append(f"{n}. {escape(p.area.short_name)} — {framework.level_text(p.level)}")
        blocks += [divider(), section("\n".join(lines), block_id="priorities")]
    if None in standing.counts:
        blocks.append(context("General comments: " + challenge_text(standing.counts[None])))
    agreed = standing.agreed
    if agreed and (agreed.successes or agreed.improvements):
        blocks.append(
            section(
                "*Agreed after peer challenge*\n"
                + (
                    f"*Successes:* {escape(fit(agreed.successes, 1200))}\n"
                    if agreed.successes
                    else ""
                )
                + (
                    f"*Improvement areas:* {escape(fit(agreed.improvements, 1200))}"
                    if agreed.improvements
                    else ""
                ),
                block_id="agreed",
            )
        )
    if standing.challenged_by:
        date = standing.challenged_on
        blocks.append(
            context(
                "Peer challenged by "
                + ", ".join(challenger(u, standing.externals) for u in standing.challenged_by[:20])
                + (f" · date of peer challenge {when(date)}" if date else "")
            )
        )
    return blocks


def overall_line(framework: Framework, standing: Standing) -> str:
    """ "*Overall: Secure (3)* — mean 3.2 (+0.4 since cycle 1)", or what is still missing."""
    overall, shift = standing.diagnostic.overall, standing.shift
    if overall is None:
        return f"*Overall: not yet rated* — {standing.diagnostic.missing_text}"
    line = f"*Overall: {framework.level_text(overall.level)}* — mean {overall.mean_text}"
    if shift and shift.mean_change is not None:
        line += f" ({format_change(shift.mean_change)} since cycle {standing.cycle.number - 1})"
    return line


def area_rows(framework: Framework, standing: Standing, only: Area | None = None) -> list[str]:
    """One line per area: ■□ shape, level, shift since last cycle, open challenges."""
    top = max(framework.levels)
    arrows = {s.area.id: s for s in standing.shift.areas} if standing.shift else {}
    rows = []
    for rating in standing.diagnostic.areas:
        if only is not None and rating.area.id != only.id:
            continue
        level = framework.level_text(rating.level) if rating.level else "not judged"
        row = (
            f"`{shape(rating.level, top)}` *{escape(rating.area.short_name)}* — {level}"
            + shift_note(framework, arrows.get(rating.area.id))
        )
        counts = standing.counts.get(rating.area.id)
        if counts and counts.open:
            row += f" · 💬 {counts.open} open"
        rows.append(row)
    return rows


def shift_note(framework: Framework, change: Any) -> str:
    """ " ↑ from Expanding (2)", " =" or "" for an area's shift since the last cycle."""
    if change is None or change.change is None:
        return ""
    if change.change == 0:
        return " ="
    return f" {change.arrow} from {framework.level_text(change.before)}"


def challenge_text(counts: ChallengeCounts) -> str:
    """ "💬 2 challenges, 1 open"; with none open, whether they are answered or resolved."""
    if counts.open:
        state = f"{counts.open} open"
    elif counts.unresolved:  # answered by the school, not yet agreed
        state = "answered" if counts.total == 1 else "none open"
    else:
        state = "resolved" if counts.total == 1 else "all resolved"
    return f"💬 {plural(counts.total, 'challenge')}, {state}"


def challenger(user_id: str, externals: Collection[str]) -> str:
    """A challenger as mrkdwn: their mention, with "(external challenger)" after it for
    one of `externals`, who challenge from no school."""
    named = mention(user_id)
    return f"{named} ({EXTERNAL})" if user_id in externals else named


def revision_text(framework: Framework, revision: Revision, externals: Collection[str] = ()) -> str:
    """ "Expanding → Secure after challenge by @peer: reason" (mrkdwn, escaped); an
    external challenger among `externals` is named as one."""
    by = ", ".join(challenger(u, externals) for u in revision.challengers)
    return (
        f"{framework.label(revision.before)} → {framework.label(revision.after)} "
        f"after challenge{' by ' + by if by else ''}: {escape(revision.reason)}"
    )


def format_change(change: Fraction) -> str:
    text = format_mean(change)
    return ("+" + text if change > 0 else text) if change else "no change"
