"""Reading Slack's form bodies: the fast path for ``payload=…`` reads what parse_qsl reads."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote_plus, unquote_to_bytes, urlencode

from hypothesis import given
from hypothesis import strategies as st

from bot.transport.http import only_payload, parse_body

FORM = "application/x-www-form-urlencoded"


def test_an_interaction_payload_is_read_whole():
    payload = {"type": "view_submission", "text": "50% = half & more\n+ é 🙂", "n": [1, 2]}
    raw = urlencode({"payload": json.dumps(payload)}).encode()
    assert only_payload(raw) is not None  # positive control: the fast path took it
    assert parse_body(raw, FORM) == payload


@given(st.text())
def test_any_value_slack_could_encode_is_decoded_as_parse_qsl_does(value):
    raw = b"payload=" + quote_plus(value).encode()
    assert only_payload(raw) == dict(parse_qsl(raw.decode(), keep_blank_values=True))[
        "payload"
    ].encode("utf-8", "surrogatepass")


@given(st.binary(max_size=40))
def test_a_body_it_cannot_read_exactly_is_left_to_the_general_parser(tail):
    raw = b"payload=" + tail
    decoded = only_payload(raw)
    if decoded is not None:  # whatever it reads, it reads as unquote does
        assert decoded == unquote_to_bytes(tail.replace(b"+", b" "))


def test_odd_escapes_and_other_forms_take_the_general_path():
    for raw in (b"payload=%4", b"payload=%G1", b"payload=%%41", b"payload=a=b", b"a=1&payload=2"):
        assert only_payload(raw) is None
    assert parse_body(b"command=%2Fpeer-review&text=help", FORM) == {
        "command": "/peer-review",
        "text": "help",
    }
