"""``/peer-review help``: the commands, and what was not understood."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import context, escape, section
from bot.limits import fit
from rubric.models import Framework

HELP_LINES = (
    ("setup", "set up your school: its name, members, trio channel and partner schools"),
    ("start", "begin your school's review, or carry on from the first area not yet judged"),
    ("area 3", "open one area again (a number, or `itt`, `cpd`, `s2ss`, `leadership` …)"),
    ("ratings [school]", "your school's current ratings, or a trio partner's"),
    ("reminders on|off", "gentle DMs when your review stalls (on by default, working hours)"),
    ("closed 22 Dec to 2 Jan", "days your school is closed: no reminders then (`closed` lists)"),
    ("new-cycle", "close this review cycle and start the next, to track the shift"),
    (
        "export [trio]",
        "the diagnostic workbook (.xlsx) and a CSV, sent to you; `trio` adds your partners",
    ),
    (
        "export pdf [cycle 1]",
        "a one-page report for governors (PDF) of your latest judged cycle, or of cycle 1",
    ),
    ("external @person", "ask someone from outside your trio to challenge your review"),
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


# -- questions about using the bot ------------------------------------------------------

HOW_TO = {
    "change": (
        "To change your evidence, level, sources or key actions for an area, press *Change* "
        "on that area's message, or type `/peer-review area 3` (any area number or name) to "
        "bring it back. The form opens with what you recorded; every change keeps its "
        "history, and your summary updates itself."
    ),
    "challenge": (
        "To challenge a partner school's judgement, press *Challenge a judgement* on its "
        "summary in your trio channel, or reply in the summary's thread naming the area "
        "(“ITT: …”). I tell you privately where I filed your reply, and you can file it "
        "under another area from that note. Only trio partners and a school's external "
        "challengers (`/peer-review external`) can challenge."
    ),
    "start": (
        "Type `/peer-review start` (or press *Continue the review* on my Home tab). I present "
        "the areas one at a time, in your school's channel or here; press the level that "
        "fits best and add your evidence. Not set up yet? `/peer-review setup` comes first."
    ),
    "outcomes": (
        "After challenge, a member of the reviewed school presses *Record agreed outcomes* on "
        "its summary: for each area, the judgement stands or is revised (with a reason), "
        "and you note the successes and improvement areas you agreed. The form keeps what "
        "you saved, so you can come back to it."
    ),
    "new_cycle": (
        "`/peer-review new-cycle` (or *Start a new cycle* on my Home tab) closes this review "
        "cycle and starts the next. It asks once, and says first if any area is not judged "
        "or any challenge is still open."
    ),
    "export": (
        "`/peer-review export` sends you the diagnostic workbook (.xlsx) and a CSV by direct "
        "message; `/peer-review export trio` adds your trio partners. `/peer-review export "
        "pdf` (or *Report for governors (PDF)* on my Home tab) sends the one-page report for "
        "your governors."
    ),
    "setup": (
        "`/peer-review setup` opens your school's form: its name, the members who may record "
        "judgements, your trio channel and the partner schools to invite, and your school's "
        "own channel."
    ),
    "reminders": (
        "`/peer-review reminders off` stops the gentle reminders for your school; "
        "`/peer-review reminders on` starts them again. They come on weekdays in working "
        "hours, never on days you mark closed: `/peer-review closed 22 Dec 2026 to 2 Jan 2027`."
    ),
}


def build_how_to(framework: Framework, topic: str) -> dict[str, Any]:
    """A short answer to a question about using the bot (`topic`: core.questions)."""
    if topic == "levels":
        scale = ", ".join(framework.level_text(n) for n in framework.levels)
        text = (
            f"The maturity levels, lowest first: {scale}. Each area's message shows what each "
            "level looks like for that area; choose the one that fits best, with your "
            "evidence. The overall rating comes from all the areas together, once every "
            "area is judged."
        )
    else:
        text = HOW_TO.get(topic) or CAN_DO
    return {"text": text, "blocks": [section(text), context(ask_more(topic))]}


CAN_DO = (
    "Here's what I can do: guide your school's self-evaluation (`/peer-review start`), show "
    "ratings (ask me “what are our ratings?” or “where are we on CPD?”), take your trio "
    "partners' challenges in the summary's thread, record agreed outcomes, start a new "
    "cycle, export the diagnostic and make a one-page report for your governors."
)
EXAMPLES = {
    "change": "“how do I change my evidence?”",
    "challenge": "“how do I challenge?”",
    "levels": "“what do the levels mean?”",
}
ASK_MORE = "You can also ask me {examples}. `/peer-review help` lists every command."


def ask_more(asked: str | None = None) -> str:
    """What else people may ask, without the question just answered."""
    examples = [e for topic, e in EXAMPLES.items() if topic != asked]
    listed = ", ".join(examples[:-1]) + " or " + examples[-1]
    return ASK_MORE.format(examples=listed)


def build_can_do(*, understood: bool) -> dict[str, Any]:
    """The answer to a greeting or to something not understood: what the bot can do."""
    text = CAN_DO if understood else "Sorry, I didn't quite follow that. " + CAN_DO
    return {"text": text, "blocks": [section(text), context(ask_more())]}
