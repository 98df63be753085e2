"""What reportlab loads at import for features no document uses is loaded on first use instead: Pillow's
PIL.Image (bitmap images; mediator_app/documents/__init__.py) and the patterns of textsplit and
PyFontify (documents/platypus.py)."""

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


FONTIFY = """
import sys
{first}
from reportlab.lib import PyFontify, textsplit
lazy = [type(p).__name__ for p in (PyFontify.matchRE, PyFontify.idRE, textsplit.rx)]
sample = 'def f(x):  # note\\n    return "s" + \\'t\\'\\n'
print(lazy, PyFontify.fontify(sample), textsplit.rx.sub(r"<\\1>", "a中b"))
"""


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_reportlab_patterns_for_unused_features_compile_on_first_use_and_match_the_same() -> None:
    ours = _run(FONTIFY.format(first="import mediator_app.documents.platypus"))
    plain = _run(FONTIFY.format(first="import reportlab.platypus"))
    assert ours.startswith("['LazyPattern', 'LazyPattern', 'LazyPattern'] [('keyword'")
    assert plain.startswith("['Pattern', 'Pattern', 'Pattern'] [('keyword'")
    assert ours.split("] ", 1)[1] == plain.split("] ", 1)[1]  # fontify and sub give the same results
    assert ours.endswith("a<中>b")
