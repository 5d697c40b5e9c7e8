"""Every document's lowered text in one byte array: where segments' words lie, found, sorted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from qcode.store.dialect import placeholder

KEY_BYTES = 48  # the text sort compares this much of each segment at once, then the rest
BOUND = 30_000  # ids bound in one statement (SQLite allows 32,766)
SEARCH_CHUNK = 1 << 20  # bytes of text searched at once (no text-sized temporaries)
FOUND_KEPT = 2_000_000  # places of recent needles remembered (the latest one always)


def lowered(text: str) -> bytes:
    """UTF-8 with A–Z folded to a–z and nothing else, as SQLite's ``lower`` folds."""
    return text.encode("utf-8", "surrogatepass").lower()


def cursor(session: Session, sql: str, params: tuple[object, ...] = ()) -> Any:
    raw = session.connection().connection.cursor()
    raw.execute(sql, params)
    return raw


def by_ids(session: Session, sql: str, ids: Iterable[int]) -> Iterable[tuple[Any, ...]]:
    """The rows of ``sql ... WHERE id IN (ids)``, a bounded chunk of ids at a time."""
    wanted, mark = sorted(ids), placeholder(session)
    for first in range(0, len(wanted), BOUND):
        chunk = tuple(wanted[first : first + BOUND])
        yield from cursor(session, f"{sql} WHERE id IN ({','.join([mark] * len(chunk))})", chunk)


def lookup(ordered: list[int], used: np.ndarray) -> np.ndarray:
    """Each id's place in ``ordered`` (-1: none), indexable by every id in ``used``."""
    size = max(max(ordered, default=-1), int(used.max(initial=-1))) + 1
    rank = np.full(size, -1, np.int64)
    rank[np.asarray(ordered, np.int64)] = np.arange(len(ordered))
    return rank


class Texts:
    """Every document's lowered UTF-8 text, end to end in one byte array, found and sorted."""

    def __init__(self) -> None:
        self.data = np.zeros(0, np.uint8)
        self.where: dict[int, tuple[int, int, int]] = {}  # id → first byte, bytes, code points
        self.garbage = 0  # bytes of texts dropped since
        self.common = np.zeros(256, np.int64)  # how often each byte occurs (a sample)
        self.found: dict[bytes, np.ndarray] = {}

    def append(self, documents: Iterable[tuple[int, str]]) -> None:
        pieces, end = [], len(self.data)
        for document_id, text in documents:
            piece = lowered(text)
            self.where[document_id] = (end, len(piece), len(text))
            pieces.append(piece)
            end += len(piece)
        added = np.frombuffer(b"".join(pieces), np.uint8)
        self.data = np.concatenate([self.data, added]) if len(self.data) else added
        self.common = np.bincount(self.data[::61], minlength=256)
        self.found.clear()

    def refresh(self, session: Session, document_ids: set[int]) -> set[int]:
        """Re-read these documents; the ids of those whose text changed (or came or went)."""
        now = dict(by_ids(session, "SELECT id, text FROM documents", document_ids))
        moved = set()
        for document_id in document_ids:
            first, size, _chars = self.where.get(document_id, (0, -1, 0))
            held = self.words(first, first + size) if size >= 0 else None
            if held != (lowered(now[document_id]) if document_id in now else None):
                moved.add(document_id)
                self.garbage += max(size, 0)
                self.where.pop(document_id, None)
        self.append((d, now[d]) for d in moved if d in now)
        return moved

    def spans(
        self, documents: np.ndarray, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where segments' words lie in ``data`` (code points → bytes, clipped as substr)."""
        known = list(self.where)
        at = lookup(known, documents)[documents]
        info = np.array([self.where[d] for d in known] + [(0, 0, 0)], np.int64)[at]
        first, size, chars = info[:, 0], info[:, 1], info[:, 2]
        start = np.clip(starts, 0, chars)
        end = np.clip(ends, start, chars)
        wide = np.flatnonzero(size != chars)  # documents beyond ASCII: offsets differ
        by_document = wide[np.argsort(documents[wide], kind="stable")]
        cuts = np.flatnonzero(np.diff(documents[by_document])) + 1
        for rows in np.split(by_document, cuts) if len(wide) else ():
            piece = self.data[first[rows[0]] : first[rows[0]] + size[rows[0]]]
            offsets = np.append(np.flatnonzero((piece & 0xC0) != 0x80), len(piece))  # per char
            start[rows], end[rows] = offsets[start[rows]], offsets[end[rows]]
        return first + start, first + end

    def find(self, needle: bytes) -> np.ndarray:
        """Every place the needle starts in ``data`` (overlapping ones too), ascending."""
        if needle not in self.found:
            self.found[needle] = self._search(np.frombuffer(needle, np.uint8))
            while len(self.found) > 1 and sum(map(len, self.found.values())) > FOUND_KEPT:
                self.found.pop(next(iter(self.found)))
        return self.found[needle]

    def _search(self, needle: np.ndarray) -> np.ndarray:
        """Each place's bytes tested from the needle's rarest byte on, a chunk at a time."""
        anchor, *others = np.argsort(self.common[needle], kind="stable")
        size, found = len(needle), [np.zeros(0, np.int64)]
        for low in range(0, len(self.data) - size + 1, SEARCH_CHUNK):
            piece = self.data[low : low + SEARCH_CHUNK + size - 1]
            places = np.flatnonzero(
                piece[anchor : len(piece) - size + 1 + anchor] == needle[anchor]
            )
            for offset in others:
                places = places[piece[places + offset] == needle[offset]]
            found.append(places + low)
        return np.concatenate(found)

    def words(self, first: int, end: int) -> bytes:
        return self.data[first:end].tobytes()

    def order(self, firsts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Segments by their words' bytes, ties by position: prefixes sorted, ties settled."""
        keys = np.zeros((len(firsts), KEY_BYTES), np.uint8)
        for offset in range(KEY_BYTES):
            inside = np.flatnonzero(firsts + offset < ends)
            keys[inside, offset] = self.data[firsts[inside] + offset]
        flat = keys.view(f"S{KEY_BYTES}").ravel()
        order = np.argsort(flat, kind="stable")
        return self._settle(order, flat[order], firsts, ends)

    def _settle(
        self, order: np.ndarray, keys: np.ndarray, firsts: np.ndarray, ends: np.ndarray
    ) -> np.ndarray:
        """Sort runs of equal prefixes by all their words, unless their words are the same."""
        same = keys[1:] == keys[:-1]
        size, first = (ends - firsts)[order], firsts[order]
        whole = (size[1:] == size[:-1]) & ((size[1:] <= KEY_BYTES) | (first[1:] == first[:-1]))
        doubtful = np.flatnonzero(same & ~whole) + 1
        if len(doubtful) == 0:
            return order
        starts = np.flatnonzero(np.concatenate(([True], ~same)))
        bounds = np.append(starts, len(order))
        for run in np.unique(np.searchsorted(starts, doubtful, side="right") - 1):
            rows = order[bounds[run] : bounds[run + 1]]  # ascending: ties by id
            words = [self.words(firsts[r], ends[r]) for r in rows]
            rows[:] = rows[sorted(range(len(rows)), key=words.__getitem__)]
        return order
