"""Answering "what are our ratings?" from a mention or a DM, once per message."""

from __future__ import annotations

from typing import Any

import storage
from bot.blocks.help import build_can_do, build_how_to
from bot.blocks.ratings import build_answer, build_private_answer
from bot.mrkdwn import unescape
from bot.services import Services
from core import effects, questions


def answer_once(services: Services, event: dict[str, Any], *, in_thread: bool) -> bool:
    """Claim the message and write the reply to the outbox, together; False if it was
    answered already (Slack may deliver one message as ``app_mention`` and ``message``)."""
    channel, ts, user = event["channel"], event["ts"], event["user"]
    with services.unit() as db, storage.transaction(db):
        answer = questions.answer_once(
            db,
            services.framework,
            user,
            unescape(event.get("text") or ""),  # Slack sends &, <, > escaped
            channel=channel,
            ts=ts,
            direct=event.get("channel_type") == "im",
        )
        if answer is None:
            return False
        if answer.asked_in is not None:  # not every reader there may see it: the asker alone
            effects.message(db, user, build_private_answer(services.framework, answer), to=user)
            return True
        effects.message(
            db,
            channel,
            _reply(services, answer),
            to=user,
            thread_ts=(event.get("thread_ts") or ts) if in_thread else None,
        )
    return True


def _reply(services: Services, answer: questions.Answer) -> dict[str, Any]:
    """Help for a question about using the bot, else the answer to the question."""
    if answer.kind == "how_to":
        return build_how_to(services.framework, answer.topic or "")
    if answer.kind in ("help", "unknown"):
        return build_can_do(understood=answer.kind == "help")
    return build_answer(services.framework, answer)
