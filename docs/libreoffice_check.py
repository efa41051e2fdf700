"""Does the exported workbook open in LibreOffice, with the radar showing both cycles?

Needs LibreOffice (Debian: libreoffice-calc-nogui) and pdftoppm (poppler-utils).
Run: .venv/bin/python docs/libreoffice_check.py OUT_DIR
It writes OUT_DIR/diagnostic.xlsx, converts it to PDF with `libreoffice --headless
--convert-to pdf`, and renders the PDF's pages to PNG for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import storage
from reports import school_report, write_xlsx
from rubric.loader import load_builtin
from storage.store import Store


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    framework = load_builtin()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "lo.db").connect() as db:
        school = storage.create_school(db, "Hillmead Teaching School Alliance", "UA1")
        for levels in ((2, 2, 2, 2, 2), (3, 2, 1, 3, 4)):
            cycle = storage.new_cycle(db, school.id, framework, "UA1")
            for area_id, level in zip(framework.area_ids, levels, strict=True):
                storage.record_judgement(
                    db,
                    cycle.id,
                    area_id,
                    level,
                    evidence="Evidence",
                    key_actions="Key actions",
                    recorded_by="UA1",
                    framework=framework,
                )
        workbook = out / "diagnostic.xlsx"
        write_xlsx([school_report(db, framework, school.id)], framework, str(workbook))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        print("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
        return 2
    done = subprocess.run(  # noqa: S603
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(workbook)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = out / "diagnostic.pdf"
    print(done.stdout.strip() or done.stderr.strip())
    if done.returncode != 0 or not pdf.exists():
        print(f"conversion failed: exit {done.returncode}")
        return 1
    print(f"{pdf}: {pdf.stat().st_size} bytes")
    if shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "page")],  # noqa: S607
            check=True,
            timeout=120,
        )
        print("pages:", ", ".join(sorted(p.name for p in out.glob("page*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "lo-check")))
