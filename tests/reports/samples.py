"""A school as a real alliance would have it after two reviews, for the report tests and the
README's picture (docs/governors_report.py): two cycles, a revision after challenge, open and
answered challenges, agreed successes and improvements, and people's names."""

from __future__ import annotations

import storage
from core.outcomes import Decision, record_outcomes
from reports import SchoolReport, school_report
from rubric.models import Framework

NAMES = {
    "UHM1": "Jo Patel",
    "UHM2": "Sam Okafor",
    "UOK1": "Priya Shah",
    "URS1": "Tom Ellis",
}
EVIDENCE = {
    "leadership": "Governors' teaching school committee meets termly; vision shared by 14 schools.",
    "infrastructure": "Business plan to 2028; budget tracked monthly by the TS manager.",
    "itt": "School Direct in 6 schools; 11 trainees; mentor training started.",
    "cpd": "Delivery spread across 5 schools; impact evaluated at 3 and 12 months.",
    "s2ss": "4 SLEs deployed this year, mostly on request.",
}
KEY_ACTIONS = {
    "leadership": "- Publish the alliance's three-year vision to every governing body",
    "infrastructure": "1. Appoint a data manager shared by the alliance\n"
    "2. Move finance reporting to one system",
    "itt": "- Recruit ITT leads in every school\n- Shared mentor quality assurance\n"
    "- Track trainee retention to year 3",
    "cpd": "",
    "s2ss": "- Move from reactive deployment to a strategic SLE plan\n"
    "- Brokerage log reviewed by the strategic board each term",
}


def two_reviews(
    db,
    framework: Framework,
    *,
    name: str = "Hillmead Teaching School",
    evidence: dict[str, str] | None = None,
    key_actions: dict[str, str] | None = None,
    challenge: str = "Mentor training has started in only two of the six schools; is this "
    "Expanding rather than Secure?",
    successes: str = "CPD impact evaluation is a strength the alliance can share.",
    improvements: str = "A strategic plan for school-to-school support.",
) -> SchoolReport:
    """`name` in a trio with Oakfield and Riverside: cycle 1 all Expanding, cycle 2 judged
    by Jo Patel and Sam Okafor, challenged by Priya Shah and Tom Ellis, ITT revised."""
    evidence = evidence or EVIDENCE
    key_actions = KEY_ACTIONS if key_actions is None else key_actions
    school = storage.create_school(db, name, "UHM1")
    storage.add_member(db, school.id, "UHM2", "UHM1")
    oakfield = storage.create_school(db, "Oakfield Academy", "UOK1")
    riverside = storage.create_school(db, "Riverside Infant School", "URS1")
    storage.set_trio(db, "CTRIO", [school.id, oakfield.id, riverside.id], "UHM1")
    first = storage.start_cycle(db, school.id, framework, "UHM1")
    for area_id in framework.area_ids:
        storage.record_judgement(
            db, first.id, area_id, 2, evidence="Cycle 1", recorded_by="UHM1", framework=framework
        )
    storage.mark_judged(db, first.id, at="2025-03-14T15:00:00+00:00")
    db.execute(
        "UPDATE cycles SET started_at = '2025-03-03T09:00:00+00:00' WHERE id = ?", [first.id]
    )  # a year before: the legend and the shift read as they would
    second = storage.new_cycle(db, school.id, framework, "UHM1")
    for area_id, level in zip(framework.area_ids, (3, 3, 3, 4, 2), strict=True):
        storage.record_judgement(
            db,
            second.id,
            area_id,
            level,
            evidence=evidence.get(area_id, ""),
            key_actions=key_actions.get(area_id, ""),
            recorded_by="UHM1" if area_id != "cpd" else "UHM2",
            framework=framework,
        )
    storage.mark_judged(db, second.id)
    storage.set_summary_message(db, second.id, "CTRIO", "100.0")
    for n, (author, area_id, text, view, suggested) in enumerate(
        (
            ("UOK1", "itt", challenge, "above", 2),
            ("URS1", "s2ss", "Which schools asked for the SLEs?", None, None),
            ("URS1", None, "A clear, honest self-evaluation.", "in_line", None),
        )
    ):
        storage.add_challenge(
            db,
            second.id,
            author_id=author,
            text=text,
            channel_id="CTRIO",
            ts=f"10{n}.0",
            framework=framework,
            area_id=area_id,
            view=view,
            suggested_level=suggested,
        )
    record_outcomes(
        db,
        framework,
        "UHM1",
        second.id,
        {
            "leadership": Decision(level=None),
            "itt": Decision(level=2, reason="Mentor training reaches 2 of 6 schools so far."),
        },
        successes=successes,
        improvements=improvements,
    )
    report = school_report(db, framework, school.id)
    return SchoolReport(school=report.school, cycles=report.cycles, names=dict(NAMES))
