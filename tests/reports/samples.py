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
    by = {area_id: "UHM2" if area_id == "cpd" else "UHM1" for area_id in framework.area_ids}
    judged(db, framework, second.id, (3, 3, 3, 4, 2), evidence, key_actions, by)
    challenged(
        db,
        framework,
        second.id,
        [
            ("UOK1", "itt", challenge, "above", 2),
            ("URS1", "s2ss", "Which schools asked for the SLEs?", None, None),
            ("URS1", None, "A clear, honest self-evaluation.", "in_line", None),
        ],
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


DENSE_NAMES = {
    "UHM1": "Amara Okafor (Headteacher, Hillmead Primary School and Nursery)",
    "UOK1": "Dr Chloe Patel-Whitmore (Principal, Oakfield Academy)",
    "UOK2": "Dan Evans (CPD and Professional Learning Lead, Oakfield Academy)",
    "URS1": "Farah Khan (Headteacher, Riverside Infant School)",
}
DENSE_CHALLENGES = (  # author, area, text, view, suggested level, status
    (
        "UOK1",
        "leadership",
        "We read your vision statement and the board minutes with care. "
        "The vision is signed by all nine schools, but in our visits only three could say how it "
        "shapes their own improvement plans; is this Secure or still Expanding?",
        "above",
        2,
        "resolved",
    ),
    (
        "UOK2",
        "leadership",
        "Governors' minutes mention the alliance once a year.",
        None,
        None,
        "answered",
    ),
    (
        "URS1",
        "itt",
        "Your School Direct reach across six schools looks Secure to us, not "
        "Expanding; the retention figures to year 3 are the best in the county.",
        "below",
        3,
        "resolved",
    ),
    (
        "UOK1",
        "itt",
        "Mentor training is booked but not yet started in two schools.",
        None,
        None,
        "open",
    ),
    (
        "UOK2",
        "cpd",
        "12-month impact evaluations exist for only 2 of 9 schools; Sustainable "
        "needs them across the alliance.",
        "above",
        3,
        "resolved",
    ),
    (
        "URS1",
        "cpd",
        "The lesson study cycles are excellent; could other trios see them?",
        None,
        None,
        "answered",
    ),
    (
        "UOK2",
        "cpd",
        "Who quality-assures the external CPD providers you broker?",
        None,
        None,
        "open",
    ),
    (
        "URS1",
        "s2ss",
        "Deployments are reactive: there is no strategic plan for school-to-school "
        "support, and the brokerage log is not reviewed by the board.",
        "above",
        1,
        "resolved",
    ),
    (
        "UOK1",
        None,
        "A thorough, honest self-evaluation; thank you for the open evidence.",
        "in_line",
        None,
        "answered",
    ),
)
DENSE_DECISIONS = {  # area: (level revised to, why), or (None,) where the judgement stands
    "leadership": (None,),
    "itt": (3, "Riverside showed us the retention figures."),
    "cpd": (3, "12-month evaluations only in 2 of 9 schools."),
    "s2ss": (1, "Deployments are reactive; no strategic plan yet."),
}
DENSE_AGREED = {
    "successes": "Lesson study across the alliance; ITT reach and retention to year 3.",
    "improvements": "A brokered school-to-school support offer; CPD impact evaluation in "
    "every school; governors who know the alliance's plan.",
}
DENSE_ACTIONS = "\n".join(
    f"- {text}"
    for text in (
        "Publish a three-year plan agreed by every governing body of the alliance",
        "Termly review of the plan by the strategic board, minuted and shared",
        "Appoint a lead for each strand with protected time",
        "Report progress to governors each term in a one-page summary",
    )
)


def dense_review(db, framework: Framework, *, then_new_cycle: bool = False) -> SchoolReport:
    """A first review as a busy trio leaves it: four key actions on every area, nine
    challenges from three partners (long names) on four areas and in general, in every
    state, three levels revised with reasons, successes and improvements agreed; with
    `then_new_cycle`, the second cycle started and nothing judged in it yet."""
    school = storage.create_school(db, "Hillmead Primary School and Nursery", "UHM1")
    oakfield = storage.create_school(db, "Oakfield Academy", "UOK1")
    storage.add_member(db, oakfield.id, "UOK2", "UOK1")
    riverside = storage.create_school(db, "Riverside Infant School", "URS1")
    storage.set_trio(db, "CTRIO", [school.id, oakfield.id, riverside.id], "UHM1")
    cycle = storage.start_cycle(db, school.id, framework, "UHM1")
    every = dict.fromkeys(framework.area_ids, DENSE_ACTIONS)
    judged(db, framework, cycle.id, (3, 3, 2, 4, 2), EVIDENCE, every, {})
    posted = challenged(db, framework, cycle.id, [c[:5] for c in DENSE_CHALLENGES])
    decisions = {area: Decision(*agreed) for area, agreed in DENSE_DECISIONS.items()}
    record_outcomes(db, framework, "UHM1", cycle.id, decisions, **DENSE_AGREED)
    for ts, (*_, status) in zip(posted, DENSE_CHALLENGES, strict=True):  # as the thread left them
        db.execute("UPDATE challenges SET status = ? WHERE ts = ?", [status, ts])
    if then_new_cycle:
        storage.new_cycle(db, school.id, framework, "UHM1")
    report = school_report(db, framework, school.id)
    return SchoolReport(school=report.school, cycles=report.cycles, names=dict(DENSE_NAMES))


def judged(db, framework: Framework, cycle_id: int, levels, evidence, key_actions, by) -> None:
    """Every area of the cycle judged at `levels` (by UHM1 unless `by` names another), the
    cycle complete and its summary posted."""
    for area_id, level in zip(framework.area_ids, levels, strict=True):
        storage.record_judgement(
            db,
            cycle_id,
            area_id,
            level,
            evidence=evidence.get(area_id, ""),
            key_actions=key_actions.get(area_id, ""),
            recorded_by=by.get(area_id, "UHM1"),
            framework=framework,
        )
    storage.mark_judged(db, cycle_id)
    storage.set_summary_message(db, cycle_id, "CTRIO", "100.0")


def challenged(db, framework: Framework, cycle_id: int, challenges) -> list[str]:
    """Partners' challenges, (author, area, text, view, suggested level) each, posted in
    the summary's thread in turn; their message ts."""
    posted = []
    for n, (author, area_id, text, view, suggested) in enumerate(challenges):
        posted.append(f"{cycle_id}{n:03}.0")
        storage.add_challenge(
            db,
            cycle_id,
            author_id=author,
            text=text,
            channel_id="CTRIO",
            ts=posted[-1],
            framework=framework,
            area_id=area_id,
            view=view,
            suggested_level=suggested,
        )
    return posted
