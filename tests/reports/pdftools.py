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
class Box:
    """A line (or a word) of text on a page and the box it is drawn in (points, y down)."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def lines(pdf: Path) -> list[Box]:
    """Every line of text with its box, as pdftotext -bbox-layout finds them."""
    return _boxes(pdf, "line")


def words(pdf: Path) -> list[Box]:
    """Every word with its box (pdftotext may join words of two columns into one line)."""
    return _boxes(pdf, "word")


def _boxes(pdf: Path, kind: str) -> list[Box]:
    need("pdftotext")
    # poppler's own output for a PDF the test just wrote
    tree = ElementTree.fromstring(run("pdftotext", "-bbox-layout", str(pdf), "-"))  # noqa: S314
    found = []
    for number, page in enumerate(tree.iter(f"{XHTML}page"), start=1):
        for element in page.iter(f"{XHTML}{kind}"):
            text = " ".join(w.text or "" for w in element.iter(f"{XHTML}word"))
            box = [float(element.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            found.append(Box(number, text, *box))
    return found


def overlapping(found: list[Box], tolerance: float = 0.5) -> list[tuple[Box, Box]]:
    """Pairs of boxes drawn over each other: on the same page, side by side in part (by
    more than `tolerance` points) and sharing more than half the height of the smaller (a
    wrapped line running into the next row's text, a label on a label). Lines that follow
    each other share a sliver of height, as a font's ascent and descent are taller than its
    line spacing: that is not an overlap."""
    pairs = []
    for index, a in enumerate(found):
        for b in found[index + 1 :]:
            if a.page != b.page:
                continue
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            down = min(a.y1, b.y1) - max(a.y0, b.y0)
            if across > tolerance and down > max(tolerance, min(a.y1 - a.y0, b.y1 - b.y0) / 2):
                pairs.append((a, b))
    return pairs


def column(pdf: Path, left: float, right: float, page: int = 1) -> list[str]:
    """The lines of text between `left` and `right` points across the page, top first: one
    column of a page whose columns pdftotext would read as one line."""
    rows: dict[float, list[Box]] = {}
    for word in words(pdf):
        if word.page == page and left <= word.x0 and word.x1 <= right:
            rows.setdefault(round(word.y0, 1), []).append(word)
    return [
        " ".join(w.text for w in sorted(row, key=lambda w: w.x0)) for _, row in sorted(rows.items())
    ]
