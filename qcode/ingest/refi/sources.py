"""The sources of a .qdpx project: their text, and their selections as coded segments."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from qcode.errors import IngestError
from qcode.ingest import docx, pdf
from qcode.ingest.refi.cases import typed_value
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
    RefiValue,
    decode_marker,
    normalize_guid,
)
from qcode.ingest.refi.offsets import choose, exact
from qcode.ingest.refi.safety import ArchiveRefused, SafeArchive
from qcode.ingest.refi.selections import read_selections, spans_of, whole_source_codings
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


PATHS = ("plainTextPath", "richTextPath", "path")


def source_name(
    state: ReadState, element: Element, guid: str, holder: Element | None = None
) -> str:
    """Its ``name``; else its file's name (no folder, no suffix); else "source" and its GUID."""
    name = state.label(element.get("name"))
    for owner in (element, holder if holder is not None else element):
        for attribute in PATHS:
            name = name or state.label(file_stem(owner.get(attribute) or ""))
    return name or f"source {guid[:8]}"


def file_stem(path: str) -> str:
    """``internal://folder/PA%201.txt`` → ``PA 1``."""
    _scheme, sep, rest = path.partition("://")
    leaf = unquote(rest if sep else path).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, _suffix = leaf.rpartition(".")
    return stem if dot and stem else leaf


def text_source(
    state: ReadState, element: Element, holder: Element, fmt: str
) -> RefiDocument | None:
    """A text source (``element`` names it; ``holder`` has its text and selections)."""
    guid = element_guid(element, state.problems, f"source '{element.get('name')}'")
    name = source_name(state, element, guid, holder)
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
    if only_crlf(loaded.raw):
        document.line_breaks = "crlf"  # given back as they were by an export
    elif "\r" in loaded.raw:
        state.line_breaks.append(name)
    line = mapping.report()
    if line:
        state.problems.append(f"source '{name}': {line}")
    read_selections(state, document, selections, mapping)
    whole_source_codings(state, document, element)
    return document


def only_crlf(raw: str) -> bool:
    """Whether the text breaks lines, every one of them with CR LF."""
    pairs = raw.count("\r\n")
    return bool(pairs) and raw.count("\r") == pairs == raw.count("\n")


def coded_count(element: Element) -> int:
    """How many coded selections (and codings of the whole source) a source holds."""
    coded = {
        normalize_guid(sel.get("guid")) or id(sel)
        for sel in element.iter()
        if local(sel).endswith("Selection") and kids(sel, "Coding")
    }
    return len(coded) + len(kids(element, "Coding"))


def lost(element: Element) -> str:
    """ ", nor its N coded selections" for a source that is not imported."""
    count = coded_count(element)
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
    """A source's variable values: an integer ``Wave`` is its wave, the rest its attributes."""
    skipped = 0
    for element_value in kids(element, "VariableValue"):
        ref = kid(element_value, "VariableRef")
        guid = normalize_guid(ref.get("targetGUID")) if ref is not None else None
        variable = state.variables.get(guid or "")
        value = typed_value(element_value)
        if variable is None or value is None:
            skipped += 1
            continue
        name, (kind, text) = variable[0], value
        if name.lower() == WAVE_VARIABLE.lower() and kind == "integer":
            document.wave = int(text)
        elif name in {known.name for known in document.variables}:
            state.problems.append(
                f"source '{document.name}': '{name}' has two values; kept the first"
            )
        else:
            document.variables.append(RefiValue(name, kind, text))
    if skipped:
        state.problems.append(
            f"source '{document.name}': {skipped} variable value(s) empty or of an undeclared "
            "variable; not imported"
        )


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
    """Pictures, audio and video are not kept (reported by kind); transcripts are text sources."""
    guid = normalize_guid(element.get("guid")) or ""
    state.media.setdefault(what, []).append(
        (source_name(state, element, guid), coded_count(element))
    )
    for transcript in kids(element, "Transcript"):
        if (transcript.get("plainTextPath") or "") in state.tried_paths - {""}:
            continue  # the same file as a text source, read (or reported) already
        text_source(state, transcript, transcript, "txt")


def report_media(state: ReadState) -> None:
    """One line per kind of source qcode does not hold: how many, which, and their codings."""
    for what, found in state.media.items():
        names = ", ".join(f"'{name}'" for name, _coded in found[:5]) + (", …" if found[5:] else "")
        coded = sum(count for _name, count in found)
        tail = f", nor their {coded} coded selection{'s' if coded != 1 else ''}" if coded else ""
        state.problems.append(
            f"{len(found)} {what} source(s) not imported (qcode holds text only){tail}: {names}"
        )


def report_line_breaks(state: ReadState) -> None:
    """Once: sources whose CR LF (or CR) line ends qcode stores as ``\\n``."""
    found = state.line_breaks
    if found:
        names = ", ".join(f"'{name}'" for name in found[:5]) + (", …" if found[5:] else "")
        state.problems.append(
            f"{len(found)} source(s) had Windows line ends (CR LF): qcode keeps each line break "
            f"as one character, the codings on the same words: {names}"
        )
