"""Build the ``project.qde`` XML of a REFI-QDA project (Project.xsd 1.0) from plain values."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from qcode.ingest.refi.elements import format_datetime, project_description, stable_guid
from qcode.ingest.refi.model import (
    CMO_SET,
    CONTEXT_SET,
    MECHANISM_SET,
    NAMESPACE,
    WAVE_VARIABLE,
    RefiCode,
    RefiDocument,
    RefiParticipant,
    RefiProject,
    RefiValue,
    encode_code_description,
    encode_marker,
)

Element = etree._Element
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NAMESPACE} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
VARIABLE_TYPES = {
    "text": "Text",
    "integer": "Integer",
    "float": "Float",
    "boolean": "Boolean",
    "date": "Date",
}
VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Boolean": "BooleanValue",
    "Date": "DateValue",
}
SNIPPET = 100
WAVE_GUID = stable_guid("variable", "document", "wave")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Text XML 1.0 can hold: control characters other than tab and line breaks dropped."""
    return _NOT_XML.sub("", text)


def g(guid: str) -> str:
    """GUIDs are written in capitals, as ATLAS.ti, NVivo and MAXQDA write them."""
    return guid.upper()


def sub(parent: Element, tag: str, text: str | None = None, **attrs: str | None) -> Element:
    """A child element in ``parent``'s namespace; None attributes are left out."""
    namespace = etree.QName(parent).namespace
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            element.set(key, clean(value))
    if text is not None:
        element.text = clean(text)
    return element


def code_element(parent: Element, code: RefiCode, notes: dict[str, list[str]]) -> None:
    """A ``Code`` with its Description (flags and fields), note references and sub-codes."""
    codable = "true" if code.codable else "false"
    element = sub(parent, "Code", guid=g(code.guid), name=code.name, isCodable=codable)
    if code.color:
        element.set("color", code.color)
    description = encode_code_description(code)
    if description:
        sub(element, "Description", description)
    note_refs(element, notes.get(code.guid, []))
    for child in code.children:
        code_element(element, child, notes)


def note_refs(element: Element, notes: list[str]) -> None:
    for note in notes:
        sub(element, "NoteRef", targetGUID=g(note))


def snippet(text: str) -> str:
    """A selection's ``name``: its text, whitespace collapsed, cut at 100 characters with "…"."""
    words = " ".join(text.split())
    return words if len(words) <= SNIPPET else words[:SNIPPET] + "…"


