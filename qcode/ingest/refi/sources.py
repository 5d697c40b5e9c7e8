"""The sources of a .qdpx project: their text, and their selections as coded segments."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from qcode.errors import IngestError
from qcode.ingest import docx, pdf
from qcode.ingest.refi.elements import (
    Element,
    element_guid,
    kid,
    kid_text,
    kids,
    local,
    parse_datetime,
    stable_guid,
)
from qcode.ingest.refi.model import (
    WAVE_VARIABLE,
    RefiDocument,
    RefiMemo,
    RefiSegment,
    decode_marker,
    normalize_guid,
)
from qcode.ingest.refi.offsets import Mapping, choose, exact, quote_of, reads
from qcode.ingest.refi.safety import ArchiveRefused, SafeArchive
from qcode.ingest.refi.state import ReadState, SourceUnreadable
from qcode.ingest.text import NulCharacters, check_no_nul, normalise_newlines, nul_error

MEDIA = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}


@dataclass(frozen=True)
class Loaded:
    """A source's text as found, before its line endings are normalised."""

    raw: str
    had_bom: bool
    format: str
    member: str


def read_sources(state: ReadState, sources: Element) -> None:
    """Every source: text sources become documents, the others are reported."""
    for element in sources:
        kind = local(element)
        if kind == "TextSource":
            text_source(state, element, element, "txt")
        elif kind == "PDFSource":
            pdf_source(state, element)
        elif kind in MEDIA:
            media_source(state, element, MEDIA[kind])
        elif kind:
            state.problems.append(f"a '{kind}' source is not a REFI-QDA source; not imported")


def source_name(state: ReadState, element: Element, guid: str) -> str:
    return state.label(element.get("name")) or f"source {guid[:8]}"


def text_source(
    state: ReadState, element: Element, holder: Element, fmt: str
) -> RefiDocument | None:
    """A text source (``element`` names it; ``holder`` has its text and selections)."""
    guid = element_guid(element, state.problems, f"source '{element.get('name')}'")
    name = source_name(state, element, guid)
    state.tried_paths.add(holder.get("plainTextPath") or "")
    where = f"{state.archive.label}: source '{name}'"
    try:
        loaded = load_text(state, holder, element, fmt)
    except NulCharacters as exc:
        raise nul_error(where) from exc  # the whole file is refused, not just this source
    except SourceUnreadable as exc:
        state.problems.append(f"source '{name}': {exc}; not imported{lost(element)}")
        return None
    check_no_nul(loaded.raw, where)
    state.known(guid, "document", name)
    selections = kids(holder, "PlainTextSelection")
    if state.data.written_by_qcode:
        mapping = exact(loaded.raw)  # qcode wrote code points into its own stored text
    else:
        mapping = choose(loaded.raw, loaded.had_bom, spans_of(selections), state.data.origin)
    document = make_document(state, element, guid, name, mapping.text, loaded)
    state.data.documents.append(document)
    if mapping.assumed:
        state.problems.append(
            f"source '{name}': no selection shows how the sending tool counted characters; "
            f"assumed {mapping.convention.describe()}"
        )
    read_selections(state, document, selections, mapping)
    whole_source_codings(state, document, element)
    return document


def lost(element: Element) -> str:
    """ ", nor its N coded selections" for a source that is not imported."""
    coded = {
        normalize_guid(sel.get("guid")) or id(sel)
        for sel in element.iter()
        if local(sel).endswith("Selection") and kids(sel, "Coding")
    }
    count = len(coded) + len(kids(element, "Coding"))
    if not count:
        return ""
    return f", nor its {count} coded selection{'s' if count != 1 else ''}"


def load_text(state: ReadState, holder: Element, element: Element, fmt: str) -> Loaded:
    """The text of a source: inline, its plain-text file, or its .docx/.pdf file."""
    inline = kid_text(holder, "PlainTextContent")
    if inline is not None:
        return Loaded(inline, False, fmt, "")
    missing, outside = [], []
    for attribute in ("plainTextPath", "richTextPath", "path"):
        path = holder.get(attribute) or (element.get(attribute) if attribute == "path" else None)
        if not path:
            continue
        member, inside = state.member_for(path)
        if member is not None:
            return read_member(state, member, holder, fmt)
        (missing if inside else outside).append(path)
    if missing:
        raise SourceUnreadable(f"its text is not in the archive ({', '.join(missing)})")
    if outside:
        raise SourceUnreadable(
            f"its file lies outside the archive ({', '.join(outside)}); "
            "qcode reads only what the archive holds"
        )
    raise SourceUnreadable("the file gives no text for it")


