"""Rich text blocks (what a message typed in Slack's composer carries) as HTML."""

from __future__ import annotations

from typing import Any

from playground.mrkdwn_html import BROADCASTS, EMOJI, esc, link_html, safe_url
from playground.render_elements import Ctx, Unsupported, keys, listed, string

STYLE_TAGS = {"bold": "strong", "italic": "em", "strike": "del", "code": "code"}
STYLE_KEYS = (*STYLE_TAGS, "underline", "highlight", "client_highlight", "unlink")
INLINE_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("text", "style"),
    "link": ("url", "text", "unsafe", "style"),
    "user": ("user_id", "style"),
    "usergroup": ("usergroup_id", "style"),
    "channel": ("channel_id", "style"),
    "emoji": ("name", "unicode", "skin_tone", "style"),
    "broadcast": ("range", "style"),
    "date": ("timestamp", "format", "url", "fallback", "style"),
    "color": ("value", "style"),
}


def rich_text_html(elements: list[Any], path: str, ctx: Ctx) -> str:
    return "".join(_part(e, f"{path}[{i}]", ctx) for i, e in enumerate(elements))


def _part(part: Any, path: str, ctx: Ctx) -> str:
    kind = part.get("type") if isinstance(part, dict) else None
    if kind == "rich_text_section":
        keys(part, path, ("type", "elements"))
        return f'<div class="bk-rt-section">{_inlines(part, path, ctx)}</div>'
    if kind == "rich_text_quote":
        keys(part, path, ("type", "elements", "border"))
        return f'<blockquote class="bk-quote">{_inlines(part, path, ctx)}</blockquote>'
    if kind == "rich_text_preformatted":
        keys(part, path, ("type", "elements", "border", "language"))
        return f'<pre class="bk-pre">{_inlines(part, path, ctx, pre=True)}</pre>'
    if kind == "rich_text_list":
        return _list(part, path, ctx)
    raise Unsupported(f"{path}: type {kind!r}")


def _list(part: dict[str, Any], path: str, ctx: Ctx) -> str:
    keys(part, path, ("type", "elements", "style", "indent", "offset", "border"), ("style",))
    style, indent, offset = part["style"], part.get("indent", 0), part.get("offset", 0)
    if style not in ("bullet", "ordered"):
        raise Unsupported(f"{path}.style: {style!r}")
    if not isinstance(indent, int) or not isinstance(offset, int):
        raise Unsupported(f"{path}: indent and offset are numbers")
    items = []
    for i, item in enumerate(listed(part.get("elements"), f"{path}.elements")):
        at = f"{path}.elements[{i}]"
        if not isinstance(item, dict) or item.get("type") != "rich_text_section":
            raise Unsupported(f"{at}: a list item is a rich_text_section")
        keys(item, at, ("type", "elements"))
        items.append(f"<li>{_inlines(item, at, ctx)}</li>")
    tag = "ol" if style == "ordered" else "ul"
    start = f' start="{offset + 1}"' if tag == "ol" and offset else ""
    return (
        f'<{tag} class="bk-rt-list bk-indent-{max(0, min(indent, 8))}"{start}>'
        f"{''.join(items)}</{tag}>"
    )


def _inlines(part: dict[str, Any], path: str, ctx: Ctx, *, pre: bool = False) -> str:
    out = []
    for i, element in enumerate(listed(part.get("elements"), f"{path}.elements")):
        html = _inline(element, f"{path}.elements[{i}]", ctx)
        out.append(html if pre else html.replace("\n", "<br>"))
    return "".join(out)


def _inline(element: Any, path: str, ctx: Ctx) -> str:
    kind = element.get("type") if isinstance(element, dict) else None
    if kind not in INLINE_KEYS:
        raise Unsupported(f"{path}: type {kind!r}")
    keys(element, path, ("type", *INLINE_KEYS[kind]))
    names = ctx.directory
    if kind == "text":
        html = esc(string(element.get("text"), f"{path}.text"))
    elif kind == "link":
        url = string(element.get("url"), f"{path}.url")
        label = esc(string(element.get("text") or url, f"{path}.text"))
        safe = safe_url(url)
        html = link_html(safe, label) if safe else label
    elif kind in ("user", "channel", "usergroup"):
        ident = string(element.get(f"{kind}_id"), f"{path}.{kind}_id")
        known = names.people if kind == "user" else names.channels if kind == "channel" else {}
        sign = "#" if kind == "channel" else "@"
        html = f'<span class="bk-mention">{sign}{esc(known.get(ident, ident))}</span>'
    elif kind == "emoji":
        html = esc(_emoji(element, path))
    elif kind == "broadcast":
        if element.get("range") not in BROADCASTS:
            raise Unsupported(f"{path}.range: {element.get('range')!r}")
        html = f'<span class="bk-mention bk-broadcast">@{element["range"]}</span>'
    elif kind == "date":
        shown = element.get("fallback") or str(element.get("timestamp", ""))
        html = f'<span class="bk-date">{esc(string(shown, f"{path}.fallback"))}</span>'
    else:
        html = esc(string(element.get("value"), f"{path}.value"))
    return _styled(html, element.get("style"), path)


def _emoji(element: dict[str, Any], path: str) -> str:
    name = string(element.get("name"), f"{path}.name")
    code = element.get("unicode")
    if isinstance(code, str):
        try:
            return "".join(chr(int(point, 16)) for point in code.split("-"))
        except (ValueError, OverflowError):
            pass
    return EMOJI.get(name, f":{name}:")


def _styled(html: str, style: Any, path: str) -> str:
    if style is None:
        return html
    keys(style, f"{path}.style", STYLE_KEYS)
    for key, tag in STYLE_TAGS.items():
        if style.get(key):
            css = ' class="bk-code"' if tag == "code" else ""
            html = f"<{tag}{css}>{html}</{tag}>"
    return html
