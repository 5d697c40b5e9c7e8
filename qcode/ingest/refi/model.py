"""Plain values of a REFI-QDA project or codebook, shared by the reader, services and writers.

Besides the dataclasses, this module holds the one place where qcode's own data that
REFI-QDA has no element for is written into, and read back from, description text:

- a code's C/M flags: a first description line ``[qcode flags: CM]``;
- a code's "when to use", "when not to use" and "example": sections that start with
  the lines ``[qcode when to use]``, ``[qcode when not to use]``, ``[qcode example]``;
- a document's kind, format and file name, a CMO statement's theme and a topic case's
  participant: a first description line ``[qcode KIND: {json}]``.

The schema (Project.xsd 1.0) has no extension point (no ``xsd:any``), so a namespaced
extension would make the file invalid; description lines are what every tool keeps.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
ORIGIN_PREFIX = "qcode"
CONTEXT_SET, MECHANISM_SET, CMO_SET = "Context", "Mechanism", "CMO statements"
WAVE_VARIABLE = "Wave"

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_FLAGS_LINE = re.compile(r"^\[qcode flags: ?([CM]{0,2})\]$")
_MARKER_LINE = re.compile(r"^\[qcode ([a-z ]+): (\{.*\})\]$")
DETAIL_HEADERS = {
    "when_to_use": "[qcode when to use]",
    "when_not_to_use": "[qcode when not to use]",
    "example": "[qcode example]",
}
_HEADER_FIELDS = {header: name for name, header in DETAIL_HEADERS.items()}


def normalize_guid(value: str | None) -> str | None:
    """``{ABCDEF01-…}`` or ``abcdef01-…`` → ``abcdef01-…``; None if it is not a GUID."""
    if value is None:
        return None
    guid = value.strip().strip("{}").strip().lower()
    return guid if _GUID.match(guid) else None


@dataclass
class RefiUser:
    """A coder (REFI ``User``)."""

    guid: str
    name: str
    color: str | None = None  # qcode's own coder colour (REFI ``User`` has none; see elements)
    initials: str = ""


@dataclass
class RefiValue:
    """A participant's or document's attribute: its name, qcode type and value as stored."""

    name: str
    type: str
    value: str


@dataclass
class RefiCode:
    """A code and its sub-codes, with qcode's flags and description fields."""

    guid: str
    name: str
    color: str | None = None  # None: the file gave none (a display colour is not data)
    flags: str = ""
    description: str = ""
    details: dict[str, str] = field(default_factory=dict)
    children: list[RefiCode] = field(default_factory=list)
    codable: bool = True  # False: a category that groups codes (REFI ``isCodable="false"``)

    def walk(self) -> list[RefiCode]:
        """This code and all its descendants, depth first."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass
class RefiDocument:
    """A text source: its plain text uses ``\\n`` line endings; offsets are code points."""

    guid: str
    name: str
    text: str
    kind: str = "interview"
    format: str = "txt"
    wave: int | None = None
    original_filename: str = ""
    created_at: datetime | None = None
    variables: list[RefiValue] = field(default_factory=list)  # the source's attributes
    line_breaks: str = "lf"  # "crlf": the source broke every line with CR LF (text has \n)


@dataclass
class RefiSegment:
    """One coding of a text selection: document, code and coder by GUID, and the span."""

    guid: str
    selection: str
    document: str
    code: str
    coder: str | None
    start: int
    end: int
    created_at: datetime | None = None


@dataclass
class RefiParticipant:
    """A participant (REFI ``Case``): attributes and the documents that are theirs."""

    guid: str
    label: str
    attributes: list[RefiValue] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


@dataclass
class RefiMemo:
    """A memo (REFI ``Note``) and what it is about: a kind and that thing's GUID."""

    guid: str
    title: str
    text: str
    coder: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    target_kind: str | None = None  # document, code, selection, participant, case
    target: str | None = None


@dataclass
class RefiStatement:
    """A CMO configuration statement: its theme, categories and evidence selections."""

    guid: str
    theme: str
    text: str
    position: int = 0
    categories: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    created_at: datetime | None = None


@dataclass
class RefiTopicCase:
    """A topic case: a participant's situation, linked to selections across interviews."""

    guid: str
    name: str
    description: str = ""
    participant: str | None = None
    selections: list[str] = field(default_factory=list)


@dataclass
class RefiProject:
    """Everything qcode reads from, or writes to, a .qdpx project or .qdc codebook."""

    name: str = ""
    origin: str = ""
    created_at: datetime | None = None
    creator: str | None = None
    description: str = ""
    users: list[RefiUser] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)
    documents: list[RefiDocument] = field(default_factory=list)
    segments: list[RefiSegment] = field(default_factory=list)
    participants: list[RefiParticipant] = field(default_factory=list)
    memos: list[RefiMemo] = field(default_factory=list)
    statements: list[RefiStatement] = field(default_factory=list)
    topic_cases: list[RefiTopicCase] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def written_by_qcode(self) -> bool:
        return self.origin.startswith(ORIGIN_PREFIX)

    def all_codes(self) -> list[RefiCode]:
        return [code for top in self.codes for code in top.walk()]


def encode_code_description(code: RefiCode) -> str:
    """A code's Description text: flags line, description, then detail sections."""
    parts = [f"[qcode flags: {code.flags}]"] if code.flags else []
    if code.description:
        parts.append(code.description)
    for name, header in DETAIL_HEADERS.items():
        if code.details.get(name):
            parts.extend([header, code.details[name]])
    return "\n".join(parts)


def decode_code_description(text: str) -> tuple[str, str, dict[str, str]]:
    """Flags, description and detail fields from a code's Description text."""
    lines = text.split("\n")
    flags = ""
    if lines and (match := _FLAGS_LINE.match(lines[0].strip())):
        flags, lines = match.group(1), lines[1:]
    heads = [i for i, line in enumerate(lines) if line.strip() in _HEADER_FIELDS]
    description = "\n".join(lines[: heads[0]] if heads else lines)
    details: dict[str, str] = {}
    for number, head in enumerate(heads):
        stop = heads[number + 1] if number + 1 < len(heads) else len(lines)
        details[_HEADER_FIELDS[lines[head].strip()]] = "\n".join(lines[head + 1 : stop])
    return flags, description, details


def encode_marker(kind: str, payload: dict[str, object], rest: str = "") -> str:
    """``[qcode KIND: {json}]`` as a first line, followed by ``rest``."""
    line = f"[qcode {kind}: {json.dumps(payload, ensure_ascii=False, sort_keys=True)}]"
    return line + ("\n" + rest if rest else "")


def decode_marker(text: str) -> tuple[str | None, dict[str, object], str]:
    """The marker kind and payload of a description, and the text after the marker line."""
    first, _, rest = text.partition("\n")
    match = _MARKER_LINE.match(first.strip())
    if not match:
        return None, {}, text
    try:
        payload = json.loads(match.group(2))
    except ValueError:
        return None, {}, text
    return (match.group(1), payload, rest) if isinstance(payload, dict) else (None, {}, text)
