"""Block Kit as the playground's page shows it: each block and element, and the data the
page's script reads back."""

from __future__ import annotations

import json

import pytest

from playground.render import Unsupported, message_html, view_html
from tests.playground import blockkit
from tests.playground.blockkit import Tags, actions_of, input_block, md, option, plain, render

# -- blocks ----------------------------------------------------------------------------


def test_header_divider_and_context():
    html = render(
        {"type": "header", "text": plain("Area 1 of 5")},
        {"type": "divider"},
        {
            "type": "context",
            "elements": [
                md("*Hillmead* · <@U1>"),
                plain("*as typed*"),
                {"type": "image", "image_url": "https://x.org/i.png", "alt_text": "logo"},
            ],
        },
    )
    assert '<h2 class="bk-header-text">Area 1 of 5</h2>' in html
    assert '<hr class="bk-divider">' in html
    assert '<strong>Hillmead</strong> · <span class="bk-mention">@Ann</span>' in html
    assert "*as typed*" in html
    assert Tags(html).find("img", src="https://x.org/i.png", alt="logo")


def test_section_text_fields_and_button_accessory():
    html = render(
        {
            "type": "section",
            "block_id": "judged",
            "text": md("✅ *Secure*"),
            "fields": [md("*Level*"), plain("3")],
            "accessory": {
                "type": "button",
                "text": plain("Change"),
                "action_id": "change",
                "value": '{"c":1}',
            },
        }
    )
    assert "<strong>Secure</strong>" in html
    assert html.count('class="bk-field"') == 2
    assert actions_of(html) == [
        {"block_id": "judged", "action_id": "change", "type": "button", "value": '{"c":1}'}
    ]


def test_actions_buttons_styles_url_and_confirm():
    confirm = {
        "title": plain("Leave the trio?"),
        "text": md("Your *partners* are told."),
        "confirm": plain("Leave"),
        "deny": plain("Stay"),
        "style": "danger",
    }
    html = render(
        {
            "type": "actions",
            "block_id": "home",
            "elements": [
                {"type": "button", "text": plain("Go"), "action_id": "go", "style": "primary"},
                {
                    "type": "button",
                    "text": plain("Leave"),
                    "action_id": "leave",
                    "style": "danger",
                    "confirm": confirm,
                },
                {
                    "type": "button",
                    "text": plain("Docs"),
                    "action_id": "docs",
                    "url": "https://x.org/docs",
                },
            ],
        }
    )
    tags = Tags(html)
    assert tags.find("button", class_="bk-button bk-primary")
    (leave,) = tags.find("button", class_="bk-button bk-danger")
    assert json.loads(leave["data-confirm"]) == {
        "title": "Leave the trio?",
        "text": "Your partners are told.",
        "confirm": "Leave",
        "deny": "Stay",
        "style": "danger",
    }
    (link,) = tags.find("a", href="https://x.org/docs")
    assert link["target"] == "_blank"
    assert link["rel"] == "noopener noreferrer"
    assert [a["action_id"] for a in actions_of(html)] == ["go", "leave", "docs"]


def test_static_select_with_groups_and_initial_option():
    html = render(
        {
            "type": "actions",
            "block_id": "pick",
            "elements": [
                {
                    "type": "static_select",
                    "action_id": "level",
                    "option_groups": [
                        {"label": plain("Low"), "options": [option("Emerging", "1")]},
                        {"label": plain("High"), "options": [option("Secure", "3")]},
                    ],
                    "initial_option": option("Secure", "3"),
                }
            ],
        }
    )
    tags = Tags(html)
    assert [a["label"] for a in tags.find("optgroup")] == ["Low", "High"]
    (chosen,) = [a for a in tags.find("option") if "selected" in a]
    assert json.loads(chosen["data-option"]) == option("Secure", "3")
    assert actions_of(html) == [{"block_id": "pick", "action_id": "level", "type": "static_select"}]


