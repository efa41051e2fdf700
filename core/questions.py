"""Questions people ask the bot ("what are our ratings?"), and who may see which answer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from sqlite_utils import Database

import storage
from core import standing
from core.policy import Action, refusal, relation, schools_allowing, shown_to_all_readers
from rubric.models import Area, Framework
from rubric.parsing import match_school, understand
from storage.records import School

Kind = Literal[
    "help",
    "how_to",
    "unknown",
    "unknown_school",
    "no_school",
    "forbidden",
    "not_started",
    "ratings",
]

# A question about using the bot: how to do something, or what something means.
_HOW = re.compile(
    r"\b(?:how\s+(?:do|can|should|would|could|does)\s+(?:i|we|you|one|partners?)|how\s+to"
    r"|where\s+do\s+(?:i|we)|can\s+(?:i|we)|is\s+there\s+a\s+way|what\s+(?:do|does)\b.*\bmean"
    r"|explain)\b",
    re.IGNORECASE,
)
# Asking to see ratings, however it is put ("Can I see Oakfield's levels?"): a see-word with
# a ratings word or a school's name. Not when asking what something means.
_SEE = re.compile(r"\b(?:see|view|look\s+at|show|check|compare|know)\b", re.IGNORECASE)
_RATED = re.compile(r"\b(?:ratings?|scores?|levels?|standing|results?|judge?ments?)\b", re.I)
_MEANS = re.compile(r"\bwhat\s+(?:do|does)\b.*\bmean|\bexplain\b", re.IGNORECASE)
# "How do I / how can I …" asks how to use the bot, whatever it goes on to name ("How can I
# see the level descriptors again?"); a question with no topic of ours still gets ratings.
_HOW_DO = re.compile(r"\bhow\s+(?:do|can|should|would|could|does)\b|\bhow\s+to\b", re.I)
# What it is about, the first that fits: (topic, words). What the levels are comes last,
# so "how do I change our level?" is about changing it.
_TOPICS = tuple(
    (topic, re.compile(words, re.IGNORECASE))
    for topic, words in (
        ("setup", r"\b(set\s*up|members?|colleagues?|partners?|trio|invite|channel|rename)\b"),
        ("challenge", r"\b(challeng\w*|disagree)"),
        ("outcomes", r"\b(outcomes?|agreed|revis\w*)\b"),
        ("new_cycle", r"\b(new|next)\s+(review\s+)?cycle\b|\bstart\s+again\b|\bnext\s+year\b"),
        ("export", r"\b(export\w*|download\w*|workbook|spreadsheet|excel|csv)\b"),
        ("reminders", r"\bremind\w*"),
        ("change", r"\b(change|edit|update|correct|fix|amend|redo)\b"),
        ("start", r"\b(start|begin|carry\s+on|continue|resume|self-?evaluat\w*)\b"),
        ("levels", r"\b(levels?|emerging|expanding|secure|sustainable|maturity|scale)\b"),
    )
)


@dataclass(frozen=True)
class Answer:
    kind: Kind
    standing: standing.Standing | None = None
    area: Area | None = None
    school: School | None = None
    asked_for: str | None = None  # a school name we could not find
    visible: list[School] = field(default_factory=list)  # schools whose ratings they may see
    refusal: str | None = None
    topic: str | None = None  # for "how_to": what the question is about (see _TOPICS)
    asked_in: str | None = None  # set when the answer must go to the asker alone: where
    # they asked, a channel where not every reader may see the school
    evidence_withheld: str | None = None  # why the ratings come without the evidence (a
    # lead of the school's alliance, which does not share its evidence with its leads)


def visible_schools(db: Database, user_id: str) -> list[School]:
    """Whose ratings the person may see (their own school and its trio partners)."""
    return schools_allowing(db, user_id, Action.SEE_RATINGS)


def answer(db: Database, framework: Framework, user_id: str, text: str) -> Answer:
    """What to answer `text` (a mention or a DM) from `user_id`."""
    visible = visible_schools(db, user_id)  # matched forgivingly; any other by its name
    topic = how_to(text, [s.name for s in visible])
    if topic is not None:
        return Answer(kind="how_to", topic=topic)
    question = understand(framework, text, [s.name for s in visible])
    if question.intent in ("help", "unknown"):
        return Answer(kind=question.intent)
    if question.school is None and question.school_hint is not None:
        named = storage.find_school(db, question.school_hint)
        if named is None:
            return Answer(kind="unknown_school", asked_for=question.school_hint, visible=visible)
        return ratings(db, framework, user_id, named.name, area=question.area)
    return ratings(db, framework, user_id, question.school, area=question.area)


def how_to(text: str, school_names: Sequence[str] = ()) -> str | None:
    """The topic of a question about using the bot ("How do I change my evidence?" is
    "change", "What do the levels mean?" is "levels"); None for anything else, ratings
    questions included ("how are we doing?", "Can we see our partners' ratings?", "Can I
    see Oakfield's levels?" when Oakfield is among `school_names`)."""
    text = text or ""
    if not _HOW.search(text) or _asks_for_ratings(text, school_names):
        return None
    return next((topic for topic, words in _TOPICS if words.search(text)), None)


def _asks_for_ratings(text: str, school_names: Sequence[str]) -> bool:
    if _MEANS.search(text) or _HOW_DO.search(text) or not _SEE.search(text):
        return False
    return bool(_RATED.search(text)) or match_school(text, school_names) is not None


def ratings(
    db: Database,
    framework: Framework,
    user_id: str,
    school_name: str | None,
    *,
    area: Area | None = None,
) -> Answer:
    """The ratings of the school named (forgivingly), or of the person's own school."""
    if school_name is None:
        mine = storage.schools_of(db, user_id)
        if not mine:
            return Answer(kind="no_school")
        target = mine[0]
    else:
        target = storage.find_school(db, school_name)
        if target is None:  # not the exact name: a short form or a small typo of one they see?
            matched = match_school(school_name, [s.name for s in visible_schools(db, user_id)])
            target = storage.find_school(db, matched) if matched else None
        if target is None:
            return Answer(
                kind="unknown_school", asked_for=school_name, visible=visible_schools(db, user_id)
            )
    stance = relation(db, user_id, target)
    why = refusal(stance, Action.SEE_RATINGS, target.name)
    if why is not None:
        return Answer(kind="forbidden", school=target, refusal=why)
    found = standing.of_school(db, framework, target.id)
    if found is None:
        return Answer(kind="not_started", school=target)
    withheld = refusal(stance, Action.SEE_EVIDENCE, target.name)
    return Answer(
        kind="ratings", standing=found, area=area, school=target, evidence_withheld=withheld
    )


def answer_once(
    db: Database,
    framework: Framework,
    user_id: str,
    text: str,
    *,
    channel: str,
    ts: str,
    direct: bool,
) -> Answer | None:
    """The answer to a message in `channel` (`direct`: the bot's DM), or None if that
    message was answered already. A school's ratings asked for where not every reader may
    see them come back with `asked_in` set: answer the asker alone.

    Slack may deliver one message more than once (retries, or as both ``app_mention`` and
    ``message``); call this inside the transaction that enqueues the reply.
    """
    if not storage.claim_event(db, f"question:{channel}:{ts}"):
        return None
    found = answer(db, framework, user_id, text)
    school = found.school if found.kind == "ratings" else None
    if school is not None and not shown_to_all_readers(db, school, channel, direct=direct):
        return replace(found, asked_in=channel)
    return found
