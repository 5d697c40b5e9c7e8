"""Write a REFI-QDA project (.qdpx): ``project.qde`` and ``sources/<GUID>.txt`` in a zip."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from qcode.errors import QcodeError
from qcode.export.refi.project_xml import build_project, g, written_text
from qcode.ingest.refi.model import RefiProject

BOM = b"\xef\xbb\xbf"


def project_xml(data: RefiProject) -> bytes:
    """The ``project.qde`` document as UTF-8 bytes."""
    return etree.tostring(
        build_project(data), xml_declaration=True, encoding="utf-8", pretty_print=True
    )


def source_bytes(text: str, line_breaks: str = "lf") -> bytes:
    """A document's text as UTF-8 with its source's line breaks (CR LF where it had them,
    else ``\\n``): with a byte-order mark only when the text itself begins with U+FEFF, so
    that a reader strips just the mark (as Unicode says an initial U+FEFF is read) and the
    text's own U+FEFF comes back."""
    written = written_text(text, line_breaks)
    return (BOM if text.startswith("\ufeff") else b"") + written.encode("utf-8")


def write_qdpx(data: RefiProject, output: Path) -> None:
    """Write the archive: ``project.qde`` and each document's text (see ``source_bytes``)."""

    def fill(archive: zipfile.ZipFile) -> None:
        archive.writestr("project.qde", project_xml(data))
        for doc in data.documents:
            archive.writestr(
                f"sources/{g(doc.guid)}.txt", source_bytes(doc.text, doc.line_breaks)
            )

    write_zip(output, fill)


def write_zip(output: Path, fill: Callable[[zipfile.ZipFile], None]) -> None:
    """Write a zip beside ``output`` and move it into place, so a failure leaves no half file."""
    partial = output.with_name(output.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            fill(archive)
        os.replace(partial, output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise QcodeError(f"{output}: could not be written ({exc.strerror or exc})") from exc
