"""``/peer-review external …``: ask someone from no school to challenge a school's review,
ask them to stop, or list them.

``external @person`` (a member: their own school), ``external @person for Hillmead`` (a lead:
a school of their alliance), ``external remove @person [for …]``, and ``external [for …]``
alone lists them. Slack sends a mention in a command as ``<@U123|name>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.blocks import externals as blocks
from bot.blocks.kit import build_notice
from bot.handlers.base import refusal_notice
from bot.services import Services
from core import externals
from core.errors import Refusal

_COMMAND = re.compile(
    r"(?P<remove>remove\s+)?(?:<@(?P<person>[UW][A-Z0-9]{1,20})(?:\|[^>]*)?>)?\s*"
    r"(?:for\s+(?P<school>\S.*))?",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Asked:
    remove: bool
    person: str | None  # None: list them
    school: str | None  # the school's name, as a lead names it; None: the person's own


def parse(text: str) -> Asked | None:
    """What the words after ``external`` ask for; None when they are not one of its forms."""
    found = _COMMAND.fullmatch(text.strip())
    if found is None:
        return None
    asked = Asked(
        remove=bool(found["remove"]),
        person=found["person"],
        school=found["school"].strip() if found["school"] else None,
    )
    return None if asked.remove and asked.person is None else asked


def external_command(
    services: Services, user_id: str, text: str, bot_user_id: str | None = None
) -> dict[str, Any]:
    asked = parse(text)
    if asked is None:
        plain_at = "@" in text and "<@" not in text  # a name typed, not a mention picked
        return build_notice(blocks.PICK_THEM if plain_at else blocks.USAGE)
    try:
        with services.unit() as db:
            school = externals.school_for(db, user_id, asked.school)
            lead = asked.school is not None
            if asked.person is None:
                return blocks.listing(externals.challengers(db, user_id, school.id), lead=lead)
            if asked.remove:
                externals.remove(db, user_id, school.id, asked.person)
                return blocks.removed(school, asked.person)
            externals.invite(db, user_id, school.id, asked.person, bot_user_id=bot_user_id)
            return blocks.invited(school, asked.person, lead=lead)
    except externals.AboutThem as refusal:
        return blocks.about_them(refusal.person, refusal.rest)
    except Refusal as refusal:
        return refusal_notice(refusal)
