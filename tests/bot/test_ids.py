"""Every action and form id is ours by its prefix: one Bolt listener each catches them all."""

from __future__ import annotations

from bot import ids


def test_every_action_and_callback_id_starts_with_the_prefix():
    names = [n for n in vars(ids) if n.startswith(("ACTION_", "VIEW_"))]
    assert len(names) > 20
    assert [n for n in names if not getattr(ids, n).startswith(ids.PREFIX)] == []


def test_an_action_of_ours_that_no_longer_exists_is_answered_as_out_of_date(workspace):
    workspace.act("UA1", {"type": "button", "action_id": f"{ids.PREFIX}gone", "value": "x"})
    assert "out of date" in workspace.ephemeral_replies()[-1]
