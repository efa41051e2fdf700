"""Every request gets an answer that says what it was: 401 unsigned, 400 malformed, never 500.

The HTTP front (``bot.transport.http.SlackEvents``) in front of the real App, called as
any WSGI server would call it, with the Slack stand-in behind.
"""

from __future__ import annotations

import io
import json
import logging
import time
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.transport.http import SlackEvents
from tests.bot.transport.slack_requests import SECRET, command, signature
from tests.bot.workspace import make_bot

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def front(slack, store, framework):
    """The front as HTTP mode runs it: the payload checks are the front's alone."""
    return SlackEvents(make_bot(slack, store, framework, payloads_checked=True).answer, SECRET)


def call(front, body, *, content_type=FORM, secret=SECRET, timestamp=None, signed=True, **env):
    raw = body if isinstance(body, bytes) else body.encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "CONTENT_LENGTH": str(len(raw)),
        "CONTENT_TYPE": content_type,
        "wsgi.input": io.BytesIO(raw),
        **env,
    }
    if signed:
        stamp, signed_with = signature(raw, secret, timestamp)
        environ["HTTP_X_SLACK_REQUEST_TIMESTAMP"] = stamp
        environ["HTTP_X_SLACK_SIGNATURE"] = signed_with
    status, _, out = front.handle(environ)
    return int(status.split()[0]), out.decode("utf-8", "replace")


def interaction(payload):
    return urlencode({"payload": json.dumps(payload)})


def event(inner):
    return json.dumps(
        {"type": "event_callback", "team_id": "T1", "event_id": "Ev1", "event": inner}
    )


def test_a_signed_request_is_answered(front):
    status, body = call(front, command("help"))
    assert status == 200
    assert "/peer-review setup" in body


@pytest.mark.parametrize(
    ("body", "kwargs"),
    [
        (command("help"), {"signed": False}),
        (command("help"), {"secret": "wrong-secret"}),
        (command("help"), {"timestamp": 1_000_000_000}),  # replayed: older than five minutes
        ("{not json at all", {"signed": False, "content_type": "application/json"}),
        (b"\xff\xfe\x00garbage", {"signed": False}),
    ],
    ids=["unsigned", "forged", "replayed", "unsigned-broken-json", "unsigned-binary"],
)
def test_unsigned_forged_or_replayed_requests_are_refused_before_parsing(front, body, kwargs):
    assert call(front, body, **kwargs)[0] == 401


MALFORMED = {
    "broken json event": ("{not json", "application/json"),
    "payload not json": ("payload=%7Bnope", FORM),
    "payload not an object": (interaction([]), FORM),
    "not utf-8": (b"payload=\xff\xfe", FORM),
    "json array": ("[]", "application/json"),
    "command without user_id": (command(user_id=None), FORM),
    "command without trigger_id": (command(trigger_id=None), FORM),
    "button without user": (
        interaction({"type": "block_actions", "actions": [{"action_id": "pr_export"}]}),
        FORM,
    ),
    "button with no actions": (
        interaction({"type": "block_actions", "user": {"id": "U1"}, "actions": []}),
        FORM,
    ),
    "action without action_id": (
        interaction({"type": "block_actions", "user": {"id": "U1"}, "actions": [{}]}),
        FORM,
    ),
    "submission without view": (
        interaction({"type": "view_submission", "user": {"id": "U1"}}),
        FORM,
    ),
    "submission with broken state": (
        interaction(
            {
                "type": "view_submission",
                "user": {"id": "U1"},
                "view": {"type": "modal", "callback_id": "pr_judgement", "state": []},
            }
        ),
        FORM,
    ),
    "submission without view type": (
        interaction(
            {"type": "view_submission", "user": {"id": "U1"}, "view": {"callback_id": "x"}}
        ),
        FORM,
    ),
    "authorizations not a list of objects": (
        json.dumps({"type": "event_callback", "authorizations": [5], "event": {"type": "x"}}),
        "application/json",
    ),
    "event without event": (
        json.dumps({"type": "event_callback", "team_id": "T1"}),
        "application/json",
    ),
    "mention without user": (
        event({"type": "app_mention", "channel": "C1", "ts": "1.0", "text": "hi"}),
        "application/json",
    ),
    "message without channel": (
        event({"type": "message", "user": "U1", "ts": "1.0", "text": "hi"}),
        "application/json",
    ),
    "home without user": (event({"type": "app_home_opened", "tab": "home"}), "application/json"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_signed_but_malformed_requests_get_400_and_one_line_without_a_traceback(
    front, caplog, case
):
    body, content_type = MALFORMED[case]
    with caplog.at_level(logging.WARNING):
        status, _ = call(front, body, content_type=content_type)
    assert status == 400
    refused = [
        r for r in caplog.records if "malformed" in r.getMessage() or "refused" in r.getMessage()
    ]
    assert len(refused) == 1
    assert refused[0].exc_info is None


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_SLACK_REQUEST_TIMESTAMP": "\u00b2", "HTTP_X_SLACK_SIGNATURE": "v0=abc"},
        {
            "HTTP_X_SLACK_REQUEST_TIMESTAMP": str(int(time.time())),
            "HTTP_X_SLACK_SIGNATURE": "v0=\u00e9",
        },
        {"HTTP_X_SLACK_REQUEST_TIMESTAMP": "", "HTTP_X_SLACK_SIGNATURE": ""},
    ],
    ids=["superscript-timestamp", "non-ascii-signature", "empty"],
)
def test_odd_signature_headers_are_refused_not_crashed_on(front, headers):
    assert call(front, command(), signed=False, **headers)[0] == 401


