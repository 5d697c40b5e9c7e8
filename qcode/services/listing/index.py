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
from qcode.services.listing.pages import SORT_COLUMNS, SegmentListing, ranked_names
from qcode.services.listing.texts import Texts, by_ids, cursor, lookup, lowered

COLUMNS = {"id": np.int64, "document_id": np.int32, "start": np.int32, "end": np.int32}
COLUMNS |= {"code_id": np.int32, "coder_id": np.int32}
ROWS_SQL = 'SELECT id, document_id, start, "end", code_id, coder_id FROM segments'
RELOAD_AFTER = 20_000  # more changed segments than this: read the whole table again
RESORT_AFTER = 2_000  # more than this: sort the whole text order again instead of patching
RELIST_AT_MOST = 200  # more noted segments than this: list again rather than relist
NAMED_TABLES = frozenset({"codes", "coders", "documents", "participants"})


def _as_columns(rows: Iterable[tuple[Any, ...]]) -> dict[str, np.ndarray]:
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64)
    table = flat.reshape(-1, len(COLUMNS))
    table = table[np.argsort(table[:, 0], kind="stable")]
    return {name: table[:, j].astype(kind) for j, (name, kind) in enumerate(COLUMNS.items())}


@dataclass(frozen=True)
class _Names:
    """The small tables as read at one select: each id's rank and name, by key column."""

    rank: dict[str, np.ndarray]
    names: dict[str, dict[int, str]]

    def cover(self, columns: dict[str, np.ndarray]) -> bool:
        """Whether every id these rows name has a rank here."""
        return all(
            int(columns[column].max(initial=-1)) < len(rank) for column, rank in self.rank.items()
        )

    def hits(self, column: str, needle: bytes) -> np.ndarray:
        """Which ids of ``column``'s table have a name holding the (lowered) needle."""
        hit = np.zeros(len(self.rank[column]), bool)
        named = [i for i, name in self.names[column].items() if needle in lowered(name)]
        hit[np.asarray(named, np.int64)] = True
        return hit


def _read_names(session: Session, columns: dict[str, np.ndarray]) -> _Names:
    tables = ranked_names(session)
    return _Names(
        {column: lookup(order, columns[column]) for column, (order, _) in tables.items()},
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
        self.names_stale = False  # documents, codes or coders changed: read their names again
        self.names: _Names | None = None
        self.columns = _as_columns(())
        self.texts: Texts | None = None
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

    def noted_ids(self) -> set[int]:
        """The segments noted since the last select."""
        with self.notes_lock:
            return set(self.noted)

    def note_everything(self) -> None:
        """Anything may have changed: read everything again at the next select."""
        with self.notes_lock:
            self.stale = True

    def note_names(self) -> None:
        """Documents', codes' or coders' names or order may have changed."""
        with self.notes_lock:
            self.names_stale = True

    def note_change(self, change: Change | None) -> None:
        """Note what a change touched (None: anything may have changed)."""
        if change is None:
            self.note_everything()
            return
        self.note_changed(change.touched("segments"))
        if change.tables & NAMED_TABLES:
            self.note_names()
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
            names = self.names_now(session)
            slots = np.arange(len(self.columns["id"]))
            slots = slots[self.chosen(listing, names, slots)]
            return self.in_order(session, listing, names, slots), len(slots)

    def relist(
        self, session: Session, listing: SegmentListing, shown: np.ndarray, total: int
    ) -> tuple[np.ndarray, int] | None:
        """The listing after the noted changes, from its ids and total before them: the
        noted segments taken out and put back where they belong now, in one pass over the
        listing rather than the table. None when that would not be quicker (the notes are
        many, or touch documents or names): list again with ``select_with_total``.
        """
        with self.lock:
            with self.notes_lock:
                if self.stale or self.names_stale or self.names is None or self.noted_documents:
                    return None
                if len(self.noted) > RELIST_AT_MOST:
                    return None
                touched = np.fromiter(sorted(self.noted), np.int64, len(self.noted))
            before = self.slots_of(touched)
            total -= int(self.chosen(listing, self.names, before).sum())
            self.catch_up(session)
            names = self.names_now(session)
            now = self.slots_of(touched)
            now = now[self.chosen(listing, names, now)]
            kept = self.slots_of(shown[~np.isin(shown, touched)])
            slots = np.union1d(kept, self.filtered(session, listing, names, now))
            return self.in_order(session, listing, names, slots, filtered=True), total + len(now)

    def slots_of(self, ids: np.ndarray) -> np.ndarray:
        """The slots of those of these segment ids the index holds, ascending."""
        held = self.columns["id"]
        if not len(held) or not len(ids):
            return np.zeros(0, np.int64)
        at = np.minimum(np.searchsorted(held, ids), len(held) - 1)
        return np.unique(at[held[at] == ids])

    def names_now(self, session: Session) -> _Names:
        """The names and ranks of documents, codes and coders (read again after changes)."""
        if self.names is None:
            self.names = _read_names(session, self.columns)
        return self.names

    def in_order(
        self,
        session: Session,
        listing: SegmentListing,
        names: _Names,
        slots: np.ndarray,
        filtered: bool = False,
    ) -> np.ndarray:
        """The ids of these slots (ascending), filtered by coder and words unless already,
        in the listing's order."""
        if not filtered:
            slots = self.filtered(session, listing, names, slots)
        ordered = self.columns["id"][self.ordered(session, slots, listing.sort, names)]
        return ordered[::-1].copy() if listing.descending else ordered

    def filtered(
        self, session: Session, listing: SegmentListing, names: _Names, slots: np.ndarray
    ) -> np.ndarray:
        """Those of these slots that pass the listing's coder and word filters."""
        if listing.coder is not None:
            coders = [i for i, name in names.names["coder_id"].items() if name == listing.coder]
            slots = slots[np.isin(self.columns["coder_id"][slots], np.asarray(coders, np.int64))]
        needle = listing.words.strip().lower()
        if needle and len(slots):
            slots = slots[self.has_words(session, slots, needle, names)]
        return slots

    def chosen(self, listing: SegmentListing, names: _Names, slots: np.ndarray) -> np.ndarray:
        """Which of these slots the listing holds, before the word and coder filters."""
        columns = self.columns
        chosen = np.ones(len(slots), bool)
        for column, rank in names.rank.items():  # the joins: rows with no document… drop out
            chosen &= rank[columns[column][slots]] >= 0
        if listing.code_ids is not None:
            wanted = np.asarray(listing.code_ids, np.int64)
            chosen &= np.isin(columns["code_id"][slots], wanted)
        if listing.pinned is not None:
            chosen &= np.isin(columns["id"][slots], np.asarray(listing.pinned, np.int64))
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
            if stale or self.names_stale:
                self.names, self.names_stale = None, False
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
        self.columns = _as_columns(cursor(session, f"{ROWS_SQL} ORDER BY id"))
        self.names = None
        self.texts = self.text_slots = None

    def patch(self, session: Session, noted: set[int]) -> None:
        """Drop the noted rows and insert them again as they are now (a gone one stays out)."""
        gone = np.sort(np.fromiter(noted, np.int64, len(noted)))
        now = _as_columns(by_ids(session, ROWS_SQL, noted))
        if self.names is not None and not self.names.cover(now):
            self.names = None  # a document, code or coder nobody noted (another process)
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

    def text_data(self, session: Session) -> Texts:
        """Every document's text (read at first use), and where each segment's words lie."""
        if self.texts is None:
            self.texts = Texts()
            self.texts.append(cursor(session, "SELECT id, text FROM documents"))
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
