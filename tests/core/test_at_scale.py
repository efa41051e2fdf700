"""Among 20,000 schools (tests.scale): the reminder sweep finds exactly the reviews due a
reminder, the partner search never offers the asker's own school, and a ratings question
matches names forgivingly only among the schools the asker may see, reading no table from
end to end."""

from __future__ import annotations

from datetime import UTC, datetime

from core import questions, schools
from core.reminders import due_reminders, is_due
from tests.conftest import SCHOOLS
from tests.scale import DAYS, NOW, member, read, school_name, trio_of
from tests.storage.test_at_scale import names


def when(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso).astimezone(UTC) if iso else None


def due_by_hand(db, framework) -> dict[int, list[str]]:
    """Every review due a reminder at NOW, by the rule applied to each of them in turn, with
    the areas it still misses: {cycle id: area ids}."""
    judged: dict[int, set[str]] = {}
    latest: dict[int, str] = {}
    for cycle_id, area_id, at in db.execute(
        "SELECT cycle_id, area_id, recorded_at FROM judgements"
    ):
        judged.setdefault(cycle_id, set()).add(area_id)
        latest[cycle_id] = max(latest.get(cycle_id, at), at)
    due = {}
    for cycle_id, started, reminded, on in db.execute(
        "SELECT c.id, c.started_at, c.last_reminded_at, s.reminders_enabled FROM cycles c"
        " JOIN schools s ON s.id = c.school_id WHERE c.status = 'in_progress'"
    ):
        progress = when(max(started, latest.get(cycle_id, started)))
        missing = [a for a in framework.area_ids if a not in judged.get(cycle_id, set())]
        rule = is_due(
            now=NOW, last_progress_at=progress, last_reminded_at=when(reminded), days=DAYS
        )
        if on and missing and rule:
            due[cycle_id] = missing
    return due


def test_the_sweep_finds_exactly_the_reviews_due_a_reminder(at_scale, framework):
    found, scanned = read(at_scale, lambda: due_reminders(at_scale, framework, NOW, DAYS))
    assert {r.cycle.id: [a.id for a in r.missing] for r in found} == due_by_hand(
        at_scale, framework
    )
    assert 10 < len(found) < 200
    assert all(r.user_id == r.cycle.started_by == member(r.school.id - 1) for r in found)
    assert scanned == set()


def test_the_partner_search_never_offers_ones_own_school(at_scale):
    mine = school_name(4_321)
    offered = [s.name for s in schools.partner_candidates(at_scale, member(4_321), mine)]
    assert mine not in offered
    assert mine in [s.name for s in schools.partner_candidates(at_scale, member(4_000), mine)]
    assert names(at_scale, mine) == [mine]


def ask(db, framework, user: str, text: str) -> tuple[questions.Answer, set[str]]:
    return read(db, lambda: questions.ratings(db, framework, user, text))


def test_a_partner_is_matched_by_a_loose_name_an_unrelated_school_only_by_its_own(
    at_scale, framework
):
    me, partner, stranger = 9_001, trio_of(9_001, SCHOOLS)[0], 15_000
    word = school_name(partner).split()[0].lower()
    loose = word[:2] + word[3:]  # its first word, in any case, with a letter missing
    answer, scanned = ask(at_scale, framework, member(me), loose)
    assert (answer.kind, answer.school.name, scanned) == ("ratings", school_name(partner), set())

    exact = school_name(stranger).upper()
    answer, scanned = ask(at_scale, framework, member(me), exact)
    assert (answer.kind, answer.school.name, scanned) == ("forbidden", school_name(stranger), set())

    typo = school_name(stranger)[:-1]  # a letter short: not guessed at, so nothing revealed
    answer, scanned = ask(at_scale, framework, member(me), typo)
    assert (answer.kind, answer.school, scanned) == ("unknown_school", None, set())
    assert sorted(s.name for s in answer.visible) == sorted(
        school_name(i) for i in trio_of(me, SCHOOLS)
    )
