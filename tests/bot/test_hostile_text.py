"""Everything a person typed reaches Slack escaped: every journey, every call, every string.

Three schools named with Slack's control sequences walk the whole review with hostile
evidence, key actions, links, challenges, responses, reasons, outcomes, questions and
command text. Then every call the stand-in recorded, and every ack, is read string by
string (:mod:`tests.bot.hostile`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

import storage
from bot import ids
from bot.reminders import check
from tests.bot import workspace as harness
from tests.bot.hostile import HOSTILE, escaped_in, problems, slack_encoded
from tests.bot.trio_setup import form_trio, school_id
from tests.conftest import working_hours_after

TRIO = harness.TRIO
NAMES = {
    "UA1": "Ping <!channel> <!here> & <@U0HOSTILE>",
    "UB1": "Oak <!everyone> <#C123> <!subteam^S1>",
    "UC1": "River <https://evil.example|click> <!channel>",
}


@pytest.fixture
def acks(workspace, monkeypatch):
    """The body of every ack the bot gave (Slack shows these too)."""
    seen: list[object] = []
    dispatch = workspace.dispatch

    def recording(body):
        response = dispatch(body)
        if response.body:
            try:
                seen.append(json.loads(response.body))
            except ValueError:
                seen.append(response.body)
        return response

    monkeypatch.setattr(workspace, "dispatch", recording)
    return seen


def message(ws, user, text, ts, *, thread_ts=None, channel=TRIO, kind="message"):
    inner = {"type": kind, "channel": channel, "user": user, "text": text, "ts": ts}
    inner["channel_type"] = "im" if channel.startswith("D") else "channel"
    if thread_ts:
        inner["thread_ts"] = thread_ts
    ws.dispatch(harness.event_body(inner, f"Ev{ts}"))


def find_message(slack, action_id, *, channel):
    for key in reversed(slack.posted):
        if key[0] == channel and action_id in json.dumps(slack.messages[key]["blocks"]):
            return key
    raise AssertionError(f"no message with {action_id} in {channel}")


def walk_everything(ws, slack, store):
    """Every journey the harness supports, with hostile text wherever a person types."""
    # Ping invites the other two to its trio (DMs, Home tabs, news in the channel); they accept.
    form_trio(ws, [("UA1", NAMES["UA1"], ("UA2",)), ("UB1", NAMES["UB1"]), ("UC1", NAMES["UC1"])])
    ws.command("UA1", "setup")  # the form again, prefilled
    ws.command("UA1", "start")
    typed = {"key_actions": f"Act {HOSTILE}", "links": HOSTILE}
    for level in (3, 3, 2, 4, 2):
        ws.click("UA1", ws.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        ws.submit("UA1", ws.last_view(), harness.judgement_values(level, HOSTILE, **typed))
    ws.command("UB1", "start")  # Oakfield begins, then stalls: a reminder follows
    ws.click("UB1", ws.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_2")
    ws.submit("UB1", ws.last_view(), harness.judgement_values(2, HOSTILE))
    with store.connect() as db:
        school = storage.find_school(db, NAMES["UA1"])
        cycle = storage.current_cycle(db, school.id)
    summary = (TRIO, cycle.summary_ts)

    # Peer challenge: in the thread (as typed, and as Slack encodes it), and by the form.
    message(ws, "UB1", f"ITT: {HOSTILE}", "5000.1", thread_ts=cycle.summary_ts)
    message(ws, "UC1", slack_encoded(f"CPD: {HOSTILE}"), "5000.2", thread_ts=cycle.summary_ts)
    ws.click("UB1", summary, ids.ACTION_OPEN_CHALLENGE)
    ws.submit("UB1", ws.last_view(), harness.challenge_state("itt", "below", "3", HOSTILE))
    slack.fail("chat.postMessage", "not_in_channel")  # the next one is refused: a notice
    ws.click("UC1", summary, ids.ACTION_OPEN_CHALLENGE)
    ws.submit("UC1", ws.last_view(), harness.challenge_state("general", None, None, HOSTILE))
    message(ws, "UA1", f"ITT: {HOSTILE}", "5000.3", thread_ts=cycle.summary_ts)
    ws.click("UB1", summary, ids.ACTION_FULL_EVIDENCE)

    # The school changes a judgement, then records what was agreed.
    area = find_message(slack, ids.ACTION_CHANGE_JUDGEMENT, channel="DA1")
    ws.click("UA1", area, ids.ACTION_CHANGE_JUDGEMENT)
    ws.submit("UA1", ws.last_view(), harness.judgement_values(4, f"Changed {HOSTILE}"))
    ws.click("UA1", summary, ids.ACTION_OPEN_OUTCOMES)
    ws.submit(
        "UA1",
        ws.last_view(),
        harness.outcome_state(
            {"itt": ("3", f"Reason {HOSTILE}"), "cpd": ("stands", "")},
            agreed=(f"Successes {HOSTILE}", f"Improve {HOSTILE}"),
        ),
    )
    ws.click("UA1", summary, ids.ACTION_OPEN_OUTCOMES)  # the form again, prefilled

    # Questions, by command, mention and DM; commands echoed back.
    for text in (HOSTILE, slack_encoded(HOSTILE)):
        for command in (text, f"ratings {text}", f"area {text}", f"reminders {text}"):
            ws.command("UA1", command)
    for user in NAMES:
        ws.command(user, f"ratings {NAMES['UA1']}")
        ws.command(user, "ratings")
    message(ws, "UB1", f"<@UBOT> ratings for {HOSTILE}", "5001.1", kind="app_mention")
    message(ws, "UB1", f"<@UBOT> ratings for {NAMES['UA1']}", "5001.2", kind="app_mention")
    message(ws, "UA1", slack_encoded(f"where are we on CPD? {HOSTILE}"), "5001.3", channel="DA1")
    message(ws, "UA1", slack_encoded(f"ratings for {HOSTILE}"), "5001.4", channel="DA1")
    ws.command("UA1", "reminders off")
    ws.command("UA1", "reminders on")
    check(ws.bot.services, working_hours_after(datetime.now(UTC) + timedelta(days=8)))
    ws.bot.worker.drain()

    # Export, the Home tab and a new cycle.
    ws.command("UA1", "export")
    ws.command("UA1", f"export trio {HOSTILE}")
    ws.command("UA1", "export trio")
    for user in NAMES:
        home = {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}
        ws.dispatch(harness.event_body(home, f"EvHome{user}"))
    river = {"s": school_id(ws, NAMES["UC1"])}  # River leaves the trio: the channel is told
    ws.act(
        "UC1", {"type": "button", "action_id": ids.ACTION_LEAVE_TRIO, "value": json.dumps(river)}
    )
    ws.command("UA1", "new-cycle")  # one confirmation: its form, submitted
    ws.submit("UA1", ws.last_view(), {})
    ws.command("UA1", "start")


def test_nothing_a_person_typed_reaches_slack_raw(workspace, slack, store, acks):
    walk_everything(workspace, slack, store)
    found = [p for c in slack.calls for p in problems(c.method, c.args)]
    found += [p for n, ack in enumerate(acks) for p in problems(f"ack{n}", ack)]
    assert found == [], "\n".join(found)


def test_the_sweep_sees_the_hostile_text_everywhere_it_goes(workspace, slack, store, acks):
    """Positive control: the journeys put the text in front of Slack, escaped, on every
    surface; so a clean sweep means it was escaped, not that it never got there."""
    walk_everything(workspace, slack, store)
    reached = {c.method for c in slack.calls if escaped_in(c.args)}
    assert {
        "chat.postMessage",
        "chat.update",
        "views.open",
        "views.publish",
        "files.completeUploadExternal",
        "response_url",
    } <= reached
    assert any(escaped_in(ack) for ack in acks)
    texts = [c.args.get("text") or "" for c in slack.calls if c.method == "chat.postMessage"]
    assert any("&lt;!channel&gt;" in t for t in texts)  # the notification text too


def test_the_detector_flags_what_slack_would_parse():
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "hi <@U0HOSTILE>"}}
    assert problems("m", {"text": "Ping <!channel>"})
    assert problems("m", {"blocks": json.dumps([section])})
    assert problems("m", {"initial_comment": "Tom & Jerry"})
    assert problems("m", {"text": "Ping &amp;amp; Co"})
    assert problems("m", {"view": {"blocks": [{"type": "header", "text": _plain("&lt;!")}]}})
    assert problems("m", {"text": "Ping &lt;!channel&gt; &amp; <@U123> <#C1>"}) == []
    never_parsed = {"title": _plain("<!channel>"), "x": {"initial_value": "<!here>"}}
    assert problems("m", {"view": never_parsed}) == []


def _plain(text):
    return {"type": "plain_text", "text": text}
