from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.blocks.kit import chunks
from bot.mrkdwn import channel_link, escape, fit, mention, unescape

TYPED = st.text(alphabet=st.sampled_from("ab &<>!@#|;"), max_size=120)


def test_escape_neutralises_every_control_sequence():
    assert escape("<!channel> & <@U1> <https://x|y>") == (
        "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x|y&gt;"
    )


def test_unescape_gives_back_what_slack_was_sent():
    assert unescape("&lt;!here&gt; &amp;amp; <@U1>") == "<!here> &amp; <@U1>"


@given(TYPED)
def test_escaping_is_undone_exactly(text):
    assert unescape(escape(text)) == text


def test_only_slack_ids_are_mentioned():
    assert mention("U0ABC123") == "<@U0ABC123>"
    assert mention("W12") == "<@W12>"
    assert mention("U1> <!channel") == "U1&gt; &lt;!channel"
    assert channel_link("C0TRIO") == "<#C0TRIO>"
    assert channel_link("C1>|x <!here") == "C1&gt;|x &lt;!here"
    assert channel_link(None) == "None"


def _whole(mrkdwn: str) -> bool:
    """No entity or <…> is cut at the end of `mrkdwn`."""
    body = mrkdwn.removesuffix("…")
    tail = body[body.rfind("&") :] if "&" in body else ";"
    return ";" in tail and body.rfind("<") <= body.rfind(">")


@given(TYPED, st.integers(min_value=2, max_value=80))
def test_fit_never_cuts_an_entity_or_a_mention(text, limit):
    mrkdwn = escape(text) + " " + mention("U123") + " " + escape(text)
    cut = fit(mrkdwn, limit)
    assert len(cut) <= limit
    assert _whole(cut)
    assert mrkdwn.startswith(cut.removesuffix("…").rstrip())


@given(st.text(alphabet=st.sampled_from("a&<>"), min_size=1, max_size=300))
def test_chunks_split_between_entities(text):
    mrkdwn = escape(text)
    parts = chunks(mrkdwn, 20)
    assert all(len(p) <= 20 and _whole(p) for p in parts)
    assert "".join(parts) == mrkdwn


def test_named_writes_known_people_by_name_for_a_notification():
    from bot.mrkdwn import named

    text = "Challenge from <@UB1> and <@UC1> about <#C1> <!here>"
    assert named(text, {"UB1": "Sam <Lee> & co"}) == (
        "Challenge from Sam &lt;Lee&gt; &amp; co and <@UC1> about <#C1> <!here>"
    )
