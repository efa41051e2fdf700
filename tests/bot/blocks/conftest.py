"""Fixtures for the Block Kit builders: the longest content, checked against Slack's limits."""

from __future__ import annotations

import json

import pytest

from bot import limits
from core import standing
from core.review import AreaView
from storage.records import Challenge, Cycle, HistoryEntry, Judgement, School

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
AREAS = ["leadership", "infrastructure", "itt", "cpd", "s2ss"]


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


def standing_with(framework, judgements, **recorded):
    """A standing of SCHOOL in CYCLE with these judgements (and anything else recorded)."""
    return standing.assemble(
        framework, school=SCHOOL, cycle=CYCLE, judgements=judgements, **recorded
    )


def area_view(area, *, judged_count=3, judgement=None, last=None, **shown):
    """An area's message as it is shown (`shown`: expanded, moved_to, message)."""
    return AreaView(
        school=SCHOOL,
        cycle=CYCLE,
        area=area,
        judged_count=judged_count,
        judgement=judgement,
        last=last,
        **shown,
    )


def check(payload, kind):
    found = limits.problems(payload, kind=kind)
    assert found == []
    json.dumps(payload)  # plain data only


@pytest.fixture(params=AREAS)
def area(request, framework):
    """Each area in turn: every builder is checked with every area's real content."""
    return framework.area(request.param)


def history_by(judgements, people):
    """A history in which each of `people` recorded something (for "Completed by")."""
    entries = []
    for n, person in enumerate(people):
        j = list(judgements.values())[n % len(judgements)]
        entries.append(
            HistoryEntry(
                **{k: getattr(j, k) for k in ("cycle_id", "area_id", "level", "evidence")},
                key_actions=j.key_actions,
                evidence_sources=j.evidence_sources,
                evidence_links=j.evidence_links,
                actions_done=j.actions_done,
                id=n,
                previous_level=None,
                changed_by=person,
                changed_at=j.recorded_at,
                kind="self_evaluation",
                reason=None,
            )
        )
    return entries


def challenges_on(area_ids, each=3, text=LONGEST):
    """Open challenges by different partners on each area (and general ones)."""
    return [
        Challenge(
            id=n,
            cycle_id=7,
            area_id=area_id,
            author_id=f"UP{n}",
            author_school_id=2,
            kind="challenge",
            text=text,
            view="above",
            suggested_level=1,
            status="open",
            channel_id="C1",
            ts=f"1.{n}",
            thread_ts="1.0",
            created_at="2026-11-24T09:00:00+00:00",
            edited_at=None,
            deleted_at=None,
        )
        for n, area_id in enumerate(a for a in [*area_ids, None] for _ in range(each))
    ]
