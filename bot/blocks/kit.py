"""The small pieces every surface is built from. Pure functions returning plain dicts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from bot.limits import BUTTON_TEXT, CONTEXT_TEXT, HEADER_TEXT, MODAL_TITLE, SECTION_TEXT, fit
from bot.mrkdwn import cut_point
from bot.mrkdwn import escape as escape  # builders escape what people typed (bot.mrkdwn)
from bot.mrkdwn import fit as fit_mrkdwn
from core.clock import timestamp, uk_date

Block = dict[str, Any]


def plain(text: str, limit: int | None = None) -> dict[str, Any]:
    """Text Slack shows as it is, never parsed: raw text, not escaped."""
    return {"type": "plain_text", "text": fit(text, limit) if limit else text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    """`text` is mrkdwn: what a person typed in it was escaped by the builder."""
    return {"type": "mrkdwn", "text": text}


def section(text: str, **extra: Any) -> Block:
    return {"type": "section", "text": mrkdwn(fit_mrkdwn(text, SECTION_TEXT)), **extra}


def sections(text: str, **extra: Any) -> list[Block]:
    """Long mrkdwn split over as many sections as it needs, at line breaks where possible."""
    out = []
    for index, chunk in enumerate(chunks(text, SECTION_TEXT)):
        out.append(section(chunk, **({k: f"{v}_{index}" for k, v in extra.items()})))
    return out


def chunks(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = cut_point(text, limit) or limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    return [*parts, text] if text else parts


def choice_input(
    block_id: str, label: str, element: Block, chosen: Sequence[dict[str, Any]]
) -> Block:
    """An optional input block around a checkbox or select element, with its initial choices."""
    if chosen:
        element = {**element, "initial_options": list(chosen)}
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": plain(label),
        "element": element,
    }


def context(*texts: str) -> Block:
    """Small grey lines; each `text` is mrkdwn, cut (escapes and all) within Slack's limit."""
    return {"type": "context", "elements": [mrkdwn(fit_mrkdwn(t, CONTEXT_TEXT)) for t in texts]}


def divider() -> Block:
    return {"type": "divider"}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def button(text: str, action_id: str, value: dict[str, Any] | None = None, **extra: Any) -> Block:
    element: Block = {"type": "button", "text": plain(text, BUTTON_TEXT), "action_id": action_id}
    if value is not None:
        element["value"] = encode(value)
    return {**element, **extra}


def encode(value: dict[str, Any]) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {escape(item)}" for item in items)


def shape(level: int | None, top: int) -> str:
    """A text bar for a level: ■■■□ for 3 of 4; □□□□ when not judged."""
    filled = level or 0
    return "■" * filled + "□" * (top - filled)


def modal_title(text: str) -> dict[str, Any]:
    return plain(text, MODAL_TITLE)


def when(iso: str) -> str:
    """A stored timestamp as a date in mrkdwn: Slack shows it in each reader's own time zone
    and locale; where it can't (an old client, a notification), the UK date: 24 Nov 2026."""
    return f"<!date^{timestamp(iso)}^{{date_short}}|{uk_date(iso)}>"


def build_notice(text: str) -> dict[str, Any]:
    """A short message (ephemeral reply, refusal, confirmation); `text` is mrkdwn."""
    return {"text": text, "blocks": [section(text)]}


def said_modal(callback_id: str, title: str, text: str) -> dict[str, Any]:
    """A form once it is done (or could not be): a title, what happened (mrkdwn), Done."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": modal_title(title),
        "close": plain("Done"),
        "blocks": [section(text)],
    }
