"""Slack's text as the page shows it: mrkdwn and plain_text to safe HTML.

Slack sends mrkdwn with ``&``, ``<`` and ``>`` escaped as ``&amp;``, ``&lt;``, ``&gt;``; a raw
``<`` only opens one of its tokens (``<@U1>``, ``<#C1|name>``, ``<!here>``,
``<https://x|label>``). Here the tokens are resolved first, then Slack's entities are undone and
everything is HTML-escaped exactly once, so ``&lt;b&gt;`` shows as the text ``<b>``.

Every string is treated as hostile: nothing from the payload reaches the HTML unescaped, and a
link's address is emitted only when it is http, https or mailto.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# The shortcodes the bot's own text and reactions use (its text writes emoji as Unicode
# today), and common ones people react with; any other shortcode stays as text.
EMOJI = {
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "x": "❌",
    "warning": "⚠️",
    "speech_balloon": "💬",
    "wave": "👋",
    "tada": "🎉",
    "eyes": "👀",
    "thumbsup": "👍",
    "+1": "👍",
    "bulb": "💡",
    "memo": "📝",
    "bar_chart": "📊",
    "chart_with_upwards_trend": "📈",
    "school": "🏫",
    "lock": "🔒",
    "bell": "🔔",
    "arrow_up": "⬆️",
    "arrow_down": "⬇️",
    "hourglass": "⌛",
    "thumbsdown": "👎",
    "-1": "👎",
    "heart": "❤️",
    "pray": "🙏",
    "clap": "👏",
    "raised_hands": "🙌",
    "ok_hand": "👌",
    "muscle": "💪",
    "100": "💯",
    "fire": "🔥",
    "rocket": "🚀",
    "star": "⭐",
    "pushpin": "📌",
    "question": "❓",
    "smile": "😄",
    "slightly_smiling_face": "🙂",
    "thinking_face": "🤔",
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
BROADCASTS = frozenset({"here", "channel", "everyone"})

_SENTINEL = re.compile("[\ue000\ue001]")
_TOKEN = re.compile(r"<([^<>\n]*)>")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_PRE = re.compile(r"```(.*?)```", re.DOTALL)
_CODE = re.compile(r"`([^`\n]+)`")
_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")
_QUOTE = re.compile(r"^(?:>|&gt;) ?")


def _span(marker: str) -> re.Pattern[str]:
    m = re.escape(marker)
    return re.compile(rf"(?<![\w{m}]){m}(?=\S)([^{m}\n]*?\S){m}(?![\w{m}])")


_STYLES = ((_span("*"), "strong"), (_span("_"), "em"), (_span("~"), "del"))


@dataclass(frozen=True)
class Directory:
    """The names the page shows: everything optional."""

    people: Mapping[str, str] = field(default_factory=dict)  # user id -> display name
    channels: Mapping[str, str] = field(default_factory=dict)  # channel id -> name, no '#'


def esc(text: str) -> str:
    """Text (or an attribute value) for HTML: every special character escaped."""
    return html.escape(text, quote=True)


def unescape_slack(text: str) -> str:
    """Slack's three entities back to the characters a person typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def safe_url(url: str, schemes: frozenset[str] = LINK_SCHEMES) -> str | None:
    """`url` if its scheme is one of `schemes` and it has no space or control character."""
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in schemes or (scheme != "mailto" and not urlsplit(url).netloc):
        return None
    return url


def emoji(text: str) -> str:
    """Known ``:shortcodes:`` as Unicode; any other stays as it is."""
    return _SHORTCODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def link_html(url: str, label_html: str) -> str:
    """A link that opens in a new tab; `url` must already be safe."""
    return (
        f'<a class="bk-link" href="{esc(url)}" target="_blank" rel="noopener noreferrer">'
        f"{label_html}</a>"
    )


def plain_html(text: str, *, emoji_codes: bool = False) -> str:
    """A plain_text object's text: shown literally, escaped, newlines kept."""
    out = esc(text)
    if emoji_codes:
        out = emoji(out)
    return out.replace("\n", "<br>")


def mrkdwn_html(text: str, directory: Directory) -> str:
    """Slack mrkdwn as HTML, the way Slack shows it."""
    tokens: list[str] = []

    def stash(match: re.Match[str]) -> str:
        tokens.append(_token(match.group(1), directory))
        return f"\ue000{len(tokens) - 1}\ue001"

    text = _TOKEN.sub(stash, _SENTINEL.sub("\ufffd", text))
    parts = []
    last = 0
    for block in _PRE.finditer(text):
        parts.append(_lines(text[last : block.start()]))
        code = esc(unescape_slack(block.group(1).strip("\n")))
        parts.append(f'<pre class="bk-pre">{code}</pre>')
        last = block.end()
    parts.append(_lines(text[last:]))
    return _PLACEHOLDER.sub(lambda m: tokens[int(m.group(1))], "".join(parts))


def mrkdwn_plain(text: str, directory: Directory) -> str:
    """mrkdwn as the plain string it reads as (for a confirm dialog shown with textContent)."""
    rendered = mrkdwn_html(text, directory).replace("<br>", "\n")
    return html.unescape(re.sub(r"<[^>]*>", "", rendered))


def _lines(text: str) -> str:
    """Text outside code blocks: quote lines grouped, the rest joined by <br>."""
    if not text:
        return ""
    out: list[str] = []
    quoted: list[str] = []
    for line in text.split("\n"):
        if _QUOTE.match(line):
            quoted.append(_inline(_QUOTE.sub("", line, count=1)))
            continue
        if quoted:
            out.append(f'<blockquote class="bk-quote">{"<br>".join(quoted)}</blockquote>')
            quoted = []
        out.append(_inline(line) + "<br>")
    if quoted:
        out.append(f'<blockquote class="bk-quote">{"<br>".join(quoted)}</blockquote>')
    elif out:
        out[-1] = out[-1].removesuffix("<br>")
    return "".join(out)


def _inline(text: str) -> str:
    parts = []
    last = 0
    for code in _CODE.finditer(text):
        parts.append(_styled(text[last : code.start()]))
        parts.append(f'<code class="bk-code">{esc(unescape_slack(code.group(1)))}</code>')
        last = code.end()
    parts.append(_styled(text[last:]))
    return "".join(parts)


def _styled(text: str) -> str:
    out = esc(unescape_slack(text))
    for pattern, tag in _STYLES:
        out = pattern.sub(rf"<{tag}>\1</{tag}>", out)
    return emoji(out)


def _token(body: str, directory: Directory) -> str:
    """One ``<…>`` token as HTML; what isn't understood is shown as the text it is."""
    target, _, label = body.partition("|")
    shown = esc(unescape_slack(label)) if label else ""
    if target.startswith("@"):
        user = target[1:]
        name = directory.people.get(user) or label or user
        return f'<span class="bk-mention">@{esc(unescape_slack(name))}</span>'
    if target.startswith("#"):
        channel = target[1:]
        name = label or directory.channels.get(channel) or channel
        return f'<span class="bk-mention">#{esc(unescape_slack(name))}</span>'
    if target.startswith("!"):
        command = target[1:]
        if command in BROADCASTS:
            return f'<span class="bk-mention bk-broadcast">@{command}</span>'
        if command.startswith("subteam^"):
            return f'<span class="bk-mention">{shown or "@" + esc(command[8:])}</span>'
        if command.startswith("date^") and label:
            return f'<span class="bk-date">{shown}</span>'
        return esc(unescape_slack(label or f"<{body}>"))
    url = safe_url(unescape_slack(target))
    if url is None:
        return shown or esc(unescape_slack(target))
    return link_html(url, shown or esc(url))
