"""The access policy: may this person do this to that school? One table, one place.

A person stands to a school in one of these ways (:class:`Relation`), the first that holds:
a *member* of it; a member of one of its trio *partner* schools; an *external* challenger
the school or its alliance's lead asked to challenge it; a *lead* of its alliance (who sees
its evidence only if the school shares it: *lead, evidence shared*); or an *outsider*.
:data:`RULES` says which relations may take each :class:`Action`; :func:`refusal` says why
not, in words a school leader understands. Handlers never decide permissions: they ask
:func:`check`. What a person may do to an alliance as a whole is the second, smaller table,
:data:`ALLIANCE_RULES` (:mod:`core.alliance_policy`).
"""

from __future__ import annotations

from enum import StrEnum

from sqlite_utils import Database

import storage
from core.errors import Refusal
from storage import alliances, externals
from storage.records import School


class Relation(StrEnum):
    MEMBER = "member"
    PARTNER = "partner"
    EXTERNAL = "external challenger"
    LEAD_SHARED = "alliance lead, evidence shared"
    LEAD = "alliance lead"
    OUTSIDER = "outsider"


class Action(StrEnum):
    EDIT_SCHOOL = "edit the school's setup"
    JUDGE = "record or change a judgement"
    SEE_EVIDENCE = "see the full evidence"
    CHALLENGE = "challenge a judgement"
    RESPOND = "respond to a challenge"
    RECORD_OUTCOMES = "record agreed outcomes"
    SEE_RATINGS = "see the ratings"
    EXPORT = "export the diagnostic"
    START_CYCLE = "start a new review cycle"
    SET_REMINDERS = "turn reminders on or off"
    RECEIVE_REMINDERS = "receive reminders"
    INVITE = "invite schools to its trio"
    ANSWER_INVITATION = "accept or decline an invitation to a trio"
    WITHDRAW_INVITATION = "withdraw an invitation to its trio"
    LEAVE_TRIO = "leave its trio"
    ERASE = "erase the school and all its data"
    REFILE = "re-file a reply in its summary's thread"
    SEE_PROGRESS = "see how its review is going"
    AGREE_OUTCOMES = "agree its proposed outcomes, or propose a change"
    INVITE_EXTERNAL = "invite an external challenger to its review"
    SHARE_EVIDENCE = "choose whether its alliance's leads see its evidence"
    JOIN_ALLIANCE = "accept or decline an invitation to an alliance"
    LEAVE_ALLIANCE = "leave its alliance"
    NUDGE = "nudge it about the review round"


M, P, E = Relation.MEMBER, Relation.PARTNER, Relation.EXTERNAL
LS, L = Relation.LEAD_SHARED, Relation.LEAD

RULES: dict[Action, frozenset[Relation]] = {
    Action.EDIT_SCHOOL: frozenset({M}),
    Action.JUDGE: frozenset({M}),
    Action.SEE_EVIDENCE: frozenset({M, P, E, LS}),
    Action.CHALLENGE: frozenset({P, E}),
    Action.RESPOND: frozenset({M}),
    Action.RECORD_OUTCOMES: frozenset({M}),
    Action.SEE_RATINGS: frozenset({M, P, E, LS, L}),
    Action.EXPORT: frozenset({M}),
    Action.START_CYCLE: frozenset({M}),
    Action.SET_REMINDERS: frozenset({M}),
    Action.RECEIVE_REMINDERS: frozenset({M}),
    Action.INVITE: frozenset({M}),
    Action.ANSWER_INVITATION: frozenset({M}),
    Action.WITHDRAW_INVITATION: frozenset({M}),
    Action.LEAVE_TRIO: frozenset({M}),
    Action.ERASE: frozenset({M}),
    Action.REFILE: frozenset({M, P, E}),  # and only its author: check_author
    Action.SEE_PROGRESS: frozenset({M, P, E, LS, L}),
    Action.AGREE_OUTCOMES: frozenset({P}),
    Action.INVITE_EXTERNAL: frozenset({M, LS, L}),
    Action.SHARE_EVIDENCE: frozenset({M}),
    Action.JOIN_ALLIANCE: frozenset({M}),
    Action.LEAVE_ALLIANCE: frozenset({M}),
    Action.NUDGE: frozenset({LS, L}),
}
# Who reviews the school from outside it: its partners and external challengers.
REVIEWERS = frozenset({P, E})

