"""Zip archives read under limits: no escaping paths, bounded sizes, every member checked.

Shared by every reader of a zip-based format (.qdpx, .docx, .xlsx). Nothing is
extracted to disk: a member is checked *before* it is inflated (its declared size,
the running total, and its compression ratio for members over ``ratio_floor``),
then inflated in 1 MiB chunks with a hard cap, so a member that lies about its
size is caught too. An archive is refused as a whole when:

- any entry name is absolute (``/x``, ``\\x``, ``C:x``) or has a ``..`` part (zip slip);
- it has more than ``entries`` entries;
- a member declares more bytes than allowed, unpacks to more than it declared,
  or is compressed more than ``ratio`` times (for members over ``ratio_floor``);
- the members read add up to more than ``total_bytes``;
- a member is encrypted, or the zip is damaged;
- (a .docx or .xlsx) an XML part declares a DTD (``<!DOCTYPE``), which Word and Excel
  never write and which is how external entities and "billion laughs" come in.

The path of an archive must be a regular file (``qcode.ingest.files``): a named pipe
called ``x.qdpx`` is refused, never waited on.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from qcode.errors import IngestError
from qcode.ingest.files import stat_file

MIB = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_]")
_DOCTYPE = re.compile(r"<!\s*DOCTYPE", re.IGNORECASE)


class ArchiveRefused(IngestError):
    """An archive that is unsafe to unpack (zip slip, zip bomb): refused as a whole."""


@dataclass(frozen=True)
class ArchiveLimits:
    """How much an archive may unpack to; the defaults suit projects of any real size."""

    member_bytes: int = 64 * MIB
    xml_bytes: int = 256 * MIB
    total_bytes: int = 1024 * MIB
    ratio: float = 100.0
    ratio_floor: int = MIB
    entries: int = 50_000


def size_text(n: int) -> str:
    """A byte count as people read it."""
    if n < 1024:
        return f"{n} bytes"
    if n < MIB:
        return f"{n / 1024:.1f} KB"
    return f"{n / MIB:.1f} MB"


def declares_dtd(data: bytes) -> bool:
    """Whether a DOCTYPE comes before the document's first element (checked before parsing;
    ``data`` is the document, or its first MiB)."""
    head = data[:MIB]
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = head.decode(encoding, errors="replace")
    first = _FIRST_ELEMENT.search(text)
    return bool(_DOCTYPE.search(text[: first.start()] if first else text))


def unsafe_entry(name: str) -> bool:
    """True for an entry that would land outside a folder it were extracted into."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or _DRIVE.match(cleaned) or "\x00" in cleaned:
        return True
    return ".." in PurePosixPath(cleaned).parts


