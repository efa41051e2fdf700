"""Opening a workbook as LibreOffice does: converted to PDF by ``soffice --headless``, the
way it prints, so a test (or docs/libreoffice_check.py) can read where its text lies."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import missing


def office() -> str:
    """The LibreOffice command; skip (fail under CI) where it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        missing("needs LibreOffice (Debian: libreoffice-calc-nogui)")
    return found


def to_pdf(workbooks: list[Path], folder: Path) -> list[Path]:
    """Each workbook converted to a PDF in `folder`, in one run of LibreOffice, with a
    profile of its own (so it never waits on, or disturbs, another LibreOffice running)."""
    profile = folder / "profile"
    done = subprocess.run(  # noqa: S603
        [
            office(),
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, workbooks),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    converted = [folder / f"{book.stem}.pdf" for book in workbooks]
    if done.returncode != 0 or not all(pdf.exists() for pdf in converted):
        raise AssertionError(f"LibreOffice could not convert: {done.stdout}{done.stderr}")
    return converted
