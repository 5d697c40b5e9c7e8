"""The hostile corpus: files built in the test that ``qcode import`` must refuse, and a few
awkward ones it must read right. Each builder makes its file in a folder and returns
the path to import; ``SECRET`` is what an external entity would leak."""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.ingest.bombs import (
    MIB,
    document_xml,
    docx_bytes,
    pdf_with_pages,
    pdf_with_stream,
    rebuild,
    shared_strings,
    text_stream,
    xlsx_bytes,
)
from tests.ingest.pdfbytes import build_pdf, encrypted_pdf
from tests.services.refi.test_refi_safety import DOC, qde
from tests.services.refi.test_refi_support import zip_bytes

GIB = 1024 * MIB
SECRET = "HOSTILE-CORPUS-SECRET-7F3A"
Build = Callable[[Path], Path]
Part = Callable[[Path], bytes]  # an archive member, made in the case's folder
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_S = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_SENTENCE = "Interviewer: How was it?\nPR: Better than I feared, honestly.\n"
_END, _FREE = 0xFFFFFFFE, 0xFFFFFFFF  # compound-file sector markers


@dataclass(frozen=True)
class Hostile:
    """A file to refuse: ``says`` is a fragment of the one line it must get."""

    id: str
    build: Build
    says: str


@dataclass(frozen=True)
class Readable:
    """A file that looks hostile but is not: it must be imported with exactly ``text``."""

    id: str
    build: Build
    text: str


def write(name: str, data: bytes | Callable[[], bytes]) -> Build:
    """A file of ``data`` (or of what ``data()`` makes, for large files made when built)."""

    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return build


def cut(build: Build, keep: float) -> Build:
    """``build``'s file cut to the first ``keep`` of its bytes."""

    def cut_build(folder: Path) -> Path:
        path = build(folder)
        path.write_bytes(path.read_bytes()[: int(path.stat().st_size * keep)])
        return path

    return cut_build


# --- Word and Excel packages ---------------------------------------------------------


def office(name: str, base: bytes, member: str, part: Callable[[], Iterator[bytes]]) -> Build:
    """``base`` (a real .docx or .xlsx) with ``member`` streamed from ``part()``."""
    return lambda folder: rebuild(base, folder / name, {member: part()})


def docx_part(name: str, part: Part) -> Build:
    return lambda folder: rebuild(
        docx_bytes(), folder / name, {"word/document.xml": iter([part(folder)])}
    )


def xlsx_part(name: str, part: Part) -> Build:
    base = xlsx_bytes([["id", "Story"], ["Q1", "It helped"]])
    return lambda folder: rebuild(
        base, folder / name, {"xl/sharedStrings.xml": iter([part(folder)])}
    )


def external_entity(root: bytes, folder: Path) -> bytes:
    """A DOCTYPE for ``root`` declaring entity ``xxe`` as the secret file (made here)."""
    secret = folder / "secret.txt"
    secret.write_text(SECRET + "\n")
    return b'<!DOCTYPE %s [<!ENTITY xxe SYSTEM "%s">]>' % (root, secret.as_uri().encode())


def laughs(root: bytes) -> bytes:
    """Billion laughs: ten levels of entities, each ten of the one below."""
    levels = [b'<!ENTITY lol0 "lol">']
    levels += [b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10)]
    return b"<!DOCTYPE " + root + b" [" + b"".join(levels) + b"]>"


def nested(depth: int) -> bytes:
    """``depth`` nested elements, short enough (700 KB) not to trip the ratio check first."""
    return b"<a>" * depth + b"</a>" * depth


def word(doctype: bytes, body: bytes) -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + b"<w:document " + _W + b">"
    return head + b"<w:body>" + body + b"</w:body></w:document>"


def paragraph(text: bytes) -> bytes:
    return b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"


