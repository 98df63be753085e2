"""Look inside generated PDFs the way a reader would: poppler's pdftotext, pdffonts and pdftoppm.

Shared by the document tests. Tests using these are skipped when poppler-utils is not installed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from PIL import Image

from mediator_app.frozen import frozen

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm")),
    reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed",
)


def _run(args: list[str], pdf: bytes) -> bytes:
    return subprocess.run(args, input=pdf, capture_output=True, check=True, timeout=60).stdout


def pdf_text(
    pdf: bytes,
    page: int | None = None,
    *,
    layout: bool = False,
    raw: bool = False,
    crop: tuple[int, int, int, int] | None = None,
) -> str:
    """The text pdftotext extracts (one page if `page`, 1-based).

    `layout`: keep the physical layout; `raw`: content-stream order (a table cell's text stays
    together); `crop`: only the area (x, y, width, height) in points from the top left corner.
    """
    options = ["-f", str(page), "-l", str(page)] if page else []
    if layout:
        options.append("-layout")
    if raw:
        options.append("-raw")
    if crop:
        options += ["-r", "72", "-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3])]
    return _run(["pdftotext", "-enc", "UTF-8", *options, "-", "-"], pdf).decode("utf-8")


def squeeze(text: str) -> str:
    """Text without any whitespace, so that a phrase wrapped over two lines is still found."""
    return re.sub(r"\s+", "", text)


def page_count(pdf: bytes) -> int:
    return pdf_text(pdf).count("\f")


@frozen
class PdfFont:
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool


def pdf_fonts(pdf: bytes) -> list[PdfFont]:
    """pdffonts' table, one row per font object."""
    lines = _run(["pdffonts", "-"], pdf).decode("utf-8").splitlines()[2:]
    out = []
    for line in lines:
        # name, type (may hold spaces), encoding, emb, sub, uni, object, ID
        parts = line.split()
        emb, sub, uni = parts[-5:-2]
        out.append(PdfFont(parts[0], " ".join(parts[1:-6]), emb == "yes", sub == "yes", uni == "yes"))
    return out


def render_page(pdf: bytes, page: int = 1, dpi: int = 72) -> Image.Image:
    """One page as a greyscale image."""
    png = _run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", "-png", "-"], pdf)
    return Image.open(io.BytesIO(png)).convert("L")


def ink(image: Image.Image) -> int:
    """Number of dark pixels."""
    return sum(image.histogram()[:128])
