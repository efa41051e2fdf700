from __future__ import annotations

import pytest

from rubric.loader import load_builtin
from rubric.parsing import attribute_area, match_school, mentioned_areas, understand

FW = load_builtin()
SCHOOLS = ["Hillmead Primary", "Oakfield Academy", "Riverside TSA", "St Mary's"]

ATTRIBUTION = [
    # by number
    ("Area 3: the SD numbers look thin for Secure", "itt"),
    ("area 3 feels generous", "itt"),
    ("On AREA 5 I'd push back", "s2ss"),
    ("area3 evidence is light", "itt"),
    ("Looking at area two, the budget tracking is not evidenced", "infrastructure"),
    ("Area 1 — governors?", "leadership"),
    # by short name, any case
    ("ITT: where are the mentor QA records?", "itt"),
    ("itt judgement seems high", "itt"),
    ("The ITT's evidence is strong", "itt"),
    ("CPD looks like Expanding not Secure", "cpd"),
    ("cpd offer is lead-school only", "cpd"),
    ("S2SS: only one SLE deployed", "s2ss"),
    ("s2s support is reactive", "s2ss"),
    ("The S2S work is reactive", "s2ss"),
    ("Leadership: is the link governor active?", "leadership"),
    ("I think your leadership rating is fair", "leadership"),
    ("INFRASTRUCTURE is really secure?", "infrastructure"),
    ("Infrastructure – costing structure?", "infrastructure"),
    # by title
    ("Initial Teacher Training looks Secure to us", "itt"),
    ("initial teacher training: the SD lead school", "itt"),
    ("On Continuing Professional Development, is impact evaluated?", "cpd"),
    ("Improvement through School to School Support needs a plan", "s2ss"),
    ("school to school support is the weak spot", "s2ss"),
    # the same area twice is still that area
    ("Area 3 (ITT) — fine", "itt"),
    ("ITT, and again ITT", "itt"),
    ("Area 4, i.e. CPD", "cpd"),
    # mentions and links do not confuse it
    ("<@U123> ITT seems high", "itt"),
    ("<#C999|cpd-channel> anyway, leadership is fine", "leadership"),
    # general: none named
    ("Great summary, thanks!", None),
    ("Your evidence is thin overall", None),
    ("We'd like to visit next term", None),
    # general: several named
    ("ITT and CPD both look generous", None),
    ("Area 1 and area 2 are over-rated", None),
    ("Leadership is fine but Infrastructure isn't", None),
    # near misses that must not match
    ("I submitted our comments", None),  # "itt" inside a word
    ("That was a bitter pill", None),
    ("Area 6 doesn't exist", None),
    ("area 34 is not a thing", None),
    ("3 areas need work", None),
    ("Our leaders are stretched", None),  # leader, not leadership
    ("The infra team is small", None),
    ("S2 is not an area", None),
    ("CPDL is a different thing", None),
    ("school to school visits were good", None),  # no "support"
    ("area-wide thinking is needed", None),
]


@pytest.mark.parametrize(("text", "area_id"), ATTRIBUTION)
def test_attribution(text, area_id):
    area = attribute_area(FW, text)
    assert (area.id if area else None) == area_id


def test_enough_phrasings():
    assert len(ATTRIBUTION) >= 30
    assert sum(1 for _, a in ATTRIBUTION if a is None) >= 10


def test_mentions_are_in_order():
    assert [a.id for a in mentioned_areas(FW, "CPD first, then area 1, then ITT")] == [
        "cpd",
        "leadership",
        "itt",
    ]


QUESTIONS = [
    # own ratings
    ("what are our current ratings?", "ratings", None, None),
    ("<@UBOT> ratings", "ratings", None, None),
    ("ratings please", "ratings", None, None),
    ("How are we doing?", "ratings", None, None),
    ("where are we?", "ratings", None, None),
    ("what's our overall rating", "ratings", None, None),
    ("show me our scores", "ratings", None, None),
    ("what level are we at", "ratings", None, None),
    ("current maturity?", "ratings", None, None),
    ("what did we get", "unknown", None, None),
    ("progress?", "ratings", None, None),
    ("summary please", "ratings", None, None),
    ("what are our judgements", "ratings", None, None),
    # one area
    ("where are we on CPD?", "ratings", "cpd", None),
    ("what's our ITT rating", "ratings", "itt", None),
    ("how did we score on area 5", "ratings", "s2ss", None),
    ("leadership level?", "ratings", "leadership", None),
    ("Infrastructure?", "ratings", "infrastructure", None),
    ("rating for initial teacher training", "ratings", "itt", None),
    # another school, matched forgivingly
    ("ratings for Hillmead", "ratings", None, "Hillmead Primary"),
    ("ratings for hillmead primary", "ratings", None, "Hillmead Primary"),
    ("how is Oakfield doing?", "ratings", None, "Oakfield Academy"),
    ("where is Riverside on ITT?", "ratings", "itt", "Riverside TSA"),
    ("ratings for Hilmead", "ratings", None, "Hillmead Primary"),  # typo
    ("Oakfield academy scores", "ratings", None, "Oakfield Academy"),
    ("st mary's ratings", "ratings", None, "St Mary's"),
    ("Hillmead?", "ratings", None, "Hillmead Primary"),
    # help and not understood
    ("help", "help", None, None),
    ("what can you do", "help", None, None),
    ("", "help", None, None),
    ("<@UBOT>", "help", None, None),
    ("hello there", "unknown", None, None),
    ("thanks!", "unknown", None, None),
    ("lunch at 12?", "unknown", None, None),
    ("can you book the hall", "unknown", None, None),
]


@pytest.mark.parametrize(("text", "intent", "area_id", "school"), QUESTIONS)
def test_questions(text, intent, area_id, school):
    question = understand(FW, text, SCHOOLS)
    assert question.intent == intent
    assert (question.area.id if question.area else None) == area_id
    assert question.school == school


def test_enough_questions():
    assert len(QUESTIONS) >= 30


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("ratings for Greenfield", "Greenfield"),
        ("scores of Blue Lake School?", "Blue Lake School"),
        ("ratings for us", None),
        ("ratings for area 3", None),
    ],
)
def test_unknown_school_is_kept_as_a_hint(text, hint):
    question = understand(FW, text, SCHOOLS)
    assert question.intent == "ratings"
    assert question.school is None
    assert question.school_hint == hint


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("hillmead", "Hillmead Primary"),
        ("HILLMEAD PRIMARY", "Hillmead Primary"),
        ("Riverside", "Riverside TSA"),
        ("Oakfeld", "Oakfield Academy"),
        ("Mead", None),
        ("nothing like it", None),
        ("", None),
    ],
)
def test_match_school(text, school):
    assert match_school(text, SCHOOLS) == school
