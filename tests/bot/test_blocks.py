from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot import blocks, ids, limits
from rubric.diagnostic import diagnose, priorities
from storage.records import Cycle, Judgement, School

SCHOOL = School(id=1, name="S" * 80, created_by="U1", created_at="2026-11-24T09:00:00+00:00")
CYCLE = Cycle(
    id=7,
    school_id=1,
    number=12,
    framework_id="east-midlands-2017",
    framework_version="2017.03",
    status="judged",
    started_by="U1",
    started_at="2026-11-01T09:00:00+00:00",
    completed_at="2026-11-24T09:00:00+00:00",
)
# Escaping turns & into &amp;, so this is the longest text can grow.
LONGEST = ("&<>" * 1000)[:3000]


def judgement(area, level=4, text=LONGEST):
    return Judgement(
        cycle_id=7,
        area_id=area.id,
        level=level,
        evidence=text,
        key_actions=text,
        evidence_sources=area.evidence_sources,
        evidence_links=tuple(f"https://x.org/{n:04}" + "y" * 70 for n in range(30)),
        actions_done=("Recruit SLEs",),
        recorded_by="U1",
        recorded_at="2026-11-24T09:00:00+00:00",
    )


def check(payload, kind):
    found = limits.problems(payload, kind=kind)
    assert found == []
    json.dumps(payload)  # plain data only


AREAS = ["leadership", "infrastructure", "itt", "cpd", "s2ss"]


@pytest.fixture(params=AREAS)
def area(request, framework):
    """Each area in turn: every builder is checked with every area's real content."""
    return framework.area(request.param)


@pytest.mark.parametrize("judged", [False, True])
def test_area_message_within_limits(framework, area, judged):
    message = blocks.build_area_message(
        framework,
        area,
        school=SCHOOL,
        cycle=CYCLE,
        judged_count=3,
        judgement=judgement(area) if judged else None,
    )
    check(message, "message")
    text = json.dumps(message)
    for level in framework.levels:
        assert framework.level_text(level) in text
    assert message["blocks"][0]["text"]["text"] == (f"Area {area.number} of 5 · {area.title}")
    assert "3 of 5 areas judged" in text
    for statement in [*area.questions, *area.evidence_sources]:
        assert blocks.escape(statement) in text


def test_area_message_offers_one_button_per_level(framework):
    area = framework.area("infrastructure")
    message = blocks.build_area_message(
        framework, area, school=SCHOOL, cycle=CYCLE, judged_count=1, judgement=None
    )
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    values = [json.loads(e["value"]) for e in actions["elements"]]
    assert values == [{"c": 7, "a": "infrastructure", "l": n} for n in (1, 2, 3, 4)]
    assert [e["text"]["text"] for e in actions["elements"]] == [
        "Emerging (1)",
        "Expanding (2)",
        "Secure (3)",
        "Sustainable (4)",
    ]
    assert message["text"].startswith("Area 2 of 5 · Infrastructure: choose")


def test_judged_area_message_shows_level_and_change_button(framework):
    area = framework.area("itt")
    j = judgement(area, level=3, text="Strong SD partnership")
    message = blocks.build_area_message(
        framework, area, school=SCHOOL, cycle=CYCLE, judged_count=3, judgement=j
    )
    judged = next(b for b in message["blocks"] if b.get("block_id") == "judged")
    assert "*Secure (3)* — recorded by <@U1> on 24 Nov 2026" in judged["text"]["text"]
    assert judged["accessory"]["action_id"] == ids.ACTION_CHANGE_JUDGEMENT
    assert not any(b["type"] == "actions" for b in message["blocks"])


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_judgement_modal_within_limits(framework, area, level):
    view = blocks.build_judgement_modal(
        framework,
        area,
        level=level,
        metadata={"c": 7, "a": area.id, "ch": "D" * 11, "ts": "1700000000.000100"},
        judgement=judgement(area),
        school_name=SCHOOL.name,
    )
    check(view, "modal")
    sources = [b for b in view["blocks"] if b.get("block_id", "").startswith(ids.BLOCK_SOURCES)]
    options = [o for b in sources for o in b["element"]["options"]]
    assert len(options) == len(area.evidence_sources)
    # Every source is offered in full (text plus description), in order.
    for option, source in zip(options, area.evidence_sources, strict=True):
        shown = option["text"]["text"].removesuffix(" …")
        if "description" in option:
            shown += option["description"]["text"]
        assert "".join(shown.split()) == "".join(source.split())
    initial = [o for b in sources for o in b["element"].get("initial_options", [])]
    assert initial == options  # prefilled from the judgement, which had them all


def test_judgement_modal_shows_chosen_and_next_level(framework):
    area = framework.area("cpd")
    view = blocks.build_judgement_modal(framework, area, level=2, metadata={})
    text = json.dumps(view)
    assert "*Expanding (2)*" in text
    assert "Next level, Secure (3)" in text
    top = json.dumps(blocks.build_judgement_modal(framework, area, level=4, metadata={}))
    assert "Next level" not in top
    assert view["title"]["text"] == "Area 4 · CPD"
    evidence = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_EVIDENCE)
    assert "optional" not in evidence  # required
    assert evidence["element"]["max_length"] == 3000


