"""Outcomes proposed by the reviewed school and agreed, or returned, by a partner: through
the summary's "Review outcomes", the agreement form, the DMs and the export."""

from __future__ import annotations

import io
import json

import openpyxl

import storage
from bot import ids
from storage.agreements import agreement_for
from tests.bot.conftest import TRIO, outcome_state
from tests.bot.handlers.test_exports import uploaded


def agreement_state(choice: str | None, note: str | None = None) -> dict:
    """The state of a submitted agreement form."""
    state: dict = {
        ids.BLOCK_AGREEMENT_NOTE: {
            ids.ACTION_AGREEMENT_NOTE: {"type": "plain_text_input", "value": note}
        }
    }
    if choice:
        state[ids.BLOCK_AGREEMENT_CHOICE] = {
            ids.ACTION_AGREEMENT_CHOICE: {
                "type": "radio_buttons",
                "selected_option": {"value": choice},
            }
        }
    return state


def propose(ws, summary, user="UA1"):
    """The school records (and so proposes) its outcomes with the summary's form."""
    ws.click(user, (TRIO, summary.summary_ts), ids.ACTION_OPEN_OUTCOMES)
    state = outcome_state(
        {"itt": ("3", "Partners showed our SD reach"), "cpd": ("stands", "")},
        agreed=("Strong CPD model", "S2SS strategy"),
    )
    assert ws.submit(user, ws.last_view(), state) == {}


def shown(ws, summary) -> str:
    """The summary as it is in the trio channel now."""
    return json.dumps(ws.slack.messages[(TRIO, summary.summary_ts)], ensure_ascii=False)


def open_agreement(ws, user, summary, *, old_copy=False):
    """Click "Review outcomes" on the summary (or on a copy from before the button went:
    `old_copy`); the form opened, or None."""
    opened = len(ws.slack.called("views.open"))
    if old_copy:
        value = json.dumps({"c": summary.id})
        ws.act(user, {"type": "button", "action_id": ids.ACTION_OPEN_AGREEMENT, "value": value})
    else:
        ws.click(user, (TRIO, summary.summary_ts), ids.ACTION_OPEN_AGREEMENT)
    return ws.last_view() if len(ws.slack.called("views.open")) > opened else None


def agreement_of(store, summary):
    with store.connect() as db:
        return agreement_for(db, summary.id)


def dm_texts(ws, user):
    return [p["text"] for p in ws.posts(user)]


def test_recording_outcomes_with_partners_proposes_them(workspace, store, summary):
    assert "Review outcomes" not in shown(workspace, summary)
    propose(workspace, summary)
    found = agreement_of(store, summary)
    assert (found.state, found.proposed_by) == ("proposed", "UA1")
    text = shown(workspace, summary)
    assert "*Outcomes proposed* by <@UA1> on <!date^" in text
    assert "waiting for a partner to agree" in text
    assert "Review outcomes" in text


def test_an_outsider_and_the_schools_own_member_cannot_agree(workspace, slack, store, summary):
    propose(workspace, summary)
    for user in ("UX1", "UA2"):
        assert open_agreement(workspace, user, summary) is None
        said = workspace.ephemeral_replies()[-1]
        assert "Only members of Hillmead's trio partner schools can agree its outcomes." in said
    view = open_agreement(workspace, "UB1", summary)  # the positive control
    assert view["callback_id"] == ids.VIEW_AGREEMENT
    ack = workspace.submit("UX1", view, agreement_state("agree"))  # a form passed on
    assert "Only members of Hillmead's trio partner" in ack["errors"][ids.BLOCK_AGREEMENT_CHOICE]
    assert agreement_of(store, summary).state == "proposed"


def test_forged_values_are_refused(workspace, store, summary):
    propose(workspace, summary)
    workspace.click(
        "UB1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_AGREEMENT, value='{"c": 99999}'
    )
    assert "no longer exists" in workspace.ephemeral_replies()[-1]
    view = open_agreement(workspace, "UB1", summary)
    ack = workspace.submit("UB1", view, agreement_state("agree"), private_metadata='{"c":"x"}')
    assert "out of date" in ack["errors"][ids.BLOCK_AGREEMENT_CHOICE]
    ack = workspace.submit("UB1", view, agreement_state("maybe"))
    assert "Choose to agree" in ack["errors"][ids.BLOCK_AGREEMENT_CHOICE]
    assert agreement_of(store, summary).state == "proposed"