JOIN = "Ask one of its members to add you with `/peer-review setup`."

_ONLY_MEMBERS = {
    Action.EDIT_SCHOOL: "Only members of {school} can change its setup.",
    Action.JUDGE: "Only members of {school} can record or change its judgements. " + JOIN,
    Action.RESPOND: "Only members of {school} can respond to challenges of its judgements.",
    Action.RECORD_OUTCOMES: "Only members of {school} can record its agreed outcomes. " + JOIN,
    Action.EXPORT: "Only members of {school} can export its diagnostic. " + JOIN,
    Action.START_CYCLE: "Only members of {school} can start a new review cycle. " + JOIN,
    Action.SET_REMINDERS: "Only members of {school} can turn its reminders on or off.",
    Action.RECEIVE_REMINDERS: "Only members of {school} receive its reminders.",
    Action.INVITE: "Only members of {school} can invite schools to its trio.",
    Action.ANSWER_INVITATION: "Only members of {school} can accept or decline its invitations.",
    Action.WITHDRAW_INVITATION: "Only members of {school} can withdraw its invitations.",
    Action.LEAVE_TRIO: "Only members of {school} can take it out of its trio.",
    Action.ERASE: "Only members of {school} can erase it and everything recorded about it.",
    Action.INVITE_EXTERNAL: (
        "Only members of {school} and the leads of its alliance can invite an external "
        "challenger to its review."
    ),
    Action.SHARE_EVIDENCE: "Only members of {school} can choose what its alliance's leads see.",
    Action.JOIN_ALLIANCE: (
        "Only members of {school} can accept or decline its invitations to an alliance."
    ),
    Action.LEAVE_ALLIANCE: "Only members of {school} can take it out of its alliance.",
}
_MEMBERS_AND_REVIEWERS = {
    Action.REFILE: "Only the person who wrote a reply in {school}'s summary thread can re-file it.",
    Action.SEE_EVIDENCE: (
        "Only members of {school}, its trio partners and its external challengers can see "
        "its evidence."
    ),
    Action.SEE_RATINGS: (
        "Sorry, you can't see {school}'s ratings: only its members, its trio partners, its "
        "external challengers and its alliance's leads can."
    ),
    Action.SEE_PROGRESS: (
        "Sorry, you can't see how {school}'s review is going: only its members, its trio "
        "partners, its external challengers and its alliance's leads can."
    ),
    Action.AGREE_OUTCOMES: (
        "Only members of {school}'s trio partner schools can agree its outcomes."
    ),
    Action.NUDGE: "Only the leads of {school}'s alliance can nudge it about the review round.",
}
_LEAD_NO_EVIDENCE = (
    "{school} shares its levels and progress with its alliance's leads, not its evidence. "
    "Its members can choose to share it (Home tab)."
)
_OWN_SCHOOL = (
    "You can't challenge {school}'s own judgements — reply in the summary's thread to "
    "respond to a challenge, or record agreed outcomes."
)
_NOT_A_PARTNER = (
    "Only members of {school}'s trio partner schools and its external challengers can "
    "challenge its judgements."
)


def allowed(relation: Relation, action: Action) -> bool:
    return relation in RULES[action]


def refusal(relation: Relation, action: Action, school_name: str) -> str | None:
    """Why `relation` may not take `action` on the school (None when it may)."""
    if allowed(relation, action):
        return None
    if action is Action.CHALLENGE:
        template = _OWN_SCHOOL if relation is Relation.MEMBER else _NOT_A_PARTNER
    elif action is Action.SEE_EVIDENCE and relation is Relation.LEAD:
        template = _LEAD_NO_EVIDENCE
    else:
        template = _ONLY_MEMBERS.get(action) or _MEMBERS_AND_REVIEWERS[action]
    if relation is not Relation.OUTSIDER:  # they review or lead the school; they don't join it
        template = template.replace(" " + JOIN, "")
    return template.format(school=school_name)


def check_author(user_id: str, author_id: str) -> None:
    """A reply in a thread is re-filed by the person who wrote it, nobody else."""
    if user_id != author_id:
        raise Refusal("Only the person who wrote a reply can re-file it.")


