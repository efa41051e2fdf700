"""Slack Block Kit (messages, modals, the Home tab) as safe HTML for the playground's page.

Strict: a block type, element type or key the renderer does not know raises
:class:`Unsupported`, whose message names the path (``blocks[3].accessory: type 'timepicker'``);
:func:`problems` lists them instead. Every string from a payload is escaped; an image or link
address is emitted only when its scheme is safe (images http/https, links also mailto).

The HTML contract with ``static/blocks.js``:

- Every interactive element outside an input block carries ``data-action``: JSON
  ``{"block_id", "action_id", "type", "value"?}`` (``value`` for buttons that have one). Its
  ``data-action-id`` and ``data-type`` (Slack's element type) are there too.
- Buttons are ``<button class="bk-button [bk-primary|bk-danger]">``, or ``<a class="bk-button"
  href target=_blank>`` when they have a safe ``url``. A confirm dialog is ``data-confirm``: JSON
  ``{"title", "text", "confirm", "deny", "style"}`` of plain strings.
- Static selects and overflows are ``<select>`` (``multiple`` for multi selects, with
  ``data-max-selected``); each ``<option value=…>`` carries ``data-option``, the option object as
  the payload had it (Slack's ``selected_option``). Option groups are ``<optgroup>``.
  Users and conversations selects are ``<select>``s over the :class:`Directory`'s people and
  channels (the value is the id).
- Checkboxes and radio buttons are ``<div class="bk-checkboxes|bk-radio-buttons">`` of
  ``<label class="bk-choice"><input type=checkbox|radio value data-option>…</label>``.
- External selects are ``<div class="bk-external" data-external="1" data-min-query-length=N
  [multiple data-max-selected=N]>`` holding ``<span class="bk-chips">`` (the chosen options,
  each ``<span class="bk-chip" value data-option>`` with a ``.bk-chip-remove`` button), an
  ``<input class="bk-ext-query">`` and an empty ``<ul class="bk-ext-results" hidden>``.
- An input block is ``<div class="bk-input" data-block-id=… [data-dispatch="1"]
  [data-optional="1"]>``: a ``<label>``, the control with ``data-action-id`` and ``data-type``
  (and no ``data-action``), a ``.bk-hint``, and an empty
  ``<div class="bk-error" data-error-for="{block_id}">``. A plain_text_input is an
  ``<input class="bk-text">`` or, multiline, a ``<textarea class="bk-textarea">``, with
  ``maxlength``/``minlength``, ``data-trigger`` (its ``trigger_actions_on``) and, with a
  ``max_length``, a ``<div class="bk-counter">n / max</div>`` after it. A datepicker is an
  ``<input type="date" class="bk-date">`` (its value is Slack's ``selected_date``).
- A modal is ``<form class="bk-modal" data-callback-id data-view-id>``: ``<header>`` with the
  title, ``<div class="bk-modal-body">`` with the blocks, and a footer with
  ``<button type="button" class="bk-close" data-close="1">`` and, only when the view has
  ``submit``, ``<button type="submit" class="bk-submit">``. A Home view is
  ``<div class="bk-home" data-view-id>``; a message ``<div class="bk-message">``.
"""

from __future__ import annotations

from typing import Any

from playground.mrkdwn_html import Directory, esc, mrkdwn_html, plain_html
from playground.render_elements import (
    IN_ACCESSORY,
    IN_ACTIONS,
    IN_INPUT,
    Ctx,
    Unsupported,
    element_html,
    image_html,
    keys,
    listed,
    string,
    text_html,
)
from playground.render_rich import rich_text_html

__all__ = ["Directory", "Unsupported", "blocks_html", "message_html", "problems", "view_html"]

BLOCK_KEYS: dict[str, tuple[str, ...]] = {
    "header": ("text",),
    "section": ("text", "fields", "accessory", "expand"),
    "context": ("elements",),
    "divider": (),
    "actions": ("elements",),
    "image": ("image_url", "slack_file", "alt_text", "title"),
    "input": ("label", "element", "hint", "optional", "dispatch_action"),
    "rich_text": ("elements",),
    "file": ("external_id", "source"),
}
# What a message or view may carry besides its blocks: read where it matters, else the page's.
MESSAGE_KEYS = frozenset(
    {"text", "blocks", "attachments", "mrkdwn", "replace_original", "delete_original"}
    | {"response_type", "thread_ts", "reply_broadcast", "unfurl_links", "unfurl_media"}
    | {"channel", "ts", "user", "bot_id", "app_id", "type", "subtype", "team", "username"}
    | {"icon_emoji", "icon_url", "metadata", "as_user", "link_names", "parse"}
)
VIEW_KEYS = frozenset(
    {"type", "blocks", "title", "submit", "close", "callback_id", "private_metadata"}
    | {"clear_on_close", "notify_on_close", "external_id", "submit_disabled", "state"}
    | {"id", "hash", "team_id", "app_id", "bot_id", "root_view_id", "previous_view_id"}
    | {"app_installed_team_id"}
)


