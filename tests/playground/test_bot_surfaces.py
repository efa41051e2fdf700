"""Every surface the bot builds renders in the playground, whole: nothing it sends is refused.

(The end-to-end tests check the same of every payload the bot actually sends: see the
``workspace`` fixture in tests/bot/conftest.py.)"""

from __future__ import annotations

from dataclasses import replace

from bot.blocks import (
    area,
    challenge,
    cycles,
    erase,
    filing,
    help,
    home,
    judgement,
    notices,
    outcomes,
    ratings,
    setup,
    summary,
    trios,
)
from core.challenges import Filing
from core.channels import Readers
from core.cycles import NewCycle, NewCycleQuestion
from core.erasure import EraseForm
from core.questions import Answer
from core.trios import InvitationView, Received, Sent, TrioPanel
from playground.render import Directory, message_html, problems, view_html
from storage.records import Invitation, Trio
from tests.bot.blocks.conftest import (
    AREAS,
    CYCLE,
    SCHOOL,
    area_view,
    challenges_on,
    standing_with,
)
from tests.bot.blocks.conftest import (
    judgement as judged,
)

HOSTILE = '<script>alert(1)</script> "onmouseover=x" <!channel> &amp; *not bold*'
PARTNER = replace(SCHOOL, id=2, name="Oakfield " + HOSTILE)
THIRD = replace(SCHOOL, id=3, name="Riverside")
INVITATION = Invitation(
    id=5, trio_id=1, school_id=2, from_school_id=1, invited_by="U1", state="pending",
    created_at="2026-11-24T09:00:00+00:00",
)  # fmt: skip
PUBLIC = Readers(channel="C1", name="trio", is_private=False, outsiders=3)
PRIVATE = Readers(channel="C2", name="own", is_private=True, outsiders=1)


