"""Parsing what Slack sends: button values, private_metadata, command text, view state.

Values the bot put in a button or a modal come back from the client, so they are checked
like any input: anything malformed, forged or out of date raises :class:`BadPayload` with a
sentence for the person who clicked.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import STALE


class BadPayload(ValueError):
    """A payload that cannot be trusted or understood; ``str()`` is for the user."""


MAX_ID = 2**63 - 1  # SQLite's largest integer: no row has a larger id, none can be asked for
Id = Annotated[int, Field(gt=0, le=MAX_ID)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class AreaRef(_Strict):
    """Which area of which cycle a button or form is about (and the level, for a choice)."""

    c: Id
    a: str = Field(min_length=1, max_length=40)
    l: int | None = None  # noqa: E741 - kept short: it travels in every button value


class JudgementMeta(_Strict):
    """private_metadata of the judgement modal: the area, and the message to update."""

    c: Id
    a: str = Field(min_length=1, max_length=40)
    ch: str | None = Field(default=None, max_length=40)
    ts: str | None = Field(default=None, max_length=40)


class CycleRef(_Strict):
    """A button or form about a whole cycle (the summary's buttons)."""

    c: Id


class InvitationRef(_Strict):
    """A button about an invitation to a trio."""

    i: Id


class SchoolRef(_Strict):
    """A button about a school (the Home tab's "Leave the trio")."""

    s: Id


class RefileRef(_Strict):
    """The re-file menu on a reply's note: the reply, and where to file it."""

    k: Id
    a: str = Field(min_length=1, max_length=40)


class SetupMeta(_Strict):
    s: Id | None = None


class AllianceRef(_Strict):
    """A button about an alliance (the lead's Home: open a round, nudge, export)."""

    a: Id


def parse_json(raw: Any, model: type[_Strict]) -> Any:
    if not isinstance(raw, str) or len(raw) > 3000:
        raise BadPayload(STALE)
    try:
        return model.model_validate(json.loads(raw))
    except (ValueError, ValidationError, TypeError):
        raise BadPayload(STALE) from None


def chosen_ids(options: Any) -> list[int] | None:
    """The ids behind the options chosen in a select the bot filled with ``str(id)`` (the
    setup form's partner picker); None when any value is not one the bot could have sent:
    not plain ASCII digits (a sign, a space, an exponent, another script's digits), a
    leading zero, or past any id."""
    if not isinstance(options, list):
        return None
    found = []
    for option in options:
        value = option.get("value") if isinstance(option, dict) else None
        ok = isinstance(value, str) and value.isascii() and value.isdigit()
        if not ok or len(value) > len(str(MAX_ID)) or not 0 < int(value) <= MAX_ID:
            return None
        if str(int(value)) != value:
            return None
        found.append(int(value))
    return found


def split_command(text: str | None) -> tuple[str, str]:
    """``"area  3"`` -> ``("area", "3")``; empty text is ``("", "")``."""
    words = (text or "").strip().split(maxsplit=1)
    if not words:
        return "", ""
    return words[0].lower(), (words[1].strip() if len(words) > 1 else "")


def state_value(view: dict[str, Any], block_id: str, action_id: str) -> dict[str, Any]:
    """The state of one input of a submitted view ({} when absent)."""
    values = view.get("state", {}).get("values", {})
    found = values.get(block_id, {}).get(action_id, {})
    return found if isinstance(found, dict) else {}


def text_value(view: dict[str, Any], block_id: str, action_id: str) -> str:
    value = state_value(view, block_id, action_id).get("value")
    return value if isinstance(value, str) else ""


def selected(view: dict[str, Any], block_id: str, action_id: str) -> str | None:
    """The value of the option chosen in a select or radio input, or None."""
    option = state_value(view, block_id, action_id).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None


class AlliancePage(_Strict):
    """A page button of the lead's view: the alliance and the page (0 is the first)."""

    a: Id
    p: int = Field(ge=0, le=1000)


class ShareRef(_Strict):
    """A school's Home: share its evidence with its alliance's leads (`on`) or stop."""

    s: Id
    on: bool


class AllianceMeta(_Strict):
    """The alliance setup form: the alliance it invites to (None: a new alliance)."""

    a: Id | None = None


def chosen_date(view: dict[str, Any], block_id: str, action_id: str) -> date | None:
    """The day picked in a datepicker; None when none was (or it is not a date)."""
    value = state_value(view, block_id, action_id).get("selected_date")
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
