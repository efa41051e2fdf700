"""Block Kit composition objects and interactive elements as HTML (see :mod:`playground.render`
for the contract the page's JavaScript relies on)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from playground.mrkdwn_html import (
    Directory,
    esc,
    link_html,
    mrkdwn_html,
    mrkdwn_plain,
    plain_html,
    safe_url,
)

IMAGE_SCHEMES = frozenset({"http", "https"})


class Unsupported(ValueError):
    """A part of a payload the renderer does not understand; str() names its path."""


@dataclass(frozen=True)
class Ctx:
    directory: Directory
    form: bool = False


def keys(obj: Any, path: str, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
    """`obj` is a dict with only `allowed` keys and every `required` one."""
    if not isinstance(obj, dict):
        raise Unsupported(f"{path}: expected an object, got {type(obj).__name__}")
    kind = f" for type {obj['type']!r}" if isinstance(obj.get("type"), str) else ""
    for key in obj:
        if key not in allowed:
            raise Unsupported(f"{path}: unknown key {key!r}{kind}")
    for key in required:
        if key not in obj:
            raise Unsupported(f"{path}: missing {key!r}{kind}")


def listed(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise Unsupported(f"{path}: expected a list")
    return value


def string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise Unsupported(f"{path}: expected a string")
    return value


def attr_json(value: Any) -> str:
    """A value as JSON inside a double-quoted HTML attribute."""
    return esc(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


# -- composition objects ---------------------------------------------------------------


def text_html(obj: Any, path: str, ctx: Ctx, *, plain_only: bool = False) -> str:
    """A text object (plain_text, or mrkdwn unless `plain_only`) as HTML."""
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind == "plain_text":
        keys(obj, path, ("type", "text", "emoji"), ("text",))
        return plain_html(string(obj["text"], f"{path}.text"), emoji_codes=bool(obj.get("emoji")))
    if kind == "mrkdwn" and not plain_only:
        keys(obj, path, ("type", "text", "verbatim"), ("text",))
        return mrkdwn_html(string(obj["text"], f"{path}.text"), ctx.directory)
    raise Unsupported(f"{path}: text type {kind!r}")


def text_plain(obj: Any, path: str, ctx: Ctx) -> str:
    """A text object as the plain string it reads as."""
    text_html(obj, path, ctx)  # checks it
    if obj["type"] == "mrkdwn":
        return mrkdwn_plain(obj["text"], ctx.directory)
    return obj["text"]


def confirm_attr(obj: Any, path: str, ctx: Ctx) -> str:
    """A confirm dialog as `data-confirm` JSON of plain strings."""
    keys(obj, path, ("title", "text", "confirm", "deny", "style"), ("title", "text"))
    style = obj.get("style", "primary")
    if style not in ("primary", "danger"):
        raise Unsupported(f"{path}.style: {style!r}")
    dialog = {
        "title": text_plain(obj["title"], f"{path}.title", ctx),
        "text": text_plain(obj["text"], f"{path}.text", ctx),
        "confirm": text_plain(obj["confirm"], f"{path}.confirm", ctx)
        if "confirm" in obj
        else "Yes",
        "deny": text_plain(obj["deny"], f"{path}.deny", ctx) if "deny" in obj else "Cancel",
        "style": style,
    }
    return f' data-confirm="{attr_json(dialog)}"'


def option_checked(obj: Any, path: str, ctx: Ctx) -> dict[str, Any]:
    keys(obj, path, ("text", "value", "description", "url"), ("text", "value"))
    text_html(obj["text"], f"{path}.text", ctx)
    string(obj["value"], f"{path}.value")
    if "description" in obj:
        text_html(obj["description"], f"{path}.description", ctx)
    return obj


def options_of(element: dict[str, Any], path: str, ctx: Ctx) -> list[tuple[str | None, list]]:
    """An element's options as (group label HTML or None, [(path, option)])."""
    if "option_groups" in element:
        groups = []
        for g, group in enumerate(listed(element["option_groups"], f"{path}.option_groups")):
            at = f"{path}.option_groups[{g}]"
            keys(group, at, ("label", "options"), ("label", "options"))
            text_html(group["label"], f"{at}.label", ctx, plain_only=True)
            label = esc(group["label"]["text"])
            items = listed(group["options"], f"{at}.options")
            groups.append((label, [(f"{at}.options[{i}]", o) for i, o in enumerate(items)]))
        return groups
    items = listed(element.get("options", []), f"{path}.options")
    return [(None, [(f"{path}.options[{i}]", o) for i, o in enumerate(items)])]


