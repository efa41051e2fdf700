"""Slack's Block Kit limits as data, and a checker every built view is tested against."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100  # modal or Home tab
SECTION_TEXT = 3000
SECTION_FIELD = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 3000  # each text element, as any text object
MODAL_TITLE = 24
MODAL_BUTTON = 24  # submit / close
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
BLOCK_ID = 255
OPTION_TEXT = 75
OPTION_DESCRIPTION = 75
OPTION_VALUE = 150
CHECKBOX_OPTIONS = 10
SELECT_OPTIONS = 100
INPUT_LABEL = 2000
INPUT_MAX_LENGTH = 3000
PRIVATE_METADATA = 3000
MESSAGE_TEXT = 40000
ACTIONS_ELEMENTS = 25
CONFIRM_TITLE = 100  # a confirm dialog on a button
CONFIRM_TEXT = 300
CONFIRM_BUTTON = 30


def fit(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - len(ellipsis)].rstrip() + ellipsis


def problems(payload: dict[str, Any], *, kind: str) -> list[str]:
    """Every way `payload` breaks Slack's limits. `kind` is "message", "modal" or "home"."""
    found: list[str] = []
    blocks = payload.get("blocks", [])
    most = MESSAGE_BLOCKS if kind == "message" else VIEW_BLOCKS
    if len(blocks) > most:
        found.append(f"{len(blocks)} blocks; a {kind} may have {most}")
    if kind == "message" and len(payload.get("text") or "") > MESSAGE_TEXT:
        found.append("message text too long")
    if kind == "modal":
        found += _modal(payload)
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(block_ids) != len(set(block_ids)):
        found.append(f"block ids are not unique: {sorted(block_ids)}")
    action_ids: list[str] = []
    for index, block in enumerate(blocks):
        found += [f"blocks[{index}] ({block.get('type')}): {p}" for p in _block(block, action_ids)]
    for action_id in action_ids:
        if len(action_id) > ACTION_ID:
            found.append(f"action_id {action_id[:20]!r}… too long")
    return found


def _modal(view: dict[str, Any]) -> list[str]:
    found = []
    for key, limit in (("title", MODAL_TITLE), ("submit", MODAL_BUTTON), ("close", MODAL_BUTTON)):
        if key in view and len(view[key]["text"]) > limit:
            found.append(f"{key} {view[key]['text']!r} is over {limit} characters")
    if "title" not in view:
        found.append("a modal needs a title")
    if len(view.get("private_metadata", "")) > PRIVATE_METADATA:
        found.append("private_metadata over 3000 characters")
    has_input = any(b["type"] == "input" for b in view.get("blocks", []))
    if has_input and "submit" not in view:
        found.append("a modal with inputs needs a submit button")
    return found


def _texts(block: dict[str, Any]) -> Iterator[tuple[str, str, int]]:
    kind = block["type"]
    if kind == "section":
        if "text" in block:
            yield "text", block["text"]["text"], SECTION_TEXT
        for field in block.get("fields", []):
            yield "field", field["text"], SECTION_FIELD
    elif kind == "header":
        yield "header", block["text"]["text"], HEADER_TEXT
    elif kind == "context":
        for element in block["elements"]:
            if element.get("type") in ("mrkdwn", "plain_text"):
                yield "context text", element["text"], CONTEXT_TEXT
    elif kind == "input":
        yield "label", block["label"]["text"], INPUT_LABEL


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    if block["type"] == "actions":
        return block["elements"]
    if block["type"] == "input":
        return [block["element"]]
    if "accessory" in block:
        return [block["accessory"]]
    return []


def _block(block: dict[str, Any], action_ids: list[str]) -> list[str]:
    found = []
    if len(block.get("block_id", "")) > BLOCK_ID:
        found.append("block_id too long")
    for what, text, limit in _texts(block):
        if len(text) > limit:
            found.append(f"{what} is {len(text)} characters; the limit is {limit}")
        if not text.strip():
            found.append(f"{what} is empty")
    if block["type"] == "context" and len(block["elements"]) > CONTEXT_ELEMENTS:
        found.append("too many context elements")
    if block["type"] == "actions" and len(block["elements"]) > ACTIONS_ELEMENTS:
        found.append("too many elements in actions block")
    for element in _elements(block):
        if "action_id" in element:
            action_ids.append(element["action_id"])
        found += _element(element)
    return found


def _confirm(dialog: dict[str, Any] | None) -> list[str]:
    if not dialog:
        return []
    found = []
    for key, limit in (("title", CONFIRM_TITLE), ("text", CONFIRM_TEXT)):
        if len(dialog[key]["text"]) > limit:
            found.append(f"confirm {key} over {limit}")
    for key in ("confirm", "deny"):
        if len(dialog.get(key, {}).get("text", "")) > CONFIRM_BUTTON:
            found.append(f"confirm {key} button over {CONFIRM_BUTTON}")
    return found


def _element(element: dict[str, Any]) -> list[str]:
    found = []
    kind = element["type"]
    if kind == "button":
        if len(element["text"]["text"]) > BUTTON_TEXT:
            found.append(f"button text {element['text']['text']!r} over {BUTTON_TEXT}")
        if len(element.get("value", "")) > BUTTON_VALUE:
            found.append("button value too long")
        found += _confirm(element.get("confirm"))
    options = element.get("options", [])
    if kind == "checkboxes" and len(options) > CHECKBOX_OPTIONS:
        found.append(f"{len(options)} checkboxes; the limit is {CHECKBOX_OPTIONS}")
    if len(options) > SELECT_OPTIONS:
        found.append("too many options")
    for option in options + element.get("initial_options", []):
        if len(option["text"]["text"]) > OPTION_TEXT:
            found.append(f"option text {option['text']['text'][:30]!r}… over {OPTION_TEXT}")
        if len(option.get("description", {}).get("text", "")) > OPTION_DESCRIPTION:
            found.append("option description too long")
        if len(option["value"]) > OPTION_VALUE:
            found.append("option value too long")
    if kind == "plain_text_input" and element.get("max_length", 0) > INPUT_MAX_LENGTH:
        found.append("input max_length over 3000")
    return found