class SafeArchive:
    """A zip archive whose members are read into memory under limits.

    ``kind`` names what the archive should be, for the "not a readable zip" line."""

    def __init__(
        self,
        source: Path | bytes,
        limits: ArchiveLimits | None = None,
        label: str = "",
        kind: str = "a REFI-QDA project",
    ) -> None:
        self.label = label or (source.name if isinstance(source, Path) else "archive")
        self.limits = limits or ArchiveLimits()
        self._read_total = 0
        if isinstance(source, Path):
            stat_file(source, self.label)  # a pipe named x.qdpx would block zipfile for ever
        try:
            self._zip = zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))
        except FileNotFoundError as exc:
            raise IngestError(f"{self.label}: file not found ({source})") from exc
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise IngestError(f"{self.label}: is not {kind} (not a readable zip archive)") from exc
        try:
            self._members = self._check_entries()
        except IngestError:
            self._zip.close()
            raise

    def _check_entries(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > self.limits.entries:
            raise ArchiveRefused(
                f"{self.label}: refused, it holds {len(infos)} entries "
                f"(the limit is {self.limits.entries})"
            )
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if unsafe_entry(info.filename):
                raise ArchiveRefused(
                    f"{self.label}: refused, entry '{info.filename}' points outside the archive "
                    "(an absolute or '..' path); nothing was imported"
                )
            if not info.is_dir():
                members[info.filename.replace("\\", "/").lower()] = info
        return members

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self._zip.close()

    def find(self, name: str) -> str | None:
        """The member called ``name``, matched without regard to case or slash direction."""
        info = self._members.get(name.replace("\\", "/").lstrip("/").lower())
        return info.filename if info else None

    def names(self) -> list[str]:
        return [info.filename for info in self._members.values()]

    def read(self, name: str, cap: int | None = None) -> bytes:
        """A member's bytes, refusing a zip bomb before and while unpacking it."""
        chunks: list[bytes] = []
        self._inflate(self._zip.getinfo(name), cap, chunks.append)
        return b"".join(chunks)

    def read_xml_member(self, name: str) -> bytes:
        return self.read(name, self.limits.xml_bytes)

    def scan(
        self,
        cap_for: Callable[[str], int | None] | None = None,
        look: Callable[[str, bytes], None] | None = None,
    ) -> None:
        """Inflate every member once, keeping nothing, to refuse a bomb before a library
        (python-docx, openpyxl) opens the archive itself; ``cap_for`` gives a
        member's own cap (by name), below ``member_bytes``; ``look`` is shown each
        member's name and first chunk (up to 1 MiB), and may refuse it."""
        declared = 0
        for info in self._members.values():
            self._check_declared(info, self._cap(cap_for(info.filename) if cap_for else None))
            declared += info.file_size
            if declared > self.limits.total_bytes:
                total = size_text(self.limits.total_bytes)
                raise self._bomb(info, f"makes the archive unpack to more than {total}")
        for info in self._members.values():
            keep = _first_chunk(info.filename, look) if look else lambda _chunk: None
            self._inflate(info, cap_for(info.filename) if cap_for else None, keep)

    def _cap(self, cap: int | None) -> int:
        return min(cap or self.limits.member_bytes, self.limits.member_bytes)

    def _inflate(
        self, info: zipfile.ZipInfo, cap: int | None, keep: Callable[[bytes], object]
    ) -> None:
        limit = self._cap(cap)
        self._check_declared(info, limit)
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(MIB):
                    size += len(chunk)
                    if size > info.file_size or size > limit:
                        raise self._bomb(info, "unpacks to more than it declares")
                    keep(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise IngestError(
                f"{self.label}: is damaged ('{info.filename}' cannot be unpacked: {exc})"
            ) from exc
        self._read_total += size

    def _check_declared(self, info: zipfile.ZipInfo, cap: int) -> None:
        if info.flag_bits & 0x1:
            raise IngestError(f"{self.label}: '{info.filename}' is encrypted; export it again")
        if info.file_size > cap:
            raise self._bomb(
                info, f"would unpack to {size_text(info.file_size)} (over {size_text(cap)})"
            )
        if self._read_total + info.file_size > self.limits.total_bytes:
            raise self._bomb(
                info, f"makes the archive unpack to more than {size_text(self.limits.total_bytes)}"
            )
        if info.file_size > self.limits.ratio_floor:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > self.limits.ratio:
                raise self._bomb(info, f"is compressed {ratio:.0f} times")

    def _bomb(self, info: zipfile.ZipInfo, what: str) -> ArchiveRefused:
        return ArchiveRefused(
            f"{self.label}: refused as a possible zip bomb: '{info.filename}' {what} "
            f"(limits: {size_text(self.limits.member_bytes)} a file, "
            f"{self.limits.ratio:.0f}x compression); nothing was imported"
        )


def _first_chunk(name: str, look: Callable[[str, bytes], None]) -> Callable[[bytes], None]:
    """A chunk sink that shows ``look`` the first chunk of member ``name`` only."""
    seen = False

    def keep(chunk: bytes) -> None:
        nonlocal seen
        if not seen:
            seen = True
            look(name, chunk)

    return keep


# Word and Excel files: python-docx and openpyxl open the zip themselves, so the
# whole package is scanned first. Excel's shared-string table is loaded whole.
OFFICE_LIMITS = ArchiveLimits(member_bytes=128 * MIB, total_bytes=512 * MIB, entries=10_000)
SHARED_STRINGS_BYTES = 64 * MIB


def _office_cap(name: str) -> int | None:
    return SHARED_STRINGS_BYTES if name.lower() == "xl/sharedstrings.xml" else None


def _no_dtd(label: str) -> Callable[[str, bytes], None]:
    def look(name: str, head: bytes) -> None:
        if declares_dtd(head):
            raise ArchiveRefused(
                f"{label}: refused, '{name}' declares a DTD (<!DOCTYPE …>), which Word and "
                "Excel never write and which may pull in external entities; nothing was imported"
            )

    return look


def check_office_package(data: bytes, label: str, kind: str, damaged: str) -> None:
    """Refuse a .docx/.xlsx that is a zip bomb, or has a part declaring a DTD, before any
    library inflates it.

    ``damaged`` is the line for a member that cannot be unpacked (bad CRC, cut short)."""
    try:
        with SafeArchive(data, OFFICE_LIMITS, label=label, kind=kind) as archive:
            archive.scan(_office_cap, _no_dtd(label))
    except ArchiveRefused:
        raise
    except IngestError as exc:
        raise IngestError(damaged) from exc
