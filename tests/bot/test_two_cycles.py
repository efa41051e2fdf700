"""Issue 6's "done when": a school completes two cycles in Slack and exports the diagnostic."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from bot import ids
from tests.bot.conftest import TRIO, judgement_values, setup_values

CYCLE_1 = (2, 2, 2, 2, 2)
CYCLE_2 = (3, 2, 1, 3, 4)


def walk_all(ws, user, levels, cycle):
    for number, level in enumerate(levels, start=1):
        ws.click(user, ws.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        ws.submit(
            user,
            ws.last_view(),
            judgement_values(
                level, f"cycle {cycle} area {number} evidence", key_actions=f"cycle {cycle} actions"
            ),
        )


def test_two_cycles_then_export(workspace, slack):
    ws = workspace
    ws.command("UA1", "setup")
    ws.submit("UA1", ws.last_view(), setup_values("Hillmead", channel=TRIO))
    ws.command("UA1", "start")
    walk_all(ws, "UA1", CYCLE_1, 1)
    ws.command("UA1", "new-cycle")  # one confirmation: its form, submitted
    ws.submit("UA1", ws.last_view(), {})
    walk_all(ws, "UA1", CYCLE_2, 2)
    ws.command("UA1", "export")

    names = [c["filename"] for c in slack.called("files.getUploadURLExternal")]
    files = dict(zip(names, slack.uploads.values(), strict=True))
    xlsx = next(v for k, v in files.items() if k.endswith(".xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    inputs = {r[0]: r[1] for r in book["Input"].iter_rows(values_only=True) if r[0]}
    assert inputs["Review cycle"] == 2
    assert [inputs[k] for k in inputs if str(k)[:1].isdigit()] == list(CYCLE_2)
    output = {r[0]: r for r in book["Output"].iter_rows(values_only=True) if r[0]}
    assert output["4 Continuing Professional Development"][1:3] == (3, "Secure")
    assert output["Overall mean"][1] == 2.6
    assert output["Overall rating"][1:3] == (2, "Expanding")
    itt = {r[0]: r[1] for r in book["3 ITT"].iter_rows(values_only=True) if r[0]}
    assert itt["Evidence to support best fit judgement"] == "cycle 2 area 3 evidence"
    assert itt["Last cycle's actions done"] is None  # none ticked
    shape = list(book["Shape"].iter_rows(values_only=True))
    assert [row[1:3] for row in shape[3:8]] == list(zip(CYCLE_1, CYCLE_2, strict=True))
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert chart.count("<c:ser>") == 2  # the radar overlays both cycles
    csv_text = next(v for k, v in files.items() if k.endswith(".csv")).decode()
    assert csv_text.count("\n") == 11  # header and 2 x 5 judgements
