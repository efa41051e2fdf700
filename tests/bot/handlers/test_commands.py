from __future__ import annotations

import storage


def test_help(workspace):
    ack = workspace.command("U1", "help")
    assert "/peer-review setup" in ack["text"]
    assert workspace.command("U1", "")["text"] == ack["text"]


def test_unknown_subcommand_gets_help_and_what_was_not_understood(workspace):
    ack = workspace.command("U1", "frobnicate the <governors> & co")
    echoed = "frobnicate the &lt;governors&gt; &amp; co"  # the notification text is mrkdwn too
    assert ack["text"].startswith(f"I didn't understand “{echoed}”")
    assert echoed in ack["blocks"][0]["text"]["text"]
    assert "/peer-review start" in ack["text"]


def test_command_text_slack_sent_escaped_is_echoed_escaped_once(workspace):
    ack = workspace.command("U1", "frobnicate &lt;governors&gt; &amp; co")
    assert "“frobnicate &lt;governors&gt; &amp; co”" in ack["text"]


def test_start_without_a_school_explains_how_to_join(workspace):
    ack = workspace.command("UX", "start")
    assert "not a member of any school" in ack["text"]
    assert "/peer-review setup" in ack["text"]
    assert workspace.posts() == []


def test_start_presents_the_first_area_in_a_dm(workspace, school_a, store, framework):
    ack = workspace.command("UA1", "start")
    assert ack["text"] == f"Opening Area 1 of 5 · Leadership for {school_a} in our DM."
    post = workspace.posts()[-1]
    assert post["channel"] == "UA1"
    assert post["blocks"][0]["text"]["text"] == "Area 1 of 5 · Leadership"
    with store.connect() as db:
        school = storage.find_school(db, school_a)
        cycle = storage.current_cycle(db, school.id)
        assert cycle.number == 1


def test_start_twice_resumes_the_same_cycle(workspace, school_a, store):
    workspace.command("UA1", "start")
    workspace.command("UA2", "start")
    with store.connect() as db:
        school = storage.find_school(db, school_a)
        assert len(storage.cycles_of(db, school.id)) == 1


def test_area_by_number_name_or_title(workspace, school_a):
    for text, title in (
        ("area 3", "Area 3 of 5 · Initial Teacher Training"),
        ("area cpd", "Area 4 of 5 · Continuing Professional Development"),
        ("area Infrastructure", "Area 2 of 5 · Infrastructure"),
    ):
        workspace.command("UA1", text)
        assert workspace.posts()[-1]["blocks"][0]["text"]["text"] == title


def test_unknown_area_is_refused_politely(workspace, school_a):
    before = len(workspace.posts())
    ack = workspace.command("UA1", "area finance")
    assert "I don't know the area “finance”" in ack["text"]
    assert "3 ITT" in ack["text"]
    assert len(workspace.posts()) == before
    assert "I don't know the area nothing" in workspace.command("UA1", "area")["text"]


def test_area_for_someone_without_a_school(workspace):
    assert "not a member" in workspace.command("UX", "area 2")["text"]
