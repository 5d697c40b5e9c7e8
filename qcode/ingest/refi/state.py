"""What the .qdpx reader keeps while it walks a project: the archive, indexes, the result."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote

from qcode.errors import IngestError
from qcode.ingest.refi.elements import label_of
from qcode.ingest.refi.model import RefiProject
from qcode.ingest.refi.safety import SafeArchive
from qcode.ingest.text import NulCharacters, decode_bytes

SOURCE_FOLDERS = ("sources/", "")


@dataclass
class ReadState:
    """The archive being read, the project being built and what refers to what."""

    archive: SafeArchive
    data: RefiProject
    default_coder: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # guid → code, document, selection, …
    names: dict[str, str] = field(default_factory=dict)  # guid → name, for report lines
    selections: dict[str, str] = field(default_factory=dict)  # selection guid → document guid
    noterefs: dict[str, list[str]] = field(default_factory=dict)  # note guid → target guids
    tried_paths: set[str] = field(default_factory=set)  # plainTextPath values already read
    variables: dict[str, tuple[str, str]] = field(default_factory=dict)  # guid → (name, type)
    unknown_codes: Counter[str] = field(default_factory=Counter)  # document name → codings
    media: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # kind → (name, coded)
    line_breaks: list[str] = field(default_factory=list)  # sources whose text had CR LF or CR

    @property
    def problems(self) -> list[str]:
        return self.data.problems

    def label(self, value: str | None) -> str:
        """A name as qcode keeps it (see ``label_of``)."""
        return label_of(value, foreign=not self.data.written_by_qcode)

    def known(self, guid: str, kind: str, name: str) -> None:
        self.kinds[guid] = kind
        self.names[guid] = name

    def member_for(self, path: str) -> tuple[str | None, bool]:
        """The archive member a source path names (or None), and whether it is internal."""
        scheme, sep, rest = path.partition("://")
        if not sep:
            scheme, rest = "internal", path
        if scheme.lower() != "internal":
            return None, False
        rest = unquote(rest).lstrip("/")
        for folder in SOURCE_FOLDERS:
            member = self.archive.find(folder + rest)
            if member is not None:
                return member, True
        return None, True

    def read_member_text(self, member: str) -> tuple[str, bool]:
        """A plain-text member decoded (UTF-8, or by its BOM), and whether it had a BOM."""
        data = self.archive.read(member)
        had_bom = data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        try:
            return decode_bytes(data, member), had_bom
        except NulCharacters:
            raise  # not one unreadable source: the whole file is refused
        except IngestError as exc:
            raise SourceUnreadable(str(exc)) from exc


class SourceUnreadable(Exception):
    """A source's text is present but cannot be used; the message says why (one line)."""
