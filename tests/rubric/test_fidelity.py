"""The framework YAML says what the workbook says: nothing invented, nothing dropped.

The seed is the workbook's text flattened from tables. Each area page reads: the four level
names, the Emerging descriptors, the "Questions to support judgement" heading with its stem,
the Expanding, Secure and Sustainable descriptors, the questions, then "Possible sources of
evidence". The area pages alone do not show where one level ends and the next begins; the
"Overview of maturity framework" page does, because it interleaves the areas level by level.

So the checks are:
1. every statement in the YAML occurs in the seed;
2. each area page is covered exactly, in order, by the YAML's descriptors (levels 1-4),
   questions and evidence sources (nothing dropped, nothing reordered);
3. the overview page is covered exactly by the YAML's (area, level) blocks, each block a
   contiguous run there (so every statement sits at the right level).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rubric.loader import load_builtin
from rubric.models import Framework
from tests.conftest import shared

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_824149f7d98333c5.txt"

# Statements of Area 5 (Sustainable) that only the overview page has.
OVERVIEW_ONLY = {
    ("s2ss", 4): (
        "The TSA has a clear but flexible model for S2S support.",
        "This includes the strategic identification and development of SLEs to meet known and "
        "anticipated priorities and a range of identified staff with experience of system "
        "leadership",
        "The TSA is engaged with the Collaborative Fund for wider system support and actively "
        "seeks this area of work",
    )
}

# Where the overview words a statement differently, the YAML keeps the area page's words.
# (area, level): [(area page wording, overview wording)]
OVERVIEW_WORDING = {
    ("leadership", 1): [("the Teaching School Area.", "the Teaching School element.")],
    ("itt", 4): [("selfevaluation", "self-evaluation")],
    ("s2ss", 3): [("the TSA is able to demonstrate", "the TSA can demonstrate")],
    ("s2ss", 4): [
        ("The TSA is able to call upon", "The TSA can call upon"),
        ("selfimproving", "self-improving"),
    ],
}

OVERVIEW_HEADING = (
    "S2S Support CPD ITT Infrastructure Leadership Teaching School Peer Review Framework "
    "Area: Emerging Expanding Secure Sustainable"
)


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pages() -> list[str]:
    body = shared(SEED).read_text(encoding="utf-8").split("Transcription:", 1)[1]
    # Pages are separated by blank lines and end with their page number.
    return [re.sub(r"\s+\d{1,2}$", "", norm(p)) for p in body.split("\n\n") if p.strip()]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_builtin("east-midlands-2017")


# -- the checks, as functions returning problems, so a test can show they catch errors ----


def area_page_text(pages: list[str], number: int) -> str:
    """The descriptor, question and evidence pages of one area, joined."""
    start = next(
        i
        for i, page in enumerate(pages)
        if page.startswith(f"Area {number}:") and "Emerging Expanding Secure Sustainable" in page
    )
    end = next(
        i
        for i, page in enumerate(pages)
        if i > start and page.startswith(f"Area {number}:") and "Best fit overall" in page
    )
    text = " ".join(pages[start:end])
    return text.split("Emerging Expanding Secure Sustainable", 1)[1].strip()


def consume(text: str, pieces: list[str], optional: tuple[str, ...] = ()) -> list[str]:
    """Check `text` is exactly `pieces` in order (with `optional` runs allowed between)."""
    problems = []
    rest = norm(text)
    for piece in pieces:
        for extra in optional:
            if rest.startswith(extra):
                rest = rest[len(extra) :].lstrip()
        if not rest.startswith(norm(piece)):
            problems.append(f"expected {piece[:60]!r}… but the seed has {rest[:60]!r}…")
            return problems
        rest = rest[len(norm(piece)) :].lstrip()
    if rest:
        problems.append(f"the seed goes on with text the YAML lacks: {rest[:80]!r}…")
    return problems


def area_page_problems(framework: Framework, pages: list[str]) -> list[str]:
    problems = []
    for area in framework.areas:
        text = area_page_text(pages, area.number)
        body, evidence = text.split("Possible sources of evidence", 1)
        descriptors = [
            s
            for level in framework.levels
            for s in area.levels[level]
            if s not in OVERVIEW_ONLY.get((area.id, level), ())
        ]
        heading = f"Questions to support judgement {area.question_stem}"
        found = consume(body, [*descriptors, *area.questions], optional=(heading,))
        found += consume(evidence, list(area.evidence_sources))
        if heading not in norm(body):
            found.append(f"the stem {area.question_stem!r} is not the page's")
        problems += [f"{area.heading}: {p}" for p in found]
    return problems


def overview_problems(framework: Framework, pages: list[str]) -> list[str]:
    overview = next(p for p in pages if p.startswith(OVERVIEW_HEADING))
    rest = overview.removeprefix(OVERVIEW_HEADING).strip()
    blocks = {}
    for area in framework.areas:
        for level in framework.levels:
            block = " ".join(area.levels[level])
            for ours, theirs in OVERVIEW_WORDING.get((area.id, level), ()):
                block = block.replace(ours, theirs)
            blocks[(area.id, level)] = norm(block)
    problems, order = [], []
    while rest:
        match = [key for key, block in blocks.items() if rest.startswith(block)]
        if len(match) != 1:
            problems.append(
                f"overview: no single (area, level) of the YAML starts at {rest[:70]!r}…"
            )
            break
        order.append(match[0])
        rest = rest[len(blocks.pop(match[0])) :].lstrip()
    problems += [f"overview: {key} is not a contiguous run on the page" for key in blocks]
    return problems


# -- the tests ----------------------------------------------------------------------------


def test_every_statement_in_the_yaml_occurs_in_the_seed(framework, pages):
    seed = norm(" ".join(pages))
    statements = [
        *framework.introduction.principles,
        *framework.introduction.reflective_questions,
        *framework.introduction.process,
        *(f.label for f in framework.form.school_fields + framework.form.area_fields),
    ]
    for area in framework.areas:
        statements += [s for level in area.levels.values() for s in level]
        statements += [area.question_stem, *area.questions, *area.evidence_sources, area.title]
    missing = [s for s in statements if norm(s) not in seed]
    assert missing == []
    assert len(statements) > 250


def test_each_area_page_is_covered_in_order(framework, pages):
    assert area_page_problems(framework, pages) == []


def test_each_level_is_a_contiguous_run_on_the_overview_page(framework, pages):
    assert overview_problems(framework, pages) == []


def test_overview_only_statements_are_not_on_the_area_page(framework, pages):
    for (area_id, level), statements in OVERVIEW_ONLY.items():
        area = framework.area(area_id)
        page = norm(area_page_text(pages, area.number))
        for statement in statements:
            assert statement in area.levels[level]
            assert norm(statement) not in page


def test_every_wording_difference_is_real(framework, pages):
    """The table of overview wordings has no stale entries."""
    for (area_id, level), pairs in OVERVIEW_WORDING.items():
        text = " ".join(framework.area(area_id).levels[level])
        for ours, theirs in pairs:
            assert ours in text
            assert theirs not in text


def _move(framework: Framework, area_id: str, from_level: int, to_level: int, last: bool):
    """A copy of the framework with one statement moved to a neighbouring level."""
    areas = []
    for area in framework.areas:
        if area.id == area_id:
            levels = dict(area.levels)
            source = list(levels[from_level])
            statement = source.pop(-1 if last else 0)
            target = list(levels[to_level])
            target = [statement, *target] if last else [*target, statement]
            levels[from_level], levels[to_level] = tuple(source), tuple(target)
            area = area.model_copy(update={"levels": levels})
        areas.append(area)
    return framework.model_copy(update={"areas": tuple(areas)})


@pytest.mark.parametrize("area_id", ["leadership", "infrastructure", "itt", "cpd", "s2ss"])
@pytest.mark.parametrize(
    ("from_level", "to_level", "last"),
    [(3, 4, True), (4, 3, False), (1, 2, True), (2, 1, False)],
    ids=["last-secure-to-sustainable", "first-sustainable-to-secure", "e-to-x", "x-to-e"],
)
def test_a_descriptor_moved_to_the_wrong_level_is_caught(
    framework, pages, area_id, from_level, to_level, last
):
    moved = _move(framework, area_id, from_level, to_level, last)
    # Order on the area page is unchanged, so only the overview can tell...
    assert overview_problems(moved, pages) != []
    # ...and the unmoved framework passes the same check.
    assert overview_problems(framework, pages) == []


def test_a_dropped_descriptor_is_caught(framework, pages):
    area = framework.area("cpd")
    levels = dict(area.levels)
    levels[2] = levels[2][:-1]
    dropped = framework.model_copy(
        update={
            "areas": tuple(
                a if a.id != "cpd" else a.model_copy(update={"levels": levels})
                for a in framework.areas
            )
        }
    )
    assert area_page_problems(dropped, pages) != []
