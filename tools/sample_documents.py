"""Regenerate docs/samples/: page 1 of every standard form filled from the test fixtures, the first
pages of a dossier and of a confirmation package, and the sample agreement PDF.

    python tools/sample_documents.py [--dpi 60]

Needs poppler's pdftoppm. The cases are the fictitious ones of tests/docfixtures.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mediator_app.documents.catalog import form_ids  # noqa: E402
from mediator_app.services import printing  # noqa: E402
from mediator_app.services.printing import DatabaseStore, PrintJob  # noqa: E402
from tests import docfixtures  # noqa: E402

SAMPLES = ROOT / "docs" / "samples"
TODAY = dt.date(2026, 11, 22)


def png(pdf: bytes, target: Path, dpi: int, first: int = 1, last: int = 1) -> None:
    """Pages first..last as target (one page) or target-<n>.png (several)."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "in.pdf"
        source.write_bytes(pdf)
        stem = Path(work) / "page"
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first), "-l", str(last), str(source), str(stem)], check=True
        )
        pages = sorted(Path(work).glob("page-*.png"))
        if len(pages) == 1:
            pages[0].replace(target)
            return
        for n, page in enumerate(pages, first):
            page.replace(target.with_name(f"{target.stem}-p{n}.png"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=60)
    dpi = parser.parse_args().dpi
    SAMPLES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        fixture = docfixtures.build(Path(work) / "samples.sqlite3")
        for form_id in form_ids():
            case_id = docfixtures.case_for(fixture, form_id)
            pdf = printing.render(
                DatabaseStore(fixture.db), PrintJob.forms(case_id, [form_id], today=TODAY, court=docfixtures.COURT)
            )
            png(pdf, SAMPLES / f"{form_id}-p1.png", dpi)
            print(f"{form_id}-p1.png")
        agreement = printing.render(
            DatabaseStore(fixture.db), PrintJob.forms(fixture.agreement, ["mediation_agreement"], today=TODAY)
        )
        (SAMPLES / "agreement.pdf").write_bytes(agreement)
        png(agreement, SAMPLES / "agreement-p1.png", dpi)
        dossier = printing.render(DatabaseStore(fixture.db), PrintJob.dossier(fixture.agreement, today=TODAY))
        png(dossier, SAMPLES / "dossier.png", dpi, 1, 3)
        package = printing.render(
            DatabaseStore(fixture.db), PrintJob.package(fixture.agreement, docfixtures.COURT, today=TODAY)
        )
        png(package, SAMPLES / "confirmation-package.png", dpi, 1, 1)
        fixture.db.close()
    print(f"written to {SAMPLES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
