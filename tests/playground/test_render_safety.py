"""Everything a person typed reaches the page escaped, and what the renderer doesn't
understand is refused, naming where it is."""

from __future__ import annotations

import pytest

from playground.render import Directory, Unsupported, problems, view_html
from tests.playground.blockkit import (
    HOSTILE,
    Tags,
    actions_of,
    input_block,
    md,
    option,
    plain,
    render,
)

# -- escaping ---------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere():
    view = {
        "type": "modal",
        "callback_id": HOSTILE,
        "title": plain(HOSTILE),
        "submit": plain(HOSTILE),
        "blocks": [
            {
                "type": "section",
                "block_id": HOSTILE,
                "text": md(HOSTILE),
                "fields": [md(HOSTILE), plain(HOSTILE)],
                "accessory": {
                    "type": "overflow",
                    "action_id": HOSTILE,
                    "options": [option(HOSTILE, HOSTILE)],
                },
            },
            {"type": "context", "elements": [plain(HOSTILE), md(HOSTILE)]},
            {"type": "image", "image_url": "https://x.org/a.png?" + HOSTILE, "alt_text": HOSTILE},
            input_block(
                {
                    "type": "plain_text_input",
                    "action_id": "a",
                    "initial_value": HOSTILE,
                    "placeholder": plain(HOSTILE),
                },
                block_id="i1",
                hint=plain(HOSTILE),
            ),
            input_block(
                {
                    "type": "static_select",
                    "action_id": "s",
                    "placeholder": plain(HOSTILE),
                    "option_groups": [{"label": plain(HOSTILE), "options": [option(HOSTILE, "v")]}],
                },
                block_id="i2",
            ),
            input_block(
                {
                    "type": "checkboxes",
                    "action_id": "c",
                    "options": [
                        {"text": md(HOSTILE), "value": HOSTILE, "description": md(HOSTILE)}
                    ],
                },
                block_id="i3",
            ),
            {
                "type": "rich_text",
                "elements": [
                    {
                        "type": "rich_text_section",
                        "elements": [
                            {"type": "text", "text": HOSTILE},
                            {"type": "link", "url": "javascript:x", "text": HOSTILE},
                        ],
                    }
                ],
            },
        ],
    }
    html = view_html(view, Directory(people={"U1": HOSTILE}))
    assert "<script" not in html
    assert '"onmouseover' not in html
    assert "javascript:" not in html
    tags = Tags(html)
    assert {t for t, _ in tags.tags} <= {
        "form",
        "header",
        "h1",
        "div",
        "footer",
        "button",
        "select",
        "option",
        "optgroup",
        "span",
        "img",
        "input",
        "label",
        "br",
        "strong",
        "em",
        "del",
        "code",
        "a",
    }
    assert all(not k.startswith("on") for _, attrs in tags.tags for k in attrs)
    assert HOSTILE in "".join(tags.text)  # shown, as text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/png;base64,AA", "//x.org/a"])
def test_an_image_url_that_is_not_http_is_not_emitted(url):
    html = render(
        {"type": "image", "image_url": url, "alt_text": "chart"},
        {"type": "context", "elements": [{"type": "image", "image_url": url, "alt_text": "c"}]},
    )
    assert "<img" not in html
    assert url not in html
    assert "chart" in html


def test_slack_entities_show_as_characters():
    html = render({"type": "section", "text": md("&lt;b&gt;not bold&lt;/b&gt;")})
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert "<b>" not in html


def test_data_action_round_trips_hostile_values():
    value = '{"x":"</button><script>","q":"\\"\'&"}'
    html = render(
        {
            "type": "actions",
            "block_id": 'b"<>',
            "elements": [
                {"type": "button", "text": plain("Go"), "action_id": "a&b", "value": value}
            ],
        }
    )
    assert actions_of(html) == [
        {"block_id": 'b"<>', "action_id": "a&b", "type": "button", "value": value}
    ]


# -- strictness ---------------------------------------------------------------------------

BUTTON = {"type": "button", "text": plain("Go"), "action_id": "go"}


@pytest.mark.parametrize(
    ("blocks", "path"),
    [
        (
            [{"type": "divider"}, {"type": "video", "title": plain("x")}],
            r"blocks\[1\]: type 'video'",
        ),
        (
            [{"type": "section", "text": md("x"), "accessory": {"type": "timepicker"}}],
            r"blocks\[0\]\.accessory: type 'timepicker'",
        ),
        (
            [{"type": "actions", "elements": [{**BUTTON, "colour": "red"}]}],
            r"blocks\[0\]\.elements\[0\]: unknown key 'colour'",
        ),
        (
            [{"type": "section", "text": md("x"), "mystery": 1}],
            r"blocks\[0\]: unknown key 'mystery'",
        ),
        (
            [{"type": "section", "text": {"type": "markdown", "text": "x"}}],
            r"blocks\[0\]\.text: text type 'markdown'",
        ),
        (
            [{"type": "actions", "elements": [{**BUTTON, "style": "blue"}]}],
            r"blocks\[0\]\.elements\[0\]\.style: 'blue'",
        ),
    ],
)
def test_what_is_not_understood_raises_naming_its_path(blocks, path):
    with pytest.raises(Unsupported, match=path):
        render(*blocks)


def test_positive_controls_render():
    render({"type": "divider"}, {"type": "section", "text": md("x")})
    render({"type": "actions", "elements": [BUTTON]})


def test_problems_lists_every_part_that_would_not_render():
    message = {"text": "t", "blocks": [{"type": "video"}, {"type": "divider"}, {"type": "x"}]}
    assert problems(message, "message") == ["blocks[0]: type 'video'", "blocks[2]: type 'x'"]
    assert problems({"text": "t", "blocks": [{"type": "divider"}]}, "message") == []
    assert problems({"type": "home", "blocks": []}, "modal") == ["view.type: 'home'"]
    assert problems({"type": "modal", "blocks": []}, "modal") == [
        "view: missing 'title' for type 'modal'"
    ]