def blocks_html(blocks: list[dict], directory: Directory, *, form: bool = False) -> str:
    """Blocks as HTML; input blocks only with `form` (a modal or a Home tab)."""
    return _blocks(blocks, Ctx(directory, form), None)


def message_html(message: dict, directory: Directory) -> str:
    """A message: its blocks if any, else its text as mrkdwn."""
    return _message(message, Ctx(directory), None)


def view_html(view: dict, directory: Directory) -> str:
    """A modal (a form: title, blocks, submit and close) or a Home view."""
    return _view(view, Ctx(directory, form=True), None, None)


def problems(payload: dict, kind: str) -> list[str]:
    """Every part of `payload` that would not render; [] when all of it does.

    `kind` is "message", "modal" or "home".
    """
    found: list[str] = []
    try:
        if kind == "message":
            _message(payload, Ctx(Directory()), found)
        elif kind in ("modal", "home"):
            _view(payload, Ctx(Directory(), form=True), found, kind)
        else:
            raise ValueError(f"kind {kind!r}: 'message', 'modal' or 'home'")
    except Unsupported as error:
        found.append(str(error))
    return found


def _message(message: Any, ctx: Ctx, found: list[str] | None) -> str:
    keys(message, "message", MESSAGE_KEYS)
    if message.get("attachments"):
        raise Unsupported("message.attachments: attachments are not rendered")
    if message.get("blocks"):
        body = _blocks(listed(message["blocks"], "blocks"), ctx, found)
    else:
        text = string(message.get("text") or "", "message.text")
        plain = message.get("mrkdwn") is False
        body = plain_html(text) if plain else mrkdwn_html(text, ctx.directory)
        body = f'<div class="bk-text-body">{body}</div>'
    return f'<div class="bk-message">{body}</div>'


def _view(view: Any, ctx: Ctx, found: list[str] | None, kind: str | None) -> str:
    keys(view, "view", VIEW_KEYS, ("type",))
    if view["type"] not in ("modal", "home") or kind not in (None, view["type"]):
        raise Unsupported(f"view.type: {view['type']!r}")
    body = _blocks(listed(view.get("blocks", []), "blocks"), ctx, found)
    ident = esc(str(view.get("id", "")))
    if view["type"] == "home":
        return f'<div class="bk-home" data-view-id="{ident}">{body}</div>'
    if "title" not in view:
        raise Unsupported("view: missing 'title' for type 'modal'")
    title = text_html(view["title"], "view.title", ctx, plain_only=True)
    close = "Cancel"
    if "close" in view:
        close = text_html(view["close"], "view.close", ctx, plain_only=True)
    buttons = f'<button type="button" class="bk-button bk-close" data-close="1">{close}</button>'
    if "submit" in view:
        submit = text_html(view["submit"], "view.submit", ctx, plain_only=True)
        buttons += f'<button type="submit" class="bk-button bk-primary bk-submit">{submit}</button>'
    callback = esc(string(view.get("callback_id", ""), "view.callback_id"))
    return (
        f'<form class="bk-modal" data-callback-id="{callback}" data-view-id="{ident}" novalidate>'
        f'<header class="bk-modal-header"><h1 class="bk-modal-title">{title}</h1></header>'
        f'<div class="bk-modal-body">{body}</div>'
        f'<footer class="bk-modal-footer">{buttons}</footer></form>'
    )


def _blocks(blocks: list[Any], ctx: Ctx, found: list[str] | None) -> str:
    """Each block in turn; with `found`, a block that fails is listed there, not raised."""
    out = []
    for index, block in enumerate(listed(blocks, "blocks")):
        try:
            out.append(_block(block, f"blocks[{index}]", ctx, index))
        except Unsupported as error:
            if found is None:
                raise
            found.append(str(error))
    return "".join(out)


