"""An alliance in a review round, for the alliance export's tests: East Midlands TSA, led by
ULEAD, with Hillmead (shares its evidence with the leads; judged, challenged, outcomes
agreed by a partner) and Oakfield (keeps its evidence; judged) in one trio, and Riverside
(not started) in another; Faraway is in no alliance."""

from __future__ import annotations

from dataclasses import dataclass

import storage
from rubric.models import Framework
from storage import agreements, alliances, rounds
from storage.records import School
from tests.conftest import judge_all

HILL_EVIDENCE = "Governors' committee meets termly"
OAK_EVIDENCE = "Oakfield's private evidence: staff survey 2026"
OAK_ACTIONS = "Oakfield's own key action"


@dataclass(frozen=True)
class Sample:
    alliance: alliances.Alliance
    hill: School
    oak: School
    river: School
    far: School


def join(db, alliance_id: int, school: School, by: str) -> None:
    invited = alliances.invite_to_alliance(db, alliance_id, school.id, "ULEAD")
    alliances.answer_alliance_invitation(db, invited.id, "accepted", by)


def first_round(db, alliance_id: int) -> rounds.Round:
    """Round 1, opened by ULEAD: self-evaluation due 6 March 2026, challenge 13 March,
    outcomes 27 March."""
    return rounds.open_round(
        db,
        alliance_id,
        self_due="2026-03-06",
        challenge_due="2026-03-13",
        outcomes_due="2026-03-27",
        opened_by="ULEAD",
    )


def east_midlands(db, framework: Framework, *, hill_name: str = "Hillmead") -> Sample:
    hill = storage.create_school(db, hill_name, "UA1")
    oak = storage.create_school(db, "Oakfield", "UB1")
    river = storage.create_school(db, "Riverside", "UC1")
    far = storage.create_school(db, "Faraway", "UX1")
    storage.set_trio(db, "C1", [hill.id, oak.id], "UA1")
    storage.set_trio(db, "C2", [river.id], "UC1")
    made = alliances.create_alliance(db, "East Midlands TSA", "ULEAD")
    for school, by in ((hill, "UA1"), (oak, "UB1"), (river, "UC1")):
        join(db, made.id, school, by)
    alliances.set_evidence_sharing(db, hill.id, True)
    opened = first_round(db, made.id)
    judged = {}  # Riverside has not started
    for school, levels, evidence, actions in (
        (hill, [3, 2, 1, 2, 4], HILL_EVIDENCE, "Recruit ITT leads"),
        (oak, [2, 2, 3, 3, 2], OAK_EVIDENCE, OAK_ACTIONS),
        (far, [4] * 5, "Faraway's evidence", ""),
    ):
        cycle = storage.start_cycle(db, school.id, framework, school.created_by)
        if school is not far:
            rounds.add_cycle(db, opened.id, school.id, cycle.id)
        judge_all(
            db,
            framework,
            cycle.id,
            levels,
            user=school.created_by,
            evidence=evidence,
            key_actions=actions,
        )
        judged[school.id] = cycle
    cycle = storage.set_summary_message(db, judged[hill.id].id, "C1", "100.0")
    storage.add_challenge(
        db,
        cycle.id,
        author_id="UB1",
        text='=HYPERLINK("http://evil.example","Is ITT really Emerging?")',
        channel_id="C1",
        ts="101.0",
        framework=framework,
        area_id="itt",
        author_school_id=oak.id,
        thread_ts="100.0",
    )
    agreements.propose(db, cycle.id, "UA1")
    agreements.answer(db, cycle.id, "agreed", by="UB1", school_id=oak.id)
    storage.remember_name(db, "UA1", "Jo Patel")
    storage.remember_name(db, "UB1", "Priya Shah")
    return Sample(made, hill, oak, river, far)
