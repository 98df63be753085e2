"""The 受理回执's QR code read back by a real decoder (docs/linkage.md): the receipt is printed through
the printing service, its page rasterised with poppler's pdftoppm as a scanner or phone camera would
see it, and the code decoded with ZXing (zxing-cpp) — the decoded text must be the case number,
rare characters and full-width brackets included, byte for byte."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from mediator_app.services import cases as svc
from mediator_app.services.printing import DatabaseStore, PrintJob, render
from mediator_app.storage.database import Database
from tests.factories import REGISTERED_ON, make_case
from tests.pdfcheck import needs_poppler

zxingcpp = pytest.importorskip("zxingcpp")  # the `test` extra installs it (pyproject.toml)

pytestmark = [pytest.mark.usefixtures("committee_db"), needs_poppler]


def _page_image(pdf: bytes, dpi: int, folder: Path) -> Image.Image:
    (folder / "receipt.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-png", "receipt.pdf", "page"],
        cwd=folder,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return Image.open(folder / "page.png").convert("L")


@pytest.mark.parametrize("dpi", [100, 200])
def test_the_receipts_qr_code_decodes_to_the_case_number(db: Database, dpi: int, tmp_path: Path) -> None:
    saved = svc.register_case(db, make_case(2), REGISTERED_ON)
    assert saved.id is not None
    pdf = render(DatabaseStore(db), PrintJob.forms(saved.id, ["acceptance_receipt"], today=REGISTERED_ON))
    found = zxingcpp.read_barcodes(_page_image(pdf, dpi, tmp_path))
    qr = [b for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert [b.text for b in qr] == [saved.number]
    assert saved.number.startswith("（2026）")  # full-width brackets and Chinese survive the round trip