def test_setup_modal_within_limits_with_many_long_named_schools():
    others = [
        School(id=n, name=f"{n:03} " + "N" * 76, created_by="U", created_at="x")
        for n in range(2, 140)
    ]
    view = blocks.build_setup_modal(
        school=SCHOOL,
        members=[f"U{n}" for n in range(50)],
        trio_channel="C1",
        other_schools=others,
        partners=others[:2],
    )
    check(view, "modal")
    partners = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_PARTNERS)
    assert len(partners["element"]["initial_options"]) == 2


def test_setup_modal_for_the_first_school():
    view = blocks.build_setup_modal(
        school=None, members=[], trio_channel=None, other_schools=[], partners=[]
    )
    check(view, "modal")
    assert view["title"]["text"] == "Set up your school"
    assert json.loads(view["private_metadata"]) == {"s": None}
    assert "No other school has set up yet" in json.dumps(view)


def test_summary_within_limits_with_maximum_length_answers(framework):
    judgements = {a.id: judgement(a) for a in framework.areas}
    scores = {a: j.level for a, j in judgements.items()}
    diag = diagnose(framework, scores)
    message = blocks.build_summary(
        framework,
        school=SCHOOL,
        cycle=CYCLE,
        diagnostic=diag,
        judgements=judgements,
        priorities=priorities(framework, scores, dict.fromkeys(scores, LONGEST)),
        completed_by=[f"U{n}" for n in range(20)],
    )
    check(message, "message")


def test_summary_content(framework):
    levels = dict(zip(AREAS, [3, 3, 2, 4, 2], strict=True))
    judgements = {
        a: replace(
            judgement(framework.area(a), level=n, text=f"ev {a}"),
            key_actions=f"do {a}",
            evidence_sources=(),
        )
        for a, n in levels.items()
    }
    message = blocks.build_summary_for(framework, school=SCHOOL, cycle=CYCLE, judgements=judgements)
    by_id = {b.get("block_id"): b for b in message["blocks"]}
    assert by_id["overall"]["text"]["text"].startswith("*Overall: Expanding (2)* — mean 2.8")
    assert by_id["shape"]["text"]["text"].splitlines()[2] == "`■■□□` ITT — Expanding (2)"
    assert by_id["priorities"]["text"]["text"].splitlines()[1] == "1. ITT — Expanding (2): do itt"
    assert "overall Expanding (2), mean 2.8" in message["text"]
    assert "CPD Sustainable (4)" in message["text"]


def test_summary_before_all_areas_are_judged(framework):
    diag = diagnose(framework, {"itt": 2})
    message = blocks.build_summary(
        framework,
        school=SCHOOL,
        cycle=CYCLE,
        diagnostic=diag,
        judgements={},
        priorities=[],
        completed_by=[],
    )
    check(message, "message")
    assert "not yet rated" in message["text"]


def test_full_evidence_modal_keeps_everything(framework, area):
    j = judgement(area)
    view = blocks.build_full_evidence_modal(framework, area, j, SCHOOL.name)
    check(view, "modal")
    shown = "".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    assert shown.count("&amp;") == 2 * LONGEST.count("&")  # evidence and actions, in full


@pytest.mark.parametrize("bad", [None, "nonsense `with` ticks"])
def test_help_within_limits(bad):
    message = blocks.build_help(bad)
    check(message, "message")
    assert "/peer-review setup" in message["text"]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("abc", 5, "abc"), ("abcdef", 5, "abcd…"), ("", 3, "")],
)
def test_fit(text, limit, expected):
    assert limits.fit(text, limit) == expected


def test_chunks_never_exceed_the_limit_and_lose_nothing():
    text = "\n".join("word " * n for n in range(200))
    parts = blocks.chunks(text, 300)
    assert all(len(p) <= 300 for p in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )


def test_limit_checker_catches_breaches():
    too_many = {"blocks": [blocks.divider()] * 51, "text": "x"}
    assert limits.problems(too_many, kind="message")
    long_title = {"type": "modal", "title": blocks.plain("x" * 25), "blocks": []}
    assert limits.problems(long_title, kind="modal")
    long_section = {"blocks": [{"type": "section", "text": blocks.mrkdwn("x" * 3001)}]}
    assert limits.problems(long_section, kind="message")
    dup = {"blocks": [{"type": "divider", "block_id": "a"}, {"type": "divider", "block_id": "a"}]}
    assert limits.problems(dup, kind="message")
    boxes = {
        "blocks": [
            {
                "type": "input",
                "label": blocks.plain("l"),
                "element": {
                    "type": "checkboxes",
                    "action_id": "x",
                    "options": [{"text": blocks.plain("o"), "value": str(n)} for n in range(11)],
                },
            }
        ]
    }
    assert limits.problems(boxes, kind="modal")
