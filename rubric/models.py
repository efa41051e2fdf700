"""The framework as data: pydantic models for a peer review maturity framework.

A framework file (YAML) is validated into these models by :mod:`rubric.loader`. The models
know nothing about Slack or storage; they answer questions about the framework itself:
which areas it has, what a level is called, which area a user meant by "itt" or "area 3".
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
Statements = Annotated[tuple[Text, ...], Field(min_length=1)]

OverallRule = Literal["floor", "round", "min"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FormField(_Strict):
    """A field of the paper workbook, e.g. "Date of peer challenge"."""

    key: Identifier
    label: Text


class Form(_Strict):
    school_fields: Annotated[tuple[FormField, ...], Field(min_length=1)]
    area_fields: Annotated[tuple[FormField, ...], Field(min_length=1)]


class Introduction(_Strict):
    principles: tuple[Text, ...] = ()
    reflective_questions: tuple[Text, ...] = ()
    process: tuple[Text, ...] = ()


class DiagnosticRules(_Strict):
    """How area scores become an overall rating.

    floor: the level the mean rounds down to; round: the nearest level (halves up);
    min: the lowest area score.
    """

    overall_rule: OverallRule = "floor"


class Area(_Strict):
    id: Identifier
    number: Annotated[int, Field(ge=1)]
    short_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)
    ]
    title: Text
    aliases: tuple[Text, ...] = ()
    levels: dict[int, Statements]
    question_stem: Text
    questions: Statements
    evidence_sources: Statements

    @property
    def heading(self) -> str:
        """ "Area 3: Initial Teacher Training (ITT)", as the workbook heads its pages."""
        name = self.title
        if self.short_name.casefold() != self.title.casefold():
            name = f"{self.title} ({self.short_name})"
        return f"Area {self.number}: {name}"

    def names(self) -> tuple[str, ...]:
        """Every name a person may use for this area, as typed (not case-folded)."""
        return (self.id, self.short_name, self.title, *self.aliases)


class Framework(_Strict):
    id: Identifier
    title: Text
    source: Text
    version: Text
    scale: dict[int, Text]
    diagnostic: DiagnosticRules = DiagnosticRules()
    introduction: Introduction = Introduction()
    form: Form
    areas: Annotated[tuple[Area, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        # Raised as ValueError so pydantic collects it; the message starts with the path of
        # the bad field because a model-level validator has no location of its own.
        levels = sorted(self.scale)
        if levels != list(range(1, len(levels) + 1)):
            raise ValueError(f"scale: levels must be numbered 1, 2, 3… without gaps, not {levels}")
        if len(levels) < 2:
            raise ValueError("scale: a maturity scale needs at least two levels")
        seen_names: dict[str, str] = {}
        for index, area in enumerate(self.areas):
            where = f"areas[{index}]"
            if area.number != index + 1:
                raise ValueError(
                    f"{where}.number: areas must be numbered in order; expected "
                    f"{index + 1}, found {area.number}"
                )
            missing = [n for n in levels if n not in area.levels]
            extra = [n for n in area.levels if n not in self.scale]
            if missing:
                raise ValueError(
                    f"{where}.levels.{missing[0]}: descriptors for level {missing[0]} "
                    f"({self.scale[missing[0]]}) are missing"
                )
            if extra:
                raise ValueError(
                    f"{where}.levels.{extra[0]}: level {extra[0]} is not on the scale "
                    f"({', '.join(str(n) for n in levels)})"
                )
            for name in area.names():
                key = name.casefold()
                if key in seen_names and seen_names[key] != area.id:
                    raise ValueError(
                        f"{where}: the name {name!r} is also used by area {seen_names[key]!r}"
                    )
                seen_names[key] = area.id
        return self

    # -- questions about the framework -------------------------------------------------

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(sorted(self.scale))

    @property
    def area_ids(self) -> tuple[str, ...]:
        return tuple(area.id for area in self.areas)

    def label(self, level: int) -> str:
        """The name of a level: 3 -> "Secure". KeyError for a level not on the scale."""
        return self.scale[level]

    def level_text(self, level: int) -> str:
        """ "Secure (3)", as the workbook writes a judgement."""
        return f"{self.scale[level]} ({level})"

    def area(self, area_id: str) -> Area:
        """The area with this exact id. KeyError for an id not in the framework."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def has_area(self, area_id: str) -> bool:
        return area_id in self.area_ids

    def find_area(self, text: str) -> Area | None:
        """The area a person means by `text`, or None.

        Accepts the number ("3", "area 3"), the id, short name, title or an alias, ignoring
        case and surrounding space: "itt", "ITT", "Initial Teacher Training", "Area 3".
        """
        wanted = " ".join(text.split()).casefold()
        match = re.fullmatch(r"(?:area\s*)?(\d+)", wanted)
        if match:
            number = int(match.group(1))
            return next((a for a in self.areas if a.number == number), None)
        for area in self.areas:
            if wanted in (name.casefold() for name in area.names()):
                return area
        return None
