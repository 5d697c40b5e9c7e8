"""Recently read documents' texts and line indexes, kept between page reads while unchanged.

A page of Coded segments cites each row by line, which needs its document's text and line
index; after a coding the same document is read again at once. A text is kept under its
database, document id and version (its SHA-256, length and line count, read with the row
each time, cheaply), so a changed text, an undo or another program's write reads it anew.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from threading import Lock

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.lines import LineIndex
from qcode.store.models import Document

HELD_CHARS = 8_000_000  # characters of text kept, the latest read first (at least one text)
Version = tuple[str, int, int]  # sha256, chars, lines
Key = tuple[str, int]  # the database (its URL) and the document id
VERSION_COLUMNS = (Document.sha256, Document.chars, Document.lines)

_held: OrderedDict[Key, tuple[Version, str, LineIndex]] = OrderedDict()
_held_chars = [0]  # the characters of the texts held
_lock = Lock()  # pages are read on the window's thread and on workers


def database_of(session: Session) -> str:
    return str(session.get_bind().url)


def texts_and_lines(
    session: Session, versions: dict[int, Version]
) -> dict[int, tuple[str, LineIndex]]:
    """Each document's text and line index: those held at this version, the others read."""
    database = database_of(session)
    found: dict[int, tuple[str, LineIndex]] = {}
    with _lock:
        for document_id, version in versions.items():
            held = _held.get((database, document_id))
            if held is not None and held[0] == version:
                _held.move_to_end((database, document_id))
                found[document_id] = held[1], held[2]
    missing = [document_id for document_id in versions if document_id not in found]
    for document_id, sha256, chars, lines, text in _read(session, missing):
        found[document_id] = text, LineIndex(text)
        # (held under the version read with the text, should another program write between)
        _hold((database, document_id), (sha256, chars, lines), text, found[document_id][1])
    return found


def _read(session: Session, ids: list[int]) -> Iterable[tuple[int, str, int, int, str]]:
    if not ids:
        return ()
    columns = (Document.id, *VERSION_COLUMNS, Document.text)
    return session.execute(select(*columns).where(Document.id.in_(ids))).all()  # type: ignore[return-value]


def _hold(key: Key, version: Version, text: str, lines: LineIndex) -> None:
    with _lock:
        _drop(key)
        _held[key] = (version, text, lines)
        _held_chars[0] += len(text)
        while _held_chars[0] > HELD_CHARS and len(_held) > 1:
            _drop(next(iter(_held)))


def _drop(key: Key) -> None:
    held = _held.pop(key, None)
    if held is not None:
        _held_chars[0] -= len(held[1])


def forget() -> None:
    """Drop every held text (tests; a caller that wants memory back)."""
    with _lock:
        _held.clear()
        _held_chars[0] = 0
