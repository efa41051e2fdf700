"""Rows as plain, immutable records, named after the workbook's ideas."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

# Slack's limit for a plain-text input, and so the most a person can type in one field.
MAX_TEXT_CHARS = 3000
MAX_NAME_CHARS = 80

CycleStatus = Literal["in_progress", "judged", "closed"]
JudgementKind = Literal["self_evaluation", "after_challenge"]
ChallengeKind = Literal["challenge", "response"]
ChallengeStatus = Literal["open", "answered", "resolved"]
ChallengeView = Literal["above", "in_line", "below"]
InvitationState = Literal["pending", "accepted", "declined", "withdrawn"]


@dataclass(frozen=True)
class School:
    id: int
    name: str
    created_by: str
    created_at: str
    team_id: str | None = None
    channel_id: str | None = None
    reminders_enabled: bool = True


@dataclass(frozen=True)
class Trio:
    id: int
    channel_id: str
    name: str | None
    school_ids: tuple[int, ...]


@dataclass(frozen=True)
class Cycle:
    id: int
    school_id: int
    number: int
    framework_id: str
    framework_version: str
    status: CycleStatus
    started_by: str
    started_at: str
    completed_at: str | None = None
    closed_at: str | None = None
    summary_channel: str | None = None
    summary_ts: str | None = None
    last_reminded_at: str | None = None


@dataclass(frozen=True)
class _JudgementValues:
    """What a school records for one area of a cycle."""

    cycle_id: int
    area_id: str
    level: int
    evidence: str
    key_actions: str
    evidence_sources: tuple[str, ...]
    evidence_links: tuple[str, ...]
    actions_done: tuple[str, ...]


@dataclass(frozen=True)
class Judgement(_JudgementValues):
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class HistoryEntry(_JudgementValues):
    """One change of a judgement, as appended to the history."""

    id: int
    previous_level: int | None
    changed_by: str
    changed_at: str
    kind: JudgementKind
    reason: str | None


@dataclass(frozen=True)
class Challenge:
    id: int
    cycle_id: int
    area_id: str | None
    author_id: str
    author_school_id: int | None
    kind: ChallengeKind
    text: str
    view: ChallengeView | None
    suggested_level: int | None
    status: ChallengeStatus
    channel_id: str
    ts: str
    thread_ts: str | None
    created_at: str
    edited_at: str | None
    deleted_at: str | None


@dataclass(frozen=True)
class AreaOutcome:
    cycle_id: int
    area_id: str
    decision: Literal["stands", "revised"]
    level: int
    reason: str
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class CycleOutcome:
    cycle_id: int
    successes: str
    improvements: str
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class Invitation:
    """A school asked to join another school's trio."""

    id: int
    trio_id: int
    school_id: int  # the school invited
    from_school_id: int  # the school inviting
    invited_by: str
    state: InvitationState
    created_at: str
    answered_by: str | None = None
    answered_at: str | None = None


def from_row(cls: type, row: dict[str, Any]) -> Any:
    """Build a record from a row, decoding the JSON list columns."""
    values = dict(row)
    for key in ("evidence_sources", "evidence_links", "actions_done"):
        if key in values:
            values[key] = tuple(json.loads(values[key] or "[]"))
    values.pop("trio_id", None)
    if "reminders_enabled" in values:
        values["reminders_enabled"] = bool(values["reminders_enabled"])
    return cls(**values)
