"""reportlab imports Pillow's PIL.Image for bitmap images, which no document has: the documents package
has it loaded on first use instead (mediator_app/documents/__init__.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import sys
from mediator_app.documents import compose
from mediator_app.documents.forms import load_form
pdf = compose.render_blank(load_form("mediation_agreement"))
print(type(sys.modules["PIL.Image"]).__name__, "PIL.ImageMode" in sys.modules, pdf[:5].decode())
from PIL import Image
print(Image.new("L", (3, 2)).size, type(sys.modules["PIL.Image"]).__name__)
"""


def test_pil_image_runs_only_when_used() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    printed, used = done.stdout.splitlines()
    assert printed == "_LazyModule False %PDF-"  # a whole PDF printed, Pillow's image module never ran
    assert used == "(3, 2) module"  # and it works as ever for whoever uses it
