"""Short messages to a person: what followed their change, and what Slack would not do.

Every failure notice says what did not happen and how to redo it; the data is always kept,
so none asks anyone to type anything again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.area import area_label
from bot.blocks.kit import build_notice, escape
from bot.mrkdwn import channel_link
from core.wording import plural
from rubric.models import Area, Framework
from storage.records import School, Trio

INVITE = "Invite me there with `/invite @peer-review`"
BOT_NAME = "@peer-review"  # the manifest's bot user display name
CHANNEL_ERRORS = frozenset({"not_in_channel", "channel_not_found"})
PRIVATE = "method_not_supported_for_channel_type"  # a private channel can't be joined
# What Slack says when the bot is not in a channel and can't get in by itself.
KEPT_OUT = CHANNEL_ERRORS | {"is_archived", PRIVATE}
OUR_SIDE = frozenset({"internal_error", "database_busy"})


def _cause(code: str) -> str:
    """Why, in a few words: what Slack said, that it isn't answering, or that it was us."""
    if code in OUR_SIDE:
        return "something went wrong on my side"
    if code.startswith("http_5") or code in ("ratelimited", "connection_error"):
        return f"Slack isn't answering at the moment: {code}"
    return code


SLOW_FORM = (
    "Slack didn't let me open the form in time (this happens when Slack is slow). "
    "Please try again; nothing was changed."
)


def _where(channel: str) -> str:
    return "our DM" if channel.startswith(("U", "W", "D")) else channel_link(channel)


def summary_posted(
    framework: Framework, school: School, channel: str, *, first: bool
) -> dict[str, Any]:
    note = f"Your summary is {'posted' if first else 'updated'} in {channel_link(channel)}."
    if first:
        note = f"All {len(framework.areas)} areas are judged for {escape(school.name)}. " + note
    return build_notice(note)


def no_trio_channel(framework: Framework, school: School) -> dict[str, Any]:
    return build_notice(
        f"All {len(framework.areas)} areas are judged for {escape(school.name)}. Your summary "
        "is ready, but your school has no trio channel yet. Choose one with "
        "`/peer-review setup`, then run `/peer-review start` to post it there."
    )


def summary_failed(channel: str | None, code: str) -> dict[str, Any]:
    if channel and code in CHANNEL_ERRORS:
        return build_notice(
            "Your judgements are saved, but I couldn't post the summary to "
            f"{channel_link(channel)} ({code}). {INVITE}, then run `/peer-review start` to post it."
        )
    if code == "is_archived":
        return build_notice(
            f"Your judgements are saved, but {channel_link(channel)} is archived, so I "
            "couldn't post the summary there. Choose another trio channel with "
            "`/peer-review setup`, then run `/peer-review start` to post it."
        )
    return build_notice(
        f"Your judgements are saved, but I couldn't post the summary ({_cause(code)}). "
        "Run `/peer-review start` to try again."
    )


def area_failed(framework: Framework, area: Area, channel: str, code: str) -> dict[str, Any]:
    in_channel = not channel.startswith(("U", "W", "D"))
    return build_notice(
        f"I couldn't post {area_label(area, framework)} in {_where(channel)} ({_cause(code)}). "
        + (f"{INVITE}, or clear the school channel in `/peer-review setup`. " if in_channel else "")
        + "Nothing was lost: run `/peer-review start` again to carry on."
    )


def area_update_failed(framework: Framework, area: Area, code: str) -> dict[str, Any]:
    return build_notice(
        f"Your judgement of {area_label(area, framework)} is saved, but I couldn't show it in "
        f"its message ({_cause(code)}). `/peer-review area {area.number}` shows the area again."
    )


def chart_failed(code: str) -> dict[str, Any]:
    return build_notice(
        f"Your summary is up to date, but I couldn't add the radar chart to its thread "
        f"({_cause(code)}). Nothing was lost: the chart is drawn again with the next change."
    )


def challenge_failed(school_name: str, area_name: str, code: str, text: str) -> dict[str, Any]:
    return build_notice(
        f"Your challenge on {escape(area_name)} is saved and counted on "
        f"{escape(school_name)}'s summary, but I couldn't post it in the thread "
        f"({_cause(code)}), so partners can't read it there yet. Here it is:\n"
        + "\n".join(f"> {line}" for line in escape(text).splitlines())
    )