def test_sizes_methods_and_paths(front):
    assert call(front, "x" * 1_000_001)[0] == 413
    assert call(front, command(), REQUEST_METHOD="GET")[0] == 405
    assert call(front, command(), PATH_INFO="/admin")[0] == 404
    assert call(front, "", REQUEST_METHOD="GET", PATH_INFO="/healthz")[0] == 200


def test_slacks_url_verification_is_answered(front):
    status, body = call(
        front,
        json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"}),
        content_type="application/json",
    )
    assert (status, json.loads(body)["challenge"]) == (200, "abc123")


shapes = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def objects(keys, values):
    return st.dictionaries(st.sampled_from(keys), values | shapes, max_size=len(keys))


WORDS = st.sampled_from(
    [
        "block_actions",
        "block_suggestion",
        "pr_partners",
        "view_submission",
        "view_closed",
        "event_callback",
        "message",
        "app_mention",
        "app_home_opened",
        "modal",
        "home",
        "pr_judgement",
        "pr_setup",
        "U1",
        "C1",
    ]
)
USER = objects(["id", "team_id", "name"], WORDS)
VIEW = objects(
    [
        "type",
        "callback_id",
        "state",
        "private_metadata",
        "id",
        "team_id",
        "app_installed_team_id",
        "blocks",
        "hash",
    ],
    WORDS,
)
MESSAGE_KEYS = ["type", "user", "channel", "ts", "thread_ts", "text", "subtype", "bot_id"]
MESSAGE = objects([*MESSAGE_KEYS, "tab", "channel_type"], WORDS)
EVENT = objects(
    [*MESSAGE_KEYS, "tab", "channel_type", "message", "previous_message", "item"],
    WORDS | MESSAGE,
)
PAYLOAD = objects(
    [
        "type",
        "user",
        "actions",
        "view",
        "event",
        "command",
        "user_id",
        "trigger_id",
        "text",
        "team",
        "authorizations",
        "enterprise",
        "channel",
        "message",
        "container",
        "response_url",
        "action_id",
        "value",
    ],
    WORDS | USER | VIEW | EVENT | st.lists(USER | VIEW, max_size=2),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=PAYLOAD, as_event=st.booleans())
def test_no_shape_of_signed_payload_gets_a_500(front, payload, as_event):
    body = json.dumps(payload) if as_event else interaction(payload)
    status, _ = call(front, body, content_type="application/json" if as_event else FORM)
    assert status < 500