def strings(doctype: bytes, text: bytes) -> bytes:
    """Excel's shared strings for ``xlsx_bytes``'s sheet, the last one ``text``."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + b"<sst " + _S + b">"
    known = b"".join(b"<si><t>%s</t></si>" % s for s in (b"id", b"Story", b"Q1"))
    return head + known + b"<si><t>" + text + b"</t></si></sst>"


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A compound file (CFB version 3, 512-byte sectors), as Word writes for a password:
    ``streams`` at its root, each at least 4,096 bytes so no mini stream is needed."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's order
    fat, data, entries = [0xFFFFFFFD, _END], bytearray(), []
    for index, stream_name in enumerate(names, start=1):
        content = streams[stream_name].ljust(4096, b"\x00")
        start, count = len(fat), -(-len(content) // 512)
        fat += [*range(start + 1, start + count), _END]
        data += content.ljust(count * 512, b"\x00")
        right = index + 1 if index < len(names) else _FREE
        entries.append(_ole_entry(stream_name, 2, start, len(content), right=right))
    directory = b"".join([_ole_entry("Root Entry", 5, _END, 0, child=1), *entries])
    fields = (bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header = struct.pack("<8s16sHHHHH6s9I", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", *fields)
    sectors = struct.pack("<109I", 0, *[_FREE] * 108)  # the FAT is sector 0
    table = struct.pack("<128I", *fat, *[_FREE] * (128 - len(fat)))
    return header + sectors + table + directory.ljust(512, b"\x00") + bytes(data)


def _ole_entry(
    name: str, kind: int, start: int, size: int, child: int = _FREE, right: int = _FREE
) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    fields = (len(raw), kind, 1, _FREE, right, child, bytes(16), 0, 0, 0, start, size)
    return struct.pack("<64sHBBIII16sIQQIQ", raw, *fields)


def encrypted_docx() -> bytes:
    """What Word saves for a .docx with a password: EncryptionInfo and EncryptedPackage."""
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + (
        b'<?xml version="1.0" encoding="UTF-8"?><encryption xmlns="http://schemas.microsoft'
        b'.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" '
        b'hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
        b'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>'
    )
    package = struct.pack("<Q", 8192) + bytes(range(256)) * 32
    return ole_file({"EncryptionInfo": info, "EncryptedPackage": package})


# --- REFI-QDA projects and text --------------------------------------------------------


def qdpx(name: str, project: Part, extra: Callable[[Path], dict[str, str]] | None = None) -> Build:
    """A .qdpx holding ``project(folder)`` as project.qde, its one source, and ``extra``."""

    def build(folder: Path) -> Path:
        members = {"project.qde": project(folder), f"sources/{DOC}.txt": "hello"}
        (folder / name).write_bytes(zip_bytes({**members, **(extra(folder) if extra else {})}))
        return folder / name

    return build


def plain_qde(_folder: Path) -> bytes:
    return qde().encode()


def deep_qde(_folder: Path) -> bytes:
    start = b'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0">'
    return start + nested(100_000) + b"</Project>"


def crowded(folder: Path) -> dict[str, str]:
    return {f"n/{i}": "" for i in range(60_000)}


def wide_csv(columns: int, respondents: int) -> bytes:
    """A survey of ``columns`` open-text questions (10,000 by 100 is over the 1,000,000-cell
    budget; 20,000 columns is over Excel's 16,384)."""
    heading = ",".join(["id", *(f"Question {n}" for n in range(columns))])
    rows = (
        f"R{r}," + ",".join(f"answer {r}-{n} in words" for n in range(columns))
        for r in range(1, respondents + 1)
    )
    return "\n".join([heading, *rows]).encode() + b"\n"


def wide_answers(columns: int) -> str:
    """What respondent R1 of ``wide_csv(columns, 1)`` becomes."""
    return "\n\n".join(f"Question {n}\nanswer 1-{n} in words" for n in range(columns))


# --- Paths that are not plain files ----------------------------------------------------


def fifo(name: str) -> Build:
    def build(folder: Path) -> Path:
        os.mkfifo(folder / name)
        return folder / name

    return build


def symlink_loop(folder: Path) -> Path:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return folder / "a.txt"


def dangling_link(folder: Path) -> Path:
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    return folder / "gone.txt"


def sparse(name: str, size: int) -> Build:
    def build(folder: Path) -> Path:
        with (folder / name).open("wb") as handle:
            handle.write(_SENTENCE.encode())
            handle.truncate(size)
        return folder / name

    return build


def directory(name: str) -> Build:
    def build(folder: Path) -> Path:
        (folder / name).mkdir()
        return folder / name

    return build


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17)
MIXED_UTF8 = "Café au lait, naïve résumé.\n".encode() + b"Then \xff\xfe broken \xc3 here.\n"
MIXED_CSV = "id,Story\nQ1,Café – “helped”\nQ2,".encode() + b"Na\xefve \xc3\xa9 ok\xff\n"
_DOCX = docx_bytes()
_XLSX = xlsx_bytes([["id", "Story"], ["Q1", "It helped a lot"]])
_PDF = build_pdf(b"BT /F1 24 Tf 72 700 Td (Hello there) Tj ET")
_BOMB = "refused as a possible zip bomb"
_DTD = "declares a DTD"
_OUTSIDE = "points outside the archive"
_NUL = "contains NUL characters"
_DOCX_BOMB = office("bomb.docx", _DOCX, "word/document.xml", lambda: document_xml(GIB))
_XLSX_BOMB = office("bomb.xlsx", _XLSX, "xl/sharedStrings.xml", lambda: shared_strings(GIB))
_PDF_BOMB = write("bomb.pdf", lambda: pdf_with_stream(text_stream(GIB)))
_LONG_PDF = write("long.pdf", lambda: pdf_with_pages(100_000))
_LOCKED_PDF = write("locked.pdf", encrypted_pdf("Secret words", "letmein"))
_JUNK_ZIP = write("junk.qdpx", zip_bytes({"a.bin": os.urandom(64)}))
_DOCX_XXE = docx_part(
    "xxe.docx", lambda f: word(external_entity(b"w:document", f), paragraph(b"&xxe;"))
)
_XLSX_XXE = xlsx_part("xxe.xlsx", lambda f: strings(external_entity(b"sst", f), b"&xxe;"))
_QDPX_XXE = qdpx(
    "xxe.qdpx", lambda f: qde(external_entity(b"Project", f).decode(), "&xxe;").encode()
)
_DOCX_LAUGHS = docx_part(
    "laughs.docx", lambda _f: word(laughs(b"w:document"), paragraph(b"&lol9;"))
)
_XLSX_LAUGHS = xlsx_part("laughs.xlsx", lambda _f: strings(laughs(b"sst"), b"&lol9;"))
_QDPX_LAUGHS = qdpx("laughs.qdpx", lambda _f: qde(laughs(b"Project").decode(), "&lol9;").encode())
_DOCX_DEEP = docx_part("deep.docx", lambda _f: word(b"", nested(100_000)))
_SLIP = qdpx("slip.qdpx", plain_qde, lambda _f: {"../../evil": "pwned"})
_SLIP_ABSOLUTE = qdpx("abs.qdpx", plain_qde, lambda f: {str(f / "evil-absolute"): "pwned"})
_EMPTY = [
    Hostile(f"empty{kind}", write(f"empty{kind}", b""), "the file is empty")
    for kind in (".txt", ".docx", ".pdf", ".csv", ".xlsx")
]

