"""Where a school's review stands in the process, and whose turn it is.

The workbook's process is self-evaluate → trio partners challenge → outcomes agreed →
action → repeat. A school's current cycle is at one :class:`Stage`; in an alliance's review
round each stage has a due date. :func:`progress` is the one answer to "how is this
school's review going, and who is next?", read by the lead's view, the Home tabs, the
round's reminders and the alliance export.

- *Self-evaluation* until every area is judged (the school is next).
- *Challenge* while a partner school or an external challenger has not challenged yet and
  the round's challenge date has not passed (they are next).
- *Outcomes* once everyone has challenged, the challenge date has passed, or a partner
  returned the proposed outcomes with a change (the school is next).
- *Agreeing* once the school proposes its outcomes (its partners are next).
- *Done* once a partner agrees them; a school with no trio partner is done when it records
  its outcomes, as before alliances (an external challenger challenges; only a partner
  school agrees).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlite_utils import Database

import storage
from core.lifecycle import ChallengeCounts, is_challenge
from core.standing import Standing
from storage import rounds
from storage.records import School
from storage.rounds import Round

STALLED_AFTER_DAYS = 7  # a review with nothing new for a week is shown as stalled


class Stage(StrEnum):
    NOT_STARTED = "not started"
    SELF_EVALUATION = "self-evaluation"
    CHALLENGE = "peer challenge"
    OUTCOMES = "outcomes"
    AGREEING = "agreeing outcomes"
    DONE = "outcomes agreed"


@dataclass(frozen=True)
class Progress:
    """How one school's current review is going, and who is next."""

    school: School
    standing: Standing | None  # None before its first cycle
    stage: Stage
    round: Round | None  # the round its current cycle belongs to, if any
    due: str | None  # the stage's due date in the round (ISO date), if any
    next_schools: tuple[int, ...]  # the schools whose members are next
    next_people: tuple[str, ...]  # external challengers who are next
    last_activity: str | None  # when anything last happened in the cycle (ISO time)

    @property
    def judged(self) -> int:
        return self.standing.diagnostic.judged_count if self.standing else 0

    @property
    def summary_posted(self) -> bool:
        return bool(self.standing and self.standing.cycle.summary_ts)

    @property
    def challenges(self) -> ChallengeCounts:
        """Every challenge of the cycle: how many, open, and not yet resolved."""
        counts = self.standing.counts.values() if self.standing else ()
        return ChallengeCounts(
            total=sum(c.total for c in counts),
            open=sum(c.open for c in counts),
            unresolved=sum(c.unresolved for c in counts),
        )

    def overdue(self, today: date) -> bool:
        return self.due is not None and today.isoformat() > self.due

    def quiet_days(self, today: date) -> int | None:
        """Days since anything happened, once that is a week or more (and it is not done)."""
        if self.stage is Stage.DONE or self.last_activity is None:
            return None
        days = (today - date.fromisoformat(self.last_activity[:10])).days
        return days if days >= STALLED_AFTER_DAYS else None


def stage_of(
    standing: Standing | None,
    *,
    has_partners: bool,
    waiting_reviewers: bool,
    challenge_over: bool,
) -> Stage:
    """The rule above, from the standing, whether the school has trio partners (who agree
    its outcomes), and whether a partner or an external challenger is still to challenge."""
    if standing is None:
        return Stage.NOT_STARTED
    if not standing.diagnostic.complete:
        return Stage.SELF_EVALUATION
    agreement = standing.agreement
    if agreement is not None and agreement.state == "agreed":
        return Stage.DONE
    if agreement is not None and agreement.state == "proposed":
        return Stage.AGREEING
    if agreement is None and not has_partners and _outcomes_recorded(standing):
        return Stage.DONE
    if agreement is None and waiting_reviewers and not challenge_over:
        return Stage.CHALLENGE
    return Stage.OUTCOMES


def _outcomes_recorded(standing: Standing) -> bool:
    return bool(standing.outcomes) or standing.agreed is not None


def progress(db: Database, standing: Standing | None, school: School, today: date) -> Progress:
    """Where the school's review stands (its `standing`, None before any cycle)."""
    partners = [p.id for p in storage.partners_of(db, school.id)]
    if standing is None:
        return Progress(school, None, Stage.NOT_STARTED, None, None, (school.id,), (), None)
    found = rounds.round_of_cycle(db, standing.cycle.id)
    challengers = {c.author_school_id for c in standing.challenges}
    authors = {c.author_id for c in standing.challenges}
    quiet_partners = tuple(p for p in partners if p not in challengers)
    quiet_externals = tuple(u for u in standing.externals if u not in authors)
    over = found is not None and today.isoformat() > found.challenge_due
    stage = stage_of(
        standing,
        has_partners=bool(partners),
        waiting_reviewers=bool(quiet_partners or quiet_externals),
        challenge_over=over,
    )
    if stage is Stage.CHALLENGE:
        next_schools, next_people = quiet_partners, quiet_externals
    elif stage is Stage.AGREEING:
        next_schools, next_people = tuple(partners), ()
    elif stage is Stage.DONE:
        next_schools, next_people = (), ()
    else:
        next_schools, next_people = (school.id,), ()
    return Progress(
        school=school,
        standing=standing,
        stage=stage,
        round=found,
        due=_due(found, stage),
        next_schools=next_schools,
        next_people=next_people,
        last_activity=_last_activity(standing),
    )


def _due(found: Round | None, stage: Stage) -> str | None:
    if found is None:
        return None
    if stage in (Stage.NOT_STARTED, Stage.SELF_EVALUATION):
        return found.self_due
    if stage is Stage.CHALLENGE:
        return found.challenge_due
    if stage in (Stage.OUTCOMES, Stage.AGREEING):
        return found.outcomes_due
    return None


def _last_activity(standing: Standing) -> str:
    times: list[str] = [standing.cycle.started_at]
    times += [j.recorded_at for j in standing.judgements.values()]
    times += [c.created_at for c in standing.comments if is_challenge(c) or c.kind == "response"]
    times += [o.recorded_at for o in standing.outcomes.values()]
    if standing.agreement is not None:
        times += [standing.agreement.proposed_at, standing.agreement.answered_at or ""]
    return max(times)


def next_people(db: Database, found: Progress) -> list[str]:
    """Everyone whose turn it is: the members of the schools next, and external challengers."""
    people: list[str] = []
    for school_id in found.next_schools:
        people += storage.members_of(db, school_id)
    return list(dict.fromkeys([*people, *found.next_people]))
