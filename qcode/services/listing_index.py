"""Coded segments' keys in numpy, kept current: any listing filtered and sorted in milliseconds."""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from qcode.services.history import Change
from qcode.services.segment_pages import SORT_COLUMNS, SegmentListing, ranked_names

COLUMNS = {"id": np.int64, "document_id": np.int32, "start": np.int32, "end": np.int32}
COLUMNS |= {"code_id": np.int32, "coder_id": np.int32}
ROWS_SQL = 'SELECT id, document_id, start, "end", code_id, coder_id FROM segments'
KEY_BYTES = 48  # the text sort compares this much of each segment at once, then the rest
RELOAD_AFTER = 20_000  # more changed segments than this: read the whole table again
RESORT_AFTER = 2_000  # more than this: sort the whole text order again instead of patching
BOUND = 30_000  # ids bound in one statement (SQLite allows 32,766)
SEARCH_CHUNK = 1 << 20  # bytes of text searched at once (no text-sized temporaries)
FOUND_KEPT = 2_000_000  # places of recent needles remembered (the latest one always)


def lowered(text: str) -> bytes:
    """UTF-8 with A–Z folded to a–z and nothing else, as SQLite's ``lower`` folds."""
    return text.encode("utf-8", "surrogatepass").lower()


def _cursor(session: Session, sql: str, params: tuple[object, ...] = ()) -> Any:
    cursor = session.connection().connection.cursor()
    cursor.execute(sql, params)
    return cursor


def _by_ids(session: Session, sql: str, ids: Iterable[int]) -> Iterable[tuple[Any, ...]]:
    """The rows of ``sql ... WHERE id IN (ids)``, a bounded chunk of ids at a time."""
    wanted = sorted(ids)
    for first in range(0, len(wanted), BOUND):
        chunk = tuple(wanted[first : first + BOUND])
        yield from _cursor(session, f"{sql} WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def _as_columns(rows: Iterable[tuple[Any, ...]]) -> dict[str, np.ndarray]:
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64)
    table = flat.reshape(-1, len(COLUMNS))
    table = table[np.argsort(table[:, 0], kind="stable")]
    return {name: table[:, j].astype(kind) for j, (name, kind) in enumerate(COLUMNS.items())}


def _lookup(ordered: list[int], used: np.ndarray) -> np.ndarray:
    """Each id's place in ``ordered`` (-1: none), indexable by every id in ``used``."""
    size = max(max(ordered, default=-1), int(used.max(initial=-1))) + 1
    rank = np.full(size, -1, np.int64)
    rank[np.asarray(ordered, np.int64)] = np.arange(len(ordered))
    return rank


@dataclass(frozen=True)
class _Names:
    """The small tables as read at one select: each id's rank and name, by key column."""

    rank: dict[str, np.ndarray]
    names: dict[str, dict[int, str]]

    def hits(self, column: str, needle: bytes) -> np.ndarray:
        """Which ids of ``column``'s table have a name holding the (lowered) needle."""
        hit = np.zeros(len(self.rank[column]), bool)
        named = [i for i, name in self.names[column].items() if needle in lowered(name)]
        hit[np.asarray(named, np.int64)] = True
        return hit


def _read_names(session: Session, columns: dict[str, np.ndarray]) -> _Names:
    tables = ranked_names(session)
    return _Names(
        {column: _lookup(order, columns[column]) for column, (order, _) in tables.items()},
        {column: names for column, (_, names) in tables.items()},
    )


def _argsort(keys: list[np.ndarray]) -> np.ndarray:
    """The order of rows by these integer keys, ties by position: one sort of packed keys."""
    count = len(keys[0])
    if count == 0:
        return np.zeros(0, np.int64)
    keys = [key.astype(np.int64) - key.min() for key in keys] + [np.arange(count)]
    widths = [int(key.max()).bit_length() for key in keys]
    if sum(widths) > 62:
        return np.lexsort(keys[::-1])
    packed = np.zeros(count, np.int64)
    for key, width in zip(keys, widths, strict=True):
        packed = (packed << width) | key
    return np.argsort(packed)


class _Texts:
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
        now = dict(_by_ids(session, "SELECT id, text FROM documents", document_ids))
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
        at = _lookup(known, documents)[documents]
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


