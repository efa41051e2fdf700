"""Hostile text, and a detector that reads everything the bot sent Slack for it.

Slack parses ``&``, ``<`` and ``>`` in mrkdwn: a message's ``text``, mrkdwn text objects, a
file's ``initial_comment``. Only a few places are never parsed and must carry the text as
typed: ``plain_text`` objects, an input's ``initial_value``, option and button values,
private_metadata, file names, titles and alt text, and a form's error messages. Everything
else a call carries is treated as parsed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

SEQUENCES = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U0HOSTILE>",
    "<https://evil.example|click>",
    "&",
    "<#C123>",
    "<!subteam^S1>",
)
HOSTILE = " ".join(SEQUENCES)
RAW = ("<!channel", "<!here", "<!everyone", "<!subteam", "<@U0HOSTILE", "<https://evil", "<#C123")
# (the bot's own ``<!date^…>`` tokens are Slack syntax it means to send)
TWICE = ("&amp;amp;", "&amp;lt;", "&amp;gt;")
ESCAPED = "&lt;!channel&gt;"
BARE_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")
PLAIN_KEYS = frozenset(
    {"initial_value", "value", "private_metadata", "filename", "title", "alt_txt", "errors"}
)


def slack_encoded(text: str) -> str:
    """`text` as Slack delivers what a person typed in a message or a command."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def strings(value: Any, path: str = "", plain: bool = False) -> Iterator[tuple[str, str, bool]]:
    """(path, text, parsed by Slack?) for every string in `value`, JSON strings decoded."""
    if isinstance(value, dict):
        plain_object = value.get("type") == "plain_text"
        for key, item in value.items():
            inner = plain or key in PLAIN_KEYS or (plain_object and key == "text")
            yield from strings(item, f"{path}.{key}", inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]", plain)
    elif isinstance(value, str):
        if value[:1] in "[{":
            try:
                decoded = json.loads(value)
            except ValueError:
                decoded = None
            if isinstance(decoded, dict | list):
                yield from strings(decoded, path, plain)
                return
        yield path, value, not plain


def problems(where: str, value: Any) -> list[str]:
    """Raw control sequences where Slack parses, entities where it does not, or escaping twice."""
    found = []
    for path, text, parsed in strings(value):
        if parsed and (any(raw in text for raw in RAW) or BARE_AMPERSAND.search(text)):
            found.append(f"raw {where}{path}: {text[:120]!r}")
        if any(twice in text for twice in TWICE):
            found.append(f"escaped twice {where}{path}: {text[:120]!r}")
        if not parsed and any(e in text for e in ("&amp;", "&lt;", "&gt;")):
            found.append(f"escaped but never parsed {where}{path}: {text[:120]!r}")
    return found


def escaped_in(value: Any) -> bool:
    """Whether the hostile text reaches a parsed place of `value`, escaped."""
    return any(parsed and ESCAPED in text for _, text, parsed in strings(value))
