"""Read REFI-QDA archives and XML safely: no escaping paths, bounded sizes, no DTDs or entities.

The archive limits live in ``qcode.ingest.archive_limits`` (shared with .docx and
.xlsx) and are re-exported here. Nothing is ever extracted to disk: members are
read into memory, each one streamed with a cap. An archive is refused as a whole
(and nothing is imported) when:

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

from lxml import etree

from qcode.errors import IngestError
from qcode.ingest.archive_limits import (
    MIB,
    ArchiveLimits,
    ArchiveRefused,
    SafeArchive,
    declares_dtd,
    size_text,
    unsafe_entry,
)

__all__ = [
    "MIB",
    "ArchiveLimits",
    "ArchiveRefused",
    "SafeArchive",
    "declares_dtd",
    "parse_xml",
    "size_text",
    "unsafe_entry",
]


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
        reason = exc.msg
        if reason.startswith("Excessive depth"):  # libxml2's limit; its hint is for programmers
            reason = "its elements are nested more than 256 deep"
        raise IngestError(f"{label}: {what} is not well-formed XML ({reason})") from exc
    if root is None:
        raise IngestError(f"{label}: {what} holds no XML element")
    if root.getroottree().docinfo.doctype:
        raise IngestError(
            f"{label}: refused, {what} declares a DTD (<!DOCTYPE …>), which may pull in "
            "external entities; REFI-QDA files never need one; nothing was imported"
        )
    return root