def read_member(state: ReadState, member: str, holder: Element, fmt: str) -> Loaded:
    """Text from an archive member, by its suffix (.docx, .pdf; else plain text)."""
    suffix = member.rsplit(".", 1)[-1].lower() if "." in member else ""
    if suffix == "docx" or suffix == "pdf":
        data = state.archive.read(member)
        if suffix == "docx":
            check_nested_zip(state, data, member)
        reader = docx.read_docx if suffix == "docx" else pdf.read_pdf
        try:
            text = reader(data, member.rsplit("/", 1)[-1])
        except IngestError as exc:
            raise SourceUnreadable(str(exc)) from exc
        if kids(holder, "PlainTextSelection"):
            state.problems.append(
                f"source '{state.label(holder.get('name'))}': its plain text is not in the "
                "archive; the text "
                f"was read from its .{suffix} file, so its codings were checked against the "
                "text the file quotes for them"
            )
        return Loaded(text, False, suffix, member)
    if suffix in ("rtf", "doc", "odt"):
        raise SourceUnreadable(f"its only text is a .{suffix} file, which qcode cannot read")
    raw, had_bom = state.read_member_text(member)
    return Loaded(raw, had_bom, fmt, member)


def check_nested_zip(state: ReadState, data: bytes, member: str) -> None:
    """A .docx inside the archive is itself a zip: the same limits apply to it."""
    try:
        with SafeArchive(data, state.archive.limits, label=member) as nested:
            for name in nested.names():
                nested.read(name)
    except ArchiveRefused as exc:
        raise ArchiveRefused(f"{state.archive.label}: refused, in '{member}': {exc}") from exc
    except IngestError as exc:
        raise SourceUnreadable(f"its file {member} is damaged") from exc


def make_document(
    state: ReadState, element: Element, guid: str, name: str, text: str, loaded: Loaded
) -> RefiDocument:
    """A document with what qcode wrote in its description, and its wave variable."""
    kind, payload, rest = decode_marker(kid_text(element, "Description") or "")
    marked = kind == "document"
    document = RefiDocument(
        guid=guid,
        name=name,
        text=text,
        kind=str(payload.get("kind", "interview")) if marked else "interview",
        format=str(payload.get("format", loaded.format)) if marked else loaded.format,
        original_filename=str(payload.get("file", "")) if marked else name,
        created_at=parse_datetime(element.get("creationDateTime")),
    )
    if document.kind not in ("interview", "questionnaire", "note"):
        document.kind = "interview"
    description = rest if marked else (kid_text(element, "Description") or "")
    if description.strip():
        state.data.memos.append(
            RefiMemo(
                guid=stable_guid(guid, "description"),
                title=f"Description of {name}",
                text=normalise_newlines(description),
                target_kind="document",
                target=guid,
            )
        )
    read_source_variables(state, element, document)
    return document


def read_source_variables(state: ReadState, element: Element, document: RefiDocument) -> None:
    """A source's ``Wave`` variable becomes its wave; others are reported."""
    others = []
    for value in kids(element, "VariableValue"):
        ref = kid(value, "VariableRef")
        variable = (
            state.variables.get(normalize_guid(ref.get("targetGUID")) or "")
            if ref is not None
            else None
        )
        number = kid_text(value, "IntegerValue")
        if variable and variable[0].lower() == WAVE_VARIABLE.lower() and number is not None:
            try:
                document.wave = int(number.strip())
                continue
            except ValueError:
                pass
        others.append(variable[0] if variable else "(unknown variable)")
    if others:
        state.problems.append(
            f"source '{document.name}': its variables {', '.join(others)} were not imported "
            "(qcode keeps attributes on participants)"
        )


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


def pdf_source(state: ReadState, element: Element) -> None:
    """A PDF: its text representation (with its selections), else the PDF's own text."""
    representation = kid(element, "Representation")
    holder = representation if representation is not None else element
    document = text_source(state, element, holder, "pdf")
    if document is None:
        return  # reported with its selections
    inside = {normalize_guid(s.get("guid")) for s in kids(holder, "PlainTextSelection")}
    missing = [
        s for s in kids(element, "PDFSelection") if normalize_guid(s.get("guid")) not in inside
    ]
    if missing:
        state.problems.append(
            f"source '{document.name}': {len(missing)} area selection(s) on the PDF's pages "
            "have no text selection; not imported"
        )


def media_source(state: ReadState, element: Element, what: str) -> None:
    """Pictures, audio and video are not kept; their transcripts are text sources."""
    guid = normalize_guid(element.get("guid")) or ""
    state.problems.append(
        f"{what} '{source_name(state, element, guid)}': qcode holds text only; not imported"
        + lost(element)
    )
    for transcript in kids(element, "Transcript"):
        if (transcript.get("plainTextPath") or "") in state.tried_paths - {""}:
            continue  # the same file as a text source, read (or reported) already
        text_source(state, transcript, transcript, "txt")