def test_overflow_checkboxes_radios_and_directory_selects():
    html = render(
        {
            "type": "actions",
            "block_id": "b",
            "elements": [
                {"type": "overflow", "action_id": "more", "options": [option("Edit", "e")]},
                {
                    "type": "checkboxes",
                    "action_id": "cb",
                    "options": [{"text": md("*One*"), "value": "1", "description": plain("first")}],
                    "initial_options": [
                        {"text": md("*One*"), "value": "1", "description": plain("first")}
                    ],
                },
                {"type": "radio_buttons", "action_id": "rb", "options": [option("A", "a")]},
                {"type": "users_select", "action_id": "who", "initial_user": "U2"},
                {"type": "conversations_select", "action_id": "where"},
                {"type": "external_select", "action_id": "find", "min_query_length": 2},
            ],
        }
    )
    tags = Tags(html)
    assert tags.find("select", class_="bk-overflow")
    (box,) = tags.find("input", type="checkbox")
    assert "checked" in box
    assert box["value"] == "1"
    assert "<strong>One</strong>" in html
    assert "first" in html
    assert tags.find("input", type="radio", value="a")
    assert [a["value"] for a in tags.find("option") if "selected" in a and a["value"]] == ["U2"]
    assert tags.find("option", value="C1")
    assert ">#trio<" in html
    (external,) = tags.find("div", class_="bk-external")
    assert external["data-external"] == "1"
    assert external["data-min-query-length"] == "2"
    assert [a["type"] for a in actions_of(html)] == [
        "overflow",
        "checkboxes",
        "radio_buttons",
        "users_select",
        "conversations_select",
        "external_select",
    ]


def test_image_block_with_url_or_slack_file():
    html = render(
        {
            "type": "image",
            "image_url": "https://x.org/c.png",
            "alt_text": "chart",
            "title": plain("Radar"),
        },
        {"type": "image", "slack_file": {"url": "https://files.x.org/F1"}, "alt_text": "file"},
    )
    tags = Tags(html)
    assert tags.find("img", src="https://x.org/c.png", alt="chart")
    assert tags.find("img", src="https://files.x.org/F1")
    assert "Radar" in html


def test_rich_text():
    html = render(
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "text", "text": "Hi ", "style": {"bold": True}},
                        {"type": "user", "user_id": "U1"},
                        {"type": "text", "text": " in "},
                        {"type": "channel", "channel_id": "C1"},
                        {"type": "emoji", "name": "wave", "unicode": "1f44b"},
                        {"type": "broadcast", "range": "here"},
                        {"type": "link", "url": "https://x.org", "text": "site"},
                    ],
                },
                {
                    "type": "rich_text_list",
                    "style": "ordered",
                    "indent": 1,
                    "elements": [
                        {
                            "type": "rich_text_section",
                            "elements": [{"type": "text", "text": "one"}],
                        },
                    ],
                },
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "elements": [
                        {
                            "type": "rich_text_section",
                            "elements": [
                                {
                                    "type": "text",
                                    "text": "x",
                                    "style": {"code": True, "strike": True},
                                }
                            ],
                        },
                    ],
                },
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]},
                {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "a\nb"}]},
            ],
        }
    )
    assert "<strong>Hi </strong>" in html
    assert "@Ann" in html
    assert "#trio" in html
    assert "👋" in html
    assert "@here" in html
    assert 'href="https://x.org"' in html
    assert '<ol class="bk-rt-list bk-indent-1"><li>one</li></ol>' in html
    assert '<code class="bk-code"><del>x</del></code>' in html
    assert '<blockquote class="bk-quote">quoted</blockquote>' in html
    assert '<pre class="bk-pre">a\nb</pre>' in html


# -- input blocks and views -------------------------------------------------------------


def test_plain_text_input_in_a_form():
    html = render(
        input_block(
            {
                "type": "plain_text_input",
                "action_id": "ev",
                "multiline": True,
                "max_length": 3000,
                "min_length": 2,
                "initial_value": "so far",
                "placeholder": plain("Be specific"),
            },
            hint=plain("A hint"),
            optional=True,
        ),
        form=True,
    )
    tags = Tags(html)
    (box,) = tags.find("div", class_="bk-input")
    assert box["data-block-id"] == "b1"
    assert box["data-optional"] == "1"
    (area,) = tags.find("textarea", data_action_id="ev", data_type="plain_text_input")
    assert area["maxlength"] == "3000"
    assert area["minlength"] == "2"
    assert area["placeholder"] == "Be specific"
    assert ">so far</textarea>" in html
    assert '<div class="bk-counter">6 / 3000</div>' in html
    assert "A hint" in html
    assert "(optional)" in html
    assert tags.find("div", class_="bk-error", data_error_for="b1")
    assert actions_of(html) == []  # inside an input block: state, not actions