def test_a_partner_agrees_and_the_summary_and_workbook_say_who_and_when(
    workspace, slack, store, summary
):
    propose(workspace, summary)
    view = open_agreement(workspace, "UB1", summary)
    form = json.dumps(view, ensure_ascii=False)
    assert "revised from Expanding (2) to *Secure (3)*" in form
    assert "Partners showed our SD reach" in form
    assert "stands at *Sustainable (4)*" in form
    assert "*Successes:* Strong CPD model" in form
    assert workspace.submit("UB1", view, agreement_state("agree")) == {}
    found = agreement_of(store, summary)
    assert (found.state, found.answered_by, found.answered_school) == ("agreed", "UB1", "Oakfield")
    text = shown(workspace, summary)
    assert "*Outcomes agreed* by <@UB1> (Oakfield) on <!date^" in text
    assert "Review outcomes" not in text  # nothing waits any more
    for member in ("UA1", "UA2"):
        [news] = [t for t in dm_texts(workspace, member) if "agreed" in t]
        assert "*Oakfield agreed Hillmead's outcomes* of review cycle 1 (<@UB1>)" in news
    assert open_agreement(workspace, "UC1", summary, old_copy=True) is None  # Riverside: late
    assert "agreed already, by Oakfield" in workspace.ephemeral_replies()[-1]
    workspace.command("UA1", "export")
    xlsx = next(v for k, v in uploaded(slack).items() if k.endswith(".xlsx"))
    rows = dict(
        r[:2] for r in openpyxl.load_workbook(io.BytesIO(xlsx))["Input"].iter_rows(values_only=True)
    )
    assert rows["Peer challenged by"] == "Person UB1 (Oakfield)"
    assert rows["Date of peer challenge"]  # the day it was agreed


def test_a_partner_proposes_a_change_and_recording_again_proposes_again(workspace, store, summary):
    propose(workspace, summary)
    view = open_agreement(workspace, "UC1", summary)
    ack = workspace.submit("UC1", view, agreement_state("change"))
    assert "Say what you would change" in ack["errors"][ids.BLOCK_AGREEMENT_NOTE]
    assert agreement_of(store, summary).state == "proposed"
    note = "ITT <is> Secure only in 2 of 6 schools & no more"
    assert workspace.submit("UC1", view, agreement_state("change", note)) == {}
    found = agreement_of(store, summary)
    assert (found.state, found.note, found.answered_school) == ("returned", note, "Riverside")
    escaped = "ITT &lt;is&gt; Secure only in 2 of 6 schools &amp; no more"
    assert f"*Returned* by <@UC1> (Riverside): {escaped}" in shown(workspace, summary)
    [news] = [t for t in dm_texts(workspace, "UA2") if "proposed a change" in t]
    assert (
        f"<@UC1> of Riverside *proposed a change to your outcomes* of review cycle 1: {escaped}"
        in news
    )
    assert open_agreement(workspace, "UB1", summary, old_copy=True) is None  # with the school
    propose(workspace, summary, user="UA2")
    again = agreement_of(store, summary)
    assert (again.state, again.proposed_by, again.note) == ("proposed", "UA2", "")
    assert "*Outcomes proposed* by <@UA2>" in shown(workspace, summary)


def test_a_closed_cycle_cannot_be_agreed(workspace, store, framework, summary):
    propose(workspace, summary)
    view = open_agreement(workspace, "UB1", summary)
    with store.connect() as db:
        storage.new_cycle(db, summary.school_id, framework, "UA1")
    ack = workspace.submit("UB1", view, agreement_state("agree"))
    assert "Review cycle 1 of Hillmead is closed" in ack["errors"][ids.BLOCK_AGREEMENT_CHOICE]
    assert open_agreement(workspace, "UB1", summary, old_copy=True) is None
    assert "is closed" in workspace.ephemeral_replies()[-1]
    assert agreement_of(store, summary).state == "proposed"
