"""Render the bot's real Block Kit as plain text (and the radar chart as PNG) for the README.

Run: .venv/bin/python docs/render_samples.py
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from bot.blocks.area import build_area_message
from bot.blocks.summary import build_summary
from bot.chart import radar_png
from core.review import AreaView
from core.standing import assemble
from rubric.loader import load_builtin
from storage.records import Cycle, Judgement, School

HERE = Path(__file__).resolve().parent


def text_of(block_text: str) -> str:
    text = re.sub(r"<@(\w+)>", lambda m: "@" + {"UA1": "Jo Patel"}.get(m[1], m[1]), block_text)
    text = re.sub(r"<#\w+>", "#trio-north", text)
    text = re.sub(r"(^|\s)_([^_]+)_(?=\s|$)", r"\1\2", text)
    return (
        text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("*", "")
        .replace("`", "")
    )


def render(message: dict, width: int = 78) -> str:
    lines: list[str] = []
    for block in message["blocks"]:
        kind = block["type"]
        if kind == "header":
            lines += [text_of(block["text"]["text"]).upper()]
        elif kind == "divider":
            lines.append("─" * width)
        elif kind == "context":
            for element in block["elements"]:
                lines += textwrap.wrap(
                    text_of(element["text"]), width, initial_indent="  ", subsequent_indent="  "
                )
        elif kind == "section":
            for para in text_of(block["text"]["text"]).splitlines():
                lines += textwrap.wrap(para, width, subsequent_indent="  ") or [""]
            if "accessory" in block:
                lines.append(f"{'[ ' + block['accessory']['text']['text'] + ' ]':>{width}}")
        elif kind == "actions":
            lines.append("  ".join(f"[ {e['text']['text']} ]" for e in block["elements"]))
    return "\n".join(lines)


def main() -> None:
    framework = load_builtin()
    school = School(id=1, name="Hillmead TSA", created_by="UA1", created_at="2026-11-24T09:00")
    cycle = Cycle(
        id=1,
        school_id=1,
        number=1,
        framework_id=framework.id,
        framework_version=framework.version,
        status="judged",
        started_by="UA1",
        started_at="2026-11-10T09:00",
        completed_at="2026-11-24T09:00",
    )
    area = framework.area("infrastructure")
    print(
        render(
            build_area_message(
                framework,
                AreaView(
                    school=school, cycle=cycle, area=area, judged_count=1, judgement=None, last=None
                ),
            )
        )
    )
    print("\n\n")
    levels = dict(zip(framework.area_ids, [3, 3, 2, 4, 2], strict=True))
    evidence = {
        "leadership": "Governors' TS committee meets termly; vision shared across 14 schools.",
        "infrastructure": "Business plan to 2028; budget tracked monthly by the TS manager.",
        "itt": "School Direct in 6 schools; 11 trainees; mentor training started.",
        "cpd": "Delivery spread across 5 schools; impact evaluated at 3 and 12 months.",
        "s2ss": "4 SLEs deployed this year, mostly on request.",
    }
    actions = {
        "itt": "- Recruit ITT leads in every school\n- Shared mentor QA",
        "s2ss": "Move from reactive deployment to a strategic SLE plan.",
    }
    judgements = {
        a: Judgement(
            cycle_id=1,
            area_id=a,
            level=n,
            evidence=evidence[a],
            key_actions=actions.get(a, ""),
            evidence_sources=framework.area(a).evidence_sources[:2],
            evidence_links=(),
            actions_done=(),
            recorded_by="UA1",
            recorded_at="2026-11-24T09:00",
        )
        for a, n in levels.items()
    }
    summary = build_summary(
        framework, assemble(framework, school=school, cycle=cycle, judgements=judgements)
    )
    print(render(summary))
    (HERE / "summary-radar.png").write_bytes(
        radar_png(framework, [("Cycle 1 · 24 Nov 2026", levels)], "Hillmead TSA · cycle 1")
    )


if __name__ == "__main__":
    main()