def chosen_values(element: dict[str, Any], path: str, ctx: Ctx) -> set[str]:
    """The values of initial_option / initial_options."""
    found = []
    if "initial_option" in element:
        found.append(option_checked(element["initial_option"], f"{path}.initial_option", ctx))
    for i, o in enumerate(listed(element.get("initial_options", []), f"{path}.initial_options")):
        found.append(option_checked(o, f"{path}.initial_options[{i}]", ctx))
    return {o["value"] for o in found}


def option_attrs(option: dict[str, Any]) -> str:
    """What the page's script reads back as Slack's selected_option."""
    return f' value="{esc(option["value"])}" data-option="{attr_json(option)}"'


# -- elements --------------------------------------------------------------------------

COMMON = "type action_id "
SELECT = COMMON + "placeholder confirm focus_on_load "
MANY = "initial_options max_selected_items "
CONVERSATIONS = SELECT + "default_to_current_conversation filter "
# Each element type's keys, as Slack's reference lists them.
ALLOWED: dict[str, tuple[str, ...]] = {
    kind: tuple(names.split())
    for kind, names in {
        "button": COMMON + "text value style url confirm accessibility_label",
        "overflow": COMMON + "options confirm",
        "checkboxes": COMMON + "options initial_options confirm focus_on_load",
        "radio_buttons": COMMON + "options initial_option confirm focus_on_load",
        "static_select": SELECT + "options option_groups initial_option",
        "multi_static_select": SELECT + MANY + "options option_groups",
        "external_select": SELECT + "initial_option min_query_length",
        "multi_external_select": SELECT + MANY + "min_query_length",
        "users_select": SELECT + "initial_user",
        "multi_users_select": SELECT + "initial_users max_selected_items",
        "conversations_select": CONVERSATIONS + "initial_conversation response_url_enabled",
        "multi_conversations_select": CONVERSATIONS + "initial_conversations max_selected_items",
        "plain_text_input": COMMON
        + "placeholder initial_value multiline min_length max_length dispatch_action_config "
        + "focus_on_load",
        "image": "type image_url slack_file alt_text",
        "datepicker": SELECT + "initial_date",
    }.items()
}
IN_ACTIONS = frozenset(ALLOWED) - {"plain_text_input", "image"}
IN_ACCESSORY = frozenset(ALLOWED) - {"plain_text_input"}
IN_INPUT = frozenset(ALLOWED) - {"button", "overflow", "image"}
FILTER_KEYS = ("include", "exclude_external_shared_channels", "exclude_bot_users")
DISPATCH_TRIGGERS = frozenset({"on_enter_pressed", "on_character_entered"})


def element_html(
    element: Any,
    path: str,
    ctx: Ctx,
    *,
    allowed: frozenset[str],
    block_id: str,
    index: int,
    in_input: bool = False,
) -> str:
    """An element in an actions block, a section's accessory or an input block; outside an
    input block it carries `data-action`."""
    kind = element.get("type") if isinstance(element, dict) else None
    if kind not in allowed:
        raise Unsupported(f"{path}: type {kind!r}")
    keys(element, path, ALLOWED[kind], ("type",))
    if kind == "image":
        return image_html(element, path, "bk-accessory-img")
    action_id = string(element.get("action_id", f"{block_id}-{index}"), f"{path}.action_id")
    data = f' data-action-id="{esc(action_id)}" data-type="{esc(kind)}"'
    if "confirm" in element:
        data += confirm_attr(element["confirm"], f"{path}.confirm", ctx)
    if element.get("focus_on_load"):
        data += " autofocus"
    if not in_input:
        action: dict[str, Any] = {"block_id": block_id, "action_id": action_id, "type": kind}
        if kind == "button" and "value" in element:
            action["value"] = string(element["value"], f"{path}.value")
        data += f' data-action="{attr_json(action)}"'
    return RENDERERS[kind](element, path, ctx, data, f"{block_id}:{action_id}")


def image_html(obj: dict[str, Any], path: str, css: str) -> str:
    """An image (block or element): its address only when http(s), else its alt text."""
    alt = esc(string(obj.get("alt_text", ""), f"{path}.alt_text"))
    if "slack_file" in obj:
        keys(obj["slack_file"], f"{path}.slack_file", ("url", "id"))
        url = obj["slack_file"].get("url")
    elif "image_url" in obj:
        url = obj["image_url"]
    else:
        raise Unsupported(f"{path}: missing 'image_url' or 'slack_file'")
    src = safe_url(string(url, f"{path}.image_url"), IMAGE_SCHEMES) if url else None
    if src is None:
        return f'<span class="{css} bk-image-missing" role="img" aria-label="{alt}">{alt}</span>'
    return f'<img class="{css}" src="{esc(src)}" alt="{alt}" loading="lazy">'


