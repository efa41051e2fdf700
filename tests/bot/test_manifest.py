"""manifest.yml is a valid Slack app manifest and matches what the code registers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot import ids
from tests.conftest import shared

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = (
    ROOT.parent
    / "shared"
    / "slack-samples"
    / "manifests"
    / "manifest-schema_manifest.schema.1.0.0.json"
)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))


def test_manifest_validates_against_slacks_schema(manifest):
    schema = json.loads(shared(SCHEMA).read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=str)
    assert [e.message for e in errors] == []


def test_the_schema_check_would_catch_a_mistake(manifest):
    schema = json.loads(shared(SCHEMA).read_text(encoding="utf-8"))
    broken = {**manifest, "display_information": {"name": "x" * 36}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_manifest_matches_the_code(manifest):
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [ids.COMMAND]
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    # The schema's "regex" keyword is not standard JSON Schema, so check it here.
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", manifest["display_information"]["background_color"])


EVENT_SAMPLES = {
    "user_change": {
        "type": "user_change",
        "user": {"id": "U1", "name": "jo", "profile": {"real_name": "Jo Patel"}},
    },
    "app_home_opened": {"type": "app_home_opened", "user": "U1", "tab": "home"},
    "app_mention": {
        "type": "app_mention",
        "user": "U1",
        "channel": "C1",
        "text": "<@UBOT>",
        "ts": "1.1",
    },
    "app_uninstalled": {"type": "app_uninstalled"},
    "member_joined_channel": {
        "type": "member_joined_channel",
        "user": "UBOT",
        "channel": "C1",
        "channel_type": "C",
        "inviter": "U1",
    },
    "tokens_revoked": {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}},
    "message.channels": {
        "type": "message",
        "user": "U1",
        "channel": "C1",
        "channel_type": "channel",
        "text": "hi",
        "ts": "1.3",
    },
    "message.groups": {
        "type": "message",
        "user": "U1",
        "channel": "G1",
        "channel_type": "group",
        "text": "hi",
        "ts": "1.4",
    },
    "message.im": {
        "type": "message",
        "user": "U1",
        "channel": "D1",
        "channel_type": "im",
        "text": "hi",
        "ts": "1.2",
    },
}


def test_every_subscribed_event_has_a_listener(manifest, app):
    """Bolt answers 404 to an event nobody listens to; each subscribed one gets 200."""
    from slack_bolt.request import BoltRequest

    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert sorted(events) == sorted(EVENT_SAMPLES)
    for name in events:
        body = {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": f"Ev-{name}",
            "event_time": 1,
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
            "event": {"event_ts": "1.0", **EVENT_SAMPLES[name]},
        }
        response = app.dispatch(BoltRequest(body=body, mode="socket_mode"))
        assert response.status == 200, name
    unknown = {
        "type": "event_callback",
        "team_id": "T1",
        "event_id": "Ev-x",
        "event_time": 1,
        "event": {"type": "reaction_added", "event_ts": "1.0"},
    }
    assert app.dispatch(BoltRequest(body=unknown, mode="socket_mode")).status == 404


def test_scopes_cover_the_web_api_methods_used(manifest):
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {
        "chat:write",
        "commands",
        "files:write",
        "channels:join",
        "im:history",
        "app_mentions:read",
    }
    assert needed <= scopes
