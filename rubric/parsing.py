"""Understanding what people write: which area a comment is about, and ratings questions.

Plain rules over a :class:`Framework`, no Slack. A comment is attributed to an area when it
names exactly one, by number ("Area 3"), title ("Initial Teacher Training"), short name or
alias (ITT, CPD, S2SS, S2S, leadership, infrastructure), in any case; a comment that names
none, or several different areas, is "general" (``None``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rubric.models import Area, Framework

_MENTION = re.compile(r"<[@#!][^>]*>")  # Slack user/channel/special mentions
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _clean(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text or "").split())


def _name_pattern(name: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in name.split())
    # Whole words only: "ITT" but not "submitted"; "ITT's" and "ITTs" still count.
    return re.compile(rf"(?<![\w-]){words}(?:'?s)?(?![\w-])", re.IGNORECASE)


def mentioned_areas(framework: Framework, text: str) -> list[Area]:
    """The distinct areas named in `text`, in the order they are first named."""
    text = _clean(text)
    found: list[tuple[int, Area]] = []
    for match in re.finditer(r"\barea\s*(\d+|one|two|three|four|five)\b", text, re.IGNORECASE):
        word = match.group(1).lower()
        number = _NUMBERS.get(word) or int(word)
        area = next((a for a in framework.areas if a.number == number), None)
        if area is not None:
            found.append((match.start(), area))
    for area in framework.areas:
        # Longest names first, so "S2S Support" is one mention, not "S2S" plus more.
        for name in sorted(set(area.names()) - {area.id} | {area.id}, key=len, reverse=True):
            match = _name_pattern(name).search(text)
            if match:
                found.append((match.start(), area))
                break
    ordered: list[Area] = []
    for _, area in sorted(found, key=lambda pair: pair[0]):
        if area not in ordered:
            ordered.append(area)
    return ordered


def attribute_area(framework: Framework, text: str) -> Area | None:
    """The one area a comment is about, or None for a general comment."""
    areas = mentioned_areas(framework, text)
    return areas[0] if len(areas) == 1 else None


# -- questions to the bot -----------------------------------------------------------------

Intent = Literal["ratings", "help", "unknown"]

_RATINGS = re.compile(
    r"\b(ratings?|rated|scores?|scored|levels?|maturity|judge?ments?|judged|overall|"
    r"progress|standing|stand|status|shape|summary|results?|how\s+(?:are|is|did|do)\b|"
    r"where\s+(?:are|is|do)\b)",
    re.IGNORECASE,
)
_HELP = re.compile(r"\b(help|what can you do|commands?|how do i|how does this work)\b", re.I)
_FOR_SCHOOL = re.compile(
    r"\b(?:for|of|about|at)\s+(?!us\b|our\b|we\b|me\b|my\b|the\b|area\b)"
    r"([A-Za-z][\w'&.-]*(?:\s+[A-Za-z][\w'&.-]*){0,5})",
    re.IGNORECASE,
)
_OWN = re.compile(r"\b(we|our|us|my|me)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    intent: Intent
    area: Area | None = None
    school: str | None = None  # a known school name the question is about
    school_hint: str | None = None  # words naming a school we don't know


def match_school(text: str, school_names: Sequence[str]) -> str | None:
    """The known school a text names, forgivingly: case, spacing, small typos, short forms."""
    wanted = " ".join(_clean(text).casefold().split())
    if not wanted:
        return None
    by_key = {" ".join(n.casefold().split()): n for n in school_names}
    for key, name in sorted(by_key.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", wanted):
            return name
    # A school's first word alone ("Hillmead" for "Hillmead Primary"), if it is unique.
    firsts: dict[str, list[str]] = {}
    for key, name in by_key.items():
        firsts.setdefault(key.split()[0], []).append(name)
    words = re.findall(r"[\w'&.-]+", wanted)
    for word in words:
        if len(firsts.get(word, [])) == 1 and len(word) >= 4:
            return firsts[word][0]
    # Small typos: a word close to a unique first word or to a whole name.
    for word in words:
        close = difflib.get_close_matches(word, list(firsts), n=1, cutoff=0.85)
        if close and len(firsts[close[0]]) == 1 and len(word) >= 5:
            return firsts[close[0]][0]
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.85)
    return by_key[close[0]] if close else None


def understand(framework: Framework, text: str, school_names: Sequence[str] = ()) -> Question:
    """What someone asking the bot wants: their ratings (maybe one area, maybe a school)."""
    cleaned = _clean(text)
    if not cleaned:
        return Question("help")
    area = attribute_area(framework, cleaned)
    school = match_school(cleaned, school_names)
    hint = None
    if school is None:
        found = _FOR_SCHOOL.search(cleaned)
        if found and not _RATINGS.fullmatch(found.group(1)):
            candidate = found.group(1).strip(" ?!.")
            if (
                framework.find_area(candidate) is None
                and attribute_area(framework, candidate) is None
            ):
                hint = candidate
    asks_ratings = bool(_RATINGS.search(cleaned)) or (area is not None and "?" in cleaned)
    if asks_ratings or (school is not None and "?" in cleaned):
        return Question("ratings", area=area, school=school, school_hint=hint)
    if _HELP.search(cleaned):
        return Question("help")
    return Question("unknown", area=area, school=school)


def is_own(text: str) -> bool:
    """Does the question speak of the asker's own school ("our", "we")?"""
    return bool(_OWN.search(_clean(text)))
