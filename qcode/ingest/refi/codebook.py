"""Read a REFI-QDA codebook (.qdc): its code tree, with qcode's flags read back. Pure."""

from __future__ import annotations

from pathlib import Path

from qcode.errors import IngestError
from qcode.ingest.files import stat_file
from qcode.ingest.naming import clean_name
from qcode.ingest.refi.elements import kid, kids, local, read_codes
from qcode.ingest.refi.model import CONTEXT_SET, MECHANISM_SET, RefiProject
from qcode.ingest.refi.safety import ArchiveLimits, parse_xml, size_text


def read_qdc(path: Path, limits: ArchiveLimits | None = None) -> RefiProject:
    """The codes of a .qdc file (``Parent::Child`` names nested unless qcode wrote it)."""
    path = Path(path)
    limit = (limits or ArchiveLimits()).xml_bytes
    size = stat_file(path).st_size  # a pipe named x.qdc is refused, never waited on
    if size > limit:
        too_large = f"is too large ({size_text(size)}; limit {size_text(limit)})"
        raise IngestError(f"{path.name}: {too_large}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    root = parse_xml(data, path.name)
    if local(root) != "CodeBook":
        raise IngestError(f"{path.name}: is not a REFI-QDA codebook (it holds a '{local(root)}')")
    book = RefiProject(name=clean_name(path.stem), origin=root.get("origin") or "")
    codes = kid(root, "Codes")
    if codes is not None:
        book.codes = read_codes(codes, book.problems, foreign=not book.written_by_qcode)
    sets = kid(root, "Sets")
    ours = {CONTEXT_SET, MECHANISM_SET} if book.written_by_qcode else set()
    names = [s.get("name") or "" for s in kids(sets, "Set")] if sets is not None else []
    others = [name for name in names if name not in ours]
    if others:
        book.problems.append(f"{len(others)} set(s) not imported (qcode has no sets)")
    return book
