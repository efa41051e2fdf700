from __future__ import annotations

import json

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
    assert "Next level, Secure (3)" in text
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
