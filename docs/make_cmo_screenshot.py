"""Regenerate docs/cmo-table.png: the sample CMO table as .docx, drawn by LibreOffice.

Run from the repository root:  .venv/bin/python docs/make_cmo_screenshot.py [--dpi 80]
Needs LibreOffice Writer and poppler (Debian: apt-get install -y libreoffice-writer-nogui
poppler-utils fonts-liberation2). The sample is built through the services
(qcode/services/demo/sample.py), so the picture shows what `qcode export cmo` writes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qcode.cli import main as qcode  # noqa: E402
from qcode.services.demo.sample import build_sample  # noqa: E402
from qcode.store.project import create_project  # noqa: E402

MARGIN_PT = 2.5 / 2.54 * 72  # the page margin of the exported document
PAD_PT = 12


def need(*names: str) -> str:
    """The first of these programs found on PATH, or exit saying how to install it."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    sys.exit(
        f"{names[0]} not found; install it (Debian: apt-get install -y "
        "libreoffice-writer-nogui poppler-utils fonts-liberation2)"
    )


def text_box(pdf: Path) -> tuple[float, float, float, float]:
    """Page width and height, and the top and bottom of the text on page 1, in points."""
    html = subprocess.run(
        [need("pdftotext"), "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', html)
    assert page and words, "the PDF has no text"
    top = min(float(y0) for y0, _y1 in words)
    bottom = max(float(y1) for _y0, y1 in words)
    return float(page[1]), float(page[2]), top, bottom


def render(docx: Path, png: Path, dpi: int, work: Path) -> None:
    """DOCX → PDF (LibreOffice) → PNG of the table area (pdftoppm)."""
    office = need("libreoffice", "soffice")
    profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
    subprocess.run(
        [office, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        check=True,
        capture_output=True,
    )
    pdf = work / f"{docx.stem}.pdf"
    width, _height, top, bottom = text_box(pdf)
    scale = dpi / 72
    x, y = (MARGIN_PT - PAD_PT) * scale, (top - PAD_PT) * scale
    w, h = (width - 2 * MARGIN_PT + 2 * PAD_PT) * scale, (bottom - top + 2 * PAD_PT) * scale
    crop = [f"-{k}" for k in "xyWH"]
    geometry = [str(round(v)) for v in (x, y, w, h)]
    options = [item for pair in zip(crop, geometry, strict=True) for item in pair]
    stem = png.with_suffix("")
    subprocess.run(
        [need("pdftoppm"), "-png", "-r", str(dpi), "-f", "1", "-singlefile", *options]
        + [str(pdf), str(stem)],
        check=True,
    )


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "cmo-table.png")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with create_project(work / "sample.qcode", title="Sample study") as project:
            build_sample(project)
        docx = work / "cmo-table.docx"
        status = qcode(["export", "cmo", str(work / "sample.qcode"), "-o", str(docx)])
        if status:
            return status
        render(docx, args.output, args.dpi, work)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(run())
