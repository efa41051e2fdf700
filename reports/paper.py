"""An A4 page to write on with fpdf2: the bundled font, text made printable with it, and
text fitted to a width and a number of lines, never running off the page.

The font is DejaVu Sans (reports/fonts, with its licence), so the report looks the same on
any machine and prints the names and evidence people type in most of the world's scripts.
A character the font has no glyph for is never passed to fpdf2: a symbol (an emoji) is left
out, a letter becomes □, so a name in a script the font lacks still shows that it is there.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from core.wording import plural

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
MARGIN = 14.0  # mm on every side
LINE = 4.1  # mm between lines of body text
BULLET = 3.6  # mm a bullet's text is indented by
BODY = 8.6  # pt
INK, MUTED, ACCENT = (33, 37, 41), (96, 103, 110), (23, 74, 124)
SOFT, RULE = (233, 240, 247), (206, 212, 219)
ELLIPSIS = "…"
MORE = "… full text in the workbook"
MISSING_LETTER = "□"
LONGEST = 4000  # characters of one text looked at; more can never fit on the page


@dataclass(frozen=True)
class Entry:
    """A paragraph of a section: a bold line, a bullet or plain text, at most `most` lines;
    `indent`ed as a bullet's text is (a bullet is always)."""

    text: str
    bold: bool = False
    bullet: bool = False
    muted: bool = False
    most: int = 3
    indent: bool = False

    @property
    def left(self) -> float:
        return BULLET if self.bullet or self.indent else 0.0


@dataclass(frozen=True)
class Group:
    """Paragraphs that belong together (a heading and what it heads), as the choices of
    what to show of them, richest first: the last is the least the group is shown with, so
    a heading never stands without what makes it worth reading."""

    choices: tuple[tuple[Entry, ...], ...]

    @classmethod
    def of(cls, *entries: Entry) -> Group:
        """A group shown whole or not at all."""
        return cls((entries,))


def listed(names: Sequence[str], others: int = 0) -> str:
    """ "A", "A and B", "A, B and C"; with `others` not named, "A, B and 2 others"."""
    shown = list(names) + ([plural(others, "other")] if others else [])
    return ", ".join(shown[:-1]) + f" and {shown[-1]}" if len(shown) > 1 else "".join(shown)


