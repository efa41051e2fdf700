"""Checks shared by the storage API; each failure is an InvalidError a person can read."""

from __future__ import annotations

from collections.abc import Iterable

from rubric.models import Area, Framework
from storage.errors import InvalidError
from storage.records import MAX_TEXT_CHARS


def text(value: str | None, field: str, *, required: bool, limit: int = MAX_TEXT_CHARS) -> str:
    """Trimmed text within `limit` characters; refused when required and empty."""
    if value is not None and not isinstance(value, str):
        raise InvalidError(f"{field} must be text.")
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidError(f"{field} is required.")
    if len(cleaned) > limit:
        raise InvalidError(
            f"{field} is {len(cleaned):,} characters long; the most is {limit:,}. "
            "Shorten it, or link to a longer document."
        )
    return cleaned


def area(framework: Framework, area_id: str) -> Area:
    if not isinstance(area_id, str) or not framework.has_area(area_id):
        raise InvalidError(
            f"{area_id!r} is not an area of the framework. The areas are: "
            + ", ".join(f"{a.number} {a.title}" for a in framework.areas)
            + "."
        )
    return framework.area(area_id)


def level(framework: Framework, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in framework.scale:
        choices = ", ".join(framework.level_text(n) for n in framework.levels)
        raise InvalidError(f"{value!r} is not a maturity level. Choose one of: {choices}.")
    return value


def evidence_sources(area_: Area, chosen: Iterable[str]) -> tuple[str, ...]:
    """The chosen sources, in the framework's order; each must be one of the area's."""
    chosen = list(chosen)
    unknown = [c for c in chosen if c not in area_.evidence_sources]
    if unknown:
        raise InvalidError(
            f"{unknown[0][:80]!r} is not one of the possible sources of evidence for {area_.title}."
        )
    return tuple(s for s in area_.evidence_sources if s in chosen)


def links(values: Iterable[str]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    total = sum(len(v) for v in cleaned)
    if total > MAX_TEXT_CHARS:
        raise InvalidError(
            f"The links add up to {total:,} characters; the most is {MAX_TEXT_CHARS:,}."
        )
    return cleaned
