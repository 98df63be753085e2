"""Printed documents: form definitions (forms/*.json) filled from a case and rendered to PDF bytes.

Pure: no Qt, no SQL, no storage. `compose` lays out forms, print jobs, the package and the dossier; `fonts`
owns the bundled fonts and per-character fallback; `layout` the Chinese line breaking and page
numbers; `forms` reads and checks the definitions. Modules are imported on demand (reportlab costs
~150 ms to import), so this package imports none of them itself.

One thing it does arrange: reportlab imports Pillow's `PIL.Image` when it is imported, for bitmap
images our documents never contain (~15 ms of every `mediator-cli render`); that module is loaded
lazily instead (importlib's LazyLoader: the module runs on its first attribute access, by whoever
uses it).
"""

import sys
from importlib.machinery import ModuleSpec, PathFinder
from importlib.util import LazyLoader


class _LazyPilImage:
    """A meta path finder for `PIL.Image` alone: its usual spec, with a LazyLoader."""

    @staticmethod
    def find_spec(name: str, path: object = None, _target: object = None) -> ModuleSpec | None:
        if name != "PIL.Image":
            return None
        sys.meta_path.remove(_LazyPilImage)  # once is enough: the module is in sys.modules from now on
        spec = PathFinder.find_spec(name, path)  # type: ignore[arg-type]
        if spec is not None and spec.loader is not None:
            spec.loader = LazyLoader(spec.loader)
        return spec


if "PIL.Image" not in sys.modules:
    sys.meta_path.insert(0, _LazyPilImage)
