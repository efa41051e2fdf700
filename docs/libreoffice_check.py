"""Does the exported workbook print well in LibreOffice: the radar showing both cycles, and
every row tall enough for its wrapped text?

Needs LibreOffice (Debian: libreoffice-calc-nogui) and poppler-utils.
Run: .venv/bin/python docs/libreoffice_check.py OUT_DIR
It writes OUT_DIR/diagnostic.xlsx (the test suite's sample school: two cycles, challenges,
outcomes, people's names), converts it to PDF as tests/reports/test_libreoffice.py does,
says whether any text is drawn over other text, and renders the PDF's pages to PNG for a
person to look at.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import storage  # noqa: E402
from reports import write_xlsx  # noqa: E402
from rubric.loader import load_builtin  # noqa: E402
from tests.reports import office, pdftools  # noqa: E402
from tests.reports.samples import two_reviews  # noqa: E402
from tests.reports.test_libreoffice import LONG  # noqa: E402


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    framework = load_builtin()
    db = storage.open_database(":memory:")
    storage.migrate(db)
    workbook = out / "diagnostic.xlsx"
    report = two_reviews(db, framework, evidence=dict.fromkeys(framework.area_ids, LONG * 3))
    write_xlsx([report], framework, str(workbook))
    [pdf] = office.to_pdf([workbook], out)
    print(f"{pdf}: {pdftools.info(pdf)['Pages']} pages")
    pairs = pdftools.overlapping(pdftools.words(pdf))
    for a, b in pairs:
        print(f"  page {a.page}: {a.text!r} is drawn over {b.text!r}")
    print("no text drawn over other text" if not pairs else f"{len(pairs)} overlaps")
    pages = pdftools.pictures(pdf, out, dpi=60)
    print("pages:", ", ".join(p.name for p in pages))
    return 1 if pairs else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "lo-check")))
