"""Agreed outcomes, agreed between partners: the reviewed school proposes, a partner agrees.

When a school that has trio partners or an external challenger records its outcomes
(:func:`core.outcomes.record_outcomes`), they are *proposed*. A member of a partner school
then agrees them (:func:`agree`: they are *agreed*, and the workbook names who agreed, with
their school, and when) or proposes a change (:func:`propose_change`: they are *returned*
to the school with the note). Recording the outcomes again proposes them again. A school
with nobody to agree keeps the rule from before alliances: its outcomes are agreed by
recording them. Each change updates the summary, tells the school's members by DM and
refreshes the Home tabs of everyone who sees the school, in the change's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import alliance_effects, effects, standing
from core.errors import Refusal
from core.policy import Action, acting_for, who_may_see
from core.review import cycle_acted_on, refuse_if_closed
from rubric.models import Framework
from storage import agreements, alliances
from storage.agreements import Agreement
from storage.records import Cycle, School

CLOSED_AGREEMENT = "its outcomes can no longer be agreed or changed."


def has_someone_to_agree(db: Database, school: School) -> bool:
    """Does the school have a trio partner? Only a partner school agrees outcomes (the
    access policy's AGREE_OUTCOMES): an external challenger challenges, but a school with
    no partner agrees its outcomes by recording them, as before alliances."""
    return bool(storage.partners_of(db, school.id))


def propose_if_reviewed(db: Database, school: School, cycle: Cycle, user_id: str) -> bool:
    """The school's outcomes, just recorded by `user_id`, go to its partners to agree
    (True); a school with nobody to agree has agreed them by recording them (False).
    Called within the transaction that records them."""
    if not has_someone_to_agree(db, school):
        return False
    agreements.propose(db, cycle.id, user_id)
    refresh_homes(db, school)
    return True


def agreement_form(
    db: Database, framework: Framework, user_id: str, cycle_id: int
) -> standing.Standing:
    """The proposed outcomes, for a member of a partner school to agree or return."""
    cycle, school = _waiting(db, user_id, cycle_id)
    return standing.of_cycle(db, framework, cycle, school=school)


def agree(db: Database, user_id: str, cycle_id: int) -> Agreement:
    """A member of a partner school agrees the school's proposed outcomes."""
    return _answer(db, user_id, cycle_id, "agreed", "")


def propose_change(db: Database, user_id: str, cycle_id: int, note: str) -> Agreement:
    """A member of a partner school returns the proposed outcomes to the school, with
    the change they propose (`note`, required)."""
    if not note.strip():
        raise Refusal("Say what you would change: it goes to the school with its outcomes.")
    return _answer(db, user_id, cycle_id, "returned", note.strip())


def _answer(db: Database, user_id: str, cycle_id: int, state: str, note: str) -> Agreement:
    with storage.transaction(db):
        cycle, school = _waiting(db, user_id, cycle_id)
        partner = acting_for(db, user_id, school)
        found = agreements.answer(
            db,
            cycle.id,
            "agreed" if state == "agreed" else "returned",
            by=user_id,
            school_id=partner.id if partner else None,
            note=note,
        )
        effects.summary(db, school.id, cycle.id, by=user_id, chart=False)
        for member in storage.members_of(db, school.id):
            alliance_effects.agreement_news(
                db, school.id, cycle.id, member, at=found.answered_at or ""
            )
        refresh_homes(db, school)
    return found


def _waiting(db: Database, user_id: str, cycle_id: int) -> tuple[Cycle, School]:
    """The cycle and its school, if the person may agree its outcomes and they wait for it."""
    cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.AGREE_OUTCOMES)
    refuse_if_closed(cycle, school, CLOSED_AGREEMENT)
    found = agreements.agreement_for(db, cycle.id)
    if found is None or found.state != "proposed":
        raise Refusal(_not_waiting(school, found))
    return cycle, school


def _not_waiting(school: School, found: Agreement | None) -> str:
    if found is None:
        return (
            f"{school.name} has not proposed its outcomes yet, so there is nothing to agree. "
            "They will be waiting on your Home tab once it has."
        )
    who = found.answered_school or "a partner school"
    if found.state == "agreed":
        return f"{school.name}'s outcomes were agreed already, by {who}."
    return (
        f"{who} proposed a change to {school.name}'s outcomes already; they are with "
        f"{school.name} until it records them again."
    )


def refresh_homes(db: Database, school: School) -> None:
    """Everyone whose Home tab shows the school's review sees where it stands now: its
    members, its partners' members, its external challengers and its alliance's leads."""
    people = who_may_see(db, school)
    alliance = alliances.alliance_of(db, school.id)
    if alliance is not None:
        people += alliances.leads_of(db, alliance.id)
    for person in dict.fromkeys(people):
        effects.home(db, person)


@dataclass(frozen=True)
class AgreementNews:
    """What a member of the reviewed school is told: who answered, for which school."""

    school: School
    cycle: Cycle
    agreement: Agreement


def news(db: Database, cycle_id: int, answered_at: str) -> AgreementNews | None:
    """The answer given at `answered_at`, as it stands now; None once the outcomes moved on
    (proposed again, or the review erased)."""
    found = agreements.agreement_for(db, cycle_id)
    if found is None or found.state == "proposed" or found.answered_at != answered_at:
        return None
    cycle = storage.get_cycle(db, cycle_id)
    return AgreementNews(storage.get_school(db, cycle.school_id), cycle, found)
