"""Block and action ids, given as Slack gives them.

Slack gives every block of a message or view a ``block_id`` and every interactive element an
``action_id`` when the app sends none, and reports those in the payloads of what people do
with them. The local Slack does the same when it keeps a message or a view: the bot's own ids
are kept, the rest get short ids that look random but come from where the blocks are kept
(`seed`), so they stay the same for as long as the message or view does. The page draws the
stored blocks, so what it sends back names a block the workspace has.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterator
from typing import Any

ALPHABET = string.ascii_letters + string.digits


def elements(blocks: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(block_id, element) for every interactive element in `blocks`."""
    for block in blocks:
        block_id = str(block.get("block_id", ""))
        if block.get("type") == "actions":
            yield from ((block_id, e) for e in block.get("elements", []))
        elif block.get("accessory"):
            yield block_id, block["accessory"]
        elif block.get("type") == "input":
            yield block_id, block["element"]


def with_ids(blocks: Any, seed: str) -> Any:
    """`blocks` (as a message or view holds them) with an id on every block and element;
    anything else (no blocks, or not a list of blocks) as it was."""
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        return blocks
    taken = {b["block_id"] for b in blocks if isinstance(b.get("block_id"), str)}
    kept = []
    for index, block in enumerate(blocks):
        block = dict(block)
        if not isinstance(block.get("block_id"), str):
            block["block_id"] = _fresh(f"{seed}/{index}", taken)
        kept.append(_with_action_ids(block, seed))
    return kept


def _with_action_ids(block: dict[str, Any], seed: str) -> dict[str, Any]:
    def named(element: Any, where: str, taken: set[str]) -> Any:
        if not isinstance(element, dict) or isinstance(element.get("action_id"), str):
            return element
        return {**element, "action_id": _fresh(f"{seed}/{block['block_id']}/{where}", taken)}

    if block.get("type") == "actions" and isinstance(block.get("elements"), list):
        taken = {str(e.get("action_id")) for e in block["elements"] if isinstance(e, dict)}
        block["elements"] = [named(e, str(i), taken) for i, e in enumerate(block["elements"])]
    elif isinstance(block.get("accessory"), dict) and block["accessory"].get("type") != "image":
        block["accessory"] = named(block["accessory"], "accessory", set())
    elif block.get("type") == "input":
        block["element"] = named(block.get("element"), "element", set())
    return block


def _fresh(seed: str, taken: set[str]) -> str:
    """Five letters and digits from `seed`, none of those `taken` (which it joins)."""
    attempt = 0
    while (found := _short(f"{seed}#{attempt}")) in taken:
        attempt += 1
    taken.add(found)
    return found


def _short(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:5])


def addressed(content: dict[str, Any], seed: str) -> dict[str, Any]:
    """A message or view as Slack keeps it: an id on each of its blocks and elements."""
    if not content.get("blocks"):
        return content
    return {**content, "blocks": with_ids(content["blocks"], seed)}
