"""The access policy as a table: who (member, partner, outsider) may do what to a school."""

from __future__ import annotations

import pytest

import storage
from core.errors import Refusal
from core.policy import RULES, Action, Relation, check, refusal, relation

M, P, OUT = Relation.MEMBER, Relation.PARTNER, Relation.OUTSIDER
ONLY = "Only members of Hillmead"
JOIN = "Ask one of its members to add you with `/peer-review setup`."

# action -> (member, partner, outsider): None when allowed, else the start of the refusal.
TABLE: dict[Action, tuple[str | None, str | None, str | None]] = {
    Action.EDIT_SCHOOL: (None, f"{ONLY} can change its setup.", f"{ONLY} can change its setup."),
    Action.JUDGE: (
        None,
        f"{ONLY} can record or change its judgements.",
        f"{ONLY} can record or change its judgements. {JOIN}",
    ),
    Action.SEE_EVIDENCE: (None, None, f"{ONLY} and its trio partners can see its evidence."),
    Action.CHALLENGE: (
        "You can't challenge Hillmead's own judgements — reply in the summary's thread",
        None,
        "Only members of Hillmead's trio partner schools can challenge its judgements.",
    ),
    Action.RESPOND: (
        None,
        f"{ONLY} can respond to challenges of its judgements.",
        f"{ONLY} can respond to challenges of its judgements.",
    ),
    Action.RECORD_OUTCOMES: (
        None,
        f"{ONLY} can record its agreed outcomes.",
        f"{ONLY} can record its agreed outcomes. {JOIN}",
    ),
    Action.SEE_RATINGS: (
        None,
        None,
        "Sorry, you can't see Hillmead's ratings: only its members and its trio partners can.",
    ),
    Action.EXPORT: (
        None,
        f"{ONLY} can export its diagnostic.",
        f"{ONLY} can export its diagnostic. {JOIN}",
    ),
    Action.START_CYCLE: (
        None,
        f"{ONLY} can start a new review cycle.",
        f"{ONLY} can start a new review cycle. {JOIN}",
    ),
    Action.SET_REMINDERS: (
        None,
        f"{ONLY} can turn its reminders on or off.",
        f"{ONLY} can turn its reminders on or off.",
    ),
    Action.RECEIVE_REMINDERS: (
        None,
        f"{ONLY} receive its reminders.",
        f"{ONLY} receive its reminders.",
    ),
    Action.INVITE: (
        None,
        f"{ONLY} can invite schools to its trio.",
        f"{ONLY} can invite schools to its trio.",
    ),
    Action.ANSWER_INVITATION: (
        None,
        f"{ONLY} can accept or decline its invitations.",
        f"{ONLY} can accept or decline its invitations.",
    ),
    Action.WITHDRAW_INVITATION: (
        None,
        f"{ONLY} can withdraw its invitations.",
        f"{ONLY} can withdraw its invitations.",
    ),
    Action.LEAVE_TRIO: (
        None,
        f"{ONLY} can take it out of its trio.",
        f"{ONLY} can take it out of its trio.",
    ),
    Action.ERASE: (
        None,
        f"{ONLY} can erase it and everything recorded about it.",
        f"{ONLY} can erase it and everything recorded about it.",
    ),
    Action.REFILE: (  # and only by the reply's author (core.policy.check_author)
        None,
        None,
        "Only the person who wrote a reply in Hillmead's summary thread can re-file it.",
    ),
}


def test_the_table_covers_every_action():
    assert set(TABLE) == set(Action) == set(RULES)


@pytest.mark.parametrize(
    ("action", "who", "expected"),
    [(a, who, TABLE[a][n]) for a in Action for n, who in enumerate((M, P, OUT))],
    ids=lambda v: v.name if hasattr(v, "name") else None,
)
def test_who_may_do_what(action, who, expected):
    said = refusal(who, action, "Hillmead")
    if expected is None:
        assert said is None
    else:
        assert said is not None
        assert said.startswith(expected)
        assert (JOIN in said) == (JOIN in expected)


@pytest.fixture
def people(db):
    """Hillmead (UA) and Oakfield (UB) share a trio; Faraway (UX) does not; UZ has no school."""
    hill = storage.create_school(db, "Hillmead", "UA")
    oak = storage.create_school(db, "Oakfield", "UB")
    far = storage.create_school(db, "Faraway", "UX")
    storage.set_trio(db, "C1", [hill.id, oak.id], "UA")
    storage.set_trio(db, "C2", [far.id], "UX")
    return hill, oak


@pytest.mark.parametrize(("user", "expected"), [("UA", M), ("UB", P), ("UX", OUT), ("UZ", OUT)])
def test_how_a_person_stands_to_a_school(db, people, user, expected):
    hill, _ = people
    assert relation(db, user, hill) is expected


def test_partners_are_partners_both_ways_and_a_trio_of_one_has_none(db, people):
    _, oak = people
    assert relation(db, "UA", oak) is P
    lone = storage.get_school(db, 3)
    assert relation(db, "UX", lone) is M
    assert relation(db, "UA", lone) is OUT


def test_check_refuses_with_the_sentence_and_allows_silently(db, people):
    hill, _ = people
    assert check(db, "UB", Action.SEE_RATINGS, hill) is P
    with pytest.raises(Refusal, match="can record or change its judgements"):
        check(db, "UB", Action.JUDGE, hill)


def test_no_one_but_the_policy_asks_who_is_a_member():
    """Handlers and the rest of the core never decide permissions themselves."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    asking = [
        str(path.relative_to(root))
        for package in ("bot", "core", "reports")
        for path in sorted((root / package).rglob("*.py"))
        if "is_member(" in path.read_text(encoding="utf-8")
    ]
    assert asking == ["core/policy.py"]
