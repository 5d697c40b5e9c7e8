"""The variables and cases of a .qdpx project: participants, attributes, topic cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from qcode.ingest.refi.elements import (
    Element,
    element_guid,
    kid,
    kid_text,
    kids,
    local,
    stable_guid,
)
from qcode.ingest.refi.model import (
    WAVE_VARIABLE,
    RefiMemo,
    RefiParticipant,
    RefiTopicCase,
    RefiValue,
    decode_marker,
    normalize_guid,
)
from qcode.ingest.refi.state import ReadState
from qcode.ingest.text import normalise_newlines

VALUE_TYPES = {
    "TextValue": "text",
    "BooleanValue": "boolean",
    "IntegerValue": "integer",
    "FloatValue": "float",
    "DateValue": "date",
    "DateTimeValue": "text",
}


def read_variables(state: ReadState, variables: Element | None) -> None:
    """The project's variable definitions: GUID → (name, declared type)."""
    for variable in kids(variables, "Variable") if variables is not None else []:
        guid = normalize_guid(variable.get("guid"))
        if guid:
            name = state.label(variable.get("name")) or f"variable {guid[:8]}"
            state.variables[guid] = (name, variable.get("typeOfVariable") or "Text")


def typed_value(element: Element) -> tuple[str, str] | None:
    """The qcode type and stored text of a VariableValue's value; None if it has none."""
    for child in element:
        kind = VALUE_TYPES.get(local(child))
        if kind is None:
            continue
        raw = (child.text or "").strip()
        if not raw and kind != "text":
            return None
        return convert(kind, child.text or "")
    return None


def convert(kind: str, raw: str) -> tuple[str, str]:
    """A REFI value as qcode stores it (``str`` of the typed value); text if it is not one."""
    text = raw.strip()
    try:
        if kind == "integer":
            return kind, str(int(text))
        if kind == "float":
            return kind, str(float(Decimal(text)))
        if kind == "date":
            return kind, date.fromisoformat(text[:10]).isoformat()
        if kind == "boolean":
            return kind, {"true": "true", "1": "true", "false": "false", "0": "false"}[text.lower()]
    except (ValueError, InvalidOperation, KeyError):
        return "text", raw
    return "text", raw


def case_values(state: ReadState, case: Element) -> list[RefiValue]:
    values = []
    for element in kids(case, "VariableValue"):
        ref = kid(element, "VariableRef")
        guid = normalize_guid(ref.get("targetGUID")) if ref is not None else None
        variable = state.variables.get(guid or "")
        value = typed_value(element)
        if variable is None or value is None:
            state.problems.append(
                f"case '{case.get('name') or ''}': a value of an undeclared or empty variable "
                "was not imported"
            )
            continue
        values.append(RefiValue(variable[0], value[0], value[1]))
    return values


def read_cases(state: ReadState, cases: Element | None) -> None:
    """Named cases become participants (or topic cases); nameless ones carry variables."""
    elements = kids(cases, "Case") if cases is not None else []
    nameless = []
    for case in elements:
        marker, payload, rest = decode_marker(kid_text(case, "Description") or "")
        if marker == "topic case":
            topic_case(state, case, payload, rest)
        elif (case.get("name") or "").strip():
            participant_case(state, case)
        else:
            nameless.append(case)
    owners = {doc: p for p in state.data.participants for doc in p.documents}
    for case in nameless:
        nameless_case(state, case, owners)
    fit_declared_types(state)


DECLARED_TYPES = {"Boolean": "boolean", "Integer": "integer", "Float": "float", "Date": "date"}


