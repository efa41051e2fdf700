"""The workbook's diagnostic: scores per area -> maturity ratings, priorities and shift.

Plain functions over a :class:`Framework` and a mapping ``area id -> level``; no storage, no
Slack. The overall rule is data in the framework (``diagnostic.overall_rule``):

- ``floor``: the level the mean rounds *down* to (Secure overall only with a mean >= 3.0);
- ``round``: the nearest level, halves rounding up;
- ``min``: the lowest area score.

No overall rating is given until every area is judged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from rubric.models import Area, Framework, OverallRule


class ScoreError(ValueError):
    """Scores that do not fit the framework (unknown area, level off the scale)."""


@dataclass(frozen=True)
class AreaRating:
    area: Area
    level: int | None
    label: str | None

    @property
    def judged(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class Overall:
    mean: Fraction
    level: int
    label: str
    rule: OverallRule

    @property
    def mean_text(self) -> str:
        """The mean to one decimal place, halves up: "2.6"."""
        return format_mean(self.mean)


@dataclass(frozen=True)
class Diagnostic:
    areas: tuple[AreaRating, ...]
    overall: Overall | None
    missing: tuple[Area, ...]

    @property
    def judged_count(self) -> int:
        return sum(1 for rating in self.areas if rating.judged)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def progress_text(self) -> str:
        """ "3 of 5 areas judged"."""
        return f"{self.judged_count} of {len(self.areas)} areas judged"

    @property
    def missing_text(self) -> str:
        """Why there is no overall rating yet: "Still to judge: ITT, CPD"."""
        if not self.missing:
            return ""
        return "Still to judge: " + ", ".join(area.short_name for area in self.missing)


@dataclass(frozen=True)
class Priority:
    area: Area
    level: int
    label: str
    key_actions: str


@dataclass(frozen=True)
class AreaShift:
    area: Area
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        return _difference(self.before, self.after)

    @property
    def arrow(self) -> str:
        """↑ up, ↓ down, = same, – when either cycle has no judgement for the area."""
        change = self.change
        if change is None:
            return "–"
        return "↑" if change > 0 else "↓" if change < 0 else "="


@dataclass(frozen=True)
class Shift:
    areas: tuple[AreaShift, ...]
    overall_before: Overall | None
    overall_after: Overall | None

    @property
    def mean_change(self) -> Fraction | None:
        before, after = self.overall_before, self.overall_after
        return _difference(before and before.mean, after and after.mean)

    @property
    def level_change(self) -> int | None:
        before, after = self.overall_before, self.overall_after
        return _difference(before and before.level, after and after.level)


def _difference(before, after):
    """after - before, or None when either is unknown."""
    return None if before is None or after is None else after - before


def format_mean(value: Fraction) -> str:
    """A mean (or a change of mean) to one decimal place, halves away from zero."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def check_scores(framework: Framework, scores: Mapping[str, int]) -> None:
    """Raise ScoreError unless every key is an area id and every value a scale level."""
    for area_id, level in scores.items():
        if not framework.has_area(area_id):
            raise ScoreError(
                f"{area_id!r} is not an area of {framework.title}; "
                f"the areas are {', '.join(framework.area_ids)}"
            )
        if isinstance(level, bool) or not isinstance(level, int) or level not in framework.scale:
            raise ScoreError(
                f"{level!r} is not a level of the scale for {area_id!r}; "
                f"choose {', '.join(framework.level_text(n) for n in framework.levels)}"
            )


def overall_level(rule: OverallRule, scores: Sequence[int]) -> int:
    """The overall level of a complete set of scores by the named rule."""
    if not scores:
        raise ScoreError("an overall rating needs at least one score")
    if rule == "min":
        return min(scores)
    mean = Fraction(sum(scores), len(scores))
    if rule == "floor":
        return math.floor(mean)
    return math.floor(mean + Fraction(1, 2))


def overall(framework: Framework, scores: Mapping[str, int]) -> Overall | None:
    """The overall rating, or None while any area is unjudged."""
    check_scores(framework, scores)
    if any(area_id not in scores for area_id in framework.area_ids):
        return None
    values = [scores[area_id] for area_id in framework.area_ids]
    rule = framework.diagnostic.overall_rule
    level = overall_level(rule, values)
    return Overall(
        mean=Fraction(sum(values), len(values)),
        level=level,
        label=framework.label(level),
        rule=rule,
    )


def diagnose(framework: Framework, scores: Mapping[str, int]) -> Diagnostic:
    """Per-area ratings, the overall rating (when complete) and what is still missing."""
    check_scores(framework, scores)
    ratings = tuple(
        AreaRating(
            area=area,
            level=scores.get(area.id),
            label=framework.label(scores[area.id]) if area.id in scores else None,
        )
        for area in framework.areas
    )
    missing = tuple(area for area in framework.areas if area.id not in scores)
    return Diagnostic(areas=ratings, overall=overall(framework, scores), missing=missing)


def priorities(
    framework: Framework, scores: Mapping[str, int], key_actions: Mapping[str, str] | None = None
) -> list[Priority]:
    """Judged areas, lowest score first, ties in framework order, with their key actions."""
    check_scores(framework, scores)
    key_actions = key_actions or {}
    judged = [area for area in framework.areas if area.id in scores]
    judged.sort(key=lambda area: scores[area.id])  # stable: framework order breaks ties
    return [
        Priority(
            area=area,
            level=scores[area.id],
            label=framework.label(scores[area.id]),
            key_actions=key_actions.get(area.id, ""),
        )
        for area in judged
    ]


def shift(framework: Framework, before: Mapping[str, int], after: Mapping[str, int]) -> Shift:
    """How each area and the overall rating moved from one cycle to the next."""
    return Shift(
        areas=tuple(
            AreaShift(area=area, before=before.get(area.id), after=after.get(area.id))
            for area in framework.areas
        ),
        overall_before=overall(framework, before),
        overall_after=overall(framework, after),
    )
