"""Widow and orphan control across flowables: no page holds a single line of text.

reportlab keeps two lines together inside one paragraph when it splits (`allowWidows=0`, orphans
not allowed: `pieces.paragraph_style`), but a one-line paragraph can still land alone at the top of a
page when what follows it (a signature block kept with its clause, the next document) moves to the
page after: a page holding only the last line of a clause, which reads as a page torn from another
paper. `build_pdf` records which flowables each page got (`lone_lines`); a paragraph alone on its
page as a single line is then joined to the paragraph before it (`KeepTail`) and the document laid
out again: the earlier paragraph gives its last lines to the page, as a word processor's widow
control does. Pure layout: no text is changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mediator_app.documents.platypus import ActionFlowable, CondPageBreak, KeepTogether, Paragraph, Spacer

MAX_PASSES = 3  # layouts of one PDF at most (each fix moves text to a page that had one line)


class KeepTail(KeepTogether):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph and the short paragraph after it: when both do not fit where they are, the first
    splits so that its last lines (two at least) go to the next page with the second."""

    def __init__(self, first: Any, second: Any) -> None:
        super().__init__([first, second])

    def split(self, aW: float, aH: float) -> list[Any]:
        first, second = self._content
        if aH >= self._H:
            return [first, second]
        need = second.wrap(aW, aH)[1] + max(first.getSpaceAfter(), second.getSpaceBefore())
        height = first.wrap(aW, aH)[1]
        room = min(aH, height) - need if height <= aH else aH
        pieces = first.split(aW, room) if room > 0 else []
        if len(pieces) == 2:
            return [pieces[0], KeepTail(pieces[1], second)]
        return list(super().split(aW, aH))  # too short to share: both move on together


def _lines(flowable: Any) -> int:
    """How many lines of text a placed flowable drew (a table, a rule or a picture counts as many)."""
    if isinstance(flowable, Paragraph):
        lines = getattr(getattr(flowable, "blPara", None), "lines", None)
        return len(lines) if lines is not None else 2
    if isinstance(flowable, (Spacer, CondPageBreak, ActionFlowable)):
        return 0  # page and frame breaks, template switches, space: no text
    return 2


def lone_lines(placed: Sequence[tuple[int, Any]]) -> list[Any]:
    """The paragraphs that are the only line of text on their page (`placed`: page, flowable)."""
    pages: dict[int, list[Any]] = {}
    for page, flowable in placed:
        pages.setdefault(page, []).append(flowable)
    out = []
    for flowables in pages.values():
        texts = [f for f in flowables if _lines(f)]
        if len(texts) == 1 and isinstance(texts[0], Paragraph) and _lines(texts[0]) == 1:
            out.append(texts[0])
    return out


def guard(stories: Sequence[list[Any]], lone: Sequence[Any]) -> bool:
    """Join each lone paragraph to the paragraph before it in its story; whether any was joined."""
    changed = False
    for story in stories:
        for i in range(1, len(story)):
            if any(story[i] is p for p in lone) and isinstance(story[i - 1], Paragraph):
                story[i - 1 : i + 1] = [KeepTail(story[i - 1], story[i])]
                changed = True
                break
    return changed
