"""Slack's text as the playground shows it: mrkdwn and plain_text to safe HTML."""

from __future__ import annotations

import pytest

from playground.mrkdwn_html import Directory, mrkdwn_html, mrkdwn_plain, plain_html, safe_url

MENTION = '<span class="bk-mention">{}</span>'
NAMES = Directory(people={"U123": "Ann Lee"}, channels={"C123": "trio-east"})


def show(text: str) -> str:
    return mrkdwn_html(text, NAMES)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*bold*", "<strong>bold</strong>"),
        ("_italic_", "<em>italic</em>"),
        ("~strike~", "<del>strike</del>"),
        ("`code`", '<code class="bk-code">code</code>'),
        ("a *b* and _c_", "a <strong>b</strong> and <em>c</em>"),
        ("*_both_*", "<strong><em>both</em></strong>"),
        ("2*3*4 and snake_case_name", "2*3*4 and snake_case_name"),  # not markers mid-word
        ("one\ntwo", "one<br>two"),
        ("```\nsome *code*\n```", '<pre class="bk-pre">some *code*</pre>'),
        ("`*not bold*`", '<code class="bk-code">*not bold*</code>'),
        ("<@U123>", MENTION.format("@Ann Lee")),
        ("<@U999>", MENTION.format("@U999")),  # not in the directory
        ("<#C123>", MENTION.format("#trio-east")),
        ("<#C999|general>", MENTION.format("#general")),
        ("<#C999>", MENTION.format("#C999")),
        ("<!here>", '<span class="bk-mention bk-broadcast">@here</span>'),
        ("<!channel>", '<span class="bk-mention bk-broadcast">@channel</span>'),
        ("<!everyone>", '<span class="bk-mention bk-broadcast">@everyone</span>'),
        ("<!date^1700000000^{date}|14 Nov 2023>", '<span class="bk-date">14 Nov 2023</span>'),
    ],
)
def test_how_slack_text_shows(text, html):
    assert show(text) == html


def test_quote_lines_are_a_blockquote():
    html = show("Challenge from me\n> first line\n&gt; second\nafter")
    assert html == (
        'Challenge from me<br><blockquote class="bk-quote">first line<br>second</blockquote>after'
    )


def test_links_open_in_a_new_tab():
    html = show("see <https://example.org/a?x=1&amp;y=2|the *guide*> or <https://x.org>")
    assert (
        '<a class="bk-link" href="https://example.org/a?x=1&amp;y=2" target="_blank" '
        'rel="noopener noreferrer">the *guide*</a>' in html
    )
    assert 'href="https://x.org"' in html
    assert ">https://x.org</a>" in html
    assert 'href="mailto:a@b.org"' in show("<mailto:a@b.org|mail>")


@pytest.mark.parametrize(
    "token", ["<javascript:alert(1)|click>", "<data:text/html,x|click>", "<vbscript:x|click>"]
)
def test_other_link_schemes_are_shown_as_text(token):
    html = show(token)
    assert html == "click"
    assert "href" not in html


def test_slack_entities_show_as_the_characters_never_as_tags():
    assert show("&lt;b&gt;bold?&lt;/b&gt; Q&amp;A") == "&lt;b&gt;bold?&lt;/b&gt; Q&amp;A"
    assert mrkdwn_plain("&lt;b&gt; Q&amp;A", NAMES) == "<b> Q&A"
    assert show("&amp;lt;") == "&amp;lt;"  # typed "&lt;": shown as typed, not as "<"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        '<https://x.org|"onmouseover=alert(1) x=">',
        '<@U1|"><script>>',
        "```<script>```",
        "`&lt;img src=x onerror=1&gt;`",
    ],
)
def test_hostile_text_never_becomes_markup(hostile):
    html = show(hostile)
    assert "<script" not in html
    assert "<img" not in html
    assert '"onmouseover' not in html


def test_emoji_shortcodes_the_bot_might_use():
    assert show(":white_check_mark: done :warning: :no_such_emoji:") == "✅ done ⚠️ :no_such_emoji:"


def test_plain_text_is_literal():
    assert plain_html("*not bold* <b> &amp;\nnext") == "*not bold* &lt;b&gt; &amp;amp;<br>next"
    assert plain_html(":wave: hi", emoji_codes=True) == "👋 hi"
    assert plain_html(":wave: hi") == ":wave: hi"


def test_mrkdwn_plain_reads_as_text():
    assert mrkdwn_plain("*Leave* <@U123>?\nSure", NAMES) == "Leave @Ann Lee?\nSure"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://x.org/a", True),
        ("http://x.org", True),
        ("mailto:a@b.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("https://x.org/a b", False),
        ("//x.org", False),
        ("https:", False),
    ],
)
def test_safe_url(url, safe):
    assert (safe_url(url) == url) is safe
