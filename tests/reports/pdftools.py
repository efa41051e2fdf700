"""Reading a PDF as a viewer shows it, with poppler's command-line tools: its pages and size
(pdfinfo), its text (pdftotext), where each line of text lies (pdftotext -bbox-layout), and
its pages as PNG pictures (pdftoppm). Tests that need them skip (fail under CI) without them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from tests.conftest import missing

XHTML = "{http://www.w3.org/1999/xhtml}"
A4_POINTS = (595.28, 841.89)


def need(*tools: str) -> None:
    """Skip (or fail, under CI) unless every tool is installed."""
    for tool in tools:
        if shutil.which(tool) is None:
            missing(f"needs {tool} (Debian: poppler-utils / libreoffice-calc-nogui)")


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=180, check=True)  # noqa: S603
    return done.stdout


def info(pdf: Path) -> dict[str, str]:
    """pdfinfo's fields: "Pages", "Page size" …"""
    need("pdfinfo")
    found = {}
    for line in run("pdfinfo", str(pdf)).splitlines():
        key, _, value = line.partition(":")
        found[key.strip()] = value.strip()
    return found


def page_size(pdf: Path) -> tuple[float, float]:
    """The first page's width and height in points."""
    width, height = re.findall(r"[\d.]+", info(pdf)["Page size"])[:2]
    return float(width), float(height)


def text(pdf: Path) -> str:
    """The text as pdftotext reads it, in reading order, laid out."""
    need("pdftotext")
    return run("pdftotext", "-layout", str(pdf), "-")


def pictures(pdf: Path, folder: Path, dpi: int = 60) -> list[Path]:
    """Each page rendered as a PNG in `folder`, first page first."""
    need("pdftoppm")
    folder.mkdir(parents=True, exist_ok=True)
    run("pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / "page"))
    return sorted(folder.glob("page*.png"))


@dataclass(frozen=True)
class Line:
    """A line of text on a page and the box it is drawn in (points, y down)."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def lines(pdf: Path) -> list[Line]:
    """Every line of text with its box, as pdftotext -bbox-layout finds them."""
    need("pdftotext")
    # poppler's own output for a PDF the test just wrote
    tree = ElementTree.fromstring(run("pdftotext", "-bbox-layout", str(pdf), "-"))  # noqa: S314
    found = []
    for number, page in enumerate(tree.iter(f"{XHTML}page"), start=1):
        for line in page.iter(f"{XHTML}line"):
            words = " ".join(w.text or "" for w in line.iter(f"{XHTML}word"))
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            found.append(Line(number, words, *box))
    return found


def overlapping(found: list[Line], tolerance: float = 0.5) -> list[tuple[Line, Line]]:
    """Pairs of lines drawn over each other: on the same page, side by side in part and
    sharing more than `tolerance` points of height (a wrapped line running into the next
    row's text, a label on a label)."""
    pairs = []
    for index, a in enumerate(found):
        for b in found[index + 1 :]:
            if a.page != b.page:
                continue
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            down = min(a.y1, b.y1) - max(a.y0, b.y0)
            if across > tolerance and down > tolerance:
                pairs.append((a, b))
    return pairs
