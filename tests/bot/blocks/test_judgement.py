from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot import ids
from bot.blocks.judgement import build_full_evidence_modal, build_judgement_modal
from tests.bot.blocks.conftest import LONGEST, SCHOOL, check, judgement


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_judgement_modal_within_limits(framework, area, level):
    view = build_judgement_modal(
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
    view = build_judgement_modal(framework, area, level=2, metadata={})
    text = json.dumps(view)
    assert "*Expanding (2)*" in text
    following = next(b for b in view["blocks"] if b.get("block_id") == "next_level")
    assert following["elements"][0]["text"].splitlines() == [
        "*Next level, Secure (3):*",
        *(f"• {descriptor}" for descriptor in area.levels[3]),
    ]
    top = json.dumps(build_judgement_modal(framework, area, level=4, metadata={}))
    assert "Next level" not in top
    assert view["title"]["text"] == "Area 4 · CPD"
    evidence = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_EVIDENCE)
    assert "optional" not in evidence  # required
    assert evidence["element"]["max_length"] == 3000


def test_full_evidence_modal_keeps_everything(framework, area):
    j = judgement(area)
    view = build_full_evidence_modal(framework, area, j, SCHOOL.name)
    check(view, "modal")
    shown = "".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    assert shown.count("&amp;") == 2 * LONGEST.count("&")  # evidence and actions, in full


def test_the_form_says_whose_judgement_it_records_first(framework):
    area = framework.area("itt")
    view = build_judgement_modal(framework, area, level=2, metadata={}, school_name="Hill & <mead>")
    assert view["blocks"][0] == {
        "type": "context",
        "block_id": "recording_for",
        "elements": [
            {
                "type": "mrkdwn",
                "text": "Recording for *Hill &amp; &lt;mead&gt;* · Initial Teacher Training",
            }
        ],
    }


@pytest.mark.parametrize(
    ("area_id", "sizes"),
    [("leadership", [5]), ("itt", [6, 5]), ("s2ss", [6, 6]), ("cpd", [8, 7])],
)
def test_every_group_of_sources_has_a_label_of_its_own(framework, area_id, sizes):
    area = framework.area(area_id)
    view = build_judgement_modal(framework, area, level=1, metadata={})
    groups = [b for b in view["blocks"] if b.get("block_id", "").startswith(ids.BLOCK_SOURCES)]
    assert [len(b["element"]["options"]) for b in groups] == sizes
    labels = [b["label"]["text"] for b in groups]
    if len(sizes) == 1:
        assert labels == ["Possible sources of evidence you have"]
    else:
        assert labels == [
            f"Possible sources of evidence you have ({n} of {len(sizes)})"
            for n in range(1, len(sizes) + 1)
        ]


def test_full_evidence_lists_the_key_actions(framework):
    area = framework.area("itt")
    written = replace(judgement(area), key_actions="1. Recruit ITT leads\n- Shared mentor QA")
    view = build_full_evidence_modal(framework, area, written, SCHOOL.name)
    actions = next(b for b in view["blocks"] if b.get("block_id") == "actions_0")
    assert actions["text"]["text"] == (
        "*Key actions to move to the next maturity level*\n• Recruit ITT leads\n• Shared mentor QA"
    )