class Paper(FPDF):
    """One A4 portrait document in millimetres, with no automatic page breaks: every page
    is laid out by hand, and whatever does not fit is shortened, never carried over."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        cmaps = [set(font.cmap) for font in self.fonts.values()]
        self.glyphs = frozenset(set.intersection(*cmaps))

    def close(self) -> None:
        """Let go of the font files (writing the document does too; twice is harmless)."""
        for font in self.fonts.values():
            font.close()

    @property
    def inner_width(self) -> float:
        return self.w - 2 * MARGIN

    # -- text as the font can print it ----------------------------------------------------

    def clean(self, text: str) -> str:
        """`text` with only what the font can print: line breaks kept, tabs as spaces,
        control and format characters left out, symbols the font lacks left out, letters
        it lacks shown as □."""
        kept = []
        for char in unicodedata.normalize("NFC", text[:LONGEST]):
            category = unicodedata.category(char)
            if char in "\n\t" or category in ("Zl", "Zp"):
                kept.append("\n" if char != "\t" else " ")
            elif category[0] == "C" or 0xFE00 <= ord(char) <= 0xFE0F:
                continue  # control, format (e.g. a joiner), surrogate, private, unassigned
            elif ord(char) in self.glyphs:
                kept.append(char)
            elif category[0] != "S" and category != "Mn":
                kept.append(MISSING_LETTER)
        return "".join(kept)

    def use(self, size: float, *, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)

    # -- fitting ---------------------------------------------------------------------------

    def one_line(self, text: str, width: float) -> str:
        """Text on one line of `width` (in the current font), shortened with … if need be."""
        line = " ".join(self.clean(text).split())
        if self.get_string_width(line) <= width:
            return line
        return self._cut(line, width, ELLIPSIS)

    def wrapped(self, text: str, width: float) -> list[str]:
        """The lines `text` takes at `width` in the current font (its own breaks kept)."""
        lines: list[str] = []
        for paragraph in self.clean(text).split("\n"):
            paragraph = " ".join(paragraph.split())
            if paragraph:
                found = self.multi_cell(width, LINE, paragraph, dry_run=True, output="LINES")
                lines += [line.strip() for line in found]
        return lines

    def fitted(self, text: str, width: float, most: int) -> list[str]:
        """At most `most` lines of `text`; if more were needed, the last one ends with
        "… full text in the workbook"."""
        lines = self.wrapped(text, width)
        if len(lines) <= most:
            return lines
        return [*lines[: most - 1], self._cut(lines[most - 1], width, MORE)]

    def _cut(self, line: str, width: float, tail: str) -> str:
        """`line` shortened at a word if it can be, so that `line + tail` fits `width`."""
        room = width - self.get_string_width(tail)
        while line and self.get_string_width(line) > room:
            shorter = line.rsplit(" ", 1)[0]
            line = shorter if shorter != line and len(shorter) > len(line) // 2 else line[:-1]
        return line.rstrip(" ,;:.-–—") + tail

    def names(
        self, names: Sequence[str], width: float, most: int = 1, *, lead: str = "", end: str = ""
    ) -> str:
        """`names` ("A, B and C") between `lead` and `end`, in at most `most` lines of
        `width` in the current font: as many names as fit whole, the others counted ("A, B
        and 2 others"); a first name too long on its own is shortened with …"""
        if not names:
            return lead + end
        for shown in range(len(names), 0, -1):
            text = lead + listed(names[:shown], len(names) - shown) + end
            if len(self.wrapped(text, width)) <= most:
                return text
        first, others = " ".join(self.clean(names[0]).split())[:200], len(names) - 1
        while first:
            text = lead + listed([first + ELLIPSIS], others) + end
            if len(self.wrapped(text, width)) <= most:
                return text
            first = first[:-1].rstrip()
        return lead + listed([ELLIPSIS], others) + end

    # -- sections of paragraphs ------------------------------------------------------------

    def entry_lines(self, entry: Entry, width: float) -> list[str]:
        self._style(entry)
        return self.fitted(entry.text, width - entry.left, entry.most)

    def count(self, entries: Sequence[Entry], width: float) -> int:
        """How many lines `entries` take at `width`."""
        return sum(len(self.entry_lines(e, width)) for e in entries)

    def needs(self, groups: Sequence[Group], width: float, *, least: bool = False) -> int:
        """The lines `groups` take at `width` at their richest (or at their `least`)."""
        return sum(self.count(g.choices[-1 if least else 0], width) for g in groups)

    def fit(self, groups: Sequence[Group], width: float, most: int) -> tuple[list[Entry], bool]:
        """What of `groups` is shown in `most` lines at `width`, and whether anything is left
        out. When not all fit at their richest, a line is kept for saying where the rest is;
        each group in turn shows the least it can, then each in turn one step richer, while
        there is room; a group that does not fit even at its least is left out, and so are
        those after it."""
        costs = [[self.count(choice, width) for choice in g.choices] for g in groups]
        if sum(c[0] for c in costs) <= most:
            return [e for g in groups for e in g.choices[0]], False
        room, used, picked = most - 1, 0, []
        for cost in costs:
            if used + cost[-1] > room:
                break
            picked.append(len(cost) - 1)
            used += cost[-1]
        richer = True
        while richer:
            richer = False
            for index, choice in enumerate(picked):
                if choice == 0:
                    continue
                extra = costs[index][choice - 1] - costs[index][choice]
                if used + extra <= room:
                    picked[index], used, richer = choice - 1, used + extra, True
        shown = zip(groups, picked, strict=False)  # those after the last that fits: left out
        return [e for g, choice in shown for e in g.choices[choice]], True

    def section(self, groups: Sequence[Group], x: float, y: float, width: float, most: int) -> int:
        """Draw what of `groups` fits in `most` lines from (x, y); if anything is left out,
        the last line says where it is. Returns the lines drawn."""
        entries, left_out = self.fit(groups, width, most)
        shown = 0
        for entry in entries:
            lines = self.entry_lines(entry, width)
            for n, line in enumerate(lines):
                top = y + (shown + n) * LINE
                if entry.bullet and n == 0:
                    self.set_xy(x, top)
                    self.cell(BULLET, LINE, "•")
                self.set_xy(x + entry.left, top)
                self.cell(width - entry.left, LINE, line)
            shown += len(lines)
        if left_out and most > 0:
            self.use(BODY - 0.6, colour=MUTED)
            self.set_xy(x, y + shown * LINE)
            self.cell(width, LINE, "… more in the diagnostic workbook (/peer-review export)")
            shown += 1
        return shown

    def _style(self, entry: Entry) -> None:
        self.use(BODY, bold=entry.bold, colour=MUTED if entry.muted else INK)

    # -- rules and headings ----------------------------------------------------------------

    def rule(self, x: float, y: float, width: float, colour=RULE, thickness: float = 0.2) -> None:
        self.set_draw_color(*colour)
        self.set_line_width(thickness)
        self.line(x, y, x + width, y)

    def heading(self, text: str, x: float, y: float, width: float) -> None:
        """A section heading in the accent colour, with a rule under it."""
        self.use(10.5, bold=True, colour=ACCENT)
        self.set_xy(x, y)
        self.cell(width, 5, self.one_line(text, width))
        self.rule(x, y + 6, width)
