"""Printed text pieces and the small flowables every form uses: a `Run` of text with the field it came
from, the reportlab paragraph style of a form's text style, the title line, ruled lines to write on,
list numbering and cell padding. Used by the form builder (`builder`, `render`, `signatures`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from mediator_app.documents.fonts import font_runs, register_font
from mediator_app.documents.forms import TextStyle
from mediator_app.documents.platypus import Flowable, Spacer
from mediator_app.domain.numerals import chinese_count
from mediator_app.frozen import frozen

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
VALIGN_MIDDLE = "MIDDLE"
SPLITTABLE_ROW_PT = 300.0  # a table row this tall may need splitting across pages
NBSP = "&#160;"
BLANK_DATE = "年　月　日"
BLANK_DATE_WIDE = "　　　年　　月　　日"
GRID_LINE = 0.75
CELL_PADDING = 3


def uncovered_message(chars: Sequence[str]) -> str:
    listed = "".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)
    return f"{listed}字在字库中没有，无法打印，请改用常用字或联系技术人员"


def paragraph_style(name: str, style: TextStyle) -> ParagraphStyle:
    """The reportlab style of a form's text style, its font loaded and registered."""
    register_font(style.font)  # a dictionary look-up once the font is loaded
    return _paragraph_style(name, style)


@functools.lru_cache(maxsize=512)
def _paragraph_style(name: str, style: TextStyle) -> ParagraphStyle:
    """Made once per process and shared by every document of the form: the fragment prototypes
    layout.markup_frags keeps per style cost ~0.4 ms each to make."""
    size = style.size_pt
    return ParagraphStyle(
        name,
        fontName=style.font,
        fontSize=size,
        leading=style.leading_pt,
        alignment=ALIGN[style.align],
        spaceBefore=style.space_before_pt,
        spaceAfter=style.space_after_pt,
        firstLineIndent=style.first_line_indent_chars * size,
        leftIndent=style.left_indent_chars * size,
        rightIndent=style.right_indent_chars * size,
        wordWrap="CJK",
        allowWidows=0,
        underlineWidth=0.6,
        underlineOffset=-0.18 * size,
    )


@functools.lru_cache(maxsize=512)
def aligned_style(name: str, parent: ParagraphStyle, align: str) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, alignment=ALIGN[align], firstLineIndent=0)


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class Run:
    """A piece of printed text and where it came from (a field path, or the form file for fixed text)."""

    text: str
    path: str
    underline: bool = False
    blank: int = 0  # a line to write on, this many characters wide (the text is then empty)


class TitleLine(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One centred line with letter spacing and a fill-and-stroke bold (no bold face is bundled).

    Spacing, then size, shrink when a long local title would not fit on one line.
    """

    def __init__(self, text: str, style: TextStyle) -> None:
        super().__init__()
        self.runs = font_runs(text, register_font(style.font))
        self.style = style
        self.spaceBefore = style.space_before_pt
        self.spaceAfter = style.space_after_pt
        self.size, self.spacing = style.size_pt, style.letter_spacing_pt

    def _text_width(self, size: float, spacing: float) -> float:
        count = sum(len(run) for _, run in self.runs)
        widths = sum(float(stringWidth(run, font, size)) for font, run in self.runs)
        return widths + spacing * (count - 1)

    def wrap(self, availWidth: float, _availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.size, self.spacing = self.style.size_pt, self.style.letter_spacing_pt
        if self._text_width(self.size, self.spacing) > availWidth:
            self.spacing = 0.0
            natural = self._text_width(self.size, 0.0)
            if natural > availWidth:
                self.size = self.size * availWidth / natural
        return availWidth, self.style.leading_pt

    def draw(self) -> None:
        canv, size, spacing = self.canv, self.size, self.spacing
        x = (self.width - self._text_width(size, spacing)) / 2
        text = canv.beginText(x, (self.style.leading_pt - size) / 2 + 0.12 * size)
        text.setCharSpace(spacing)
        if self.style.fake_bold:
            canv.setLineWidth(size * 0.03)
            text.setTextRenderMode(2)  # fill, then stroke the outline
        for font, run in self.runs:
            text.setFont(font, size)
            text.textOut(run)
        canv.drawText(text)


class RuledLines(Flowable):  # type: ignore[misc]
    """Lines to write on, across the frame: the body of a blank record."""

    def __init__(self, count: int, leading: float) -> None:
        super().__init__()
        self.count, self.leading = count, leading

    def wrap(self, availWidth: float, _availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.count * self.leading

    def split(self, _availWidth: float, availHeight: float) -> list[Flowable]:
        fits = int(availHeight // self.leading)
        if fits < 1 or fits >= self.count:
            return []
        return [RuledLines(fits, self.leading), RuledLines(self.count - fits, self.leading)]

    def draw(self) -> None:
        self.canv.setLineWidth(0.5)
        for i in range(self.count):
            y = (self.count - i - 1) * self.leading + 2
            self.canv.line(0, y, self.width, y)


def number(numbering: str, n: int) -> str:
    if numbering == "chinese":
        return f"{chinese_count(n)}、"
    if numbering == "arabic":
        return f"{n}."
    if numbering == "circled":
        return chr(0x2460 + n - 1) if n <= 20 else f"({n})"
    return ""


def split_lines(runs: Sequence[Run]) -> Iterator[list[Run]]:
    """Split runs at line breaks inside their text; lines with nothing but blanks are dropped."""
    line: list[Run] = []
    for run in runs:
        pieces = run.text.split("\n")
        for k, piece in enumerate(pieces):
            if k > 0:
                if any(r.text.strip() or r.blank for r in line):
                    yield line
                line = []
            if piece or run.blank:
                line.append(Run(piece.strip() if len(pieces) > 1 else piece, run.path, run.underline, run.blank))
    if any(r.text.strip() or r.blank for r in line):
        yield line


def content_height(content: list[Any], width: float) -> float:
    return float(sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in content))


def pad_to(content: list[Any], width: float, height: float) -> list[Any]:
    """Cell content made at least `height` tall (a Spacer after it), so that blank cells leave room to write."""
    if height <= 0:
        return content
    used = content_height(content, width)
    return [*content, Spacer(1, height - used)] if used < height else content


class QrCode(Flowable):  # type: ignore[misc]
    """A square QR code of `value` (UTF-8 bytes, error correction level M: a creased receipt still
    scans), `size` points wide with the standard four-module quiet zone. Drawn as filled rectangles,
    one per run of dark modules: reportlab's QR widget draws through a graphics `Drawing`, which
    sets Helvetica in the page and so puts an unembedded font into the PDF."""

    QUIET_ZONE = 4

    def __init__(self, value: str, size: float) -> None:
        from reportlab.graphics.barcode import qrencoder

        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(value)
        code.make()
        n = code.getModuleCount()
        self.value, self.size = value, size
        self.modules = [[bool(code.isDark(r, c)) for c in range(n)] for r in range(n)]

    def wrap(self, _availWidth: float, _availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        n = len(self.modules)
        unit = self.size / (n + 2 * self.QUIET_ZONE)
        self.canv.setFillColorRGB(0, 0, 0)
        for r, row in enumerate(self.modules):
            y = self.size - (r + 1 + self.QUIET_ZONE) * unit
            c = 0
            while c < n:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < n and row[c]:
                    c += 1
                x = (start + self.QUIET_ZONE) * unit
                self.canv.rect(x, y, (c - start) * unit, unit, stroke=0, fill=1)