def fit_declared_types(state: ReadState) -> None:
    """Values of sources (read before the cases) and of cases take the type their variable
    declares where their text fits it; one that does not fit is kept as text, and one line
    names those. A name declared with two types is left as its values say."""
    declared: dict[str, set[str]] = {}
    for name, kind in state.variables.values():
        declared.setdefault(name, set()).add(DECLARED_TYPES.get(kind, "text"))
    holders = [(f"source '{doc.name}'", doc.variables) for doc in state.data.documents]
    holders += [(f"case '{person.label}'", person.attributes) for person in state.data.participants]
    misfits = []
    for where, values in holders:
        for value in values:
            kinds = declared.get(value.name, set())
            if len(kinds) != 1 or value.type in kinds:
                continue
            (kind,) = kinds
            value.type, value.value = convert(kind, value.value)  # text if it does not fit
            if value.type != kind:
                misfits.append(f"{value.name} of {where}")
    if misfits:
        shown = ", ".join(misfits[:5]) + (", …" if misfits[5:] else "")
        state.problems.append(
            f"{len(misfits)} variable value(s) do not fit their variable's type; kept as text: "
            f"{shown}"
        )


def source_refs(state: ReadState, case: Element, tag: str = "SourceRef") -> list[str]:
    refs = [normalize_guid(ref.get("targetGUID")) for ref in kids(case, tag)]
    return [guid for guid in refs if guid]


def participant_case(state: ReadState, case: Element) -> None:
    label = state.label(case.get("name"))
    guid = element_guid(case, state.problems, f"case '{label}'")
    taken = {doc for p in state.data.participants for doc in p.documents}
    documents = []
    for doc in source_refs(state, case):
        if doc in taken:
            state.problems.append(
                f"case '{label}': '{state.names.get(doc, doc)}' already belongs to another case; "
                "kept with the first"
            )
        elif state.kinds.get(doc) == "document":
            documents.append(doc)
    participant = RefiParticipant(guid, label, case_values(state, case), documents)
    state.data.participants.append(participant)
    state.known(guid, "participant", label)
    case_leftovers(state, case, label, guid)


def case_leftovers(state: ReadState, case: Element, label: str, guid: str) -> None:
    """A case's description becomes a memo on it; code and selection references are reported."""
    description = kid_text(case, "Description") or ""
    if description.strip():
        state.data.memos.append(
            RefiMemo(
                guid=stable_guid(guid, "description"),
                title=f"Description of {label}",
                text=normalise_newlines(description),
                target_kind="participant",
                target=guid,
            )
        )
    skipped = len(kids(case, "CodeRef")) + len(kids(case, "SelectionRef"))
    if skipped:
        state.problems.append(
            f"case '{label}': {skipped} reference(s) to codes or selections were not imported "
            "(a qcode participant holds documents and attributes)"
        )


def nameless_case(state: ReadState, case: Element, owners: dict[str, RefiParticipant]) -> None:
    """Variables in a case with no name belong to its documents: wave, or their participant's."""
    values = case_values(state, case)
    for doc_guid in source_refs(state, case):
        document = next((d for d in state.data.documents if d.guid == doc_guid), None)
        if document is None:
            continue
        rest = []
        for value in values:
            if value.name.lower() == WAVE_VARIABLE.lower() and value.type == "integer":
                document.wave = int(value.value)
            else:
                rest.append(value)
        if rest:
            owner = owners.get(doc_guid) or new_owner(state, document.name, doc_guid, owners)
            names = {value.name for value in owner.attributes}
            owner.attributes.extend(value for value in rest if value.name not in names)


def new_owner(
    state: ReadState, label: str, doc_guid: str, owners: dict[str, RefiParticipant]
) -> RefiParticipant:
    """A participant for a document whose variables came without one, named after it."""
    owner = RefiParticipant(stable_guid(doc_guid, "participant"), label, [], [doc_guid])
    state.data.participants.append(owner)
    owners[doc_guid] = owner
    state.problems.append(
        f"document '{label}': its variables came in a case with no name; they became the "
        f"attributes of a new participant '{label}'"
    )
    return owner


def topic_case(state: ReadState, case: Element, payload: dict[str, object], rest: str) -> None:
    name = state.label(case.get("name"))
    guid = element_guid(case, state.problems, f"case '{name}'")
    participant = payload.get("participant")
    state.data.topic_cases.append(
        RefiTopicCase(
            guid=guid,
            name=name or f"case {guid[:8]}",
            description=rest,
            participant=normalize_guid(participant) if isinstance(participant, str) else None,
            selections=source_refs(state, case, "SelectionRef"),
        )
    )
    state.known(guid, "case", name)
