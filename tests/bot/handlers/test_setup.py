from __future__ import annotations

import json

import storage
from bot import ids
from tests.bot.conftest import TRIO, setup_values
from tests.bot.trio_setup import form_trio, school_id, search, set_up


def test_setup_creates_school_members_and_trio(workspace, store, slack):
    workspace.command("UA1", "setup")
    view = workspace.last_view()
    assert view["callback_id"] == ids.VIEW_SETUP
    ack = workspace.submit(
        "UA1", view, setup_values("Hillmead", members=("UA2", "UA3"), channel=TRIO)
    )
    assert ack == {}
    with store.connect() as db:
        school = storage.find_school(db, "Hillmead")
        assert storage.members_of(db, school.id) == ["UA1", "UA2", "UA3"]
        assert storage.trio_of(db, school.id).channel_id == TRIO
    confirmation = workspace.posts("UA1")[-1]["text"]
    assert "*Hillmead* is set up with 3 members." in confirmation
    assert [c["channel"] for c in slack.called("conversations.join")] == [TRIO]


def test_a_second_school_finds_the_first_to_invite_by_typing(workspace, store):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", channel=TRIO))
    workspace.command("UB1", "setup")
    view = workspace.last_view()
    partners = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_PARTNERS)
    assert partners["element"]["type"] == "multi_external_select"
    assert "it joins when one of its members accepts" in partners["hint"]["text"]
    hillmead = str(school_id(workspace, "Hillmead"))
    assert search(workspace, "UB1", "hill") == [("Hillmead", hillmead)]
    assert search(workspace, "UA1", "hill") == []  # never one's own school


def test_any_of_many_schools_is_found_by_part_of_its_name(workspace, store):
    with store.connect() as db:
        for n in range(300):
            storage.create_school(db, f"School {n:03} of St Mary_s 100% Trust", f"U{n}")
        storage.create_school(db, "Mary Hill Academy", "UZ")
    found = search(workspace, "UQ1", "mary")
    assert len(found) == 100  # Slack shows at most 100
    assert found[0][0] == "Mary Hill Academy"  # names starting with it first
    assert [n for n, _ in search(workspace, "UQ1", "299 of")] == [
        "School 299 of St Mary_s 100% Trust"
    ]
    assert search(workspace, "UQ1", "Mary_H") == []  # _ and % are letters, not wildcards
    assert search(workspace, "UQ1", "Mary H")[0][0] == "Mary Hill Academy"
    assert search(workspace, "UQ1", "   ") == []
    assert all(len(n) <= 75 for n, _ in found)


def test_another_trios_channel_cannot_be_joined_by_choosing_it(workspace, store):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", channel=TRIO))
    workspace.command("UB1", "setup")
    ack = workspace.submit("UB1", workspace.last_view(), setup_values("Oakfield", channel=TRIO))
    assert ack["response_action"] == "errors"
    said = ack["errors"][ids.BLOCK_TRIO_CHANNEL]
    assert said.startswith("That channel is already the trio channel of Hillmead.")
    assert "ask one of their members to invite your school" in said
    with store.connect() as db:
        assert storage.find_school(db, "Oakfield") is None  # nothing half-made
        assert storage.partners_of(db, storage.find_school(db, "Hillmead").id) == []


def test_rerunning_setup_edits_the_school(workspace, store, school_a):
    workspace.command("UA2", "setup")
    view = workspace.last_view()
    assert view["title"]["text"] == "Edit your school"
    name = next(b for b in view["blocks"] if b["block_id"] == ids.BLOCK_SCHOOL_NAME)
    assert name["element"]["initial_value"] == "Hillmead"
    workspace.submit(
        "UA2", view, setup_values("Hillmead Academy", members=("UA1", "UA4"), channel=TRIO)
    )
    with store.connect() as db:
        school = storage.find_school(db, "Hillmead Academy")
        assert sorted(storage.members_of(db, school.id)) == ["UA1", "UA2", "UA4"]
        assert len(storage.list_schools(db)) == 1


