"""The Slack effects that follow a change, written to the outbox in the change's transaction.

Each function here names one effect and says which *lane* it travels in (effects of one
lane are delivered in order: a school's area update before its next area, its summary
before the chart in the summary's thread) and whether it may happen only once or stands
for the latest state. The payload holds references (cycle, area, channel, ts), never
rendered text: the bot renders each effect from the current data when it delivers it, so
a delivery after a restart, or after later changes, shows what is true then.

:func:`message` and :func:`respond` are the exception: replies the bot has already worded
(answers, refusals), delivered with the same retries and the same care.
"""

from __future__ import annotations

import time
from typing import Any

from sqlite_utils import Database

from storage import outbox

PRESENT_AREA = "present_area"
REFRESH_AREA = "refresh_area"
SUMMARY = "summary"
CHART = "chart"
REACT = "react"
POST_CHALLENGE = "post_challenge"
JOIN = "join"
HOME = "home"
REMINDER = "reminder"
NOTICE = "notice"
EXPORT = "export"
MESSAGE = "message"
RESPOND = "respond"
INVITATION = "invitation"
CHECK_CHANNEL = "check_channel"
TRIO_NEWS = "trio_news"
LEARN_NAME = "learn_name"
FILED = "filed"
UNFILED = "unfiled"

ACK_REACTION = "speech_balloon"
_RESPONSE_ONLY = frozenset({"replace_original", "delete_original", "response_type"})


def school_lane(school_id: int) -> str:
    return f"school:{school_id}"


def user_lane(user_id: str) -> str:
    return f"user:{user_id}"


def _put(
    db: Database,
    kind: str,
    payload: dict[str, Any],
    *,
    lane: str,
    by: str | None,
    once: str | None = None,
    latest: str | None = None,
) -> int | None:
    return outbox.enqueue(
        db,
        kind,
        {k: v for k, v in payload.items() if v is not None},
        lane=lane,
        at=time.time(),
        requested_by=by,
        once_key=once,
        latest_key=latest,
    )


def present_area(
    db: Database,
    school_id: int,
    cycle_id: int,
    area_id: str,
    *,
    to: str,
    by: str,
    automatic: bool,
    response_url: str | None = None,
) -> int | None:
    """Post an area's message to `to` (the school's channel, or the person for a DM).

    The walk presents each area automatically at most once per cycle, however many
    submissions race; a person asking for an area (`automatic=False`) always gets it.
    """
    return _put(
        db,
        PRESENT_AREA,
        {"cycle": cycle_id, "area": area_id, "to": to, "response_url": response_url},
        lane=school_lane(school_id),
        by=by,
        once=f"present:{cycle_id}:{area_id}" if automatic else None,
    )


def refresh_area(
    db: Database,
    school_id: int,
    cycle_id: int,
    area_id: str,
    channel: str,
    ts: str,
    *,
    by: str | None,
) -> int | None:
    """Show the area's current judgement in its message, in place."""
    return _put(
        db,
        REFRESH_AREA,
        {"cycle": cycle_id, "area": area_id, "channel": channel, "ts": ts},
        lane=school_lane(school_id),
        by=by,
        latest=f"area:{channel}:{ts}",
    )


def summary(
    db: Database,
    school_id: int,
    cycle_id: int,
    *,
    by: str | None,
    chart: bool,
    notify: str | None = None,
) -> None:
    """Post the cycle's summary to the trio channel, or update it in place; then the chart.

    However many changes ask for it while it waits, the summary is delivered once, showing
    the latest state; the same holds for the chart.
    """
    _put(
        db,
        SUMMARY,
        {"cycle": cycle_id, "notify": notify},
        lane=school_lane(school_id),
        by=by,
        latest=f"summary:{cycle_id}",
    )
    if chart:
        _put(
            db,
            CHART,
            {"cycle": cycle_id},
            lane=school_lane(school_id),
            by=by,
            latest=f"chart:{cycle_id}",
        )


def react(db: Database, school_id: int, channel: str, ts: str, *, name: str = ACK_REACTION) -> None:
    """A quiet reaction on a reply the bot has stored."""
    _put(
        db,
        REACT,
        {"channel": channel, "ts": ts, "name": name},
        lane=school_lane(school_id),
        by=None,
        once=f"react:{channel}:{ts}:{name}",
    )


def filed(db: Database, school_id: int, challenge_id: int, user_id: str) -> None:
    """Tell a reply's author, privately in the thread, where it was filed (once)."""
    payload = {"challenge": challenge_id, "user": user_id}
    _put(db, FILED, payload, lane=school_lane(school_id), by=None, once=f"filed:{challenge_id}")


def unfiled(
    db: Database,
    school_id: int,
    channel: str,
    thread_ts: str,
    user_id: str,
    *,
    chars: int | None = None,
    closed: int | None = None,
    member: bool = False,
) -> None:
    """Tell a reply's author, privately in the thread, why it was not filed: too long
    (`chars`), or in the thread of a cycle `closed` since (once per person and cycle;
    `member`: of the reviewed school, whose replies are responses)."""
    payload = {"channel": channel, "thread_ts": thread_ts, "user": user_id, "school": school_id}
    payload |= {"chars": chars, "cycle": closed, "member": member or None}
    once = f"closed:{closed}:{user_id}" if closed is not None else None
    _put(db, UNFILED, payload, lane=school_lane(school_id), by=None, once=once)