def surfaces(framework):
    """(name, kind, payload) for each thing the bot can send, with long and hostile content."""
    first = framework.area(AREAS[0])
    levels = zip(AREAS, [1, 2, 3, 4, 1], strict=True)
    done = {a: judged(framework.area(a), level=n) for a, n in levels}
    hostile = judged(first, text=HOSTILE)
    full = standing_with(
        framework,
        done,
        previous=CYCLE,
        previous_judgements={a: judged(framework.area(a), level=2) for a in AREAS},
        comments=challenges_on(AREAS, each=2, text=HOSTILE),
    )
    partial = standing_with(framework, {AREAS[0]: hostile})
    invitation = InvitationView(
        channel="C1", partners=[SCHOOL, THIRD], invitation=INVITATION, invited=PARTNER,
        inviting=SCHOOL, public=PUBLIC,
    )  # fmt: skip
    panel = TrioPanel(
        channel="C1",
        partners=[PARTNER],
        received=[Received(invitation=INVITATION, inviting=PARTNER, channel="C9")] * 12,
        sent=[Sent(invitation=INVITATION, invited=THIRD, inviting=SCHOOL)],
    )
    asked = Answer(kind="ratings", standing=full, school=SCHOOL, asked_in="C7")
    found = [
        ("area", "message", area.build_area_message(framework, area_view(first))),
        ("area judged", "message", area.build_area_message(
            framework, area_view(first, judgement=hostile, last=(CYCLE, hostile)))),
        ("judgement", "modal", judgement.build_judgement_modal(
            framework, first, level=2, metadata={"c": 7}, judgement=hostile,
            school_name=HOSTILE, last_actions=[HOSTILE, "Recruit SLEs"])),
        ("judgement new", "modal", judgement.build_judgement_modal(
            framework, first, level=4, metadata={})),
        ("full evidence", "modal", judgement.build_full_evidence_modal(
            framework, first, hostile, HOSTILE)),
        ("summary", "message", summary.build_summary(framework, full)),
        ("summary partial", "message", summary.build_summary(framework, partial)),
        ("home none", "home", home.build_home(framework)),
        ("home new", "home", home.build_home(framework, school=SCHOOL)),
        ("home", "home", home.build_home(framework, school=SCHOOL, standing=full, trio=panel)),
        ("home partial", "home", home.build_home(framework, school=SCHOOL, standing=partial)),
        ("setup", "modal", setup.build_setup_modal(
            school=None, members=[], trio_channel=None, others_exist=False, partners=[])),
        ("setup edit", "modal", setup.build_setup_modal(
            school=replace(SCHOOL, channel_id="C2"), members=["U1", "U2"], trio_channel="C1",
            others_exist=True, partners=[PARTNER],
            warnings={"trio_channel": PUBLIC, "school_channel": PRIVATE})),
        ("challenge", "modal", challenge.build_challenge_modal(
            framework, cycle_id=7, school_name=HOSTILE, judgements=done,
            evidence={**done, AREAS[0]: hostile})),
        ("challenge post", "message", challenge.challenge_post(
            framework, author="U1", partner=HOSTILE, area=first, judged=2, view="above",
            suggested=3, comment=HOSTILE + "\nsecond line")),
        ("outcomes", "modal", outcomes.build_outcomes_modal(framework, full)),
        ("new cycle", "modal", cycles.build_new_cycle_modal(framework, NewCycleQuestion(
            school=PARTNER, cycle=CYCLE, unjudged=list(framework.areas),
            open_challenges=challenges_on(AREAS, each=4, text=HOSTILE)))),
        ("new cycle started", "modal", cycles.new_cycle_started(
            framework, NewCycle(replace(PARTNER, channel_id="C2"), CYCLE, CYCLE))),
        ("new cycle kept out", "modal", cycles.new_cycle_started(
            framework, NewCycle(replace(PARTNER, channel_id="C2"), CYCLE, CYCLE, "is_archived"))),
        ("new cycle refused", "modal", cycles.new_cycle_refused(HOSTILE)),
        ("too long to file", "message", filing.too_long_note(41_234)),
        ("erase", "modal", erase.build_erase_modal(
            EraseForm(school_id=1, name=HOSTILE, members=2, partners=[HOSTILE]))),
        ("erased", "modal", erase.build_erased(HOSTILE)),
        ("help", "message", help.build_help(HOSTILE)),
        ("ratings", "message", ratings.build_ratings(framework, full)),
        ("ratings area", "message", ratings.build_ratings(framework, full, area=first)),
        ("private answer", "message", ratings.build_private_answer(framework, asked)),
        ("invitation", "message", trios.invitation_message(invitation)),
        ("accepted", "message", trios.accepted(invitation)),
        ("declined", "message", trios.declined(invitation)),
        ("withdrawn", "message", trios.withdrawn(invitation)),
        ("left", "message", trios.left(PARTNER)),
        ("answered", "message", trios.invitation_answered(invitation)),
        ("channel warning", "message", trios.channel_warning(PUBLIC)),
        ("setup saved", "message", notices.setup_saved(
            PARTNER, 2, Trio(id=1, channel_id="C1", name=None, school_ids=(1, 2)), [SCHOOL],
            [THIRD])),
        ("challenge failed", "message", notices.challenge_failed(
            HOSTILE, HOSTILE, "not_in_channel", HOSTILE)),
        ("reminder", "message", notices.reminder(framework, PARTNER, 2, list(framework.areas))),
    ]  # fmt: skip
    for kind in ("help", "unknown", "unknown_school", "no_school", "forbidden", "not_started"):
        answer = Answer(kind=kind, school=PARTNER, asked_for=HOSTILE, refusal=HOSTILE)
        found.append((f"answer {kind}", "message", ratings.build_answer(framework, answer)))
    comment = challenges_on(AREAS, each=1, text=HOSTILE)[0]
    for area_ in (first, None):
        for kind, aside in (("challenge", False), ("challenge", True), ("response", False)):
            note = Filing(replace(comment, kind=kind), PARTNER, area_, 2, aside)
            found.append((f"filed {kind} {aside}", "message", filing.filed_note(framework, note)))
    for what in ("joined", "invited", "left"):
        found.append((f"trio {what}", "message", trios.trio_news(PARTNER, what, "U1")))
    for code in ("not_in_channel", "is_archived", "internal_error", "http_503"):
        found += [
            (f"summary failed {code}", "message", notices.summary_failed("C1", code)),
            (f"join failed {code}", "message", notices.join_failed("C1", code)),
            (f"kept out {code}", "message", notices.not_in_channel(framework, first, "C1", code)),
            (f"area failed {code}", "message", notices.area_failed(framework, first, "C1", code)),
        ]
    return found


def test_every_surface_the_bot_builds_renders(framework):
    refused = {name: problems(p, kind) for name, kind, p in surfaces(framework)}
    assert {name: found for name, found in refused.items() if found} == {}


def test_what_people_typed_reaches_the_page_as_text(framework):
    names = Directory(people={"U1": "Ann"}, channels={"C1": "trio"})
    for name, kind, payload in surfaces(framework):
        html = message_html(payload, names) if kind == "message" else view_html(payload, names)
        assert "<script" not in html, name
        assert '"onmouseover' not in html, name
        assert "@channel" not in html, name  # a typed <!channel> never notifies anyone
