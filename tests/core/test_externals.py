"""External challengers: who may ask one, who may not be asked, what follows, and what an
external challenger's challenge is."""

from __future__ import annotations

import io

import openpyxl
import pytest

import storage
from core import externals, questions
from core.challenges import Reply, challenge_form, make_challenge, refile, thread_reply
from core.errors import Refusal
from core.externals import AboutThem
from core.policy import Action, may
from core.publishing import challenge_to_post
from reports import write_xlsx
from reports.model import school_report
from storage import alliances, outbox
from storage.externals import externals_of, is_external
from tests.conftest import judge_all


@pytest.fixture
def trio(db, framework):
    """Hillmead (UA, UA2) has judged every area Expanding and posted its summary in C100;
    Oakfield (UB) is its trio partner; Faraway (UX) is not. Both Hillmead and Faraway are in
    the North alliance, led by ULEAD."""
    hill = storage.create_school(db, "Hillmead", "UA")
    storage.add_member(db, hill.id, "UA2", added_by="UA")
    oak = storage.create_school(db, "Oakfield", "UB")
    far = storage.create_school(db, "Faraway", "UX")
    storage.set_trio(db, "C100", [hill.id, oak.id], "UA")
    cycle = storage.start_cycle(db, hill.id, framework, "UA")
    judge_all(db, framework, cycle.id, 2, user="UA", key_actions="k")
    storage.mark_judged(db, cycle.id, "2026-03-02T10:00:00+00:00")
    cycle = storage.set_summary_message(db, cycle.id, "C100", "100.0")
    north = alliances.create_alliance(db, "North", "ULEAD")
    for school in (hill, far):
        invitation = alliances.invite_to_alliance(db, north.id, school.id, "ULEAD")
        alliances.answer_alliance_invitation(db, invitation.id, "accepted", "UA")
    return hill, oak, far, cycle


def sent(db, kind):
    return [e.payload for e in outbox.effects(db) if e.kind == kind]


def test_a_member_asks_an_external_challenger_and_everyone_concerned_hears(db, trio):
    hill, *_ = trio
    assert externals.invite(db, "UA", hill.id, "UEXT") == hill
    assert externals_of(db, hill.id) == ["UEXT"]
    told = {(p["user"], p["person"], p["what"], p["by"]) for p in sent(db, "external")}
    # The challenger, and the members but the one who asked (they have the answer).
    assert told == {("UEXT", "UEXT", "invited", "UA"), ("UA2", "UEXT", "invited", "UA")}
    homes = {p["user"] for p in sent(db, "home")}
    assert {"UEXT", "UA", "UA2", "ULEAD"} <= homes


def test_a_lead_asks_for_a_school_of_their_alliance_only(db, trio):
    hill, oak, *_ = trio
    externals.invite(db, "ULEAD", hill.id, "UEXT")
    assert is_external(db, hill.id, "UEXT")
    with pytest.raises(Refusal, match="Only members of Oakfield and the leads of its alliance"):
        externals.invite(db, "ULEAD", oak.id, "UEXT2")
    assert externals_of(db, oak.id) == []


@pytest.mark.parametrize("lead", ["ULEAD", "ULEAD2"])
def test_a_lead_cannot_make_a_lead_one_past_the_schools_choice(db, trio, lead):
    """An external challenger reads the evidence: a lead asking themselves or a co-lead
    would read what Hillmead keeps from its leads. Hillmead's members may ask them, and once
    Hillmead shares its evidence a lead may too."""
    hill, *_ = trio
    alliances.add_lead(db, alliances.alliance_of(db, hill.id).id, "ULEAD2", added_by="ULEAD")
    with pytest.raises(AboutThem, match="leads Hillmead's alliance, and Hillmead shares its"):
        externals.invite(db, "ULEAD", hill.id, lead)
    assert externals_of(db, hill.id) == []
    assert not may(db, lead, Action.SEE_EVIDENCE, hill)
    externals.invite(db, "UA", hill.id, lead)
    assert may(db, lead, Action.SEE_EVIDENCE, hill)
    alliances.set_evidence_sharing(db, hill.id, True)
    externals.remove(db, "UA", hill.id, lead)
    externals.invite(db, "ULEAD", hill.id, lead)
    assert is_external(db, hill.id, lead)