def test_taken_name_is_refused_inside_the_modal(workspace, store, school_a):
    workspace.command("UB1", "setup")
    ack = workspace.submit("UB1", workspace.last_view(), setup_values("HILLMEAD"))
    assert ack["response_action"] == "errors"
    assert "already a school called" in ack["errors"][ids.BLOCK_SCHOOL_NAME]
    with store.connect() as db:
        assert storage.schools_of(db, "UB1") == []


def test_empty_and_overlong_names_are_refused_inside_the_modal(workspace, store):
    workspace.command("UB1", "setup")
    view = workspace.last_view()
    for name in ("", "x" * 81):
        ack = workspace.submit("UB1", view, setup_values(name))
        assert ack["response_action"] == "errors"
        assert ids.BLOCK_SCHOOL_NAME in ack["errors"]
    with store.connect() as db:
        assert storage.list_schools(db) == []


def test_a_fourth_school_cannot_be_invited_to_a_full_trio(workspace, store):
    form_trio(workspace, [("U0", "Hillmead"), ("U1", "Oakfield"), ("U2", "Riverside")])
    set_up(workspace, "U9", "Stonebridge")
    partners = tuple(school_id(workspace, n) for n in ("Oakfield", "Riverside", "Stonebridge"))
    ack = set_up(workspace, "U0", "Hillmead", channel=TRIO, partners=partners)
    assert ack["response_action"] == "errors"
    assert "A trio has three schools" in ack["errors"][ids.BLOCK_PARTNERS]
    with store.connect() as db:
        assert len(storage.trio_for_channel(db, TRIO).school_ids) == 3
        assert storage.invitations_to(db, school_id(workspace, "Stonebridge")) == []


def test_forged_metadata_for_another_school_is_refused(workspace, store, school_a):
    workspace.command("UB1", "setup")
    view = workspace.last_view()
    with store.connect() as db:
        hillmead = storage.find_school(db, "Hillmead").id
    ack = workspace.submit(
        "UB1", view, setup_values("Taken over"), private_metadata=json.dumps({"s": hillmead})
    )
    assert "Only members of Hillmead" in ack["errors"][ids.BLOCK_SCHOOL_NAME]
    forged = (
        "not json",
        json.dumps({"s": "1; DROP"}),
        json.dumps({"x": 1}),
        json.dumps({"s": 2**63}),
    )
    for garbage in (*forged, "x" * 5000):
        ack = workspace.submit("UB1", view, setup_values("Other"), private_metadata=garbage)
        assert "out of date" in ack["errors"][ids.BLOCK_SCHOOL_NAME]
    with store.connect() as db:
        assert storage.get_school(db, hillmead).name == "Hillmead"
        assert storage.members_of(db, hillmead) == ["UA1", "UA2"]


def test_forged_member_and_channel_ids_are_refused(workspace, store):
    """The bot mentions members and links channels: only Slack's ids may be stored."""
    workspace.command("UA1", "setup")
    forged = setup_values("Hillmead", members=("U1> <!channel",), channel="C1>|x <!here")
    ack = workspace.submit("UA1", workspace.last_view(), forged)
    assert ack["response_action"] == "errors"
    assert set(ack["errors"]) == {ids.BLOCK_MEMBERS, ids.BLOCK_TRIO_CHANNEL}
    with store.connect() as db:
        assert storage.find_school(db, "Hillmead") is None


def test_home_button_opens_setup(workspace, slack):
    workspace.click_home("UZ", ids.ACTION_OPEN_SETUP)
    assert workspace.last_view()["callback_id"] == ids.VIEW_SETUP


def test_members_added_and_removed_in_setup_are_recorded_with_who(workspace, store, school_a):
    from storage.membership import membership_changes

    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", channel=TRIO))
    with store.connect() as db:
        school = storage.find_school(db, "Hillmead")
        changes = [(c.user_id, c.change, c.changed_by) for c in membership_changes(db, school.id)]
    assert changes == [("UA1", "added", "UA1"), ("UA2", "added", "UA1"), ("UA2", "removed", "UA1")]
