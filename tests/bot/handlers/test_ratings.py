from __future__ import annotations

import json

import pytest

import storage
from bot import limits
from core.questions import how_to
from tests.bot.alliance_setup import form_alliance
from tests.bot.conftest import TRIO, event_body, judgement_values, setup_values
from tests.bot.trio_setup import form_trio


@pytest.fixture
def reviewed(workspace):
    """Hillmead (UA1) has judged all five areas; Oakfield (UB1) is its partner."""
    form_trio(workspace, [("UA1", "Hillmead"), ("UB1", "Oakfield")])
    workspace.command("UX1", "setup")
    workspace.submit("UX1", workspace.last_view(), setup_values("Faraway", channel="CFAR"))
    workspace.command("UA1", "start")
    for level in (3, 3, 2, 4, 2):
        workspace.click("UA1", workspace.last_post(), f"pr_choose_level_{level}")
        workspace.submit("UA1", workspace.last_view(), judgement_values(level, "ev"))
    return workspace


def ask_in_dm(ws, user, text, ts):
    ws.dispatch(
        event_body(
            {
                "type": "message",
                "channel": f"D{user}",
                "channel_type": "im",
                "user": user,
                "text": text,
                "ts": ts,
            },
            f"Ev{ts}",
        )
    )
    return ws.posts()[-1]


def test_own_ratings_by_command(reviewed):
    ack = reviewed.command("UA1", "ratings")
    assert ack["text"] == "Hillmead: overall Expanding (2)"
    shown = json.dumps(ack["blocks"])
    assert "mean 2.8" in shown
    assert "5 of 5 areas judged" in shown
    assert "Sustainable (4)" in shown
    assert limits.problems(ack, kind="message") == []


def test_partner_may_ask_for_a_trio_school_forgivingly(reviewed):
    ack = reviewed.command("UB1", "ratings hilmead")
    assert ack["text"].startswith("Hillmead: overall")


def test_outsider_is_refused_politely(reviewed):
    ack = reviewed.command("UX1", "ratings Hillmead")
    assert "Sorry, you can't see Hillmead's ratings" in ack["text"]
    assert "Expanding" not in json.dumps(ack)


def test_unknown_school_lists_those_the_asker_can_see(reviewed):
    ack = reviewed.command("UB1", "ratings Greenfield")
    assert "I don't know a school called “Greenfield”" in ack["text"]
    assert "Oakfield, Hillmead" in ack["text"] or "Hillmead, Oakfield" in ack["text"]


def test_school_without_a_review_yet(reviewed):
    assert "Oakfield hasn't started a review yet" in reviewed.command("UB1", "ratings")["text"]


def test_someone_without_a_school(reviewed):
    assert "not a member of any school" in reviewed.command("UZ9", "ratings")["text"]


def test_area_question_in_a_dm(reviewed):
    reply = ask_in_dm(reviewed, "UA1", "where are we on CPD?", "5.1")
    assert reply["channel"] == "DUA1"
    assert reply["text"] == "Hillmead: CPD Sustainable (4)"


def test_a_mention_is_answered_once_in_its_thread(reviewed, slack):
    inner = {
        "type": "app_mention",
        "channel": TRIO,
        "user": "UB1",
        "text": "<@UBOT> ratings for Hillmead?",
        "ts": "6.1",
        "thread_ts": "6.0",
    }
    reviewed.dispatch(event_body(inner, "EvM1"))
    reviewed.dispatch(event_body(inner, "EvM1"))  # Slack's retry of the same event
    reviewed.dispatch(event_body({**inner, "type": "message", "channel_type": "channel"}, "EvM2"))
    answers = [p for p in reviewed.posts(TRIO) if p.get("thread_ts") == "6.0"]
    assert len(answers) == 1
    assert answers[0]["text"].startswith("Hillmead: overall")


def test_the_same_dm_delivered_twice_is_answered_once(reviewed):
    before = len(reviewed.posts())
    ask_in_dm(reviewed, "UA1", "ratings", "7.1")
    ask_in_dm(reviewed, "UA1", "ratings", "7.1")
    assert len(reviewed.posts()) == before + 1