def _button(el: dict[str, Any], path: str, ctx: Ctx, data: str, name: str) -> str:
    if "text" not in el:
        raise Unsupported(f"{path}: missing 'text' for type 'button'")
    label = text_html(el["text"], f"{path}.text", ctx, plain_only=True)
    style = el.get("style")
    if style not in (None, "primary", "danger"):
        raise Unsupported(f"{path}.style: {style!r}")
    css = "bk-button" + (f" bk-{style}" if style else "")
    if "accessibility_label" in el:
        data += f' aria-label="{esc(string(el["accessibility_label"], path))}"'
    url = safe_url(string(el["url"], f"{path}.url")) if "url" in el else None
    if url:
        return link_html(url, label).replace('class="bk-link"', f'class="{css}"{data}', 1)
    return f'<button type="button" class="{css}"{data}>{label}</button>'


def _select_options(el: dict[str, Any], path: str, ctx: Ctx, chosen: set[str]) -> str:
    out = []
    for label, items in options_of(el, path, ctx):
        rows = []
        for at, option in items:
            option_checked(option, at, ctx)
            shown = text_plain(option["text"], f"{at}.text", ctx)
            selected = " selected" if option["value"] in chosen else ""
            rows.append(f"<option{option_attrs(option)}{selected}>{esc(shown)}</option>")
        out.append(f'<optgroup label="{label}">{"".join(rows)}</optgroup>' if label else "")
        out[-1] = out[-1] or "".join(rows)
    return "".join(out)


def _placeholder(el: dict[str, Any], path: str, ctx: Ctx, default: str = "Select an item") -> str:
    """The placeholder, escaped for an attribute or an <option>."""
    if "placeholder" in el:
        text_html(el["placeholder"], f"{path}.placeholder", ctx, plain_only=True)
        return esc(el["placeholder"]["text"])
    return default


def _multi(el: dict[str, Any], path: str) -> str:
    if not el["type"].startswith("multi_"):
        return ""
    most = el.get("max_selected_items")
    if most is not None and not isinstance(most, int):
        raise Unsupported(f"{path}.max_selected_items: expected a number")
    return " multiple" + (f' data-max-selected="{most}"' if most else "")


def _static_select(el: dict[str, Any], path: str, ctx: Ctx, data: str, name: str) -> str:
    chosen = chosen_values(el, path, ctx)
    blank = "" if chosen or _multi(el, path) else _blank(el, path, ctx)
    body = _select_options(el, path, ctx, chosen)
    return f'<select class="bk-select"{data}{_multi(el, path)}>{blank}{body}</select>'


def _blank(el: dict[str, Any], path: str, ctx: Ctx) -> str:
    return f'<option value="" selected disabled>{_placeholder(el, path, ctx)}</option>'


def _directory_select(el: dict[str, Any], path: str, ctx: Ctx, data: str, name: str) -> str:
    people = el["type"].endswith("users_select")
    names = ctx.directory.people if people else ctx.directory.channels
    key = "initial_user" if people else "initial_conversation"
    if el["type"].startswith("multi_"):
        chosen = listed(el.get(key + "s", []), f"{path}.{key}s")
    else:
        chosen = [el[key]] if key in el else []
    for i, value in enumerate(chosen):
        string(value, f"{path}.{key}[{i}]")
    if "filter" in el:
        keys(el["filter"], f"{path}.filter", FILTER_KEYS)
    blank = "" if chosen or _multi(el, path) else _blank(el, path, ctx)
    shown = dict(names)
    shown.update({c: c for c in chosen if c not in names})  # an id the page has no name for
    rows = [
        f'<option value="{esc(ident)}"{" selected" if ident in chosen else ""}>'
        f"{'' if people else '#'}{esc(label)}</option>"
        for ident, label in shown.items()
    ]
    return f'<select class="bk-select"{data}{_multi(el, path)}>{blank}{"".join(rows)}</select>'


