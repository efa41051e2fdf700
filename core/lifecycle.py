"""The states of a review, each defined once.

- A cycle is *in progress* until every area of the framework has a judgement, then
  *judged* (still open to change, and to challenge), then *closed* when the next begins.
- The areas are walked in the framework's order: the next area is the first not judged.
- The summary is due when every area is judged; it is posted once per cycle and updated in
  place after that.
- A peer challenge is *open* until the reviewed school responds in the thread (*answered*),
  and *resolved* when the school records the agreed outcome for its area. A challenge is
  *unresolved* while it is open or answered.
- A trio has at most three schools.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rubric.models import Area, Framework
from storage.records import Challenge, ChallengeStatus, Cycle

TRIO_SIZE = 3

# status -> the statuses it may move to, and what moves it there.
CHALLENGE_TRANSITIONS: dict[tuple[ChallengeStatus, ChallengeStatus], str] = {
    ("open", "answered"): "the reviewed school replies in the thread",
    ("open", "resolved"): "the school records the agreed outcome for the area",
    ("answered", "resolved"): "the school records the agreed outcome for the area",
}
ANSWERABLE: tuple[ChallengeStatus, ...] = ("open",)
RESOLVABLE: tuple[ChallengeStatus, ...] = ("open", "answered")


def next_area(framework: Framework, judged: Iterable[str]) -> Area | None:
    """The first area of the framework without a judgement, or None when all are judged."""
    done = set(judged)
    return next((area for area in framework.areas if area.id not in done), None)


def all_judged(framework: Framework, judged: Iterable[str]) -> bool:
    return next_area(framework, judged) is None


def judged_count(framework: Framework, judged: Iterable[str]) -> int:
    done = set(judged)
    return sum(1 for area_id in framework.area_ids if area_id in done)


def summary_due(
    framework: Framework, judged: Iterable[str], *, changed: bool, cycle: Cycle
) -> bool:
    """After a judgement: post (or update) the summary? Only when every area is judged, and
    something changed or it has never been posted."""
    return all_judged(framework, judged) and (changed or cycle.summary_ts is None)


def is_challenge(comment: Challenge) -> bool:
    """A partner's challenge that is still in the thread (not a response, not deleted)."""
    return comment.kind == "challenge" and comment.deleted_at is None


def is_closed(cycle: Cycle) -> bool:
    """A cycle closed when the next began: kept as it was, no longer challenged or agreed."""
    return cycle.status == "closed"


def is_open(comment: Challenge) -> bool:
    """A challenge the reviewed school has not answered yet."""
    return is_challenge(comment) and comment.status == "open"


def is_unresolved(comment: Challenge) -> bool:
    """A challenge not yet settled by an agreed outcome (open or answered)."""
    return is_challenge(comment) and comment.status in RESOLVABLE


@dataclass(frozen=True)
class ChallengeCounts:
    """How many challenges an area (or the general comments) has, by state."""

    total: int = 0
    open: int = 0
    unresolved: int = 0


def count_challenges(comments: Iterable[Challenge]) -> Mapping[str | None, ChallengeCounts]:
    """Per area id (None: general comments), the challenges and how many are open."""
    counts: dict[str | None, ChallengeCounts] = {}
    for comment in comments:
        if not is_challenge(comment):
            continue
        was = counts.get(comment.area_id, ChallengeCounts())
        counts[comment.area_id] = ChallengeCounts(
            total=was.total + 1,
            open=was.open + is_open(comment),
            unresolved=was.unresolved + is_unresolved(comment),
        )
    return counts
