"""Hostile files built in the test: zip bombs, huge or lying PDFs, over-wide surveys."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl

from tests.ingest.pdfbytes import assemble

MIB = 1024 * 1024
_WORDS = b"BT /F1 12 Tf 72 700 Td (Page words here) Tj ET"

# Runs one read in a child of a child, so RUSAGE_CHILDREN holds only that read.
_MEASURE = textwrap.dedent(
    """
    import resource, subprocess, sys, time
    start = time.monotonic()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(done.returncode, peak, f"{seconds:.2f}")
    sys.stdout.write(done.stdout + "\\x00" + done.stderr)
    """
)
_READ = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from qcode.errors import IngestError
    from qcode.ingest import read_file
    try:
        read_file(Path(sys.argv[1]))
    except IngestError as exc:
        print(exc)
        sys.exit(1)
    print("read")
    """
)


@dataclass(frozen=True)
class Run:
    """How one read in a subprocess ended."""

    returncode: int
    peak_mb: float
    seconds: float
    stdout: str
    stderr: str


def measured(*command: str) -> Run:
    """Run ``command`` in a fresh process; its exit code, peak RSS and output."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    head, _, rest = done.stdout.partition("\n")
    code, peak_kb, seconds = head.split()
    out, _, err = rest.partition("\x00")
    return Run(int(code), int(peak_kb) / 1024, float(seconds), out, err)


def measured_read(path: Path) -> Run:
    """``read_file(path)`` in a fresh process: prints the refusal line, exit 1."""
    run = measured(sys.executable, "-c", _READ, str(path))
    print(f"{path.name}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB peak: {run.stdout.strip()}")
    return run


def repeated(unit: bytes, size: int) -> Iterator[bytes]:
    """``size`` bytes made of ``unit`` repeated, in 1 MiB chunks."""
    chunk = (unit * (MIB // len(unit) + 1))[:MIB]
    for _ in range(size // MIB):
        yield chunk


def rebuild(base: bytes, path: Path, replace: dict[str, Iterator[bytes]]) -> Path:
    """``base``'s members copied to ``path``, with ``replace``'s members streamed in."""
    started = time.monotonic()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for item in source.namelist():
            if item not in replace:
                target.writestr(item, source.read(item))
        for item, chunks in replace.items():
            with target.open(item, "w", force_zip64=True) as stream:
                for chunk in chunks:
                    stream.write(chunk)
    print(
        f"built {path.name} ({path.stat().st_size / MIB:.1f} MB) in "
        f"{time.monotonic() - started:.2f} s"
    )
    return path


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Hello")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def document_xml(body_size: int) -> Iterator[bytes]:
    """A document.xml whose one paragraph holds ``body_size`` bytes of text."""
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>"
    )
    yield from repeated(b"a", body_size)
    yield b"</w:t></w:r></w:p></w:body></w:document>"


def shared_strings(size: int) -> Iterator[bytes]:
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    yield b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + ns + b'">'
    yield from repeated(b"<si><t>bomb</t></si>", size)
    yield b"</sst>"


def sheet_xml(rows: bytes, dimension: bytes = b"A1") -> Iterator[bytes]:
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + ns + b'">'
        b'<dimension ref="' + dimension + b'"/><sheetData>' + rows + b"</sheetData></worksheet>"
    )


def lie_about_size(path: Path, member: str, declared: int) -> None:
    """Make ``member`` declare ``declared`` bytes (local and central headers) but keep its data."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    name = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + offset : at + offset + 4] = declared.to_bytes(4, "little")
            at = data.find(signature, at + 4)
    assert info.file_size != declared
    path.write_bytes(bytes(data))


def pdf_with_pages(count: int, stated: int | None = None) -> bytes:
    """A PDF of ``count`` pages, each drawing a word; ``stated`` is the page tree's /Count."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, stated or count),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_WORDS), _WORDS),
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R"
        b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + count)
    )
    objects += [page] * count
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return assemble(objects)


def pdf_with_stream(chunks: Iterator[bytes]) -> bytes:
    """A one-page PDF whose content stream is ``chunks`` joined, Flate-compressed."""
    packer = zlib.compressobj(1)
    packed = b"".join(packer.compress(chunk) for chunk in chunks) + packer.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            stream + packed + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def text_stream(chars: int) -> Iterator[bytes]:
    """A content stream drawing one string of ``chars`` letters."""
    yield b"BT /F1 1 Tf 0 0 Td ("
    yield from repeated(b"a", chars - chars % MIB)
    yield b"a" * (chars % MIB) + b") Tj ET"