def post_challenge(db: Database, school_id: int, challenge_id: int, *, by: str) -> None:
    """Post a challenge made with the form in the summary's thread, in its author's name."""
    _put(
        db,
        POST_CHALLENGE,
        {"challenge": challenge_id},
        lane=school_lane(school_id),
        by=by,
        once=f"challenge:{challenge_id}",
    )


def join(db: Database, school_id: int, channel: str, *, by: str) -> None:
    """Join a public channel the bot will post in (a private one needs /invite)."""
    _put(
        db, JOIN, {"channel": channel}, lane=school_lane(school_id), by=by, latest=f"join:{channel}"
    )


def home(db: Database, user_id: str, page: int | None = None) -> None:
    """Publish the person's Home tab from the current data (`page`: of the alliance they
    lead, which a later Home tab without one turns back to the first)."""
    _put(
        db,
        HOME,
        {"user": user_id, "page": page},
        lane=user_lane(user_id),
        by=None,
        latest=f"home:{user_id}",
    )


def reminder(db: Database, school_id: int, cycle_id: int, user_id: str) -> None:
    """A gentle DM about an unfinished review, naming the areas still missing."""
    _put(
        db,
        REMINDER,
        {"cycle": cycle_id, "user": user_id, "school": school_id},
        lane=user_lane(user_id),
        by=None,
    )


def export(
    db: Database,
    user_id: str,
    school_ids: list[int],
    *,
    format: str = "xlsx",
    cycle: int | None = None,
) -> None:
    """Build the diagnostic workbook and CSV of these schools (`format` "xlsx") or their
    report for governors ("pdf"; of review `cycle` if one is asked for) and send it to the
    person."""
    payload: dict[str, Any] = {"user": user_id, "schools": school_ids, "format": format}
    if cycle is not None:
        payload["cycle"] = cycle
    _put(db, EXPORT, payload, lane=user_lane(user_id), by=user_id)


def notice(db: Database, user_id: str, about: str, **facts: Any) -> None:
    """Tell a person something that followed their change (`about` names what)."""
    _put(db, NOTICE, {"user": user_id, "about": about, **facts}, lane=user_lane(user_id), by=None)


def invitation(db: Database, invitation_id: int, user_id: str, *, by: str) -> None:
    """Ask a member of the invited school, by DM, to accept or decline (once each)."""
    payload = {"invitation": invitation_id, "user": user_id}
    once = f"invitation:{invitation_id}:{user_id}"
    _put(db, INVITATION, payload, lane=user_lane(user_id), by=by, once=once)


def check_channel(db: Database, user_id: str, channel: str) -> None:
    """Ask Slack who can read a channel just saved without that check, and tell the person
    who chose it if others can (the form could not warn in time)."""
    payload = {"user": user_id, "channel": channel}
    latest = f"check:{user_id}:{channel}"
    _put(db, CHECK_CHANNEL, payload, lane=user_lane(user_id), by=None, latest=latest)


def learn_name(db: Database, user_id: str) -> None:
    """Ask Slack for a person's name, for the files and the command line."""
    latest = f"name:{user_id}"
    _put(db, LEARN_NAME, {"user": user_id}, lane=user_lane(user_id), by=None, latest=latest)


def invitation_answered(db: Database, invitation_id: int, *, to: str) -> None:
    """Tell the person who invited a school what it answered."""
    notice(db, to, "invitation_answered", invitation=invitation_id)


def trio_news(db: Database, channel: str, what: str, school_id: int, *, by: str) -> None:
    """Tell a trio's channel that a school joined (`what`: "joined") or left ("left")."""
    _put(
        db,
        TRIO_NEWS,
        {"channel": channel, "what": what, "school": school_id, "by": by},
        lane=school_lane(school_id),
        by=by,
    )


def message(
    db: Database,
    channel: str,
    content: dict[str, Any],
    *,
    to: str | None = None,
    thread_ts: str | None = None,
    once: str | None = None,
) -> int | None:
    """Post a message the bot has already worded (`content`: text and blocks)."""
    return _put(
        db,
        MESSAGE,
        {"channel": channel, "content": content, "thread_ts": thread_ts},
        lane=user_lane(to or channel),
        by=None,
        once=once,
    )


def respond(
    db: Database, user_id: str, response_url: str | None, content: dict[str, Any]
) -> int | None:
    """Answer a click privately: through its response_url, or by DM where there is none
    (a DM cannot replace or delete the message clicked, so such a reply is not sent)."""
    if not response_url:
        if content.get("delete_original") or "text" not in content:
            return None
        plain = {k: v for k, v in content.items() if k not in _RESPONSE_ONLY}
        return message(db, user_id, plain, to=user_id)
    return _put(
        db,
        RESPOND,
        {"response_url": response_url, "content": content, "user": user_id},
        lane=user_lane(user_id),
        by=None,
    )
