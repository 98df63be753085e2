"""The dossier's table of contents as its documents read it (`DocumentContext.dossier`): made only
when a dossier is printed (`compose.dossier_info`), so that a command printing another document does
not import these two classes (a dataclass's generated `__init__` is compiled in every process;
docs/tech-notes.md, "The print command").
"""

from __future__ import annotations

from mediator_app.frozen import frozen


# repr=False: no generated __repr__ (docs/documents.md "Speed").
@frozen(repr=False)
class TocEntry:
    """One line of the 卷内目录: a document, its first page in the dossier's numbering, its page count."""

    title: str
    page: int | None = None
    pages: int | None = None
    note: str = ""


@frozen(repr=False)
class DossierInfo:
    entries: tuple[TocEntry, ...] = ()
    pages: int | None = None  # pages of the documents in the file (cover, contents and back excluded)

    @property
    def documents(self) -> int:
        return len(self.entries)
