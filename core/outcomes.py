"""After challenge: what the school agreed, per area and for the cycle."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import agreements, effects, lifecycle, standing
from core.errors import Refusal, refusing
from core.policy import Action
from core.review import area_for, cycle_acted_on, refuse_if_closed
from rubric.models import Framework
from storage import messages
from storage.records import AreaOutcome


@dataclass(frozen=True)
class Decision:
    """One area's agreed outcome: the judgement stands (level None) or is revised."""

    level: int | None
    reason: str = ""


CLOSED_OUTCOMES = "its agreed outcomes are kept as they were."


def outcomes_form(
    db: Database, framework: Framework, user_id: str, cycle_id: int
) -> standing.Standing:
    cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.RECORD_OUTCOMES)
    refuse_if_closed(cycle, school, CLOSED_OUTCOMES)
    return standing.of_cycle(db, framework, cycle, school=school)


def _keeps_revision(saved: AreaOutcome | None, decision: Decision, level: int) -> bool:
    """The form reopened on an agreed revision and saved again as it was: the judgement
    stays as revised (its reason may be reworded); nothing is revised twice."""
    return (
        saved is not None
        and saved.decision == "revised"
        and saved.level == level
        and decision.level == level
    )


def _show_revision(db: Database, school_id: int, cycle_id: int, area_id: str, by: str) -> None:
    """The area's own message shows the revised level too, not only the summary."""
    live = messages.area_message(db, cycle_id, area_id)
    if live is not None:
        effects.refresh_area(db, school_id, cycle_id, area_id, live.channel_id, live.ts, by=by)


def record_outcomes(
    db: Database,
    framework: Framework,
    user_id: str,
    cycle_id: int,
    decisions: Mapping[str, Decision],
    *,
    successes: str,
    improvements: str,
) -> bool:
    """Record the decisions and what was agreed; True when a level was revised.

    A revision is a judgement change of kind ``after_challenge`` with its reason; the area's
    challenges become resolved. The summary is updated (with a new chart after a revision).
    A school with partners or an external challenger proposes them to its partners to
    agree (:mod:`core.agreements`).
    """
    revised = False
    with storage.transaction(db):
        cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.RECORD_OUTCOMES)
        refuse_if_closed(cycle, school, CLOSED_OUTCOMES)
        judgements = storage.judgements_for(db, cycle.id)
        saved = storage.area_outcomes_for(db, cycle.id)
        for area_id, decision in decisions.items():
            area = area_for(framework, area_id)
            current = judgements.get(area_id)
            if current is None:
                raise Refusal(f"{area.title} has no judgement yet, so there is nothing to agree.")
            level = current.level if decision.level is None else decision.level
            with refusing():
                if decision.level is not None and not _keeps_revision(
                    saved.get(area_id), decision, current.level
                ):
                    if decision.level == current.level:
                        raise Refusal(
                            f"{area.title} is already {framework.level_text(level)}; "
                            "choose 'stands' or a different level."
                        )
                    storage.record_judgement(
                        db,
                        cycle.id,
                        area.id,
                        level,
                        evidence=current.evidence,
                        key_actions=current.key_actions,
                        evidence_sources=current.evidence_sources,
                        evidence_links=current.evidence_links,
                        actions_done=current.actions_done,
                        recorded_by=user_id,
                        framework=framework,
                        kind="after_challenge",
                        reason=decision.reason,
                    )
                    revised = True
                    _show_revision(db, school.id, cycle.id, area.id, user_id)
                storage.save_area_outcome(
                    db,
                    cycle.id,
                    area.id,
                    decision="stands" if decision.level is None else "revised",
                    level=level,
                    reason=decision.reason,
                    recorded_by=user_id,
                )
            storage.set_status(db, cycle.id, area.id, "resolved", only_from=lifecycle.RESOLVABLE)
        if successes or improvements:
            with refusing():
                storage.record_cycle_outcome(
                    db,
                    cycle.id,
                    successes=successes,
                    improvements=improvements,
                    recorded_by=user_id,
                )
        agreements.propose_if_reviewed(db, school, cycle, user_id)
        effects.summary(db, school.id, cycle.id, by=user_id, chart=revised)
    return revised