def build_project(data: RefiProject) -> Element:
    """The ``Project`` element, children in the order Project.xsd requires."""
    root = etree.Element(f"{{{NAMESPACE}}}Project", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set("name", clean(data.name or "qcode project"))
    root.set("origin", data.origin)
    if data.creator:
        root.set("creatingUserGUID", g(data.creator))
        root.set("modifyingUserGUID", g(data.creator))
    created = format_datetime(data.created_at)
    if created:
        root.set("creationDateTime", created)
    root.set("modifiedDateTime", format_datetime(datetime.now(UTC).replace(tzinfo=None)) or "")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    notes = note_targets(data)
    if data.users:
        users = sub(root, "Users")
        for user in data.users:
            sub(users, "User", guid=g(user.guid), name=user.name)
    if data.codes:
        codes = sub(sub(root, "CodeBook"), "Codes")
        for code in data.codes:
            code_element(codes, code, notes)
    variables = variable_guids(data)
    write_variables(root, data, variables)
    write_cases(root, data, variables)
    write_sources(root, data, notes, variables)
    write_notes(root, data)
    write_links(root, data)
    write_sets(root, data)
    description = project_description(data)  # with the coders' colours and initials
    if description:
        sub(root, "Description", description)
    return root


def note_targets(data: RefiProject) -> dict[str, list[str]]:
    """Target GUID → the notes it refers to (memos, and CMO statements with their codes)."""
    notes: dict[str, list[str]] = defaultdict(list)
    for memo in data.memos:
        if memo.target and memo.target_kind in ("document", "code", "selection"):
            notes[memo.target].append(memo.guid)
    for statement in data.statements:
        for target in [statement.theme, *statement.categories, *statement.evidence]:
            if statement.guid not in notes[target]:
                notes[target].append(statement.guid)
    return notes


TRUE, FALSE = ("1", "true", "yes"), ("0", "false", "no")  # how booleans are stored


def exported_value(value: RefiValue) -> tuple[str, str]:
    """The REFI variable type and value text of an attribute, as the schema types them
    (Text, and the text as stored, if it is not of its type)."""
    kind = VARIABLE_TYPES.get(value.type, "Text")
    text = value.value.strip()
    try:
        if kind == "Float":
            number = Decimal(text)
            return ("Float", format(number, "f")) if number.is_finite() else ("Text", value.value)
        if kind == "Integer":
            return kind, str(int(text))
        if kind == "Date":
            return kind, date.fromisoformat(text).isoformat()
        if kind == "Boolean":
            if text.lower() in TRUE + FALSE:
                return kind, "true" if text.lower() in TRUE else "false"
            return "Text", value.value
    except (ValueError, InvalidOperation):
        return "Text", value.value
    return kind, value.value


def variable_guids(data: RefiProject) -> dict[tuple[str, str], str]:
    """One variable per attribute name and type, whether participants or documents have it
    (a value's place, a ``Case`` or a ``TextSource``, says which it belongs to)."""
    found: dict[tuple[str, str], str] = {}
    holders = [person.attributes for person in data.participants]
    holders += [doc.variables for doc in data.documents]
    for values in holders:
        for value in values:
            key = (value.name, exported_value(value)[0])
            found.setdefault(key, stable_guid("variable", *key))
    return found


def write_variables(
    root: Element, data: RefiProject, variables: dict[tuple[str, str], str]
) -> None:
    """Participants' and documents' attributes, and the ``Wave`` of documents."""
    has_wave = any(doc.wave is not None for doc in data.documents)
    if not variables and not has_wave:
        return
    element = sub(root, "Variables")
    for (name, kind), guid in variables.items():
        sub(element, "Variable", guid=g(guid), name=name, typeOfVariable=kind)
    if has_wave:
        sub(element, "Variable", guid=g(WAVE_GUID), name=WAVE_VARIABLE, typeOfVariable="Integer")


def variable_value(parent: Element, guid: str, kind: str, text: str) -> None:
    element = sub(parent, "VariableValue")
    sub(element, "VariableRef", targetGUID=g(guid))
    sub(element, VALUE_ELEMENTS[kind], text)


def write_cases(root: Element, data: RefiProject, variables: dict[tuple[str, str], str]) -> None:
    """Participants (attributes, documents) and topic cases (selections) as ``Case``."""
    if not data.participants and not data.topic_cases:
        return
    cases = sub(root, "Cases")
    for person in data.participants:
        participant_case(cases, person, variables)
    for case in data.topic_cases:
        element = sub(cases, "Case", guid=g(case.guid), name=case.name)
        payload = {"participant": case.participant}
        sub(element, "Description", encode_marker("topic case", payload, case.description))
        for selection in case.selections:
            sub(element, "SelectionRef", targetGUID=g(selection))


def participant_case(
    cases: Element, person: RefiParticipant, variables: dict[tuple[str, str], str]
) -> None:
    element = sub(cases, "Case", guid=g(person.guid), name=person.label)
    for value in person.attributes:
        kind, text = exported_value(value)
        variable_value(element, variables[(value.name, kind)], kind, text)
    for document in person.documents:
        sub(element, "SourceRef", targetGUID=g(document))


def write_sources(
    root: Element,
    data: RefiProject,
    notes: dict[str, list[str]],
    variables: dict[tuple[str, str], str],
) -> None:
    """Each document as a ``TextSource`` whose plain text is ``sources/<GUID>.txt``, with its
    wave and attributes as variable values."""
    if not data.documents:
        return
    sources = sub(root, "Sources")
    by_document: dict[str, list] = defaultdict(list)
    for segment in data.segments:
        by_document[segment.document].append(segment)
    for doc in data.documents:
        element = text_source(sources, doc)
        position = written_positions(doc.text, doc.line_breaks)
        for segment in by_document[doc.guid]:
            selection = sub(
                element,
                "PlainTextSelection",
                guid=g(segment.selection),
                name=snippet(doc.text[segment.start : segment.end]),
                startPosition=str(position(segment.start)),
                endPosition=str(position(segment.end)),
                creatingUser=g(segment.coder) if segment.coder else None,
                creationDateTime=format_datetime(segment.created_at),
            )
            coding = sub(
                selection,
                "Coding",
                guid=g(stable_guid(segment.guid, "coding")),
                creatingUser=g(segment.coder) if segment.coder else None,
                creationDateTime=format_datetime(segment.created_at),
            )
            sub(coding, "CodeRef", targetGUID=g(segment.code))
            note_refs(selection, notes.get(segment.selection, []))
        note_refs(element, notes.get(doc.guid, []))
        if doc.wave is not None:
            variable_value(element, WAVE_GUID, "Integer", str(doc.wave))
        for value in doc.variables:
            kind, text = exported_value(value)
            variable_value(element, variables[(value.name, kind)], kind, text)


def written_text(text: str, line_breaks: str) -> str:
    """A document's text as its source file is written: CR LF again where the source had."""
    return text.replace("\n", "\r\n") if line_breaks == "crlf" else text


def written_positions(text: str, line_breaks: str) -> Callable[[int], int]:
    """A position in the stored text → in the written one (code points, as the standard
    counts): each line break before it counts two where CR LF is written back."""
    if line_breaks != "crlf":
        return lambda position: position
    breaks = [at for at, char in enumerate(text) if char == "\n"]
    return lambda position: position + bisect_left(breaks, position)


def text_source(sources: Element, doc: RefiDocument) -> Element:
    element = sub(
        sources,
        "TextSource",
        guid=g(doc.guid),
        name=doc.name,
        plainTextPath=f"internal://{g(doc.guid)}.txt",
        creationDateTime=format_datetime(doc.created_at),
    )
    payload = {"kind": doc.kind, "format": doc.format, "file": doc.original_filename}
    sub(element, "Description", encode_marker("document", payload))
    return element


def write_notes(root: Element, data: RefiProject) -> None:
    """Memos and CMO statements as ``Note`` elements with their text inline."""
    if not data.memos and not data.statements:
        return
    notes = sub(root, "Notes")
    for memo in data.memos:
        element = sub(
            notes,
            "Note",
            guid=g(memo.guid),
            name=memo.title,
            creatingUser=g(memo.coder) if memo.coder else None,
            creationDateTime=format_datetime(memo.created_at),
            modifiedDateTime=format_datetime(memo.updated_at),
        )
        sub(element, "PlainTextContent", memo.text)
    names = {code.guid: code.name for code in data.all_codes()}
    for statement in data.statements:
        element = sub(
            notes,
            "Note",
            guid=g(statement.guid),
            name=f"CMO: {names.get(statement.theme, '')}",
            creationDateTime=format_datetime(statement.created_at),
        )
        payload = {
            "theme": statement.theme,
            "position": statement.position,
            "categories": statement.categories,
            "evidence": statement.evidence,
        }
        sub(element, "Description", encode_marker("cmo", payload))
        sub(element, "PlainTextContent", statement.text)


def write_links(root: Element, data: RefiProject) -> None:
    """A memo on a participant or topic case (a ``Case`` holds no NoteRef) is a Link."""
    linked = [m for m in data.memos if m.target and m.target_kind in ("participant", "case")]
    if not linked:
        return
    links = sub(root, "Links")
    for memo in linked:
        sub(
            links,
            "Link",
            guid=g(stable_guid(memo.guid, "link")),
            name="memo",
            direction="OneWay",
            originGUID=g(memo.guid),
            targetGUID=g(memo.target or ""),
        )


def write_sets(root: Element, data: RefiProject) -> None:
    """One set per flag (so other tools show C and M), and one of CMO statements."""
    codes = data.all_codes()
    members = {
        CONTEXT_SET: ("MemberCode", [c.guid for c in codes if "C" in c.flags]),
        MECHANISM_SET: ("MemberCode", [c.guid for c in codes if "M" in c.flags]),
        CMO_SET: ("MemberNote", [s.guid for s in data.statements]),
    }
    if not any(guids for _tag, guids in members.values()):
        return
    sets = sub(root, "Sets")
    for name, (tag, guids) in members.items():
        if guids:
            element = sub(sets, "Set", guid=g(stable_guid("set", name)), name=name)
            for guid in guids:
                sub(element, tag, targetGUID=g(guid))
