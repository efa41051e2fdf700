"""Helpers for the playground's rendering tests: Block Kit pieces and a small HTML reader."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from playground.render import Directory, blocks_html

NAMES = Directory(people={"U1": "Ann", "U2": "Bob"}, channels={"C1": "trio", "C2": "hillmead"})
HOSTILE = '<script>alert(1)</script>"onmouseover=alert(1) x="'


def plain(text):
    return {"type": "plain_text", "text": text}


def md(text):
    return {"type": "mrkdwn", "text": text}


def option(text, value, **extra):
    return {"text": plain(text), "value": value, **extra}


class Tags(HTMLParser):
    """Every start tag as (tag, attrs), and the text, of some HTML."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag=None, **attrs):
        return [
            a
            for t, a in self.tags
            if (tag is None or t == tag)
            and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]


def render(*blocks, form=False):
    return blocks_html(list(blocks), NAMES, form=form)


def actions_of(html):
    return [json.loads(a["data-action"]) for _, a in Tags(html).tags if "data-action" in a]


def input_block(element, block_id="b1", **extra):
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain("Label"),
        "element": element,
        **extra,
    }