def join_failed(channel: str, code: str) -> dict[str, Any]:
    """Slack would not let the bot into a channel picked in setup; nothing is posted there
    until it is in, and what waits follows as soon as someone invites it."""
    where = channel_link(channel)
    if code == "is_archived":
        return build_notice(
            f"{where} is archived, so I can't post there. Choose another channel in "
            "`/peer-review setup` (or leave your school's channel empty to work in our DM)."
        )
    why = {
        PRIVATE: f"{where} is private, so I can't join it myself",
        "channel_not_found": f"I can't see {where} (it is private, or was deleted)",
    }.get(code, f"I couldn't join {where} ({_cause(code)})")
    return build_notice(
        f"{why}. To let me in, type `/invite {BOT_NAME}` in {where}. I won't post anything "
        "there until then, and nothing is lost: once I'm in, I carry on where you asked."
    )


def not_in_channel(
    framework: Framework, area: Area | None, channel: str, code: str
) -> dict[str, Any]:
    """The answer to a start while the bot is kept out of the school's own channel."""
    return build_notice(kept_out_text(framework, area, channel, code))


def kept_out_text(framework: Framework, area: Area | None, channel: str, code: str) -> str:
    """What was not posted in the school's own channel, and how to let the bot in (mrkdwn)."""
    where = channel_link(channel)
    what = area_label(area, framework) if area else "your review"
    if code == "is_archived":
        return (
            f"{where} is archived, so I haven't posted {what} there. Choose another channel "
            "for your school in `/peer-review setup` (or leave it empty to work in our DM), "
            "then run `/peer-review start` again."
        )
    return (
        f"I'm not in {where} yet, so I haven't posted {what} there. Type "
        f"`/invite {BOT_NAME}` in {where}, and I'll post it as soon as I'm in. (To work in "
        "our DM instead, leave your school's channel empty in `/peer-review setup`.)"
    )


def setup_saved(
    school: School,
    members: int,
    trio: Trio | None,
    partners: list[School],
    invited: Sequence[School] = (),
) -> dict[str, Any]:
    lines = [f"*{escape(school.name)}* is set up with {plural(members, 'member')}."]
    if trio:
        names = ", ".join(escape(p.name) for p in partners)
        lines.append(
            f"Trio channel: {channel_link(trio.channel_id)}"
            + (f" with {names}." if partners else ". No partner school has joined yet.")
        )
        if invited:
            asked = ", ".join(escape(p.name) for p in invited)
            lines.append(
                f"Invited: {asked}. A school joins your trio when one of its members accepts; "
                "until then neither school sees anything of the other."
            )
    lines.append("Next: `/peer-review start` to begin your self-evaluation.")
    return build_notice("\n".join(lines))


def reminder(
    framework: Framework, school: School, cycle_number: int, missing: list[Area]
) -> dict[str, Any]:
    names = ", ".join(f"{a.number} {a.short_name}" for a in missing)
    return build_notice(
        f"A gentle reminder: {escape(school.name)}'s review (cycle {cycle_number}) is waiting "
        f"for {len(missing)} of {len(framework.areas)} areas: {names}. `/peer-review start` "
        "carries on where you left off. (A member can turn these off with "
        "`/peer-review reminders off`.)"
    )


def nothing_to_export() -> dict[str, Any]:
    return build_notice("Your school has no review yet, so there is nothing to export.")


def _asked(format: str) -> str:
    return "the report for governors" if format == "pdf" else "the diagnostic"


def no_longer_allowed(format: str = "xlsx") -> dict[str, Any]:
    return build_notice(
        f"I didn't send {_asked(format)} you asked for: you are no longer a member of that "
        "school. Ask one of its members if you need it."
    )


def export_failed(code: str, format: str = "xlsx") -> dict[str, Any]:
    again = "/peer-review export pdf" if format == "pdf" else "/peer-review export"
    return build_notice(
        f"I couldn't send you {_asked(format)} ({_cause(code)}). Nothing is lost: try "
        f"`{again}` again, or ask your admin for `peer-review export` on the server."
    )


def report_sent(shown: Sequence[tuple[str, int]], other: int | None) -> str:
    """The words with the report for governors: whose it is, of which review cycle each,
    and how to have another cycle's (`other`, one the school has had besides)."""
    pages = "one page" if len(shown) == 1 else "a page per school"
    if len(shown) == 1:
        ((name, cycle),) = shown
        text = f"The report for governors of {escape(name)}, review cycle {cycle}"
    else:
        each = [f"{escape(name)} (cycle {cycle})" for name, cycle in shown]
        text = f"The report for governors of {', '.join(each[:-1])} and {each[-1]}"
    text += f": {pages}, to print."
    if other is not None:
        text += f" For another cycle: `/peer-review export pdf cycle {other}`."
    return text


def something_went_wrong() -> dict[str, Any]:
    return build_notice(
        "Sorry, something went wrong on my side and that didn't work. Nothing you recorded "
        "is lost; please try again, and tell your admin if it keeps happening."
    )
