"""Make the README's picture of the report for governors: the test suite's sample school
(two cycles, challenges, agreed outcomes, people's names) as a PDF, rendered by poppler.

Needs poppler-utils (pdftoppm).
Run: .venv/bin/python docs/governors_report.py   (writes docs/governors-report.png)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import storage  # noqa: E402
from reports import as_of, write_pdf  # noqa: E402
from rubric.loader import load_builtin  # noqa: E402
from tests.reports import pdftools  # noqa: E402
from tests.reports.samples import two_reviews  # noqa: E402

HERE = Path(__file__).resolve().parent
DPI = 90  # A4 at 90 dots an inch: 744 × 1052 pixels, readable in a README


def main() -> int:
    framework = load_builtin()
    db = storage.open_database(":memory:")
    storage.migrate(db)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "governors-report.pdf"
        write_pdf(as_of([two_reviews(db, framework)]), framework, pdf)
        [page] = pdftools.pictures(pdf, Path(folder) / "png", dpi=DPI)
        target = HERE / "governors-report.png"
        target.write_bytes(page.read_bytes())
    print(f"{target}: {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
