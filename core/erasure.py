"""Erasing a school and everything recorded about it; only the fact of the erasure stays.

Schools are data controllers: when one leaves, or asks for its data to go, every review,
judgement (and its history), piece of evidence, challenge and response by or about it,
agreed outcome, summary record, membership, its place in its trio and the Slack effects
still waiting for it are deleted. What is kept is "school #id erased by U123 at time": the
school's id, who erased it and when, not its name. Its trio partners keep their own data;
their summaries are updated, since challenges written by the erased school's members leave
them.

:func:`erase_school` is for a person (a member of the school: the access policy decides);
:func:`erase_school_as_operator` for the command line, whose user already holds the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import effects
from core.errors import Refusal, gone
from core.policy import Action, check, who_may_see
from core.wording import plural
from storage.erasure import erase_school_rows
from storage.records import School

OPERATOR = "cli"


@dataclass(frozen=True)
class Erased:
    """How many rows went, per kind of record."""

    school_id: int
    cycles: int
    judgements: int
    history: int
    challenges: int
    outcomes: int
    summary_messages: int
    members: int
    membership_changes: int
    trio_places: int
    effects: int

    @property
    def text(self) -> str:
        return (
            f"school #{self.school_id} erased: {plural(self.cycles, 'review cycle')}, "
            f"{plural(self.judgements, 'judgement')} with {plural(self.history, 'history row')}, "
            f"{plural(self.challenges, 'challenge or response', 'challenges and responses')}, "
            f"{plural(self.outcomes, 'outcome')}, {plural(self.members, 'member')}, "
            f"{plural(self.effects, 'waiting Slack effect')}"
        )


def erase_school(db: Database, school_id: int, by_user: str) -> Erased:
    """Erase the school, if `by_user` may (its members only); :class:`Refusal` if not."""
    with storage.transaction(db):
        check(db, by_user, Action.ERASE, storage.get_school(db, school_id))
        return _erase(db, school_id, by_user)


def erase_school_as_operator(db: Database, school_id: int, by: str = OPERATOR) -> Erased:
    """Erase the school for whoever runs the bot (the command line): no Slack user to ask."""
    with storage.transaction(db):
        return _erase(db, school_id, by)


def _erase(db: Database, school_id: int, by: str) -> Erased:
    rows = erase_school_rows(db, school_id, by)
    for partner_id, cycle_id in rows.partner_cycles:
        if storage.get_cycle(db, cycle_id).summary_ts:
            effects.summary(db, partner_id, cycle_id, by=None, chart=False)
    n = rows.counts
    return Erased(
        school_id=school_id,
        cycles=n["cycles"],
        judgements=n["judgements"],
        history=n["judgement_history"],
        challenges=n["challenges"],
        outcomes=n["area_outcomes"] + n["cycle_outcomes"],
        summary_messages=n["summary_messages"],
        members=n["members"],
        membership_changes=n["membership_changes"],
        trio_places=n["trio_schools"],
        effects=n["outbox"],
    )


@dataclass(frozen=True)
class EraseForm:
    school_id: int
    name: str
    members: int
    partners: list[str]


def erase_form(db: Database, user_id: str, school_id: int) -> EraseForm:
    """What the confirmation form shows: only a member may open it."""
    school = _school(db, school_id)
    check(db, user_id, Action.ERASE, school)
    return EraseForm(
        school_id=school.id,
        name=school.name,
        members=len(storage.members_of(db, school.id)),
        partners=[p.name for p in storage.partners_of(db, school.id)],
    )


def erase_confirmed(db: Database, user_id: str, school_id: int, typed: str) -> Erased:
    """A member erases their school, having typed its name again; everyone whose Home tab
    showed it (its members, its partners' members) sees it gone."""
    with storage.transaction(db):
        school = _school(db, school_id)
        check(db, user_id, Action.ERASE, school)
        if typed.strip().casefold() != school.name.casefold():
            raise Refusal(
                f"To erase it, type the school's name as it is: {school.name}",
                field="name",
            )
        told = who_may_see(db, school)  # before they are gone
        erased = _erase(db, school.id, user_id)
        for person in told:
            effects.home(db, person)
    return erased


def _school(db: Database, school_id: int) -> School:
    with gone("That school no longer exists: its data may have been erased already."):
        return storage.get_school(db, school_id)
