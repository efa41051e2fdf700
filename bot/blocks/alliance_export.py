"""What the bot says about the alliance's export: that it is on its way, the words sent
with the files, and what went wrong. The alliance's name is escaped here, once."""

from __future__ import annotations

from typing import Any

from bot.blocks.kit import build_notice, escape
from bot.blocks.notices import _cause
from core.alliance_exports import Format
from core.wording import plural

WHAT = {
    "both": ("workbook and its CSV", "them"),
    "xlsx": ("workbook", "it"),
    "csv": ("CSV", "it"),
}
AGAIN = "/peer-review alliance export"


def building(alliance_name: str, format: Format) -> dict[str, Any]:
    """ "Building the East Midlands TSA round workbook; I'll send it to you in a moment." """
    what, it = WHAT[format]
    return build_notice(
        f"Building the {escape(alliance_name)} round {what}; I'll send {it} to you in a "
        "moment, in our DM."
    )


def sent(alliance_name: str, round_text: str, schools: int, shared: int, format: Format) -> str:
    """The words with the files: whose round, how many schools, whose evidence is in it."""
    text = f"The {escape(alliance_name)} {round_text}, {plural(schools, 'school')}"
    if format != "csv":
        text += (
            ": the workbook (an overview with the heatmap of levels, the chart of levels by "
            "area and a sheet per school"
        )
        text += (
            ", with the evidence of the "
            f"{plural(shared, 'school')} that {'shares' if shared == 1 else 'share'} it with "
            "the alliance's leads)"
            if shared
            else "; no school shares its evidence with the alliance's leads, so there are "
            "levels and progress only)"
        )
        text += " and a CSV of the overview." if format == "both" else "."
    else:
        text += ": a CSV of the overview, a row a school."
    return text


def no_longer_lead() -> dict[str, Any]:
    return build_notice(
        "I didn't send the alliance's round you asked for: you no longer lead that alliance. "
        "Ask one of its leads if you need it."
    )


def export_failed(code: str) -> dict[str, Any]:
    return build_notice(
        f"I couldn't send you the alliance's round ({_cause(code)}). Nothing is lost: try "
        f"`{AGAIN}` again, or ask your admin for `peer-review export --alliance NAME` on "
        "the server."
    )
