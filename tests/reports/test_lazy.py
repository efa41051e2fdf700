"""The PDF library is imported when a report is made, not when the bot starts."""

from __future__ import annotations

import subprocess
import sys


def imported_after(code: str) -> set[str]:
    out = subprocess.run(  # noqa: S603 (the test's own code)
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_the_bot_and_its_outbox_start_without_the_pdf_library():
    modules = imported_after("import bot.app, bot.outbox.delivery, bot.outbox.process")
    assert "bot.outbox.exports" in modules  # the export delivery itself is loaded…
    assert "fpdf" not in modules  # …but not what it needs only for a PDF


def test_making_a_report_imports_it():
    assert "fpdf" in imported_after("import reports.pdf")
