"""Ids as Slack gives them: every block and every interactive element has one, the bot's own
kept, the rest short, unique in their message and the same each time they are read."""

from __future__ import annotations

from playground.block_ids import elements, with_ids

NOTE = [
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "Filed under *ITT*"},
        "accessory": {"type": "static_select", "options": []},
    },
    {"type": "divider"},
    {"type": "actions", "block_id": "mine", "elements": [{"type": "button", "action_id": "go"}]},
]


def test_blocks_without_ids_are_given_them_and_the_bots_own_are_kept():
    given = with_ids(NOTE, "1700000000.000001")
    ids = [b["block_id"] for b in given]
    assert ids[2] == "mine"
    assert all(len(i) == 5 and i.isalnum() for i in ids[:2])
    assert len(set(ids)) == 3
    assert given[0]["accessory"]["action_id"].isalnum()
    assert given[2]["elements"][0]["action_id"] == "go"
    assert "block_id" not in NOTE[0]  # what the bot sent is not changed


def test_the_same_blocks_kept_in_the_same_place_get_the_same_ids():
    assert with_ids(NOTE, "a") == with_ids(NOTE, "a")
    assert with_ids(NOTE, "a")[0]["block_id"] != with_ids(NOTE, "b")[0]["block_id"]


def test_a_given_id_is_never_one_the_bot_chose_for_another_block():
    first = with_ids([{"type": "divider"}], "seed")[0]["block_id"]
    blocks = [{"type": "divider"}, {"type": "divider", "block_id": first}]
    assert [b["block_id"] for b in with_ids(blocks, "seed")][1] == first
    assert with_ids(blocks, "seed")[0]["block_id"] != first


def test_every_element_is_found_by_the_ids_it_was_given():
    given = with_ids(NOTE, "s")
    found = [(block_id, e["action_id"]) for block_id, e in elements(given)]
    assert found == [
        (given[0]["block_id"], given[0]["accessory"]["action_id"]),
        ("mine", "go"),
    ]


def test_an_image_beside_a_text_is_not_something_to_click():
    image = {"type": "image", "image_url": "https://x.test/a.png", "alt_text": "a"}
    [section] = with_ids([{"type": "section", "text": NOTE[0]["text"], "accessory": image}], "s")
    assert section["accessory"] == image
    assert section["block_id"]


def test_anything_but_a_list_of_blocks_is_left_as_it_is():
    assert with_ids(None, "s") is None
    assert with_ids("[]", "s") == "[]"
    assert with_ids([1, 2], "s") == [1, 2]