def _block(block: Any, path: str, ctx: Ctx, index: int) -> str:
    kind = block.get("type") if isinstance(block, dict) else None
    if kind not in BLOCK_KEYS:
        raise Unsupported(f"{path}: type {kind!r}")
    keys(block, path, ("type", "block_id", *BLOCK_KEYS[kind]))
    block_id = string(block.get("block_id", f"b{index}"), f"{path}.block_id")
    inner = BLOCKS[kind](block, path, ctx, block_id)
    return (
        f'<div class="bk-block bk-block-{kind.replace("_", "-")}" data-block-id="{esc(block_id)}">'
        f"{inner}</div>"
    )


def _header(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    keys(block, path, ("type", "block_id", "text"), ("text",))
    text = text_html(block["text"], f"{path}.text", ctx, plain_only=True)
    return f'<h2 class="bk-header-text">{text}</h2>'


def _section(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    if "text" not in block and "fields" not in block:
        raise Unsupported(f"{path}: a section needs 'text' or 'fields'")
    out = ""
    if "text" in block:
        out += f'<div class="bk-section-text">{text_html(block["text"], f"{path}.text", ctx)}</div>'
    if "fields" in block:
        fields = listed(block["fields"], f"{path}.fields")
        cells = "".join(
            f'<div class="bk-field">{text_html(f, f"{path}.fields[{i}]", ctx)}</div>'
            for i, f in enumerate(fields)
        )
        out += f'<div class="bk-fields">{cells}</div>'
    if "accessory" in block:
        accessory = element_html(
            block["accessory"],
            f"{path}.accessory",
            ctx,
            allowed=IN_ACCESSORY,
            block_id=block_id,
            index=0,
        )
        out = f'<div class="bk-section-main">{out}</div><div class="bk-accessory">{accessory}</div>'
    return out


def _context(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    out = []
    for i, element in enumerate(listed(block.get("elements"), f"{path}.elements")):
        at = f"{path}.elements[{i}]"
        if isinstance(element, dict) and element.get("type") == "image":
            keys(element, at, ("type", "image_url", "slack_file", "alt_text"))
            out.append(image_html(element, at, "bk-context-img"))
        else:
            out.append(f'<span class="bk-context-text">{text_html(element, at, ctx)}</span>')
    return "".join(out)


def _divider(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    return '<hr class="bk-divider">'


def _actions(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    return "".join(
        element_html(
            e, f"{path}.elements[{i}]", ctx, allowed=IN_ACTIONS, block_id=block_id, index=i
        )
        for i, e in enumerate(listed(block.get("elements"), f"{path}.elements"))
    )


def _image(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    if "alt_text" not in block:
        raise Unsupported(f"{path}: missing 'alt_text' for type 'image'")
    out = ""
    if "title" in block:
        title = text_html(block["title"], f"{path}.title", ctx, plain_only=True)
        out = f'<div class="bk-image-title">{title}</div>'
    return out + image_html(block, path, "bk-image-img")


def _input(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    if not ctx.form:
        raise Unsupported(f"{path}: an input block outside a modal or Home tab")
    keys(block, path, ("type", "block_id", *BLOCK_KEYS["input"]), ("label", "element"))
    label = text_html(block["label"], f"{path}.label", ctx, plain_only=True)
    optional = block.get("optional") is True
    if optional:
        label += ' <span class="bk-optional">(optional)</span>'
    control = element_html(
        block["element"],
        f"{path}.element",
        ctx,
        allowed=IN_INPUT,
        block_id=block_id,
        index=0,
        in_input=True,
    )
    hint = ""
    if "hint" in block:
        text = text_html(block["hint"], f"{path}.hint", ctx, plain_only=True)
        hint = f'<div class="bk-hint">{text}</div>'
    flags = (' data-dispatch="1"' if block.get("dispatch_action") else "") + (
        ' data-optional="1"' if optional else ""
    )
    ident = esc(block_id)
    return (
        f'<div class="bk-input" data-block-id="{ident}"{flags}>'
        f'<label class="bk-label">{label}</label>{control}{hint}'
        f'<div class="bk-error" data-error-for="{ident}"></div></div>'
    )


def _file(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    name = string(block.get("external_id", "file"), f"{path}.external_id")
    return f'<div class="bk-file-card">📄 {esc(name)}</div>'


def _rich_text(block: dict[str, Any], path: str, ctx: Ctx, block_id: str) -> str:
    return rich_text_html(
        listed(block.get("elements"), f"{path}.elements"), f"{path}.elements", ctx
    )


BLOCKS = {
    "header": _header,
    "section": _section,
    "context": _context,
    "divider": _divider,
    "actions": _actions,
    "image": _image,
    "input": _input,
    "rich_text": _rich_text,
    "file": _file,
}
