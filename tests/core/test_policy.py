"""The access policy as a table: who (member, partner, external challenger, alliance lead,
outsider) may do what to a school."""

from __future__ import annotations

import pytest

import storage
from core.errors import Refusal
from core.policy import (
    RULES,
    Action,
    Relation,
    check,
    lead_may,
    refusal,
    relation,
    who_may_see,
)
from storage import alliances, externals

M, P, OUT = Relation.MEMBER, Relation.PARTNER, Relation.OUTSIDER
E, LS, L = Relation.EXTERNAL, Relation.LEAD_SHARED, Relation.LEAD
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
    Action.SEE_EVIDENCE: (
        None,
        None,
        "Only members of Hillmead, its trio partners and its external challengers can see",
    ),
    Action.CHALLENGE: (
        "You can't challenge Hillmead's own judgements — reply in the summary's thread",
        None,
        "Only members of Hillmead's trio partner schools and its external challengers can",
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
        "Sorry, you can't see Hillmead's ratings: only its members, its trio partners, its "
        "external challengers and its alliance's leads can.",
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
    Action.SEE_PROGRESS: (None, None, "Sorry, you can't see how Hillmead's review is going"),
    Action.AGREE_OUTCOMES: (
        "Only members of Hillmead's trio partner schools can agree its outcomes.",
        None,
        "Only members of Hillmead's trio partner schools can agree its outcomes.",
    ),
    Action.INVITE_EXTERNAL: (
        None,
        f"{ONLY} and the leads of its alliance can invite",
        f"{ONLY} and the leads of its alliance can invite",
    ),
    Action.SHARE_EVIDENCE: (
        None,
        f"{ONLY} can choose what its alliance's leads see.",
        f"{ONLY} can choose what its alliance's leads see.",
    ),
    Action.JOIN_ALLIANCE: (
        None,
        f"{ONLY} can accept or decline its invitations to an alliance.",
        f"{ONLY} can accept or decline its invitations to an alliance.",
    ),
    Action.LEAVE_ALLIANCE: (
        None,
        f"{ONLY} can take it out of its alliance.",
        f"{ONLY} can take it out of its alliance.",
    ),
    Action.NUDGE: (
        "Only the leads of Hillmead's alliance can nudge it",
        "Only the leads of Hillmead's alliance can nudge it",
        "Only the leads of Hillmead's alliance can nudge it",
    ),
}

# What the people around a school without being in a trio with it may do: an external
# challenger sees and challenges what a partner does; an alliance lead sees levels and
# progress, and the evidence only when the school shares it; leads nudge and invite
# external challengers. Everything else is refused to them.
REVIEWING = {
    E: {
        Action.SEE_EVIDENCE,
        Action.CHALLENGE,
        Action.SEE_RATINGS,
        Action.REFILE,
        Action.SEE_PROGRESS,
    },
    LS: {
        Action.SEE_EVIDENCE,
        Action.SEE_RATINGS,
        Action.SEE_PROGRESS,
        Action.INVITE_EXTERNAL,
        Action.NUDGE,
    },
    L: {Action.SEE_RATINGS, Action.SEE_PROGRESS, Action.INVITE_EXTERNAL, Action.NUDGE},
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


@pytest.mark.parametrize(
    ("action", "who"), [(a, who) for a in Action for who in (E, LS, L)], ids=str
)
def test_what_external_challengers_and_leads_may_do(action, who):
    said = refusal(who, action, "Hillmead")
    assert (said is None) == (action in REVIEWING[who])
    if said is not None:
        assert JOIN not in said  # they review or lead the school; they don't join it


def test_a_lead_is_told_the_evidence_is_the_schools_to_share():
    said = refusal(L, Action.SEE_EVIDENCE, "Hillmead")
    assert said is not None
    assert said.startswith("Hillmead shares its levels and progress with its alliance's leads")


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


def test_an_external_challenger_challenges_the_one_school_that_asked(db, people):
    hill, oak = people
    assert relation(db, "USIP", hill) is OUT  # control: not before they are asked
    externals.add_external(db, hill.id, "USIP", invited_by="UA")
    assert relation(db, "USIP", hill) is E
    assert relation(db, "USIP", oak) is OUT
    assert "USIP" in who_may_see(db, hill)
    assert "USIP" not in who_may_see(db, oak)


def test_a_lead_sees_the_evidence_of_schools_that_share_it_and_nothing_outside(db, people):
    hill, oak = people
    far = storage.get_school(db, 3)
    made = alliances.create_alliance(db, "East", "ULEAD")
    for school in (hill, far):
        invited = alliances.invite_to_alliance(db, made.id, school.id, "ULEAD")
        alliances.answer_alliance_invitation(db, invited.id, "accepted", "UA")
    assert relation(db, "ULEAD", hill) is L
    assert relation(db, "ULEAD", oak) is OUT  # not in the alliance
    assert "ULEAD" not in who_may_see(db, hill)
    alliances.set_evidence_sharing(db, hill.id, True)
    assert relation(db, "ULEAD", hill) is LS
    assert relation(db, "ULEAD", far) is L  # its own choice, not Hillmead's
    assert "ULEAD" in who_may_see(db, hill)


def test_what_any_lead_may_see_follows_the_schools_choice(db, people):
    """The offline export shows what the leads see, whoever runs it."""
    hill, oak = people
    assert not lead_may(db, Action.SEE_RATINGS, hill)  # control: no alliance yet
    made = alliances.create_alliance(db, "East", "ULEAD")
    invited = alliances.invite_to_alliance(db, made.id, hill.id, "ULEAD")
    alliances.answer_alliance_invitation(db, invited.id, "accepted", "UA")
    assert lead_may(db, Action.SEE_RATINGS, hill)
    assert not lead_may(db, Action.SEE_EVIDENCE, hill)
    alliances.set_evidence_sharing(db, hill.id, True)
    assert lead_may(db, Action.SEE_EVIDENCE, hill)
    assert not lead_may(db, Action.SEE_EVIDENCE, oak)  # not in the alliance


def test_membership_and_partnership_come_before_leading(db, people):
    hill, _ = people
    made = alliances.create_alliance(db, "East", "UB")  # a partner who also leads
    invited = alliances.invite_to_alliance(db, made.id, hill.id, "UB")
    alliances.answer_alliance_invitation(db, invited.id, "accepted", "UA")
    assert relation(db, "UB", hill) is P


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
