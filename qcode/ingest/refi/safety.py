"""Read REFI-QDA archives and XML safely: no escaping paths, bounded sizes, no DTDs or entities.

Nothing is ever extracted to disk: members are read into memory, each one streamed
with a cap. An archive is refused as a whole (and nothing is imported) when:

- any entry name is absolute (``/x``, ``\\x``, ``C:x``) or has a ``..`` part (zip slip);
- it has more than ``entries`` entries;
- a member qcode reads declares more bytes than allowed, unpacks to more than it
  declared, or is compressed more than ``ratio`` times (for members over 1 MiB);
- the members read add up to more than ``total_bytes``;
- a member is encrypted, or the zip is damaged.

XML is parsed by lxml with entity resolution, DTD loading and network access off;
a document that declares a DTD at all is refused, since REFI-QDA files never need one.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from lxml import etree

from qcode.errors import IngestError

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


def unsafe_entry(name: str) -> bool:
    """True for an entry that would land outside a folder it were extracted into."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or _DRIVE.match(cleaned) or "\x00" in cleaned:
        return True
    return ".." in PurePosixPath(cleaned).parts


class SafeArchive:
    """A zip archive whose members are read into memory under limits."""

    def __init__(
        self, source: Path | bytes, limits: ArchiveLimits | None = None, label: str = ""
    ) -> None:
        self.label = label or (source.name if isinstance(source, Path) else "archive")
        self.limits = limits or ArchiveLimits()
        self._read_total = 0
        try:
            self._zip = zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))
        except FileNotFoundError as exc:
            raise IngestError(f"{self.label}: file not found ({source})") from exc
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise IngestError(
                f"{self.label}: is not a REFI-QDA project (not a readable zip archive)"
            ) from exc
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
        info = self._zip.getinfo(name)
        cap = min(cap or self.limits.member_bytes, self.limits.member_bytes)
        self._check_declared(info, cap)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(MIB):
                    size += len(chunk)
                    if size > info.file_size or size > cap:
                        raise self._bomb(info, "unpacks to more than it declares")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise IngestError(
                f"{self.label}: is damaged ('{info.filename}' cannot be unpacked: {exc})"
            ) from exc
        self._read_total += size
        return b"".join(chunks)

    def read_xml_member(self, name: str) -> bytes:
        return self.read(name, self.limits.xml_bytes)

    def _check_declared(self, info: zipfile.ZipInfo, cap: int) -> None:
        if info.flag_bits & 0x1:
            raise IngestError(f"{self.label}: '{info.filename}' is encrypted; export it again")
        if info.file_size > cap:
            raise self._bomb(info, f"would unpack to {size_text(info.file_size)}")
        if self._read_total + info.file_size > self.limits.total_bytes:
            raise self._bomb(info, "makes the archive unpack to more than the limit")
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


def declares_dtd(data: bytes) -> bool:
    """Whether a DOCTYPE comes before the document's first element (checked before parsing)."""
    head = data[: 1024 * 1024]
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = head.decode(encoding, errors="replace")
    first = _FIRST_ELEMENT.search(text)
    return bool(_DOCTYPE.search(text[: first.start()] if first else text))


def parse_xml(data: bytes, label: str, what: str = "it") -> etree._Element:
    """The root element of an XML document, parsed with no DTD, entities or network.

    Errors read "``label``: ``what`` is not well-formed XML (…)"."""
    if declares_dtd(data):
        raise IngestError(
            f"{label}: refused, {what} declares a DTD (<!DOCTYPE …>), which may pull in "
            "external entities; REFI-QDA files never need one; nothing was imported"
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"{label}: {what} is not well-formed XML ({exc.msg})") from exc
    if root is None:
        raise IngestError(f"{label}: {what} holds no XML element")
    if root.getroottree().docinfo.doctype:
        raise IngestError(
            f"{label}: refused, {what} declares a DTD (<!DOCTYPE …>), which may pull in "
            "external entities; REFI-QDA files never need one; nothing was imported"
        )
    return root