HOSTILE: list[Hostile] = [
    # the bombs
    Hostile("docx-inflating-to-1-GiB", _DOCX_BOMB, _BOMB),
    Hostile("xlsx-shared-strings-bomb", _XLSX_BOMB, _BOMB),
    Hostile("pdf-stream-inflating-to-1-GiB", _PDF_BOMB, "inflates to more than 64 MB"),
    Hostile("pdf-of-100000-pages", _LONG_PDF, "has 100,000 pages (the limit is 2,000)"),
    Hostile("pdf-stating-100000-pages", write("liar.pdf", pdf_with_pages(1, 100_000)), "100,000"),
    Hostile("csv-of-10000-text-columns", write("wide.csv", lambda: wide_csv(10_000, 100)), "cells"),
    Hostile("csv-of-20000-columns", write("wider.csv", lambda: wide_csv(20_000, 2)), "16,384"),
    # empty files of every kind
    *_EMPTY,
    Hostile("empty.qdpx", write("empty.qdpx", b""), "empty.qdpx: is not a REFI-QDA project"),
    Hostile("whitespace-only.txt", write("blank.txt", b" \r\n\t\n"), "contains no text"),
    # truncated
    Hostile("truncated.docx", cut(write("cut.docx", _DOCX), 0.5), "cut.docx: is damaged"),
    Hostile("truncated.pdf", cut(write("cut.pdf", _PDF), 0.6), "cut.pdf: is damaged"),
    Hostile("truncated.xlsx", cut(write("cut.xlsx", _XLSX), 0.5), "cut.xlsx: is damaged"),
    Hostile("truncated.qdpx", cut(qdpx("cut.qdpx", plain_qde), 0.5), "not a readable zip"),
    Hostile("pdf-header-only", write("stub.pdf", b"%PDF-1.4\n%%EOF\n"), "stub.pdf: is damaged"),
    # encrypted
    Hostile("pdf-with-a-user-password", _LOCKED_PDF, "locked.pdf: is encrypted"),
    Hostile("docx-with-a-password", write("locked.docx", encrypted_docx()), "password-protected"),
    Hostile("word-97-named-docx", write("old.docx", ole_file({"WordDocument": b"x"})), "Word 97"),
    # mislabelled
    Hostile("png-named-pdf", write("picture.pdf", PNG), "not a PDF document (it looks like a PNG"),
    Hostile("text-named-docx", write("notes.docx", _SENTENCE.encode()), "not a Word document"),
    Hostile("docx-named-pdf", write("report.pdf", _DOCX), "rename it to .docx"),
    Hostile("junk-zip-named-qdpx", _JUNK_ZIP, "no project.qde inside"),
    Hostile("pdf-named-txt", write("paper.txt", _PDF), "not a plain-text file"),
    # XML entities and depth
    Hostile("docx-external-entity", _DOCX_XXE, _DTD),
    Hostile("xlsx-external-entity", _XLSX_XXE, _DTD),
    Hostile("qdpx-external-entity", _QDPX_XXE, _DTD),
    Hostile("docx-billion-laughs", _DOCX_LAUGHS, _DTD),
    Hostile("xlsx-billion-laughs", _XLSX_LAUGHS, _DTD),
    Hostile("qdpx-billion-laughs", _QDPX_LAUGHS, _DTD),
    Hostile("docx-100000-nested-elements", _DOCX_DEEP, "deep.docx: is damaged"),
    Hostile("qdpx-100000-nested-elements", qdpx("deep.qdpx", deep_qde), "nested more than 256"),
    # archives that reach outside themselves, overflow, or hold no XML
    Hostile("qdpx-zip-slip-dotdot", _SLIP, _OUTSIDE),
    Hostile("qdpx-zip-slip-absolute", _SLIP_ABSOLUTE, _OUTSIDE),
    Hostile("qdpx-60000-entries", qdpx("crowded.qdpx", plain_qde, crowded), "60002 entries"),
    Hostile("qdpx-not-xml", qdpx("garbled.qdpx", lambda _f: b"\x00 no"), "is not well-formed XML"),
    # text encodings
    Hostile("txt-utf8-with-bad-bytes", write("mixed.txt", MIXED_UTF8), "is not valid UTF-8"),
    Hostile("csv-utf8-with-bad-bytes", write("mixed.csv", MIXED_CSV), "is not valid UTF-8"),
    Hostile("txt-with-nul-bytes", write("nul.txt", b"Interviewer: hi\x00\x00 there\n"), _NUL),
    Hostile("csv-with-nul-bytes", write("nul.csv", b"id,Story\nQ1,It \x00helped\n"), _NUL),
    Hostile("txt-bad-after-utf8-bom", write("bom.txt", b"\xef\xbb\xbfok \xff\xfe"), "UTF-8 byte"),
    # paths that are not plain files
    Hostile("fifo-named-txt", fifo("x.txt"), "x.txt: is not a regular file"),
    Hostile("fifo-named-qdpx", fifo("x.qdpx"), "x.qdpx: is not a regular file"),
    Hostile("symlink-loop", symlink_loop, "a.txt: cannot be opened"),
    Hostile("dangling-symlink", dangling_link, "gone.txt: file not found"),
    Hostile("txt-over-the-size-limit", sparse("huge.txt", 65 * MIB), "huge.txt: is too large"),
    Hostile("directory-named-docx", directory("x.docx"), "x.docx: is a folder, not a file"),
]

_UTF16LE = write("PR 1.txt", _SENTENCE.encode("utf-16-le"))
_UTF16BE = write("PR 2.txt", _SENTENCE.encode("utf-16-be"))
_CP1252 = write("PR 3.txt", "“Café” – naïve…\n".encode("cp1252"))
_OPEN_PDF = write("open.pdf", encrypted_pdf("Hello there", ""))
READABLE: list[Readable] = [
    Readable("txt-utf16-le-without-bom", _UTF16LE, _SENTENCE.strip()),
    Readable("txt-utf16-be-without-bom", _UTF16BE, _SENTENCE.strip()),
    Readable("txt-windows-1252", _CP1252, "“Café” – naïve…"),
    Readable(
        "csv-of-10000-columns-one-respondent",
        write("one.csv", lambda: wide_csv(10_000, 1)),
        wide_answers(10_000),
    ),
    Readable("pdf-encrypted-without-a-user-password", _OPEN_PDF, "Hello there"),
]