@pytest.mark.parametrize("asker", ["UB", "UX", "UNOBODY"])
def test_partners_and_outsiders_cannot_ask_one(db, trio, asker):
    hill, *_ = trio
    with pytest.raises(Refusal, match="Only members of Hillmead and the leads"):
        externals.invite(db, asker, hill.id, "UEXT")
    assert externals_of(db, hill.id) == []


@pytest.mark.parametrize(
    ("person", "says"),
    [
        ("UA2", "is already a member of Hillmead, so they take part in its review as a member"),
        ("UB", "is already a member of Oakfield, Hillmead's trio partner, so they can challenge"),
    ],
)
def test_a_member_of_the_school_or_its_partners_is_not_asked(db, trio, person, says):
    hill, *_ = trio
    with pytest.raises(AboutThem, match=says) as refused:
        externals.invite(db, "UA", hill.id, person)
    assert refused.value.person == person
    assert externals_of(db, hill.id) == []
    assert sent(db, "external") == []


def test_the_bot_and_someone_asked_already_are_not_asked_again(db, trio):
    hill, *_ = trio
    with pytest.raises(Refusal, match="That's me, the bot"):
        externals.invite(db, "UA", hill.id, "UBOT", bot_user_id="UBOT")
    externals.invite(db, "UA", hill.id, "UEXT")
    with pytest.raises(AboutThem, match="is already an external challenger of Hillmead"):
        externals.invite(db, "UA2", hill.id, "UEXT")
    assert len([p for p in sent(db, "external") if p["user"] == "UEXT"]) == 1


def test_removing_one_ends_their_access_and_says_so(db, trio, framework):
    hill, *_ = trio
    externals.invite(db, "UA", hill.id, "UEXT")
    assert may(db, "UEXT", Action.SEE_EVIDENCE, hill)  # the positive control
    externals.remove(db, "UA2", hill.id, "UEXT")
    assert not may(db, "UEXT", Action.SEE_EVIDENCE, hill)
    assert questions.ratings(db, framework, "UEXT", "Hillmead").kind == "forbidden"
    removed = {p["user"] for p in sent(db, "external") if p["what"] == "removed"}
    assert removed == {"UEXT", "UA"}  # the challenger and the member who didn't ask
    with pytest.raises(AboutThem, match="isn't an external challenger of Hillmead"):
        externals.remove(db, "UA", hill.id, "UEXT")


def test_only_members_and_leads_list_them(db, trio):
    hill, *_ = trio
    externals.invite(db, "UA", hill.id, "UEXT")
    assert externals.challengers(db, "ULEAD", hill.id).people == ("UEXT",)
    with pytest.raises(Refusal):
        externals.challengers(db, "UEXT", hill.id)


def test_the_school_is_the_one_named_or_the_persons_own(db, trio):
    hill, _, far, _ = trio
    assert externals.school_for(db, "UA2", None) == hill
    assert externals.school_for(db, "ULEAD", " faraway ") == far
    with pytest.raises(Refusal, match="Say which school"):
        externals.school_for(db, "ULEAD", None)
    with pytest.raises(Refusal, match="I can't find a school called “Nowhere”"):
        externals.school_for(db, "ULEAD", "Nowhere")