class SegmentIndex:
    """The segments table's keys in memory, for listing any selection in any order at once.

    A select answers exactly what ``listing_query`` asks of SQL. Names and ranks of
    documents, codes and coders are read at each select (a rename shows at once); texts
    once, ASCII-lowered UTF-8 as SQLite compares them. ``note_changed`` (cheap, any
    thread) says which segments a change touched; the next ``select`` (usually on a
    worker) re-reads them first. One lock guards the arrays; the notes have their own,
    so noting never waits for a select in progress.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.notes_lock = threading.Lock()
        self.noted: set[int] = set()
        self.noted_documents: set[int] = set()
        self.stale = True  # read everything at the next select
        self.columns = _as_columns(())
        self.texts: _Texts | None = None
        self.firsts = self.ends = np.zeros(0, np.int64)  # words' bytes in ``texts.data``
        self.text_slots: np.ndarray | None = None  # every slot in text order

    def note_changed(self, segment_ids: Iterable[int]) -> None:
        """These segments may have changed, come or gone."""
        ids = {int(i) for i in segment_ids}
        with self.notes_lock:
            self.noted |= ids

    def note_documents(self, document_ids: Iterable[int]) -> None:
        """These documents' rows changed: their texts are re-read if they are held."""
        ids = {int(i) for i in document_ids}
        with self.notes_lock:
            self.noted_documents |= ids

    def note_everything(self) -> None:
        """Anything may have changed: read everything again at the next select."""
        with self.notes_lock:
            self.stale = True

    def note_change(self, change: Change | None) -> None:
        """Note what a change touched (None: anything may have changed)."""
        if change is None:
            self.note_everything()
            return
        self.note_changed(change.touched("segments"))
        documents = (
            i for row in change.rows if row.table == "documents" for i in row.values_of("id")
        )
        self.note_documents(i for i in documents if isinstance(i, int))

    def select(self, session: Session, listing: SegmentListing) -> np.ndarray:
        """The listing's segment ids in display order, exactly as ``listing_query`` has them."""
        return self.select_with_total(session, listing)[0]

    def select_with_total(
        self, session: Session, listing: SegmentListing
    ) -> tuple[np.ndarray, int]:
        """The listing's ids in order, and how many it holds before the word and coder filters."""
        with self.lock:
            self.catch_up(session)
            names = _read_names(session, self.columns)
            chosen = self.chosen(listing, names)
            total = int(chosen.sum())
            if listing.coder is not None:
                coders = [i for i, name in names.names["coder_id"].items() if name == listing.coder]
                chosen &= np.isin(self.columns["coder_id"], np.asarray(coders, np.int64))
            slots = np.flatnonzero(chosen)
            needle = listing.words.strip().lower()
            if needle:
                slots = slots[self.has_words(session, slots, needle, names)]
            ordered = self.columns["id"][self.ordered(session, slots, listing.sort, names)]
            return (ordered[::-1].copy() if listing.descending else ordered), total

    def chosen(self, listing: SegmentListing, names: _Names) -> np.ndarray:
        """Which slots the listing holds, before the word and coder filters."""
        columns = self.columns
        chosen = np.ones(len(columns["id"]), bool)
        for column, rank in names.rank.items():  # the joins: rows with no document… drop out
            chosen &= rank[columns[column]] >= 0
        if listing.code_ids is not None:
            chosen &= np.isin(columns["code_id"], np.asarray(listing.code_ids, np.int64))
        if listing.pinned is not None:
            chosen &= np.isin(columns["id"], np.asarray(listing.pinned, np.int64))
        return chosen

    def has_words(
        self, session: Session, slots: np.ndarray, needle: str, names: _Names
    ) -> np.ndarray:
        """Which of these slots hold the needle in their words or their names."""
        hit = np.zeros(len(slots), bool)
        encoded = needle.encode("utf-8", "surrogatepass")
        for column in names.rank:
            hit |= names.hits(column, encoded)[self.columns[column][slots]]
        places = self.text_data(session).find(encoded)
        rest = np.flatnonzero(~hit)
        if len(places) and len(rest):
            firsts, ends = self.firsts[slots[rest]], self.ends[slots[rest]]
            at = np.minimum(np.searchsorted(places, firsts), len(places) - 1)
            hit[rest] = (places[at] >= firsts) & (places[at] + len(encoded) <= ends)
        return hit

    def ordered(self, session: Session, slots: np.ndarray, sort: int, names: _Names) -> np.ndarray:
        """These slots in ascending display order (ties by id)."""
        column, columns = SORT_COLUMNS[sort], self.columns
        if column == "text":
            every = self.text_order(session)
            wanted = np.zeros(len(columns["id"]), bool)
            wanted[slots] = True
            return every[wanted[every]]
        if column == "citation":
            keys = [
                names.rank["document_id"][columns["document_id"][slots]],
                columns["start"][slots],
            ]
        else:
            key = f"{column}_id"
            keys = [names.rank[key][columns[key][slots]]]
        return slots[_argsort(keys)]

    def catch_up(self, session: Session) -> None:
        """Apply what was noted: re-read noted rows and texts, or everything."""
        with self.notes_lock:
            noted, documents, stale = self.noted, self.noted_documents, self.stale
            self.noted, self.noted_documents, self.stale = set(), set(), False
        try:
            if stale or len(noted) > RELOAD_AFTER:
                self.load(session)
                return
            if documents and self.texts is not None:
                self.refresh_documents(session, documents)
            if noted:
                self.patch(session, noted)
        except BaseException:
            self.note_everything()
            raise

    def load(self, session: Session) -> None:
        """Read the whole segments table (in about 0.3 s for 300,000 rows); texts later."""
        self.columns = _as_columns(_cursor(session, f"{ROWS_SQL} ORDER BY id"))
        self.texts = self.text_slots = None

    def patch(self, session: Session, noted: set[int]) -> None:
        """Drop the noted rows and insert them again as they are now (a gone one stays out)."""
        gone = np.sort(np.fromiter(noted, np.int64, len(noted)))
        now = _as_columns(_by_ids(session, ROWS_SQL, noted))
        keep = ~np.isin(self.columns["id"], gone)
        at = np.searchsorted(self.columns["id"][keep], now["id"])
        self.columns = {
            name: np.insert(column[keep], at, now[name]) for name, column in self.columns.items()
        }
        if self.texts is not None:
            unknown = set(now["document_id"].tolist()) - set(self.texts.where)
            if unknown:  # a document nobody noted (imported meanwhile): read it now
                self.texts.refresh(session, unknown)
            firsts, ends = self.texts.spans(now["document_id"], now["start"], now["end"])
            self.firsts = np.insert(self.firsts[keep], at, firsts)
            self.ends = np.insert(self.ends[keep], at, ends)
            kept = np.cumsum(keep) - 1  # each old slot's place among the kept ones, and after:
            moved = np.where(keep, kept + np.searchsorted(at, kept, side="right"), -1)
            self.reorder_text(moved, at + np.arange(len(at)))

    def refresh_documents(self, session: Session, documents: set[int]) -> None:
        """Re-read noted documents' texts: their segments' words move, or all texts go."""
        assert self.texts is not None
        moved = self.texts.refresh(session, documents)
        if self.texts.garbage > len(self.texts.data) // 2:
            self.texts = self.text_slots = None
        elif moved:
            columns = self.columns
            rows = np.flatnonzero(np.isin(columns["document_id"], np.asarray(list(moved))))
            self.firsts[rows], self.ends[rows] = self.texts.spans(
                columns["document_id"][rows], columns["start"][rows], columns["end"][rows]
            )
            stay = np.arange(len(columns["id"]))
            stay[rows] = -1
            self.reorder_text(stay, rows)

    def text_data(self, session: Session) -> _Texts:
        """Every document's text (read at first use), and where each segment's words lie."""
        if self.texts is None:
            self.texts = _Texts()
            self.texts.append(_cursor(session, "SELECT id, text FROM documents"))
            columns = self.columns
            self.firsts, self.ends = self.texts.spans(
                columns["document_id"], columns["start"], columns["end"]
            )
            self.text_slots = None
        return self.texts

    def words_at(self, slot: int) -> tuple[bytes, int]:
        """A slot's words as the text order compares them, ties by slot (by id)."""
        assert self.texts is not None
        return self.texts.words(int(self.firsts[slot]), int(self.ends[slot])), int(slot)

    def text_order(self, session: Session) -> np.ndarray:
        """Every slot in the order of its words' lowered bytes, ties by id."""
        texts = self.text_data(session)
        if self.text_slots is None:
            self.text_slots = texts.order(self.firsts, self.ends)
        return self.text_slots

    def reorder_text(self, moved: np.ndarray, slots: np.ndarray) -> None:
        """Move the text order's slots (``moved``: old slot → new, -1 gone), put these in."""
        if self.text_slots is None:
            return
        order = moved[self.text_slots]
        order = order[order >= 0]
        if len(self.text_slots) - len(order) + len(slots) > RESORT_AFTER:
            self.text_slots = None
            return
        items = sorted(self.words_at(slot) for slot in slots)
        places = [bisect.bisect_left(order, item, key=self.words_at) for item in items]
        self.text_slots = np.insert(order, places, np.array([s for _, s in items], np.int64))
