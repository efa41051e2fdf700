"""``/peer-review help``: the commands, and what was not understood."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import context, escape, section
from bot.limits import fit

HELP_LINES = (
    ("setup", "set up your school: its name, members, trio channel and partner schools"),
    ("start", "begin your school's review, or carry on from the first area not yet judged"),
    ("area 3", "open one area again (a number, or `itt`, `cpd`, `s2ss`, `leadership` …)"),
    ("ratings [school]", "your school's current ratings, or a trio partner's"),
    ("reminders on|off", "gentle DMs when your review stalls (on by default)"),
    ("new-cycle", "close this review cycle and start the next, to track the shift"),
    (
        "export [trio]",
        "the diagnostic workbook (.xlsx) and a CSV, sent to you; `trio` adds your partners",
    ),
    ("export pdf", "a one-page report for governors (PDF), sent to you"),
    ("help", "show this help"),
)


def build_help(not_understood: str | None = None) -> dict[str, Any]:
    lines = [f"`{ids.COMMAND} {name}` — {what}" for name, what in HELP_LINES]
    blocks = []
    if not_understood:
        blocks.append(section(f"Sorry, I didn't understand `{escape(fit(not_understood, 200))}`."))
    blocks += [
        section("*peer-review* guides your school through the Peer Review Framework.\n"),
        section("\n".join(lines)),
        context(
            "A school self-evaluates each of the 5 areas, its trio partners challenge the "
            "judgements in the summary's thread, and together you agree successes and next steps."
        ),
    ]
    intro = f"I didn't understand “{escape(fit(not_understood, 200))}”. " if not_understood else ""
    text = intro + "Commands: " + ", ".join(f"{ids.COMMAND} {n}" for n, _ in HELP_LINES)
    return {"text": text, "blocks": blocks}
