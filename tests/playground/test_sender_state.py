"""A submitted form's state as the local Slack sends it: a datepicker's day."""

from __future__ import annotations

import pytest

from playground.sender import Refused, checked_state

VIEW = {
    "blocks": [
        {
            "type": "input",
            "block_id": "due",
            "label": {"type": "plain_text", "text": "Due"},
            "element": {"type": "datepicker", "action_id": "pick"},
        }
    ]
}


@pytest.mark.parametrize(
    ("given", "sent"), [({"selected_date": "2026-12-16"}, "2026-12-16"), ({}, None)]
)
def test_a_datepicker_sends_the_day_picked(given, sent):
    state = checked_state(VIEW, {"due": {"pick": given}}, slack=None)
    assert state == {"due": {"pick": {"type": "datepicker", "selected_date": sent}}}


def test_a_day_that_is_no_date_is_refused():
    with pytest.raises(Refused, match="Pick a date"):
        checked_state(VIEW, {"due": {"pick": {"selected_date": "31/02"}}}, slack=None)
