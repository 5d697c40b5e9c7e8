"""REFI-QDA XML helpers: namespace-blind element access, GUIDs, dates, and the codebook."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, datetime

from lxml import etree

from qcode.ingest.refi.model import (
    RefiCode,
    RefiProject,
    decode_code_description,
    decode_marker,
    encode_marker,
    normalize_guid,
)

Element = etree._Element


def local(element: Element) -> str:
    """An element's name without its namespace ("" for comments and the like)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def kids(element: Element, name: str) -> list[Element]:
    """Child elements called ``name``, in any namespace (tools disagree on the version)."""
    return [child for child in element if local(child) == name]


def kid(element: Element, name: str) -> Element | None:
    found = kids(element, name)
    return found[0] if found else None


def kid_text(element: Element, name: str) -> str | None:
    """The text of the first child called ``name`` ("" if empty), or None if there is none."""
    child = kid(element, name)
    return None if child is None else (child.text or "")


def label_of(value: str | None, foreign: bool = True) -> str:
    """A name from another tool: whitespace collapsed, composed (NFC: macOS tools write
    "ê" as "e" plus a combining accent); qcode's own names are taken as written."""
    if not foreign:
        return value or ""
    return unicodedata.normalize("NFC", " ".join((value or "").split()))


def new_guid() -> str:
    return str(uuid.uuid4())


def stable_guid(*parts: str) -> str:
    """A GUID derived from other GUIDs, the same at every export and import."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "qcode:" + ":".join(parts)))


def element_guid(element: Element, problems: list[str], what: str) -> str:
    """The element's GUID, normalised; a fresh one (and a report line) if it has none."""
    raw = element.get("guid")
    guid = normalize_guid(raw)
    if guid is None:
        guid = new_guid()
        problems.append(f"{what} has no valid GUID ('{raw or ''}'); it was given a new one")
    return guid


def parse_datetime(value: str | None) -> datetime | None:
    """An xsd:dateTime as naive UTC (how qcode stores times); None if absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def format_datetime(moment: datetime | None) -> str | None:
    """Naive UTC → ``2024-05-01T12:30:00Z``."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat() + "Z"


def parse_color(value: str | None) -> str | None:
    """``#RRGGBB`` or ``#RGB`` → ``#rrggbb``; None for anything else."""
    if not value:
        return None
    text = value.strip().lower()
    if len(text) == 4 and text.startswith("#"):
        text = "#" + "".join(c * 2 for c in text[1:])
    if len(text) == 7 and text.startswith("#") and all(c in "0123456789abcdef" for c in text[1:]):
        return text
    return None


def read_codes(codes: Element, problems: list[str], foreign: bool) -> list[RefiCode]:
    """The codes of a ``Codes`` element as a tree; another tool's ``A::B`` names nested."""
    seen: set[str] = set()
    tree = [_read_code(element, problems, seen, foreign) for element in kids(codes, "Code")]
    return nest_colon_names(tree, problems) if foreign else tree


def _read_code(element: Element, problems: list[str], seen: set[str], foreign: bool) -> RefiCode:
    name = label_of(element.get("name"), foreign)
    guid = element_guid(element, problems, f"code '{name}'")
    if guid in seen:
        problems.append(f"code '{name}' repeats the GUID of another code; it was given a new one")
        guid = new_guid()
    seen.add(guid)
    flags, description, details = decode_code_description(kid_text(element, "Description") or "")
    return RefiCode(
        guid=guid,
        name=name,
        color=parse_color(element.get("color")),
        flags=flags,
        description=description,
        details=details,
        children=[_read_code(child, problems, seen, foreign) for child in kids(element, "Code")],
        codable=parse_boolean(element.get("isCodable"), default=True),
    )


def parse_boolean(value: str | None, default: bool) -> bool:
    """An xsd:boolean (``true``/``false``/``1``/``0``); ``default`` if absent or unreadable."""
    text = (value or "").strip().lower()
    return {"true": True, "1": True, "false": False, "0": False}.get(text, default)


def nest_colon_names(codes: list[RefiCode], problems: list[str]) -> list[RefiCode]:
    """Nest flat ``Parent::Child`` names (ATLAS.ti's hierarchy) under their parents."""
    result: list[RefiCode] = []
    implied: dict[str, str] = {}  # guid of a parent made up for a name → the name that needed it
    for code in codes:
        code.children = nest_colon_names(code.children, problems)
        parts = [part.strip() for part in code.name.split("::")]
        parts = [part for part in parts if part] or [code.name]
        siblings = result
        for part in parts[:-1]:
            parent = _named(siblings, part)
            if parent is None:
                parent = RefiCode(guid=new_guid(), name=part)  # no colour: the file gave none
                implied[parent.guid] = code.name
                siblings.append(parent)
            siblings = parent.children
        code.name = parts[-1]
        placeholder = _named(siblings, code.name)
        if placeholder is not None and placeholder.guid in implied:
            del implied[placeholder.guid]
            code.children = placeholder.children + code.children
            siblings[siblings.index(placeholder)] = code
        else:
            siblings.append(code)
    for guid, name in implied.items():
        parent = next(c for top in result for c in top.walk() if c.guid == guid)
        problems.append(f"code '{parent.name}' was created as the parent of '{name}'")
    return result


def _named(codes: list[RefiCode], name: str) -> RefiCode | None:
    return next((code for code in codes if code.name == name), None)


CODERS_MARKER = "coders"


def project_description(data: RefiProject) -> str:
    """The project's Description: its coders' colours and initials (REFI's ``User`` holds
    neither) as a first line ``[qcode coders: {guid: {...}}]``, then the description."""
    payload: dict[str, object] = {
        user.guid: {"color": user.color, "initials": user.initials}
        for user in data.users
        if user.color or user.initials
    }
    return encode_marker(CODERS_MARKER, payload, data.description) if payload else data.description


def take_coder_details(data: RefiProject) -> None:
    """Give the users the colours and initials the description's coders line holds, and take
    that line out of the description (doing it twice changes nothing)."""
    kind, payload, rest = decode_marker(data.description)
    if kind != CODERS_MARKER:
        return
    data.description = rest
    details = {normalize_guid(guid): value for guid, value in payload.items()}
    for user in data.users:
        found = details.get(user.guid)
        if not isinstance(found, dict):
            continue
        color, initials = found.get("color"), found.get("initials")
        user.color = parse_color(color if isinstance(color, str) else None) or user.color
        if isinstance(initials, str) and initials.strip():
            user.initials = initials.strip()[:10]
