"""The project's current passages held in memory: vectors as one matrix, a BM25 index of
their words, cached per process and made again only when the passages change."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.services.similar import model
from qcode.store.models import Document, Passage

_TOKEN = re.compile(r"\w\w+")
_CACHE: dict[str, tuple[object, PassageMatrix]] = {}
_LOADING = threading.Lock()  # one load at a time: a window's warm-up and its question share it
_OFFSET_BITS = 34  # a text's offsets fit below 2**34; document ids above


def tokens(text: str) -> list[str]:
    """The words BM25 compares: case-folded, two letters or more, English stop words out."""
    stop = _stop_words()
    return [word for word in _TOKEN.findall(text.casefold()) if word not in stop]


@cache
def _stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@dataclass(frozen=True, eq=False)
class PassageMatrix:
    """Every current passage (its document's text unchanged since), in document order."""

    document: np.ndarray  # document id per passage
    start: np.ndarray
    end: np.ndarray
    vectors: np.ndarray  # one unit row per passage
    bm25: Any  # bm25s.BM25 over the passages' tokens, or None when there are none
    texts: dict[int, str] = field(default_factory=dict)  # the indexed documents' texts

    def __len__(self) -> int:
        return len(self.document)

    def lexical(self, words: list[str]) -> np.ndarray:
        """BM25 score of each passage for these query words (zeros when none is known)."""
        known = [w for w in dict.fromkeys(words) if self.bm25 and w in self.bm25.vocab_dict]
        if not known:
            return np.zeros(len(self), np.float32)
        return np.asarray(self.bm25.get_scores(known), np.float32)

    def rows_overlapping_any(self, spans: np.ndarray) -> np.ndarray:
        """A mask of the passages that share a character with any of the spans (rows of
        document id, start, end), found for all of them at once."""
        if not (len(spans) and len(self)):
            return np.zeros(len(self), bool)
        doc = spans[:, 0] << _OFFSET_BITS
        first = np.searchsorted(self._ends, doc + spans[:, 1], side="right")
        last = np.maximum(first, np.searchsorted(self._starts, doc + spans[:, 2]))
        size = len(self) + 1  # (each span opens at its first passage, closes after its last)
        mask = np.bincount(first, minlength=size) - np.bincount(last, minlength=size)
        return np.cumsum(mask[:-1]) > 0

    @cached_property
    def _starts(self) -> np.ndarray:  # (document, start) as one sorted number per passage
        return (self.document << _OFFSET_BITS) + self.start

    @cached_property
    def _ends(self) -> np.ndarray:  # (document, end): sorted too, as passages never overlap
        return (self.document << _OFFSET_BITS) + self.end

    def rows_overlapping(self, doc_id: int, start: int, end: int) -> range:
        """Passage numbers of ``doc_id`` that share a character with ``start:end``."""
        lo, hi = np.searchsorted(self.document, [doc_id, doc_id + 1])
        first = lo + int(np.searchsorted(self.end[lo:hi], start, side="right"))
        last = lo + int(np.searchsorted(self.start[lo:hi], end, side="left"))
        return range(first, max(first, last))


def _version(session: Session) -> object:
    """What the current passages depend on: the passage rows (ids are never reused, so
    any insert raises the highest and a delete alone lowers the count), each document's
    sha (a changed text's passages are stale) and the model. Cheap: no passage is read."""
    count = session.scalar(select(func.count()).select_from(Passage))  # (alone: SQLite counts
    highest = session.scalar(select(func.max(Passage.id)))  # an index's pages, no row read)
    # (unordered: SQLite reads the sha index alone; in id order it walks every text)
    shas = tuple(
        sorted(tuple(row) for row in session.execute(select(Document.id, Document.sha256)))
    )
    return (model.MODEL, count, highest, hash(shas))


def passage_matrix(session: Session) -> PassageMatrix:
    """The current passages of the session's project (from the cache when unchanged)."""
    key, version = str(session.get_bind().url), _version(session)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    with _LOADING:  # (a warm-up on its way: wait for it, then use what it loaded)
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        made = _load(session)
        _CACHE[key] = (version, made)
    return made


def _load(session: Session) -> PassageMatrix:
    rows = session.execute(
        select(Passage.document_id, Passage.start, Passage.end, Passage.vector)
        .join(Document, Document.id == Passage.document_id)
        .where(Passage.document_sha == Document.sha256, Passage.model == model.MODEL)
        .order_by(Passage.document_id, Passage.start)
    ).all()
    document = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    start = np.fromiter((r[1] for r in rows), np.int64, len(rows))
    end = np.fromiter((r[2] for r in rows), np.int64, len(rows))
    vectors = model.from_bytes([r[3] for r in rows])
    texts = {
        doc_id: session.scalar(select(Document.text).where(Document.id == doc_id)) or ""
        for doc_id in np.unique(document).tolist()
    }  # kept: a code's query cuts its segments' words from them
    bm25 = _bm25(texts, document, start, end)
    return PassageMatrix(document, start, end, vectors, bm25, texts)


def _bm25(texts: dict[int, str], document: np.ndarray, start: np.ndarray, end: np.ndarray) -> Any:
    if not len(document):
        return None
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import
    words: list[list[str]] = []
    for doc_id, text in texts.items():
        lo, hi = np.searchsorted(document, [doc_id, doc_id + 1])
        words.extend(tokens(text[s:e]) for s, e in zip(start[lo:hi], end[lo:hi], strict=True))
    retriever = bm25s.BM25()
    retriever.index(words, show_progress=False)
    return retriever
