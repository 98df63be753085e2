"""One PDF from one or more documents: a single form, a print job of several, the dossier, the package.

Each document (a `Part`) keeps its own form's page size and margins (one page template per part),
starts on a new page, and is numbered on its own ("第X页 共Y页", only when it has more than one
page). For the dossier, parts marked `filed` also carry the dossier's running page number in the top
right corner, and `BuiltPdf` tells on which page each part starts so that the 卷内目录 can say so.
Output is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm

from mediator_app import APP_TITLE, __version__
from mediator_app.documents.fonts import register_font
from mediator_app.documents.forms import Form
from mediator_app.documents.layout import Footer, NumberedCanvas, Stamp
from mediator_app.documents.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)
from mediator_app.documents.widows import MAX_PASSES, guard, lone_lines
from mediator_app.frozen import frozen

STAMP_SIZE_PT = 12
STAMP_TOP_MM = 20  # baseline of the dossier page number below the top edge


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class Part:
    """One document in a PDF: its form (page settings), its flowables and its title for the contents."""

    form: Form
    story: list[Any]
    title: str
    filed: bool = False  # numbered as part of the dossier (卷内文件)


@frozen(eq=False, repr=False)
class BuiltPdf:
    """The bytes of a built PDF and which part each of its pages belongs to."""

    data: bytes
    page_parts: tuple[int, ...]  # the part each page belongs to

    @property
    def page_count(self) -> int:
        return len(self.page_parts)

    def start(self, part: int) -> int:
        """1-based page on which `part` starts."""
        return self.page_parts.index(part) + 1

    def pages(self, part: int) -> int:
        return self.page_parts.count(part)


class _LayoutFrame(Frame):  # type: ignore[misc]  # reportlab ships no type hints
    """A frame that places flowables without drawing them: where each page breaks, nothing more.

    The dossier's first pass only needs the page each document starts on; drawing its 20-odd pages
    (paragraph text, table cells) was half the time of that pass, and drawing never moves a flowable.
    """

    def _add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:
        flowable.drawOn = _no_draw  # shadows the method on this instance, for this one placement
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            del flowable.drawOn

    add = _add  # reportlab's Frame.add is an alias of its own _add


def _no_draw(*_args: Any, **_kwargs: Any) -> None:
    return None


def _forget_postponed(flowables: Sequence[Any]) -> None:
    """Clear the mark reportlab leaves on a flowable it moved on to the next frame.

    reportlab takes a marked flowable that does not fit an empty frame for one that fits no frame at
    all; the dossier lays the same flowables out again in its next pass (compose._settled).
    """
    for flowable in flowables:
        flowable.__dict__.pop("_postponed", None)
        if isinstance(flowable, KeepTogether):
            _forget_postponed(flowable._content)


def _frame(form: Form, part: int, layout_only: bool = False) -> Frame:
    width, height = (v * mm for v in form.page_size_mm)
    m = {side: v * mm for side, v in form.margins_mm.items()}
    return (_LayoutFrame if layout_only else Frame)(
        m["left"],
        m["bottom"],
        width - m["left"] - m["right"],
        height - m["top"] - m["bottom"],
        id=f"body{part}",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def _mark_part(part: int) -> Any:
    def on_page(canvas: Any, _doc: Any) -> None:  # reportlab's page callback
        canvas.part = part  # NumberedCanvas numbers each part's pages on their own

    return on_page


def _footer(form: Form) -> Footer:
    spec = form.footer
    return Footer(spec.text, register_font(spec.font), spec.size_pt, spec.y_mm * mm)


def build_pdf(
    parts: Sequence[Part], metadata: dict[str, str], *, stamp_filed: bool = False, layout_only: bool = False
) -> BuiltPdf:
    """Lay out `parts` one after another, each from a new page; `metadata`: title, author, subject.

    `layout_only`: find the pages only (BuiltPdf.data is then empty), for a first pass of the dossier.
    """
    if not parts:
        raise ValueError("build_pdf needs at least one part")
    for _ in range(MAX_PASSES - 1):
        built, placed = _build_once(parts, metadata, stamp_filed, layout_only)
        # A page holding one line of text alone: join it to the paragraph before it and lay out again.
        if not guard([part.story for part in parts], lone_lines(placed)):
            return built
        for part in parts:
            _forget_postponed(part.story)
    return _build_once(parts, metadata, stamp_filed, layout_only)[0]


class _PlacingDoc(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    """Records the page every flowable was placed on (widows.lone_lines reads it)."""

    def afterFlowable(self, flowable: Any) -> None:
        self.placed.append((self.page, flowable))


def _build_once(
    parts: Sequence[Part],
    metadata: dict[str, str],
    stamp_filed: bool,
    layout_only: bool,
) -> tuple[BuiltPdf, list[tuple[int, Any]]]:
    first = parts[0].form
    templates = [
        PageTemplate(
            f"part{i}",
            [_frame(p.form, i, layout_only)],
            onPage=_mark_part(i),
            pagesize=tuple(v * mm for v in p.form.page_size_mm),
        )
        for i, p in enumerate(parts)
    ]
    story: list[Any] = []
    for i, part in enumerate(parts):
        if i:
            story += [NextPageTemplate(f"part{i}"), PageBreak()]
        story += part.story
    buffer = io.BytesIO()
    doc = _PlacingDoc(
        buffer,
        pagesize=tuple(v * mm for v in first.page_size_mm),
        pageTemplates=templates,
        invariant=1,  # same input, same bytes
        lang="zh-CN",
        displayDocTitle=1,
        initialFontName=register_font(first.styles["body"].font if "body" in first.styles else "UMing"),
        creator=f"{APP_TITLE} {__version__}",
        **metadata,
    )
    stamp = None
    if stamp_filed:
        width, height = (v * mm for v in first.page_size_mm)
        stamp = Stamp(
            register_font("UMing"), STAMP_SIZE_PT, width - first.margins_mm["right"] * mm, height - STAMP_TOP_MM * mm
        )
    made: list[NumberedCanvas] = []

    def canvasmaker(*args: Any, **kwargs: Any) -> NumberedCanvas:
        canvas = NumberedCanvas(
            *args,
            footers={i: _footer(p.form) for i, p in enumerate(parts)},
            stamp=stamp,
            stamped=frozenset(i for i, p in enumerate(parts) if p.filed),
            layout_only=layout_only,
            **kwargs,
        )
        made.append(canvas)
        return canvas

    doc.placed = []
    doc.build(story, canvasmaker=canvasmaker)
    for part in parts:
        _forget_postponed(part.story)
    return BuiltPdf(b"" if layout_only else buffer.getvalue(), tuple(made[-1].page_parts)), doc.placed