def test_shift_and_open_challenges_are_shown(reviewed, store, framework):
    with store.connect() as db:
        school = storage.find_school(db, "Hillmead")
        cycle = storage.current_cycle(db, school.id)
        storage.add_challenge(
            db,
            cycle.id,
            author_id="UB1",
            text="ITT: really?",
            channel_id=TRIO,
            ts="9.1",
            framework=framework,
            area_id="itt",
        )
        storage.close_cycle(db, cycle.id)
        second = storage.start_cycle(db, school.id, framework, "UA1")
        for area_id, level in zip(framework.area_ids, [3, 4, 2, 4, 1], strict=True):
            storage.record_judgement(
                db, second.id, area_id, level, evidence="e", recorded_by="UA1", framework=framework
            )
    shown = json.dumps(reviewed.command("UA1", "ratings")["blocks"], ensure_ascii=False)
    assert "*Infrastructure* — Sustainable (4) ↑ from Secure (3)" in shown
    assert "*S2SS* — Emerging (1) ↓ from Expanding (2)" in shown
    assert "*CPD* — Sustainable (4) =" in shown
    assert "mean 2.8 (no change since cycle 1)" in shown


def mention(ws, user, text, ts, channel):
    inner = {"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts}
    ws.dispatch(event_body(inner, f"Ev{ts}"))


def test_ratings_asked_for_in_a_public_channel_go_to_the_asker_alone(reviewed):
    mention(reviewed, "UA1", "<@UBOT> what are our ratings?", "8.1", "CGENERAL")
    assert reviewed.posts("CGENERAL") == []
    answer = reviewed.posts("UA1")[-1]
    assert answer["text"].startswith(
        "You asked in <#CGENERAL>, where not everyone may see Hillmead's ratings, so I'm "
        "answering you here."
    )
    assert "Hillmead: overall" in answer["text"]
    assert answer["blocks"][0]["type"] == "context"


def test_a_partner_asking_in_another_schools_channel_is_answered_alone(reviewed):
    mention(reviewed, "UB1", "<@UBOT> ratings for Hillmead", "8.2", "CFAR")
    assert reviewed.posts("CFAR") == []
    assert "You asked in <#CFAR>" in reviewed.posts("UB1")[-1]["text"]


def test_in_the_trio_channel_the_answer_is_shared_there(reviewed):
    mention(reviewed, "UB1", "<@UBOT> ratings for Hillmead", "8.3", TRIO)
    shared = [p for p in reviewed.posts(TRIO) if p.get("thread_ts") == "8.3"]
    assert shared
    assert shared[0]["text"].startswith("Hillmead: overall")


def test_an_answer_without_ratings_stays_where_it_was_asked(reviewed):
    mention(reviewed, "UX1", "<@UBOT> ratings for Hillmead", "8.4", "CGENERAL")
    refused = reviewed.posts("CGENERAL")
    assert len(refused) == 1
    assert "Sorry, you can't see Hillmead's ratings" in refused[0]["text"]


def test_only_schools_the_asker_sees_are_matched_forgivingly(reviewed):
    assert (
        "Sorry, you can't see Hillmead's ratings"
        in reviewed.command("UX1", "ratings Hillmead")["text"]
    )
    # A short form or typo of a school they can't see is not guessed at: nothing is revealed.
    said = reviewed.command("UX1", "ratings Hilmead")["text"]
    assert said.startswith("I don't know a school called “Hilmead”")
    assert "Schools whose ratings you can see: Faraway" in said
    assert "Hillmead: overall" in reviewed.command("UB1", "ratings Hilmead")["text"]  # a partner


# -- questions about using the bot: help, not ratings --------------------------------


@pytest.mark.parametrize(
    ("question", "points_at"),
    [
        ("How do I change my evidence?", "press *Change* on that area's message"),
        ("how do I challenge a judgement", "press *Challenge a judgement* on its summary"),
        ("how do I start", "Type `/peer-review start`"),
        ("What do the levels mean?", "Emerging (1), Expanding (2), Secure (3), Sustainable (4)"),
        ("How can we record the agreed outcomes?", "*Record agreed outcomes*"),
        ("how do I start a new cycle?", "`/peer-review new-cycle`"),
        ("how do we add a colleague?", "`/peer-review setup`"),
        ("How can I download the workbook?", "`/peer-review export`"),
    ],
)
def test_a_question_about_using_the_bot_gets_help_not_ratings(reviewed, question, points_at):
    answer = ask_in_dm(reviewed, "UA1", question, "3000.1")
    assert points_at in answer["text"]
    assert "overall" not in answer["text"].lower() or "overall rating comes" in answer["text"]
    assert "Hillmead:" not in answer["text"]  # not the ratings answer


@pytest.mark.parametrize(
    "question", ["what are our ratings?", "where are we on CPD?", "How do we stand on ITT?"]
)
def test_ratings_questions_still_get_ratings(reviewed, question):
    assert how_to(question) is None
    answer = ask_in_dm(reviewed, "UA1", question, "3000.2")
    assert answer["text"].startswith("Hillmead:")


def test_anything_else_gets_what_the_bot_can_do(reviewed):
    answer = ask_in_dm(reviewed, "UA1", "the weather is lovely today", "3000.3")
    assert answer["text"].startswith("Sorry, I didn't quite follow that. Here's what I can do:")
    hello = ask_in_dm(reviewed, "UA1", "help", "3000.4")
    assert hello["text"].startswith("Here's what I can do:")


def test_a_mention_asking_how_is_answered_in_its_thread(reviewed):
    mention(reviewed, "UB1", "<@UBOT> how do I challenge Hillmead's ITT?", "3000.5", "CTRIO00001")
    answer = reviewed.posts("CTRIO00001")[-1]
    assert answer["thread_ts"] == "3000.5"
    assert "press *Challenge a judgement*" in answer["text"]


# Ratings questions naming a school, or asking to see ratings, get ratings; how-to questions
# get help, whatever they name.
RATINGS, HELP = "ratings", "help"


@pytest.mark.parametrize(
    ("user", "question", "gets", "said"),
    [
        ("UA1", "Can we see our partners' ratings?", RATINGS, "Hillmead:"),
        ("UB1", "Can I see Hillmead's levels?", RATINGS, "Hillmead:"),
        ("UB1", "Can we compare our levels with Hillmead?", RATINGS, "Hillmead:"),
        ("UB1", "Is there a way to see how Hillmead stands?", RATINGS, "Hillmead:"),
        ("UA1", "Can I see Oakfield's levels?", RATINGS, "Oakfield hasn't started"),
        ("UA1", "How do I change our level for ITT?", HELP, "press *Change* on that area's"),
        ("UA1", "Can we invite our partners?", HELP, "`/peer-review setup`"),
        ("UB1", "How can I challenge Hillmead's levels?", HELP, "press *Challenge a judgement*"),
        ("UB1", "What do Hillmead's levels mean?", HELP, "The maturity levels, lowest first"),
        ("UA1", "How can I see the workbook?", HELP, "`/peer-review export`"),
        ("UA1", "How do I know which level to choose?", HELP, "The maturity levels"),
        ("UA1", "How can I see the level descriptors again?", HELP, "The maturity levels"),
        ("UA1", "how do I view the descriptors for a level?", HELP, "The maturity levels"),
        ("UB1", "How can I see Hillmead's ratings?", RATINGS, "Hillmead:"),
    ],
)
def test_ratings_questions_get_ratings_and_how_to_questions_help(
    reviewed, user, question, gets, said
):
    text = ask_in_dm(reviewed, user, question, "3000.6")["text"]
    assert said in text
    assert text.startswith(("Hillmead", "Oakfield")) == (gets == RATINGS)  # names the school


def test_a_lead_sees_an_areas_evidence_only_where_the_school_shares_it(reviewed):
    """A lead of Hillmead's alliance asks about one area: the level, but not its evidence
    or key actions, until Hillmead shares its evidence with its leads."""
    form_alliance(reviewed, "ULEAD", "East", ["Hillmead"])
    withheld = ask_in_dm(reviewed, "ULEAD", "where is Hillmead on CPD?", "7.1")
    shown = json.dumps(withheld["blocks"])
    assert withheld["text"] == "Hillmead: CPD Sustainable (4)"
    assert "*Evidence:*" not in shown
    assert "shares its levels and progress with its alliance's leads" in shown
    assert limits.problems(withheld, kind="message") == []
    assert reviewed.command("UA1", "alliance share on")["text"].startswith("Hillmead")
    shared = json.dumps(ask_in_dm(reviewed, "ULEAD", "where is Hillmead on CPD?", "7.2")["blocks"])
    assert "*Evidence:* ev" in shared