def test_what_the_challenger_is_told_follows_the_review_as_it_is_then(db, trio):
    hill, *_ = trio
    externals.invite(db, "ULEAD", hill.id, "UEXT")
    told = externals.told(db, hill.id, "UEXT", "UEXT", "invited", "ULEAD")
    assert told is not None
    assert (told.to_them, told.lead_of, told.summary, told.trio_channel) == (
        True,
        "North",
        ("C100", "100.0"),
        "C100",
    )
    assert told.judged is not None
    assert told.judged.school_id == hill.id
    member = externals.told(db, hill.id, "UA", "UEXT", "invited", "UA2")
    assert member is not None
    assert (member.to_them, member.lead_of) == (False, None)
    externals.remove(db, "UA", hill.id, "UEXT")  # asked to stop before the DM went
    assert externals.told(db, hill.id, "UEXT", "UEXT", "invited", "ULEAD") is None


def test_an_externals_reply_is_a_challenge_from_no_school(db, framework, trio):
    hill, _, _, cycle = trio
    externals.invite(db, "UA", hill.id, "UEXT")
    reply = Reply("C100", "101.0", "100.0", "UEXT", "ITT: where is the mentor QA?")
    assert thread_reply(db, framework, reply) == "challenge"
    [stored] = storage.challenges_for(db, cycle.id)
    assert (stored.kind, stored.area_id, stored.author_school_id) == ("challenge", "itt", None)
    assert refile(db, framework, "UEXT", stored.id, "cpd").area is not None  # REFILE allows E


def test_a_leads_reply_in_the_thread_is_not_stored(db, framework, trio):
    reply = Reply("C100", "101.0", "100.0", "ULEAD", "ITT: looks fine to me")
    assert thread_reply(db, framework, reply) == "ignored"
    assert storage.challenges_for(db, trio[3].id) == []


def test_an_external_challenges_with_the_form_and_is_named_as_one(db, framework, trio):
    hill, _, _, cycle = trio
    externals.invite(db, "UA", hill.id, "UEXT")
    form = challenge_form(db, "UEXT", cycle.id)
    assert (form.partner, form.evidence_shown) == (None, True)
    made = make_challenge(
        db,
        framework,
        "UEXT",
        cycle.id,
        area=framework.area("itt"),
        view="above",
        suggested=1,
        comment="Thin",
    )
    assert made.author_school_id is None
    assert challenge_to_post(db, framework, made.id).partner is None
    report = school_report(db, framework, hill.id)
    assert report.name("UEXT") == "UEXT (external challenger)"
    assert report.name("UA") == "UA"


def test_an_external_sees_the_ratings_of_that_one_school_only(db, framework, trio):
    hill, oak, far, _ = trio
    externals.invite(db, "UA", hill.id, "UEXT")
    assert questions.ratings(db, framework, "UEXT", "Hillmead").kind == "ratings"
    for other in ("Oakfield", "Faraway"):
        answer = questions.ratings(db, framework, "UEXT", other)
        assert answer.kind == "forbidden", other
    assert [s.name for s in questions.visible_schools(db, "UEXT")] == ["Hillmead"]
    assert not may(db, "UEXT", Action.SEE_EVIDENCE, oak)
    assert not may(db, "UEXT", Action.CHALLENGE, far)


def test_the_workbook_names_them_as_external_challengers(db, framework, trio):
    hill, *_ = trio
    externals.invite(db, "UA", hill.id, "UEXT")
    storage.remember_name(db, "UEXT", "Sam Lee")
    thread_reply(db, framework, Reply("C100", "101.0", "100.0", "UEXT", "ITT: mentor QA?"))
    thread_reply(db, framework, Reply("C100", "102.0", "100.0", "UB", "CPD: impact?"))
    reports = [school_report(db, framework, hill.id)]
    book = io.BytesIO()
    write_xlsx(reports, framework, book)
    workbook = openpyxl.load_workbook(io.BytesIO(book.getvalue()))
    values = {
        str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row
    }
    assert "Sam Lee (external challenger), UB" in values  # the Input sheet's "Peer challenged by"
    assert "Sam Lee (external challenger)" in values  # the ITT sheet's challenge
