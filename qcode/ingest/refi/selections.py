"""The selections of a REFI-QDA text source: their codings as segments, checked and reported."""

from __future__ import annotations

import unicodedata

from qcode.ingest.refi.elements import (
    Element,
    element_guid,
    kid,
    kid_text,
    kids,
    parse_datetime,
    stable_guid,
)
from qcode.ingest.refi.model import RefiDocument, RefiMemo, RefiSegment, normalize_guid
from qcode.ingest.refi.offsets import Mapping, quote_of, reads
from qcode.ingest.refi.state import ReadState
from qcode.ingest.text import normalise_newlines


def spans_of(selections: list[Element]) -> list[tuple[int, int, str | None]]:
    spans = []
    for selection in selections:
        span = int_span(selection)
        if span is not None:
            spans.append((span[0], span[1], selection.get("name")))
    return spans


def int_span(selection: Element) -> tuple[int, int] | None:
    try:
        return int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
    except ValueError:
        return None


def read_selections(
    state: ReadState, document: RefiDocument, selections: list[Element], mapping: Mapping
) -> None:
    """Each selection's codings as segments, checked against the text the file quotes."""
    collapsed = unicodedata.normalize("NFC", " ".join(document.text.split()))
    outside, uncoded, misread = 0, 0, []
    for selection in selections:
        guid = element_guid(selection, state.problems, f"a selection in '{document.name}'")
        span = int_span(selection)
        first = mapping.offsets.to_offset(span[0]) if span else None
        last = mapping.offsets.to_offset(span[1]) if span else None
        if first is None or last is None or not 0 <= first < last <= len(document.text):
            outside += 1
            continue
        name = selection.get("name")
        quote = quote_of(name)
        if quote and not reads(document.text, first, last, name) and quote in collapsed:
            misread.append(quote)
        state.known(guid, "selection", name or f"selection {guid[:8]}")
        state.selections[guid] = document.guid
        codings = kids(selection, "Coding")
        uncoded += not codings
        for coding in codings:
            seg_guid = guid if len(codings) == 1 else element_guid(coding, state.problems, "coding")
            add_segment(state, document, coding, selection, seg_guid, guid, (first, last))
        selection_memo(state, selection, guid, document)
    report_selections(state, document.name, outside, uncoded, misread)


def add_segment(
    state: ReadState,
    document: RefiDocument,
    coding: Element,
    selection: Element | None,
    guid: str,
    selection_guid: str,
    span: tuple[int, int],
) -> None:
    ref = kid(coding, "CodeRef")
    code = normalize_guid(ref.get("targetGUID")) if ref is not None else None
    if code is None or state.kinds.get(code) != "code":
        state.unknown_codes[document.name] += 1
        return
    coder = normalize_guid(coding.get("creatingUser"))
    if coder is None and selection is not None:
        coder = normalize_guid(selection.get("creatingUser"))
    state.data.segments.append(
        RefiSegment(
            guid=guid,
            selection=selection_guid,
            document=document.guid,
            code=code,
            coder=coder or state.default_coder,
            start=span[0],
            end=span[1],
            created_at=parse_datetime(coding.get("creationDateTime")),
        )
    )


def selection_memo(state: ReadState, selection: Element, guid: str, document: RefiDocument) -> None:
    """A selection's description (an ATLAS.ti quotation comment) becomes a memo on it."""
    text = kid_text(selection, "Description")
    if text and text.strip():
        state.data.memos.append(
            RefiMemo(
                guid=stable_guid(guid, "description"),
                title=f"Comment in {document.name}",
                text=normalise_newlines(text),
                coder=normalize_guid(selection.get("creatingUser")),
                created_at=parse_datetime(selection.get("creationDateTime")),
                target_kind="selection",
                target=guid,
            )
        )


def report_selections(
    state: ReadState, name: str, outside: int, uncoded: int, misread: list[str]
) -> None:
    if outside:
        state.problems.append(
            f"source '{name}': {outside} selection(s) fall outside its text or inside a "
            "character; not imported"
        )
    if uncoded:
        state.problems.append(
            f"source '{name}': {uncoded} selection(s) carry no code; qcode keeps coded text only"
        )
    if misread:
        example = misread[0] if len(misread[0]) <= 60 else misread[0][:60] + "…"
        state.problems.append(
            f"source '{name}': {len(misread)} selection(s) do not cover the text the file quotes "
            f"for them (e.g. '{example}'); imported at the file's offsets"
        )


def whole_source_codings(state: ReadState, document: RefiDocument, element: Element) -> None:
    """A ``Coding`` on a source itself codes its whole text."""
    if not document.text:
        return
    for coding in kids(element, "Coding"):
        guid = element_guid(coding, state.problems, "coding")
        add_segment(state, document, coding, None, guid, guid, (0, len(document.text)))
