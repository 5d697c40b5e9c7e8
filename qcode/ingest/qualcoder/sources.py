"""QualCoder's files with text as documents, their attributes and memos, codings, annotations.

A file with ``fulltext`` is a text document (a text, Word, PDF or transcript file, its
text verbatim: a leading U+FEFF stays). Images and audio/video have no text; they are
counted, not carried. A coding (``code_text``) becomes a segment by its owner; its memo
a memo on that segment. An annotation (a note on a span, with no code) becomes a memo on
a segment of the code "QualCoder annotations", the closest thing qcode has: a memo on a
span of text is a memo on a segment, and a segment needs a code.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from sqlite3 import Row

from qcode.ingest.qualcoder.attributes import read_attributes
from qcode.ingest.qualcoder.positions import DIFFERS, OUTSIDE, UTF16, TextIndex
from qcode.ingest.qualcoder.reading import (
    ANNOTATIONS_CODE,
    Reading,
    Source,
    counted,
    plural,
    text_of,
    when,
)
from qcode.ingest.refi.model import WAVE_VARIABLE, RefiDocument, RefiSegment
from qcode.ingest.refi.sources import only_crlf
from qcode.ingest.text import check_no_nul

FORMATS = {"docx", "pdf", "txt", "md", "odt", "rtf", "epub", "html", "htm"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
AV_SUFFIXES = {".mp3", ".wav", ".m4a", ".ogg", ".flac", ".aac", ".mp4", ".mov", ".avi", ".mkv"}
AV_SUFFIXES |= {".wmv", ".webm", ".3gp"}


def read_sources(state: Reading) -> None:
    """Every file: text files become documents; the others are remembered by kind."""
    attributes = read_attributes(state, "file")
    for row in state.rows("SELECT * FROM source ORDER BY id"):
        name = " ".join(text_of(row["name"]).split()) or f"file {row['id']}"
        if row["fulltext"] is None:
            state.untexted[row["id"]] = media_kind(text_of(row["mediapath"]), name)
            continue
        raw = text_of(row["fulltext"])
        check_no_nul(raw, f"{state.label}, file '{name}'")
        index = TextIndex(raw)
        document = RefiDocument(
            guid=state.fresh("source", name, row=row["id"]),
            name=name,
            text=index.text,
            format=format_of(name),
            original_filename=original_name(text_of(row["mediapath"]), name),
            created_at=when(row["date"]),
            line_breaks="crlf" if only_crlf(raw) else "lf",
        )
        for value in attributes.get(row["id"], []):
            if value.name.lower() == WAVE_VARIABLE.lower() and value.type == "integer":
                document.wave = int(value.value)
            else:
                document.variables.append(value)
        state.sources[row["id"]] = Source(document, index)
        state.data.documents.append(document)
        source_memo(state, row, document)


def media_kind(mediapath: str, name: str) -> str:
    """The kind of a file without text (image, av, other): by its folder, else its suffix."""
    where = mediapath.lower()
    if where.startswith(("/images/", "images:")):
        return "image"
    if where.startswith(("/audio/", "audio:", "/video/", "video:")):
        return "av"
    suffix = PurePosixPath(name.lower()).suffix
    return "image" if suffix in IMAGE_SUFFIXES else "av" if suffix in AV_SUFFIXES else "other"


def format_of(name: str) -> str:
    suffix = PurePosixPath(name.lower()).suffix.lstrip(".")
    return suffix if suffix in FORMATS else "txt"


def original_name(mediapath: str, name: str) -> str:
    """The file a text came from: the linked or copied file's name, else the source's."""
    path = mediapath.split(":", 1)[1] if ":" in mediapath[:7] else mediapath
    return PurePosixPath(path.replace("\\", "/")).name or name


def source_memo(state: Reading, row: Row, document: RefiDocument) -> None:
    on = ("document", document.guid)
    title = f"Memo on {document.name}"
    state.memo(("source memo", document.guid), title, row, text_of(row["memo"]), on)


def read_codings(state: Reading) -> None:
    """Every text coding as a segment; what cannot be placed is counted and reported."""
    converted: Counter[int] = Counter()
    for row in state.rows("SELECT * FROM code_text ORDER BY ctid"):
        source, code = state.sources.get(row["fid"]), state.codes.get(row["cid"])
        if source is None or code is None:
            state.tally["coding elsewhere" if source is None else "coding unknown code"] += 1
            continue
        start, end, how = source.index.locate(row["pos0"], row["pos1"], row["seltext"])
        if how == OUTSIDE:
            state.tally["coding outside"] += 1
            continue
        converted[row["fid"]] += how == UTF16
        state.tally["coding differs"] += how == DIFFERS
        state.tally["coding important"] += bool(row["important"])
        spot = (source.document.guid, code.guid, row["owner"], row["pos0"], row["pos1"])
        guid = state.fresh("coding", *spot, row=row["ctid"])
        selection = state.guid("selection", guid)
        segment = RefiSegment(
            guid=guid,
            selection=selection,
            document=source.document.guid,
            code=code.guid,
            coder=state.user(row["owner"]),
            start=start,
            end=end,
            created_at=when(row["date"]),
        )
        state.data.segments.append(segment)
        coding_memo(state, row, segment, code.name)
    for fid, count in converted.items():
        if count:
            state.report(
                f"file '{state.sources[fid].document.name}': {plural(count, 'coding')} counted "
                "an emoji as two characters (as Qt does); converted to qcode's counting"
            )


def coding_memo(state: Reading, row: Row, segment: RefiSegment, code: str) -> None:
    on = ("selection", segment.selection)
    title = f"Memo on a coding of {code}"
    state.memo(("coding memo", segment.guid), title, row, text_of(row["memo"]), on)


def read_annotations(state: Reading) -> None:
    """Each annotation: a segment of "QualCoder annotations" with the annotation as memo."""
    made = 0
    for row in state.rows("SELECT * FROM annotation ORDER BY anid"):
        text = text_of(row["memo"])
        if not text.strip():
            continue
        source = state.sources.get(row["fid"])
        span = source.index.place(row["pos0"], row["pos1"]) if source is not None else None
        if source is None or span is None:
            state.tally["annotation lost"] += 1
            continue
        spot = (source.document.guid, row["owner"], row["pos0"], row["pos1"])
        guid = state.fresh("annotation", *spot, row=row["anid"])
        selection = state.guid("selection", guid)
        coder, created = state.user(row["owner"]), when(row["date"])
        state.data.segments.append(
            RefiSegment(
                guid=guid,
                selection=selection,
                document=source.document.guid,
                code=state.helper_code(ANNOTATIONS_CODE).guid,
                coder=coder,
                start=span[0],
                end=span[1],
                created_at=created,
            )
        )
        title = f"Annotation on {source.document.name}"
        state.memo(("annotation memo", guid), title, row, text, ("selection", selection))
        made += 1
    if made:
        where = f"of the code '{ANNOTATIONS_CODE}' (qcode keeps a note on a span that way)"
        state.report(
            counted(
                made,
                "{n} annotation became the memo of a segment " + where,
                "{n} annotations became the memos of segments " + where,
            )
        )


CODING_LINES = {
    "coding elsewhere": (
        "{n} coding is on a file without text (or no longer in the project); not carried",
        "{n} codings are on files without text (or no longer in the project); not carried",
    ),
    "coding unknown code": (
        "{n} coding is of a code no longer in the codebook; not carried",
        "{n} codings are of codes no longer in the codebook; not carried",
    ),
    "coding outside": (
        "{n} coding lies outside its file's text (or is empty); not carried",
        "{n} codings lie outside their file's text (or are empty); not carried",
    ),
    "coding differs": (
        "{n} coding quotes other text than its positions hold; placed by its positions",
        "{n} codings quote other text than their positions hold; placed by their positions",
    ),
    "coding important": (
        "{n} coding is marked important in QualCoder; qcode has no such mark (not kept)",
        "{n} codings are marked important in QualCoder; qcode has no such mark (not kept)",
    ),
    "annotation lost": (
        "{n} annotation lies outside its file's text or on a file not carried; not carried",
        "{n} annotations lie outside their file's text or on files not carried; not carried",
    ),
}


def report_tally(state: Reading) -> None:
    """One line for each kind of coding or annotation that was not carried as it was."""
    for key, (one, many) in CODING_LINES.items():
        if state.tally[key]:
            state.report(counted(state.tally[key], one, many))