def _external_select(el: dict[str, Any], path: str, ctx: Ctx, data: str, name: str) -> str:
    chosen = []
    if "initial_option" in el:
        chosen.append(option_checked(el["initial_option"], f"{path}.initial_option", ctx))
    for i, o in enumerate(listed(el.get("initial_options", []), f"{path}.initial_options")):
        chosen.append(option_checked(o, f"{path}.initial_options[{i}]", ctx))
    least = el.get("min_query_length", 3)
    if not isinstance(least, int):
        raise Unsupported(f"{path}.min_query_length: expected a number")
    chips = "".join(
        f'<span class="bk-chip"{option_attrs(o)}>{esc(text_plain(o["text"], path, ctx))}'
        '<button type="button" class="bk-chip-remove" aria-label="Remove">×</button></span>'
        for o in chosen
    )
    return (
        f'<div class="bk-external" data-external="1"{data}{_multi(el, path)}'
        f' data-min-query-length="{least}"><span class="bk-chips">{chips}</span>'
        f'<input type="text" class="bk-ext-query" autocomplete="off"'
        f' placeholder="{_placeholder(el, path, ctx, "Type to search")}">'
        '<ul class="bk-ext-results" hidden></ul></div>'
    )


def _choices(el: dict[str, Any], path: str, ctx: Ctx, data: str, name: str) -> str:
    """Checkboxes or radio buttons: option texts may be mrkdwn, with descriptions."""
    kind = "checkbox" if el["type"] == "checkboxes" else "radio"
    chosen = chosen_values(el, path, ctx)
    rows = []
    for _, items in options_of(el, path, ctx):
        for at, option in items:
            option_checked(option, at, ctx)
            about = option.get("description")
            note = (
                f'<span class="bk-description">{text_html(about, f"{at}.description", ctx)}</span>'
                if about
                else ""
            )
            checked = " checked" if option["value"] in chosen else ""
            rows.append(
                f'<label class="bk-choice"><input type="{kind}" name="{esc(name)}"'
                f"{option_attrs(option)}{checked}>"
                f'<span class="bk-choice-text">{text_html(option["text"], at, ctx)}{note}'
                "</span></label>"
            )
    return f'<div class="bk-{el["type"].replace("_", "-")}"{data}>{"".join(rows)}</div>'


def _overflow(el: dict[str, Any], path: str, ctx: Ctx, data: str, name: str) -> str:
    menu = '<option value="" selected disabled>⋯</option>' + _select_options(el, path, ctx, set())
    return f'<select class="bk-overflow" aria-label="More actions"{data}>{menu}</select>'


def _text_input(el: dict[str, Any], path: str, ctx: Ctx, data: str, name: str) -> str:
    attrs = data
    for key in ("min_length", "max_length"):
        if key in el:
            if not isinstance(el[key], int):
                raise Unsupported(f"{path}.{key}: expected a number")
            attrs += f' {key.replace("_", "")}="{el[key]}"'
    if "placeholder" in el:
        attrs += f' placeholder="{_placeholder(el, path, ctx)}"'
    if "dispatch_action_config" in el:
        config = el["dispatch_action_config"]
        keys(config, f"{path}.dispatch_action_config", ("trigger_actions_on",))
        triggers = listed(config.get("trigger_actions_on", []), f"{path}.dispatch_action_config")
        if not set(triggers) <= DISPATCH_TRIGGERS:
            raise Unsupported(f"{path}.dispatch_action_config: triggers {triggers!r}")
        attrs += f' data-trigger="{esc(" ".join(triggers))}"'
    value = string(el.get("initial_value", ""), f"{path}.initial_value")
    if el.get("multiline"):
        control = f'<textarea class="bk-textarea"{attrs}>{esc(value)}</textarea>'
    else:
        control = f'<input type="text" class="bk-text"{attrs} value="{esc(value)}">'
    if "max_length" in el:
        control += f'<div class="bk-counter">{len(value)} / {el["max_length"]}</div>'
    return control


def _datepicker(el: dict[str, Any], path: str, ctx: Ctx, data: str, name: str) -> str:
    """A date input; the page's script reads its value back as Slack's selected_date."""
    day = string(el.get("initial_date", ""), f"{path}.initial_date")
    if day and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise Unsupported(f"{path}.initial_date: expected YYYY-MM-DD")
    return f'<input type="date" class="bk-date"{data} value="{esc(day)}">'


RENDERERS: dict[str, Callable[[dict[str, Any], str, Ctx, str, str], str]] = {
    "button": _button,
    "overflow": _overflow,
    "checkboxes": _choices,
    "radio_buttons": _choices,
    "static_select": _static_select,
    "multi_static_select": _static_select,
    "external_select": _external_select,
    "multi_external_select": _external_select,
    "users_select": _directory_select,
    "multi_users_select": _directory_select,
    "conversations_select": _directory_select,
    "multi_conversations_select": _directory_select,
    "plain_text_input": _text_input,
    "datepicker": _datepicker,
}