def relation(db: Database, user_id: str, school: School) -> Relation:
    """How the person stands to the school (the first relation that holds)."""
    if storage.is_member(db, school.id, user_id):
        return Relation.MEMBER
    row = db.execute(
        "SELECT 1 FROM trio_schools mine JOIN trio_schools theirs"
        " ON theirs.trio_id = mine.trio_id AND theirs.school_id != mine.school_id"
        " JOIN members m ON m.school_id = theirs.school_id"
        " WHERE mine.school_id = ? AND m.user_id = ? LIMIT 1",
        [school.id, user_id],
    ).fetchone()
    if row:
        return Relation.PARTNER
    if externals.is_external(db, school.id, user_id):
        return Relation.EXTERNAL
    leads, shared = alliances.is_lead_of_school(db, user_id, school.id)
    if leads:
        return Relation.LEAD_SHARED if shared else Relation.LEAD
    return Relation.OUTSIDER


def check(db: Database, user_id: str, action: Action, school: School) -> Relation:
    """The person's relation to the school, or :class:`Refusal` when they may not act."""
    found = relation(db, user_id, school)
    why = refusal(found, action, school.name)
    if why is not None:
        raise Refusal(why)
    return found


def may(db: Database, user_id: str, action: Action, school: School) -> bool:
    return allowed(relation(db, user_id, school), action)


def acting_for(db: Database, user_id: str, school: School) -> School | None:
    """The school the person acts for toward `school`: `school` itself for a member, their
    own school in its trio for a partner, None for anyone else (an external challenger or
    a lead belongs to no school of the review)."""
    if storage.is_member(db, school.id, user_id):
        return school
    return next(
        (p for p in storage.partners_of(db, school.id) if storage.is_member(db, p.id, user_id)),
        None,
    )


def may_be_asked_as_external(db: Database, asked_by: str, person: str, school: School) -> bool:
    """May `asked_by` make `person` an external challenger of the school? An external
    challenger reads its evidence, so a lead of its alliance who may not (the school keeps
    its evidence from its leads) becomes one only when a member of the school asks: no lead
    asks themselves, or a co-lead, past the school's choice."""
    return relation(db, person, school) is not Relation.LEAD or storage.is_member(
        db, school.id, asked_by
    )


def schools_allowing(db: Database, user_id: str, action: Action) -> list[School]:
    """Every school on which the person may take `action`: their own, then their partners,
    the schools they challenge externally, then the schools of the alliances they lead."""
    found: dict[int, School] = {}
    for school in storage.schools_of(db, user_id):
        if allowed(Relation.MEMBER, action):
            found[school.id] = school
        if allowed(Relation.PARTNER, action):
            for partner in storage.partners_of(db, school.id):
                found.setdefault(partner.id, partner)
    others = externals.challenged_by_external(db, user_id)
    for alliance in alliances.alliances_led_by(db, user_id):
        others += alliances.schools_in(db, alliance.id)
    for school_id in dict.fromkeys(others):
        if school_id not in found:
            school = storage.get_school(db, school_id)
            if may(db, user_id, action, school):
                found[school.id] = school
    return list(found.values())


def who_may_see(db: Database, school: School) -> list[str]:
    """Everyone the bot shows the school's levels and evidence to: its members, the members
    of its trio partners and its external challengers (and its alliance's leads, if it
    shares its evidence with them) — the relations allowed to SEE_EVIDENCE."""
    people = storage.members_of(db, school.id)
    for partner in storage.partners_of(db, school.id):
        people += storage.members_of(db, partner.id)
    people += externals.externals_of(db, school.id)
    alliance = alliances.alliance_of(db, school.id)
    if alliance is not None and alliances.shares_evidence(db, school.id):
        people += alliances.leads_of(db, alliance.id)
    return list(dict.fromkeys(people))


def shown_to_all_readers(db: Database, school: School, channel: str, *, direct: bool) -> bool:
    """May everyone who can read `channel` see the school's levels and evidence? Yes in a
    direct message with the bot, in the school's own channel and in its trio's channel;
    anywhere else (a public channel, another school's channel) its answers go to the asker
    alone."""
    if direct or channel == school.channel_id:
        return True
    trio = storage.trio_of(db, school.id)
    return trio is not None and trio.channel_id == channel


def lead_may(db: Database, action: Action, school: School) -> bool:
    """Whether the leads of the school's alliance may take `action` on it as its leads: what
    the operator's offline export of an alliance shows (evidence only where shared)."""
    if alliances.alliance_of(db, school.id) is None:
        return False
    shared = alliances.shares_evidence(db, school.id)
    return allowed(Relation.LEAD_SHARED if shared else Relation.LEAD, action)