@pytest.mark.parametrize(
    ("element", "expect"),
    [
        ({"type": "static_select", "action_id": "a", "options": [option("X", "x")]}, "<select"),
        (
            {
                "type": "multi_static_select",
                "action_id": "a",
                "options": [option("X", "x")],
                "initial_options": [option("X", "x")],
                "max_selected_items": 2,
            },
            " multiple",
        ),
        (
            {"type": "external_select", "action_id": "a", "initial_option": option("X", "x")},
            'data-external="1"',
        ),
        (
            {
                "type": "multi_external_select",
                "action_id": "a",
                "min_query_length": 1,
                "max_selected_items": 2,
                "initial_options": [option("X", "x")],
            },
            'class="bk-chip"',
        ),
        ({"type": "checkboxes", "action_id": "a", "options": [option("X", "x")]}, "checkbox"),
        ({"type": "radio_buttons", "action_id": "a", "options": [option("X", "x")]}, "radio"),
        ({"type": "users_select", "action_id": "a"}, ">Ann<"),
        ({"type": "multi_users_select", "action_id": "a", "initial_users": ["U1"]}, " multiple"),
        (
            {
                "type": "conversations_select",
                "action_id": "a",
                "initial_conversation": "C1",
                "filter": {"include": ["public"], "exclude_bot_users": True},
            },
            ">#trio<",
        ),
        (
            {
                "type": "multi_conversations_select",
                "action_id": "a",
                "initial_conversations": ["C2"],
            },
            "#hillmead",
        ),
        (
            {
                "type": "plain_text_input",
                "action_id": "a",
                "dispatch_action_config": {"trigger_actions_on": ["on_character_entered"]},
            },
            'data-trigger="on_character_entered"',
        ),
    ],
)
def test_each_input_element(element, expect):
    html = render(input_block(element, dispatch_action=True), form=True)
    assert expect in html
    assert f'data-type="{element["type"]}"' in html
    assert 'data-dispatch="1"' in html


def test_input_blocks_need_a_form():
    block = input_block({"type": "plain_text_input", "action_id": "a"})
    with pytest.raises(Unsupported, match=r"blocks\[0\]: an input block"):
        render(block)


def test_modal_is_a_form_with_title_blocks_and_buttons():
    view = {
        "type": "modal",
        "id": "V1",
        "callback_id": "judgement",
        "title": plain("Area 1"),
        "submit": plain("Record"),
        "close": plain("Cancel"),
        "private_metadata": "{}",
        "blocks": [input_block({"type": "plain_text_input", "action_id": "a"})],
    }
    tags = Tags(view_html(view, blockkit.NAMES))
    (form,) = tags.find("form", class_="bk-modal")
    assert form["data-callback-id"] == "judgement"
    assert form["data-view-id"] == "V1"
    assert tags.find("button", type="submit")
    assert tags.find("button", data_close="1")
    del view["submit"]
    assert not Tags(view_html(view, blockkit.NAMES)).find("button", type="submit")


def test_home_view_and_message():
    home = view_html({"type": "home", "blocks": [{"type": "divider"}]}, blockkit.NAMES)
    assert home.startswith('<div class="bk-home"')
    assert "<strong>hi</strong>" in message_html({"text": "*hi*"}, blockkit.NAMES)
    divided = {"text": "fallback", "blocks": [{"type": "divider"}]}
    with_blocks = message_html(divided, blockkit.NAMES)
    assert "fallback" not in with_blocks
    assert "bk-divider" in with_blocks


def test_a_datepicker_in_a_form_is_a_date_input():
    html = render(
        input_block({"type": "datepicker", "action_id": "due", "initial_date": "2026-12-16"}),
        form=True,
    )
    (box,) = Tags(html).find("input", class_="bk-date", data_action_id="due")
    assert (box["type"], box["value"], box["data-type"]) == ("date", "2026-12-16", "datepicker")
    with pytest.raises(Unsupported, match="initial_date"):
        render(
            input_block({"type": "datepicker", "action_id": "d", "initial_date": "16/12"}),
            form=True,
        )
