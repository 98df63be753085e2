"""Mechanical check of the layering rules in docs/architecture.md.

- Only `mediator_app/ui/` and the composition root `mediator_app/app.py` may import PySide6.
- `domain/` imports nothing from the program but domain, errors and frozen, and no SQL, Qt or PDF library.
- `documents/` and `storage/` never import `ui`, `services` or `cli`.
- `procedure/` is a pure layer below storage: no SQL library and nothing of storage, services,
  documents, ui or cli (storage imports procedure for derived data, never the reverse).
Exit status 1 with one line per violation.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "mediator_app"

QT_ALLOWED = ("ui/", "app.py")
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain/": (
        "sqlalchemy",
        "sqlmodel",
        "alembic",
        "reportlab",
        "mediator_app.storage",
        "mediator_app.services",
        "mediator_app.documents",
        "mediator_app.ui",
        "mediator_app.cli",
    ),
    "documents/": (
        "sqlalchemy",
        "sqlmodel",
        "mediator_app.storage",
        "mediator_app.services",
        "mediator_app.ui",
        "mediator_app.cli",
    ),
    "procedure/": (
        "sqlalchemy",
        "sqlmodel",
        "alembic",
        "mediator_app.storage",
        "mediator_app.services",
        "mediator_app.documents",
        "mediator_app.ui",
        "mediator_app.cli",
    ),
    "storage/": ("mediator_app.services", "mediator_app.ui", "mediator_app.cli", "mediator_app.documents"),
    "services/": ("mediator_app.ui", "mediator_app.cli"),
    "exchange/": ("mediator_app.ui", "mediator_app.cli"),
    "cli/": ("mediator_app.ui",),
}


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(root: Path = ROOT) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for lineno, module in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            top = module.split(".")[0]
            if top in ("PySide6", "shiboken6") and not rel.startswith(QT_ALLOWED):
                out.append(f"mediator_app/{rel}:{lineno}: imports {module} outside ui/ and app.py")
            for prefix, banned in FORBIDDEN.items():
                if rel.startswith(prefix) and any(module == b or module.startswith(b + ".") for b in banned):
                    out.append(f"mediator_app/{rel}:{lineno}: {prefix} must not import {module}")
    return out


def main() -> int:
    found = violations()
    for line in found:
        print(line)
    print(f"layer check: {len(found)} violation(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
