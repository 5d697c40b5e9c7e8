"""Recognise what a file really is from its first bytes, whatever its suffix says."""

from __future__ import annotations

import io
import zipfile

# Kinds returned by ``sniff`` and how to name them to a researcher.
LABELS: dict[str, str] = {
    "pdf": "a PDF document",
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "pptx": "a PowerPoint presentation",
    "odf": "an OpenDocument file (LibreOffice)",
    "zip": "a zip archive",
    "damaged-zip": "a damaged zip archive",
    "ole": "an old Office 97-2003 file (.doc/.xls)",
    "ole-encrypted": "a password-protected Office file",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "tiff": "a TIFF image",
    "webp": "a WebP image",
    "rtf": "an RTF document",
    "gzip": "a gzip archive",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "media": "an audio or video file",
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .docx/.xlsx is an OLE container holding a stream with this name.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"{\\rtf", "rtf"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"ID3", "media"),
    (b"OggS", "media"),
    (b"fLaC", "media"),
)


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` is (a key of ``LABELS``), or None if nothing matched."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    if data.startswith(OLE_MAGIC):
        return "ole-encrypted" if _ENCRYPTED_STREAM in data else "ole"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] == b"RIFF" or data[4:8] == b"ftyp":
        return "media"
    return None


def _sniff_zip(data: bytes) -> str:
    """Tell Office Open XML and OpenDocument packages apart from plain zip archives."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "damaged-zip"
    if "word/document.xml" in names or _has_prefix(names, "word/"):
        return "docx"
    if "xl/workbook.xml" in names or _has_prefix(names, "xl/"):
        return "xlsx"
    if _has_prefix(names, "ppt/"):
        return "pptx"
    if "mimetype" in names:
        return "odf"
    return "zip"


def _has_prefix(names: set[str], prefix: str) -> bool:
    return any(name.startswith(prefix) for name in names)


def describe(kind: str) -> str:
    """A researcher-readable phrase for a kind returned by ``sniff``."""
    return LABELS.get(kind, kind)
